"""Error pages in Indonesian: a person never meets a bare English stack trace."""

from flask import current_app, render_template
from peewee import DatabaseError
from werkzeug.routing import IntegerConverter

from backoffice.db import error_kind

MESSAGES = {
    400: "Permintaan tidak dapat diproses. Muat ulang halaman lalu coba lagi.",
    403: "Anda tidak berhak membuka halaman ini.",
    404: "Halaman tidak ditemukan.",
    405: "Cara membuka halaman ini tidak didukung.",
    411: "Permintaan tanpa ukuran isi tidak diterima. Kirim ulang dari formulir.",
    413: "Berkas atau isian terlalu besar. Kirim berkas yang lebih kecil (paling besar {mb} MB).",
    500: "Terjadi kesalahan di server. Coba lagi; bila berulang, hubungi administrator.",
    503: "Basis data sedang sibuk menyimpan data besar (misalnya impor). Tidak ada yang "
    "disimpan dari permintaan ini; tunggu sebentar lalu coba lagi.",
}
BUSY_RETRY_SECONDS = 5


def _handler(error):
    return _page(getattr(error, "code", None) or 500)


def _page(code: int):
    message = MESSAGES.get(code, MESSAGES[500])
    if code == 413:
        limit = current_app.config.get("MAX_CONTENT_LENGTH") or 0
        message = message.format(mb=round(limit / 1024 / 1024))
    return render_template("error.html", code=code, message=message), code


def _database_error(error: DatabaseError):
    """A write that waited its whole busy timeout for another transaction (a long import on
    SQLite holds the one write lock): 503 with a retry hint, not a 500. Anything else
    stays a 500."""
    if error_kind(error) != "busy":
        current_app.logger.error("database error", exc_info=error)
        return _page(500)
    page, _ = _page(503)
    return page, 503, {"Retry-After": str(BUSY_RETRY_SECONDS)}


class RecordIdConverter(IntegerConverter):
    """`<int:id>` in a route: ASCII digits within the database's range, else 404 (Werkzeug's
    own takes "²" for a digit and any length, and the database then fails)."""

    regex = r"[0-9]{1,18}"


def init_app(app) -> None:
    app.url_map.converters["int"] = RecordIdConverter
    for code in MESSAGES:
        app.register_error_handler(code, _handler)
    app.register_error_handler(DatabaseError, _database_error)
