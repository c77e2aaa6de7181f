"""``POST /widgets/petitions/{slug}/signatures``: a person signs, from a widget or a form.

Two ways in, one set of rules (``hub.services.petition_signing``):

* JSON, from the hub's own widget frame or from a partner's page that builds its own form.
  A browser sends the page's ``Origin``: another origin than the hub's must be a
  partner's, and the signature is counted as that partner's. Answers are JSON.
* An HTML form posted from the widget frame without JavaScript. Answers are the frame
  again: thanked (after a redirect, so a reload does not post twice) or showing what to fix.

No cookies are read or set, so there is no session to forge a request with; abuse is met by
one signature per e-mail address per petition, a limit per network address, and a field
people never see that only robots fill in. A signature counts once its signer confirms it
from the mail sent to them; the answer is the same whether the address had signed before
or not (that one gets a notice instead), so it tells nobody who signed.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urlencode

import orjson
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, RedirectResponse, Response

from hub.db import RETRY_AFTER_SECONDS, DatabaseUnavailable, connection_lost
from hub.json_depth import json_depth
from hub.network_address import client_address
from hub.services.errors import Refusal, WriteRefused
from hub.services.petition_signing import Signer, address_hash, check_signer
from hub.widgets.answers import error_answer, shown
from hub.widgets.cards import Card
from hub.widgets.frames import render_frame
from hub.widgets.partner_tokens import FIELD
from hub.widgets.partners import KnownPartner, normalised_origin
from hub.widgets.state import Widgets
from hub.widgets.texts import WORDS, widget_language

log = logging.getLogger(__name__)

MAX_BODY_BYTES = 16 * 1024
HONEYPOT = "website"
"""A form field hidden from people (and from screen readers): only robots fill it in."""

STATUS = {
    Refusal.INVALID: 422,
    Refusal.NOT_FOUND: 404,
    Refusal.WRONG_STATUS: 409,
    Refusal.TOO_MANY: 429,
    Refusal.FORBIDDEN: 403,
}


class BadRequest(Exception):
    def __init__(self, status: int, code: str, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.field = status, code, message, field


@dataclass(frozen=True)
class Submission:
    fields: dict[str, Any]
    is_form: bool


async def sign(request: Request, widgets: Widgets) -> Response:
    slug = request.path_params["slug"]
    submission: Submission | None = None
    card: Card | None = None
    cross_origin = False
    try:
        submission = await _read(request, widgets.settings.max_json_depth)
        cross_origin = _cross_origin(request, widgets)
        card = await widgets.cards.card(slug)
        if card is None:
            raise WriteRefused(
                Refusal.NOT_FOUND, f"No petition is called '{shown(slug)}'.", "petition"
            )
        partner = await _partner(request, widgets, submission.fields, card, cross_origin)
        if submission.fields.get(HONEYPOT):  # a robot: thanked, not counted
            return _answer(request, submission, card, card.signature_count, partner, cross_origin)
        signature = check_signer(
            card.petition_id,
            _signer(submission.fields, card),
            card.languages,
            widgets.countries,
            partner.source if partner else "widget",
            await address_hash(client_address(request, widgets.settings.trusted_proxies)),
        )
        if not card.open:
            raise WriteRefused(Refusal.WRONG_STATUS, "The petition is not open for signing.")
        signed = await widgets.writer.write(signature)
    except BadRequest as problem:
        return error_answer(problem.status, problem.code, problem.message, problem.field)
    except ClientDisconnect:  # the signer went away: no fault, said where every request is
        raise
    except WriteRefused as refusal:
        if submission is not None and submission.is_form and card is not None:
            return _form_refused(request, submission, card, refusal)
        status = STATUS.get(refusal.code, 422)
        response = error_answer(status, refusal.code, refusal.message, refusal.field)
        if refusal.code == Refusal.TOO_MANY:
            response.headers["Retry-After"] = str(widgets.settings.signature_window_seconds)
        return _with_cors(response, request) if cross_origin else response
    except Exception as error:  # nothing was written: the signer may safely send again
        away = connection_lost(error)
        if not isinstance(error, DatabaseUnavailable):  # the writer told of those, once a batch
            if away:
                log.warning("A signature on %s met the database away: %r", slug, error)
            else:
                log.exception("A signature on %s could not be written", slug)
        response = error_answer(503, "unavailable", _not_written(error))
        if away:
            response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return _with_cors(response, request) if cross_origin else response
    return _answer(request, submission, card, signed.signature_count, partner, cross_origin)


def _not_written(error: Exception) -> str:
    if isinstance(error, DatabaseUnavailable) and error.maybe_written:
        # the database may have taken it before it went away: sending again counts it once
        return "The signature may not have been saved: send it again in a moment."
    return "Nothing was written: try again in a moment."


async def preflight(request: Request, widgets: Widgets) -> Response:
    """A partner's page asking whether it may post JSON here."""
    origin = request.headers.get("origin", "")
    if origin and normalised_origin(origin) is None:
        return _malformed_origin(origin)
    if not origin or await widgets.partners.from_origin(origin) is None:
        return error_answer(
            403, "origin_not_allowed", f"'{shown(origin)}' is not a partner's origin."
        )
    response = Response(status_code=204)
    response.headers["Access-Control-Allow-Methods"] = "POST"
    response.headers["Access-Control-Allow-Headers"] = "content-type"
    response.headers["Access-Control-Max-Age"] = "600"
    return _with_cors(response, request)


