"""An office's own settings (dinas): its head's NIP, the complaint-response promise, the e-Dabu
cut-off day and the BPJS export template."""

from backoffice.domain.bpjs_files import parse_template
from backoffice.domain.errors import ValidationError
from backoffice.domain.identity import clean_nip

RESPONSE_DAYS = (1, 60)  # working days an office may promise for a complaint's response
CUTOFF_DAYS = (1, 28)  # a day every month has


def check_office(
    head_nip: str | None,
    response_days: int | None,
    cutoff_day: int | None,
    export_columns: str | None,
) -> None:
    """Refuse an office's settings that cannot work; every problem at once, per field."""
    errors = {}
    try:
        clean_nip(head_nip)
    except ValidationError as exc:
        errors["head_nip"] = exc.errors["nip"]
    if response_days is not None and not within(response_days, RESPONSE_DAYS):
        errors["complaint_response_days"] = "Isi 1 sampai 60 hari kerja."
    if cutoff_day is None or not within(cutoff_day, CUTOFF_DAYS):
        errors["cutoff_day"] = "Isi tanggal 1 sampai 28."
    try:
        parse_template(export_columns or "")
    except ValidationError as exc:
        errors.update(exc.errors)
    if errors:
        raise ValidationError(errors)


def within(value: int, bounds: tuple[int, int]) -> bool:
    return bounds[0] <= value <= bounds[1]
