"""Village quotas (kuota desa): consumed by proposals, never over-allocated.

The check and the consumption are one conditional UPDATE (`used + n <= allocation`), so two
proposals arriving together cannot both take the last unit, on SQLite or PostgreSQL.
"""

import datetime

from backoffice.domain.errors import ValidationError
from backoffice.models import Quota, Village

FIRST_QUOTA_YEAR = 2014  # JKN began in 2014


def check_allocation(
    village: Village | None,
    year: int | None,
    source: str | None,
    allocation: int | None,
    current: Quota | None = None,
    today: datetime.date | None = None,
) -> None:
    """A village's quota (new, or `current` edited): a year from 2014 to next year, an
    allocation not negative and not below what is already used, one per village, year and
    funding source. Every problem at once, per field."""
    errors = {}
    last_year = (today or datetime.date.today()).year + 1
    if year is not None and not FIRST_QUOTA_YEAR <= year <= last_year:
        errors["year"] = f"Tahun harus antara {FIRST_QUOTA_YEAR} dan {last_year}."
    if allocation is not None and allocation < 0:
        errors["allocation"] = "Alokasi tidak boleh negatif."
    if current and allocation is not None and allocation < current.used:
        errors["allocation"] = (
            f"Alokasi tidak boleh kurang dari yang sudah terpakai ({current.used})."
        )
    if not errors and village is not None and quota_exists(village, year, source, current):
        errors["village"] = (
            "Kuota desa ini untuk tahun dan sumber dana yang sama sudah ada; ubah data itu saja."
        )
    if errors:
        raise ValidationError(errors)


def quota_exists(village: Village, year, source, other_than: Quota | None = None) -> bool:
    query = Quota.select().where(
        (Quota.village == village) & (Quota.year == year) & (Quota.funding_source == source)
    )
    if other_than is not None:
        query = query.where(Quota.id != other_than.id)
    return query.exists()


def batch_period(local_day: datetime.date, cutoff_day: int) -> datetime.date:
    """The month a proposal made on `local_day` counts for: after the cut-off (e-Dabu's
    monthly closing, about the 20th) it goes into next month's batch."""
    first = local_day.replace(day=1)
    if local_day.day <= cutoff_day:
        return first
    return (first + datetime.timedelta(days=32)).replace(day=1)


def shortfall_message(village: Village, year: int, source: str, wanted: int, left: int) -> str:
    prefix = "sudah habis" if left <= 0 else f"tersisa {left}"
    return (
        f"Kuota {source} {year} Desa/Kel. {village.name} {prefix}, usulan ini memerlukan "
        f"{wanted}: kurang {wanted - max(left, 0)}."
    )


def consume(village: Village, year: int, source: str, n: int) -> Quota:
    """Take `n` units of the village's quota; raise ValidationError saying by how much it
    falls short. Call inside a transaction so a later refusal gives the units back."""
    quota = Quota.get_or_none(
        (Quota.village == village) & (Quota.year == year) & (Quota.funding_source == source)
    )
    if quota is None:
        raise ValidationError(
            {"quota": f"Desa/Kel. {village.name} belum punya kuota {source} tahun {year}."}
        )
    taken = (
        Quota.update(used=Quota.used + n)
        .where((Quota.id == quota.id) & (Quota.used + n <= Quota.allocation))
        .execute()
    )
    if not taken:
        quota = Quota.get_by_id(quota.id)
        raise ValidationError(
            {"quota": shortfall_message(village, year, source, n, quota.remaining)}
        )
    return quota


def release(quota_id: int, n: int = 1) -> None:
    """Give `n` units back (a proposal BPJS rejected or that was withdrawn)."""
    Quota.update(used=Quota.used - n).where((Quota.id == quota_id) & (Quota.used >= n)).execute()
