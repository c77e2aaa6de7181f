"""The pages the links in signers' mails open: ``/widgets/signatures/ACTION/TOKEN``.

A GET only shows a page with one button; the button's POST does the action (confirm the
signature, remove it, or stop being contacted). Mail scanners and link previews fetch
links, they do not submit forms: they confirm nothing. A POST to the ``consent`` link is
also RFC 8058's one-click unsubscribe, which mail clients send without the page.
"""

from __future__ import annotations

import datetime

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from hub.keyring import keyring
from hub.languages import RIGHT_TO_LEFT, spoken
from hub.services.signer_links import (
    Done,
    LinkUsed,
    confirm_signature,
    erase_signature,
    revoke_consent,
)
from hub.services.signer_mail import CONFIRM, CONSENT, ERASE
from hub.services.signer_words import words_in
from hub.widgets.frames import HERE
from hub.widgets.state import Widgets

ACTIONS = {
    CONFIRM: ("confirm_title", "confirm_text", "confirm_button"),
    ERASE: ("erase_title", "erase_text", "erase_link"),
    CONSENT: ("consent_title", "consent_text", "consent_button"),
}
_templates = Environment(
    loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(["html"])
)


async def signer_link(request: Request, widgets: Widgets) -> Response:
    action = request.path_params["action"]
    language = spoken(request.query_params.get("lang"))
    if action not in ACTIONS:
        return _page(language, action, said=words_in(language)["unknown"], status=404)
    if request.method == "GET":
        return _page(language, action)
    used = await _use(request, widgets, action)
    if used.petition_id is not None and used.signature_count is not None:
        widgets.cards.counted({used.petition_id: used.signature_count})
    status = 404 if used.done == Done.UNKNOWN else 200
    return _page(language, action, said=words_in(language)[used.done.value], status=status)


async def _use(request: Request, widgets: Widgets, action: str) -> LinkUsed:
    keys = await keyring(widgets.settings)
    token = request.path_params["token"]
    if action == CONFIRM:
        hours = datetime.timedelta(hours=widgets.settings.pending_signature_hours)
        return await confirm_signature(keys, token, hours)
    if action == ERASE:
        return await erase_signature(keys, token)
    one_click = (await request.body()).strip() == b"List-Unsubscribe=One-Click"
    return await revoke_consent(keys, token, "one-click unsubscribe" if one_click else "link page")


def _page(language: str, action: str, said: str | None = None, status: int = 200) -> Response:
    words = words_in(language)
    title, text, button = (words[key] for key in ACTIONS.get(action, ACTIONS[CONFIRM]))
    html = _templates.get_template("signer_page.html").render(
        language=language,
        direction="rtl" if language in RIGHT_TO_LEFT else "ltr",
        title=title,
        text=text,
        button=button,
        said=said,
    )
    response = HTMLResponse(html, status_code=status)
    response.headers["Cache-Control"] = "no-store"
    response.headers["Content-Security-Policy"] = (
        "default-src 'none'; style-src 'self'; form-action 'self'; base-uri 'none';"
        " frame-ancestors 'none'"
    )
    return response
