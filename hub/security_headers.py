"""Headers every answer carries, and, in production, those of every HTML page.

Every answer says ``X-Content-Type-Options: nosniff``. In production an HTML page that
does not set its own Content-Security-Policy (the widget frames set theirs, with the
partners allowed to frame them) gets one that loads nothing from elsewhere and may be
framed by nobody, and no page sends where it was reached from.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

PAGE_POLICY = (
    b"default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self';"
    b" object-src 'none'"
)


class SecurityHeaders:
    def __init__(self, app: ASGIApp, production: bool) -> None:
        self.app = app
        self.production = production

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {name.lower() for name, _ in headers}
                headers.append((b"x-content-type-options", b"nosniff"))
                html = any(
                    name.lower() == b"content-type" and value.startswith(b"text/html")
                    for name, value in headers
                )
                if self.production and html:
                    if b"content-security-policy" not in names:
                        headers.append((b"content-security-policy", PAGE_POLICY))
                    headers.append((b"referrer-policy", b"no-referrer"))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, with_headers)
