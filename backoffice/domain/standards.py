"""Rules on a service standard (standar pelayanan) and its services (jenis layanan)."""

import datetime

from backoffice.domain.errors import ValidationError
from backoffice.domain.identity import clean_nip


def check_standard(
    revision_number: int | None,
    set_date: datetime.date | None,
    effective_date: datetime.date | None,
    signatory_nip: str | None,
) -> None:
    """A standard's revision counts from 0, takes effect no earlier than it was set, and is
    signed by a civil servant with a valid NIP; every problem at once, per field."""
    errors = {}
    if revision_number is not None and revision_number < 0:
        errors["revision_number"] = "Nomor revisi tidak boleh negatif."
    if effective_date and set_date and effective_date < set_date:
        errors["effective_date"] = "Tanggal berlaku tidak boleh sebelum tanggal ditetapkan."
    try:
        clean_nip(signatory_nip)
    except ValidationError as exc:
        errors["signatory_nip"] = exc.errors["nip"]
    if errors:
        raise ValidationError(errors)


def check_service(promised_amount: int | None) -> None:
    """A service promises a time longer than nothing."""
    if promised_amount is not None and promised_amount <= 0:
        raise ValidationError({"promised_amount": "Waktu yang dijanjikan harus lebih dari 0."})
