"""The application list's columns, filters and export rows (daftar permohonan)."""

from flask_admin.contrib.peewee.filters import BasePeeweeFilter
from markupsafe import Markup, escape

from backoffice.admin.base import current_zone
from backoffice.admin.scoping import scoped
from backoffice.domain import workflow
from backoffice.domain.deadlines import is_overdue, remaining_text
from backoffice.domain.figures import next_midnight_utc
from backoffice.i18n import format_datetime_id, format_datetime_short
from backoffice.models import Applicant, Application, Service, User
from backoffice.models.applications import APPLICATION_STATUSES
from backoffice.models.base import utcnow

STATUS_LABELS = dict(APPLICATION_STATUSES)
EXPORT_HEADER = ["No.", "Antrean", "NIK", "Nama", "Jenis layanan", "Status", "Sumber dana",
                 "Diterima", "Tenggat", "Selesai", "Verifikator", "No. kartu BPJS",
                 "Aktif sejak", "Catatan"]  # fmt: skip


def application_rows(chunk: list) -> list[list]:
    """Export rows of a chunk of applications; their people, services and verifiers are read
    in one query each."""

    def names(model, ids, *fields):
        ids = {i for i in ids if i}
        rows = model.select(model.id, *fields).where(model.id.in_(ids)).tuples() if ids else []
        return {row[0]: row[1:] for row in rows}

    people = names(Applicant, [a.applicant_id for a in chunk], Applicant.nik, Applicant.name)
    services = names(Service, [a.service_id for a in chunk], Service.name)
    verifiers = names(User, [a.verifier_id for a in chunk], User.full_name)
    return [
        [a.id, a.queue_number, *people.get(a.applicant_id, ("", "")),
         services.get(a.service_id, ("",))[0], STATUS_LABELS.get(a.status, a.status),
         a.funding_source, a.received_at, a.due_at, a.closed_at,
         verifiers.get(a.verifier_id, ("",))[0], a.bpjs_card_number, a.activated_on, a.notes]
        for a in chunk
    ]  # fmt: skip


def service_options():
    """The active services of the signed-in account's office (filter choices)."""
    services = scoped(Service.select()).where(Service.active).order_by(Service.name)
    return [(str(s.id), s.name) for s in services]


def _applicant(view, context, model, name):
    applicant = model.applicant
    return Markup(
        f'{escape(applicant.name)} <small class="text-muted">{escape(applicant.nik)}</small>'
    )


def _service(view, context, model, name):
    return Markup(f'<span title="{escape(model.service.name)}">{escape(model.service.name)}</span>')


def due_badge(app: Application, short: bool = False) -> Markup:
    """The deadline in the office's zone with "lewat …" in red or "sisa …" beside it (`short`:
    the list's one-line form)."""
    if app.due_at is None:
        return Markup("")
    formatter = format_datetime_short if short else format_datetime_id
    when = escape(formatter(app.due_at, current_zone()))
    if app.status in workflow.CLOCK_STOPPED:
        return Markup(f'<span class="text-muted">{when}</span>')
    now = utcnow()
    late = is_overdue(app.due_at, now)
    css = "badge-danger" if late else "badge-info"
    text = escape(remaining_text(app.due_at, now))
    return Markup(f'{when} <span class="badge {css}">{text}</span>')


# The dashboard's deadline figures, each a value of this filter (the figure links to its list).
DUE_OPTIONS = [
    ("late", "Terlambat"),
    ("today", "Jatuh tempo hari ini"),
    ("running", "Masih berjalan"),
    ("pending", "Masih dikerjakan (semua)"),
]


class DueFilter(BasePeeweeFilter):
    """Pending applications: past their deadline, due today, within it, or all."""

    def __init__(self, column, name="Tenggat"):
        super().__init__(column, name, options=DUE_OPTIONS)

    def apply(self, query, value):
        now = utcnow()
        wanted = {
            "late": lambda: Application.overdue(now),
            "today": lambda: Application.due_between(now, next_midnight_utc(now, current_zone())),
            "running": lambda: Application.on_time(now),
            "pending": Application.pending,
        }.get(value, Application.pending)()
        return query.where(Application.id.in_(wanted.select(Application.id)))

    def operation(self):
        return "adalah"
