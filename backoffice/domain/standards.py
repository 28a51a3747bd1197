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


# The longest promise per unit: a year. Every deadline of the office is counted from it, on
# its working calendar; a promise of a million months is no promise (and no date).
PROMISE_LIMITS = {"minutes": 525_600, "hours": 8_784, "working_days": 260, "days": 366,
                  "months": 12}  # fmt: skip


def check_service(promised_amount: int | None, promised_unit: str | None = None) -> None:
    """A service promises a time longer than nothing and no longer than a year."""
    if promised_amount is not None and promised_amount <= 0:
        raise ValidationError({"promised_amount": "Waktu yang dijanjikan harus lebih dari 0."})
    limit = PROMISE_LIMITS.get(promised_unit or "")
    if promised_amount is not None and limit is not None and promised_amount > limit:
        raise ValidationError(
            {"promised_amount": f"Waktu yang dijanjikan paling lama setahun ({limit} dalam "
                                "satuan ini)."}
        )  # fmt: skip
