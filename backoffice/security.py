"""Hardening every back-office response: security headers, a per-request CSP nonce, a cap on
the request body, and the client address behind trusted reverse proxies.

The Content-Security-Policy allows scripts and styles only from this site or carrying the
request's nonce (Flask-Admin puts it on its own tags through `csp_nonce_generator`); our
templates hold no inline script, handler or style. Pages are `no-store`: they hold personal
data, and a shared counter PC must not show them again from its cache after logout.
"""

import ipaddress
import secrets

from flask import abort, g, request
from werkzeug.middleware.proxy_fix import ProxyFix

HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
}
CSP = (
    "default-src 'self'; "
    "script-src 'self' 'nonce-{nonce}'; "
    "style-src 'self' 'nonce-{nonce}'; "
    "img-src 'self' data:; "
    "font-src 'self' data:; "
    "connect-src 'self'; "
    "object-src 'none'; "
    "base-uri 'none'; "
    "form-action 'self'; "
    "frame-ancestors 'none'"
)


def csp_nonce() -> str:
    """This request's nonce, made on first use (Flask-Admin and our templates ask for it)."""
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(16)
    return g.csp_nonce


def refuse_oversized_body():
    """A declared body over MAX_CONTENT_LENGTH is refused before anything reads it (Werkzeug
    would only refuse when a view reads the form, and some answer without reading it). A
    chunked body, whose size is known only once read, is refused too: browsers never send one."""
    limit = request.max_content_length
    if limit is not None and (request.content_length or 0) > limit:
        abort(413)
    if "chunked" in request.headers.get("Transfer-Encoding", "").lower():
        abort(411)


def add_security_headers(response):
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    response.headers["Content-Security-Policy"] = CSP.format(nonce=csp_nonce())
    if not (request.endpoint or "").endswith("static"):
        response.headers["Cache-Control"] = "no-store"
    if request.is_secure:
        response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    return response


def refuse_null_characters() -> None:
    """A NUL character is in no name, NIK, address or file name, and PostgreSQL refuses it
    in text: a request carrying one in its path, query string, form or an uploaded file's
    name is a bad request (400), not a 500."""
    if "\x00" in request.path:
        abort(400)
    sources = [request.args]
    if request.method == "POST" and request.mimetype in FORM_TYPES:
        sources.append(request.form)
        names = [(key, [f.filename or "" for f in files]) for key, files in request.files.lists()]
        if any("\x00" in key or any("\x00" in n for n in found) for key, found in names):
            abort(400)
    for source in sources:
        for key, values in source.lists():
            if "\x00" in key or any("\x00" in value for value in values):
                abort(400)


TRUSTED_DEFAULT = "127.0.0.1/8, ::1"  # nginx on the same machine
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


class TrustedProxyFix:
    """Werkzeug's ProxyFix for requests that come from a trusted proxy's address only.

    ProxyFix believes `X-Forwarded-For` from whoever sends it: with LOKET_PROXY_COUNT=1 and
    the app reachable without the proxy, a client rotating the header was a new address each
    time and passed every per-address limit. A request whose direct peer is not in
    `networks` keeps its real peer address; its forwarded headers are dropped."""

    FORWARDED = ("HTTP_X_FORWARDED_FOR", "HTTP_X_FORWARDED_PROTO", "HTTP_X_FORWARDED_HOST",
                 "HTTP_X_FORWARDED_PORT", "HTTP_X_FORWARDED_PREFIX")  # fmt: skip

    def __init__(self, app, proxies: int, networks: list) -> None:
        self.direct = app
        self.fixed = ProxyFix(app, x_for=proxies, x_proto=proxies, x_host=proxies)
        self.networks = networks

    def __call__(self, environ, start_response):
        if self.trusted(environ.get("REMOTE_ADDR", "")):
            return self.fixed(environ, start_response)
        for name in self.FORWARDED:
            environ.pop(name, None)
        return self.direct(environ, start_response)

    def trusted(self, address: str) -> bool:
        try:
            peer = ipaddress.ip_address(address)
        except ValueError:
            return False
        return any(peer in network for network in self.networks)


def trusted_networks(setting: str) -> list:
    """LOKET_TRUSTED_PROXIES ("127.0.0.1, 10.0.0.0/24") as networks; ValueError names a bad
    entry."""
    found = []
    for entry in (part.strip() for part in setting.split(",")):
        if entry:
            try:
                found.append(ipaddress.ip_network(entry, strict=False))
            except ValueError as exc:
                raise ValueError(f"LOKET_TRUSTED_PROXIES: {entry!r} bukan alamat IP") from exc
    return found


def init_app(app) -> None:
    proxies = app.config.get("LOKET_PROXY_COUNT", 0)
    if proxies:
        networks = trusted_networks(app.config.get("LOKET_TRUSTED_PROXIES") or TRUSTED_DEFAULT)
        app.wsgi_app = TrustedProxyFix(app.wsgi_app, proxies, networks)
    app.before_request(refuse_oversized_body)
    app.before_request(refuse_null_characters)
    app.after_request(add_security_headers)
    app.jinja_env.globals["csp_nonce"] = csp_nonce
