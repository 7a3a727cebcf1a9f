"""The ASGI layer in front of every request: Host allow-list, body size limit, security headers, HEAD.

* **Host.** Only requests whose ``Host`` header names this server are answered (by default
  the localhost names): a page on another site that points its own DNS name at 127.0.0.1
  (DNS rebinding) gets ``400 T610`` instead of the store.
* **Body size.** A body larger than ``max_body`` bytes is refused with ``413 T609`` from its
  ``Content-Length`` before a byte of it is read, or as soon as a chunked body passes the
  limit.
* **Headers.** Every response carries a Content-Security-Policy that allows scripts, styles,
  images and requests from this server only and no inline script (``script-src 'self'``),
  no framing (``frame-ancestors 'none'``), ``X-Content-Type-Options: nosniff``,
  ``Referrer-Policy: no-referrer``.
* **HEAD.** A ``HEAD`` request is answered as the ``GET`` of the same URL without its body.
"""

from __future__ import annotations

import json

from .errors import BodyTooLarge, HostNotAllowed, error_body

DEFAULT_HOSTS = ("localhost", "127.0.0.1", "::1")
MAX_BODY = 2 * 1024 * 1024  # /api/extract takes 200,000 characters: at most ~1 MB of JSON-escaped UTF-8

CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
       "frame-ancestors 'none'")
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
]


class _TooLarge(BodyTooLarge):
    """Raised while a chunked body is read, once it passes the limit (the app's handler answers 413)."""


def host_name(value: str) -> str:
    """The name part of a Host header: ``localhost:8000`` -> ``localhost``, ``[::1]:80`` -> ``::1``."""
    value = value.strip().lower()
    if value.startswith("["):
        return value[1:value.find("]")] if "]" in value else value
    return value.rsplit(":", 1)[0] if value.count(":") == 1 else value


class Guard:
    """ASGI middleware doing the four jobs of this module's docstring."""

    def __init__(self, app, *, allowed_hosts=DEFAULT_HOSTS, max_body: int = MAX_BODY):
        self.app = app
        self.hosts = {host_name(h) for h in allowed_hosts}
        self.any_host = "*" in self.hosts
        self.max_body = max_body

    async def _error(self, send, err, status: int) -> None:
        body = json.dumps(error_body(err.code, err.message)).encode()
        await send({"type": "http.response.start", "status": status,
                    "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                                (b"connection", b"close")]})
        await send({"type": "http.response.body", "body": body})

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        head = scope["method"] == "HEAD"
        started = False
        overflow = False  # a chunked body passed the limit: whatever the app answers, the answer is 413

        async def guarded_send(message):
            nonlocal started
            if overflow and not started:
                started = True
                await self._error(send_with_headers, BodyTooLarge(
                    f"the request body is larger than this server takes ({self.max_body} bytes)"), 413)
                return
            if overflow:
                return  # the app's own answer to the cut body is dropped
            await send_with_headers(message)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                started = True
                names = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in SECURITY_HEADERS if k not in names]
                message = {**message, "headers": list(message.get("headers", [])) + extra}
            elif message["type"] == "http.response.body" and head:
                message = {**message, "body": b""}
            await send(message)

        headers = {k.lower(): v for k, v in scope.get("headers", [])}
        host = host_name(headers.get(b"host", b"").decode("latin-1"))
        if not self.any_host and host not in self.hosts:
            shown = host or "(none)"
            await self._error(send_with_headers, HostNotAllowed(
                f"this server does not answer to the host {shown!r}; it answers to {', '.join(sorted(self.hosts))} "
                "(tidings serve --allow-host NAME adds one)"), 400)
            return
        length = headers.get(b"content-length")
        if length is not None:
            try:
                too_big = int(length) > self.max_body
            except ValueError:
                too_big = False
            if too_big:
                await self._error(send_with_headers, BodyTooLarge(
                    f"the request body is {int(length)} bytes; this server takes at most {self.max_body}"), 413)
                return
        received = 0

        async def counted_receive():
            nonlocal received, overflow
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body:
                    overflow = True
                    raise _TooLarge(f"the request body is larger than this server takes ({self.max_body} bytes)")
            return message

        if head:
            scope = {**scope, "method": "GET"}
        try:
            await self.app(scope, counted_receive, guarded_send)
        except _TooLarge:
            if not started:
                await self._error(send_with_headers, BodyTooLarge(
                    f"the request body is larger than this server takes ({self.max_body} bytes)"), 413)
