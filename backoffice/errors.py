"""Error pages in Indonesian: a person never meets a bare English stack trace."""

from flask import current_app, render_template
from werkzeug.routing import IntegerConverter

MESSAGES = {
    400: "Permintaan tidak dapat diproses. Muat ulang halaman lalu coba lagi.",
    403: "Anda tidak berhak membuka halaman ini.",
    404: "Halaman tidak ditemukan.",
    405: "Cara membuka halaman ini tidak didukung.",
    411: "Permintaan tanpa ukuran isi tidak diterima. Kirim ulang dari formulir.",
    413: "Berkas atau isian terlalu besar. Kirim berkas yang lebih kecil (paling besar {mb} MB).",
    500: "Terjadi kesalahan di server. Coba lagi; bila berulang, hubungi administrator.",
}


def _handler(error):
    code = getattr(error, "code", None) or 500
    message = MESSAGES.get(code, MESSAGES[500])
    if code == 413:
        limit = current_app.config.get("MAX_CONTENT_LENGTH") or 0
        message = message.format(mb=round(limit / 1024 / 1024))
    return render_template("error.html", code=code, message=message), code


class RecordIdConverter(IntegerConverter):
    """`<int:id>` in a route: ASCII digits within the database's range, else 404 (Werkzeug's
    own takes "²" for a digit and any length, and the database then fails)."""

    regex = r"[0-9]{1,18}"


def init_app(app) -> None:
    app.url_map.converters["int"] = RecordIdConverter
    for code in MESSAGES:
        app.register_error_handler(code, _handler)
