"""Rules on a complaint (pengaduan) as it is recorded and answered."""

from backoffice.domain.errors import ValidationError

ANSWERED = frozenset({"responded", "closed"})


def check_complaint(content: str | None, status: str | None, response: str | None) -> None:
    """A complaint says what it is about, and is marked answered only with its response."""
    errors = {}
    if not (content or "").strip():
        errors["content"] = "Isi pengaduan wajib diisi."
    if status in ANSWERED and not (response or "").strip():
        errors["response"] = "Tuliskan tanggapan sebelum menandai pengaduan sudah ditanggapi."
    if errors:
        raise ValidationError(errors)
