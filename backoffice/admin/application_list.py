"""The application list's columns, filters and export rows (daftar permohonan)."""

from flask_admin.contrib.peewee.filters import BasePeeweeFilter
from markupsafe import Markup, escape
from peewee import JOIN

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


EXPORT_APPLICANT = Applicant.alias("export_applicant")  # the list's search may join Applicant
EXPORT_SERVICE = Service.alias("export_service")
EXPORT_VERIFIER = User.alias("export_verifier")
STATUS_INDEX = 5  # of EXPORT_HEADER: the status code, shown by its label


def application_export(query):
    """The list's query selecting the export's columns (the id first, as "No."), then the
    person's id, with the person, service and verifier joined: one query."""
    return (
        query.select(Application.id, Application.queue_number, EXPORT_APPLICANT.nik,
                     EXPORT_APPLICANT.name, EXPORT_SERVICE.name, Application.status,
                     Application.funding_source, Application.received_at, Application.due_at,
                     Application.closed_at, EXPORT_VERIFIER.full_name,
                     Application.bpjs_card_number, Application.activated_on, Application.notes,
                     Application.applicant)  # last, not in the file: the person it logs
        .switch(Application)
        .join(EXPORT_APPLICANT, on=(Application.applicant == EXPORT_APPLICANT.id))
        .switch(Application)
        .join(EXPORT_SERVICE, on=(Application.service == EXPORT_SERVICE.id))
        .switch(Application)
        .join(EXPORT_VERIFIER, JOIN.LEFT_OUTER, on=(Application.verifier == EXPORT_VERIFIER.id))
    )  # fmt: skip


def application_export_row(row: tuple) -> tuple:
    """A selected tuple as the file's row: the status by its label, without the person's id
    (the last column, read by the access log: domain.access_log.person_column)."""
    status = row[STATUS_INDEX]
    return (*row[:STATUS_INDEX], STATUS_LABELS.get(status, status), *row[STATUS_INDEX + 1 : -1])


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
