"""What is waiting for the staff (pekerjaan menunggu): open applications by status, the ones past
their deadline, and a verifier's own assignments. Read-only counts for the dashboard."""

import datetime

from peewee import fn

from backoffice.domain.scope import Viewer, scoped
from backoffice.models import Application, User
from backoffice.models.applications import APPLICATION_STATUSES


def open_by_status(viewer: Viewer) -> list[tuple[str, str, int]]:
    """(status, label, count) of the statuses where `viewer`'s office still has work to do."""
    query = Application.pending().select(Application.status, fn.COUNT(Application.id))
    counts = dict(scoped(query, viewer).group_by(Application.status).tuples())
    return [(code, label, counts[code]) for code, label in APPLICATION_STATUSES if counts.get(code)]


def overdue_count(viewer: Viewer, now_utc: datetime.datetime) -> int:
    """Open applications of `viewer`'s scope past their deadline at `now_utc` (naive UTC)."""
    return scoped(Application.overdue(now_utc), viewer).count()


def assigned_to(user: User) -> int:
    """Applications waiting for `user`'s home visit (Kunjungan saya)."""
    return Application.visits_for(user).order_by().count()