async def _read(request: Request, max_depth: int) -> Submission:
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        raise BadRequest(413, "too_large", f"A signature is at most {MAX_BODY_BYTES} bytes.")
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_BODY_BYTES:
            raise BadRequest(413, "too_large", f"A signature is at most {MAX_BODY_BYTES} bytes.")
    if kind == "application/json":
        try:
            fields = orjson.loads(body)  # refuses JSON nested past 1024 levels itself
        except orjson.JSONDecodeError:
            raise BadRequest(400, "bad_json", "The body is not JSON.") from None
        if json_depth(fields, max_depth) > max_depth:
            raise BadRequest(400, "bad_json", f"The body's JSON nests deeper than {max_depth}.")
        if not isinstance(fields, dict):
            raise BadRequest(400, "bad_json", "The body is a JSON object of the signer's fields.")
        return Submission(fields, is_form=False)
    if kind == "application/x-www-form-urlencoded":
        try:
            pairs = parse_qsl(body.decode(), keep_blank_values=True)
        except UnicodeDecodeError:
            raise BadRequest(400, "bad_form", "The form is not UTF-8.") from None
        return Submission(dict(pairs), is_form=True)
    raise BadRequest(
        415,
        "unsupported_media_type",
        "Send application/json or application/x-www-form-urlencoded.",
    )


def _cross_origin(request: Request, widgets: Widgets) -> bool:
    """Whether the page that sent the request is not the hub's own."""
    origin = request.headers.get("origin")
    # the hub's own pages: as this request reached it, or as its public address says
    own = {normalised_origin(str(request.base_url)), normalised_origin(widgets.settings.issuer)}
    if origin and normalised_origin(origin) is None:
        raise BadRequest(400, "bad_origin", _malformed(origin), "origin")
    return bool(origin) and normalised_origin(origin or "") not in own


async def _partner(
    request: Request, widgets: Widgets, fields: dict[str, Any], card: Card, cross_origin: bool
) -> KnownPartner | None:
    """The partner the signature is credited to: the one whose page it came from (its
    origin, as the browser says), or the one whose frame's token it carries; else none."""
    if cross_origin:
        origin = request.headers.get("origin", "")
        partner = await widgets.partners.from_origin(origin)
        if partner is None:
            raise BadRequest(
                403, "origin_not_allowed", f"'{shown(origin)}' is not a partner's origin."
            )
        return partner
    token = fields.get(FIELD)
    if token in (None, ""):
        if fields.get("partner"):
            raise WriteRefused(
                Refusal.INVALID,
                "A signature is credited to a partner only from its widget on its own pages:"
                " the frame's partnerToken is missing.",
                "partner",
            )
        return None
    claims = await widgets.tokens.check(token, card.petition_id)
    partner = await widgets.partners.named(claims.partner)
    if partner is None or claims.origin not in partner.origins:
        raise WriteRefused(
            Refusal.INVALID,
            f"The partner token names '{shown(claims.partner)}' at {shown(claims.origin)},"
            " which is no longer a partner's origin.",
            FIELD,
        )
    return partner


def _malformed(origin: str) -> str:
    return (
        f"The Origin header '{shown(origin)}' is not a web origin: a scheme, a host and"
        " perhaps a port (1 to 65535), like https://news.example."
    )


def _malformed_origin(origin: str) -> Response:
    return error_answer(400, "bad_origin", _malformed(origin), "origin")


def _signer(fields: dict[str, Any], card: Card) -> Signer:
    def text(name: str) -> str:
        value = fields.get(name)
        if value is None:
            return ""
        if not isinstance(value, str):
            raise WriteRefused(Refusal.INVALID, f"'{name}' is a text.", name)
        return value

    consent = fields.get("consentToContact", fields.get("consent", False))
    language = text("language") or card.original_language
    return Signer(
        name=text("name"),
        email=text("email"),
        language=language,
        country=text("country") or None,
        consent_to_contact=consent in (True, "on", "true", "yes", "1"),
        consent_wording=WORDS[widget_language(fields.get("lang") or language)]["consent"],
    )


def _answer(
    request: Request,
    submission: Submission,
    card: Card,
    count: int,
    partner: KnownPartner | None,
    cross_origin: bool,
) -> Response:
    if submission.is_form:
        query = {"lang": widget_language(submission.fields.get("lang")), "signed": "1"}
        if partner is not None:
            query["partner"] = partner.slug
            if submission.fields.get("origin"):
                query["origin"] = str(submission.fields["origin"])
        return RedirectResponse(f"frame?{urlencode(query)}", status_code=303)
    # the same for a first signature and a repeated one: it tells nobody who signed
    response = JSONResponse(
        {"signed": True, "checkEmail": True, "petition": card.slug, "signatureCount": count}
    )
    return _with_cors(response, request) if cross_origin else response


def _form_refused(
    request: Request, submission: Submission, card: Card, refusal: WriteRefused
) -> Response:
    language = widget_language(submission.fields.get("lang"))
    return render_frame(
        request,
        card,
        language,
        partner=str(submission.fields.get("partner") or "") or None,
        partner_token=str(submission.fields.get(FIELD) or "") or None,
        origin=str(submission.fields.get("origin") or "") or None,
        refusal=refusal,
        filled=submission.fields,
        status_code=STATUS.get(refusal.code, 422),
    )


def _with_cors(response: Response, request: Request) -> Response:
    response.headers["Access-Control-Allow-Origin"] = request.headers.get("origin", "")
    response.headers["Vary"] = "Origin"
    return response
