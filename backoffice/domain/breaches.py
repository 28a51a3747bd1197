"""Insiden kebocoran data pribadi and its clock: UU 27/2022 Pasal 46 ayat (1) asks the
controller to notify, in writing, the people whose data failed to be protected and the
authority (lembaga pelindungan data pribadi) at the latest 3 × 24 hours after it knew. The
clock runs from `discovered_at`, in clock hours (weekends and holidays count), and stops for
each party when it is notified; a breach is open until both are."""

import datetime as dt
from dataclasses import dataclass

from backoffice.domain import scope
from backoffice.domain.errors import ValidationError
from backoffice.domain.scope import Viewer
from backoffice.models import DataBreach

NOTIFY_WITHIN = dt.timedelta(hours=72)  # 3 × 24 jam
FUTURE_MESSAGE = "Waktu ini belum terjadi: isi waktu yang sudah lewat (zona waktu dinas)."
BEFORE_MESSAGE = "Pemberitahuan tidak mungkin sebelum insiden diketahui."


def deadline(breach: DataBreach) -> dt.datetime:
    """The last moment (naive UTC) both notifications are due."""
    return breach.discovered_at + NOTIFY_WITHIN


def pending_parties(breach: DataBreach) -> list[str]:
    """Who has not been told yet, as the page names them."""
    parties = []
    if breach.subjects_notified_at is None:
        parties.append("subjek data")
    if breach.authority_notified_at is None:
        parties.append("lembaga PDP")
    return parties


def is_open(breach: DataBreach) -> bool:
    return bool(pending_parties(breach))


def is_overdue(breach: DataBreach, now: dt.datetime) -> bool:
    """Past the 72 hours with someone not told (told late also counts as late, see `late`)."""
    return is_open(breach) and now > deadline(breach)


def late(breach: DataBreach) -> list[str]:
    """The parties told after the 72 hours."""
    due = deadline(breach)
    told = (("subjek data", breach.subjects_notified_at),
            ("lembaga PDP", breach.authority_notified_at))  # fmt: skip
    return [party for party, at in told if at is not None and at > due]


def hours_text(span: dt.timedelta) -> str:
    """ "61 jam 20 menit": a 72-hour clock is read in hours, never rounded up to days."""
    minutes = int(span.total_seconds()) // 60
    hours, minutes = divmod(minutes, 60)
    parts = [f"{hours} jam"] * bool(hours) + [f"{minutes} menit"] * bool(minutes)
    return " ".join(parts) or "kurang dari 1 menit"


@dataclass(frozen=True)
class ClockState:
    """What the list, the record and the home page say about one breach's clock."""

    text: str  # "sisa 61 jam 20 menit; belum diberi tahu: …", "sudah diberitahukan"
    overdue: bool
    open: bool


def clock(breach: DataBreach, now: dt.datetime) -> ClockState:
    if not is_open(breach):
        told_late = late(breach)
        text = "sudah diberitahukan" + (
            f" (terlambat: {', '.join(told_late)})" if told_late else ""
        )
        return ClockState(text, False, False)
    gap = deadline(breach) - now
    waiting = f"; belum diberi tahu: {', '.join(pending_parties(breach))}"
    if gap >= dt.timedelta(0):
        return ClockState(f"sisa {hours_text(gap)}{waiting}", False, True)
    return ClockState(f"lewat {hours_text(-gap)}{waiting}", True, True)


def open_breaches(viewer: Viewer) -> list[DataBreach]:
    """The breaches `viewer` may see with a party not yet told, the earliest due first."""
    query = scope.scoped(DataBreach.select(), viewer).where(
        DataBreach.subjects_notified_at.is_null() | DataBreach.authority_notified_at.is_null()
    )
    return list(query.order_by(DataBreach.discovered_at, DataBreach.id))


def check(discovered_at, subjects_notified_at, authority_notified_at, now: dt.datetime) -> None:
    """Refuse moments in the future and notifications before the discovery, each next to its
    field (ValidationError)."""
    errors = {}
    moments = {"discovered_at": discovered_at, "subjects_notified_at": subjects_notified_at,
               "authority_notified_at": authority_notified_at}  # fmt: skip
    for name, moment in moments.items():
        if moment is not None and moment > now + dt.timedelta(minutes=5):  # clocks drift
            errors[name] = FUTURE_MESSAGE
    for name in ("subjects_notified_at", "authority_notified_at"):
        moment = moments[name]
        if name not in errors and discovered_at and moment is not None and moment < discovered_at:
            errors[name] = BEFORE_MESSAGE
    if errors:
        raise ValidationError(errors)
