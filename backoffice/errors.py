"""Error pages in Indonesian: a person never meets a bare English stack trace."""

from flask import current_app, render_template

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


def init_app(app) -> None:
    for code in MESSAGES:
        app.register_error_handler(code, _handler)
