"""Complaints (pengaduan): the list with overdue ones marked, the case page with its timeline,
the dispositions (one per row of `domain.complaint_flow`, also as bulk actions on the selected
or on all filtered complaints) and the receipt for a complaint taken in person."""

from types import SimpleNamespace

from flask import abort, flash, redirect, request
from flask_admin import expose
from flask_admin.actions import action
from flask_admin.contrib.peewee.filters import BasePeeweeFilter
from flask_login import current_user
from markupsafe import Markup, escape
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import Optional

from backoffice.admin.access import needs
from backoffice.admin.base import (
    IndonesianSecureForm,
    SecureModelView,
    attach_errors,
    current_zone,
    record_audit,
)
from backoffice.admin.documents import format_nip
from backoffice.admin.filters import EqualsFilter, YearFilter
from backoffice.admin.scoping import require_visible, scoped, viewer, visible_or_404
from backoffice.domain import complaint_flow as flow
from backoffice.domain import complaints
from backoffice.domain.deadlines import remaining_text
from backoffice.domain.errors import ValidationError
from backoffice.i18n import format_datetime_id
from backoffice.models import CannedAnswer, Complaint, ComplaintEvent
from backoffice.models.base import utcnow
from backoffice.models.complaints import COMPLAINT_CATEGORIES, COMPLAINT_STATUSES, COMPLAINT_TOPICS
from backoffice.models.offices import COMPLAINT_CHANNELS

MAX_ALL_FILTERED = complaints.MAX_BULK


def due_badge(model: Complaint) -> Markup:
    """The deadline in the office's zone, with "terlambat" in red while the clock runs."""
    if model.due_at is None:
        return Markup("")
    when = escape(format_datetime_id(model.due_at, current_zone()))
    if model.status not in flow.RUNNING:
        return Markup(f'<span class="text-muted">{when}</span>')
    now = utcnow()
    if complaints.is_overdue(model, now):
        text = escape(remaining_text(model.due_at, now))
        return Markup(f'{when}<br><span class="badge badge-danger">terlambat: {text}</span>')
    return Markup(
        f'{when}<br><span class="badge badge-info">'
        f"{escape(remaining_text(model.due_at, now))}</span>"
    )


def _due(view, context, model, name):
    return due_badge(model)


def _reporter(view, context, model, name):
    return complaints.reporter_text(model, viewer())


def _contact(view, context, model, name):
    if model.reporter_mode == "anonymous" or not complaints.may_see_reporter(model, viewer()):
        return ""
    return model.reporter_contact


class OverdueFilter(BasePeeweeFilter):
    """Complaints past their deadline while their clock runs, or still within it."""

    def __init__(self, column, name="Tenggat"):
        super().__init__(
            column,
            name,
            options=[("late", "Terlambat"), ("running", "Berjalan"), ("open", "Terbuka (semua)")],
        )

    def apply(self, query, value):
        if value == "late":
            return query.where(complaints.overdue_condition(utcnow()))
        if value == "open":  # the dashboard's "terbuka": running or paused
            return query.where(Complaint.status.in_(sorted(flow.OPEN)))
        return query.where(
            Complaint.status.in_(sorted(flow.RUNNING)) & (Complaint.due_at >= utcnow())
        )

    def operation(self):
        return "adalah"


class DispositionForm(IndonesianSecureForm):
    note = TextAreaField("Catatan / alasan", validators=[Optional()])
    forwarded_to = StringField("Diteruskan kepada", validators=[Optional()])
    canned_answer = SelectField("Jawaban baku", choices=[], validators=[Optional()])
    response = TextAreaField("Isi tanggapan", validators=[Optional()])


def disposition_form(d: flow.Disposition, office_id: int | None, formdata=None):
    """The inputs `d` asks for; canned answers of the complaint's office."""
    form = DispositionForm(formdata=formdata)
    for name in list(form._fields):
        if name not in d.inputs and name != "csrf_token":
            delattr(form, name)
    if "canned_answer" in d.inputs:
        answers = scoped(CannedAnswer.select()).where(CannedAnswer.active)
        if office_id is not None:
            answers = answers.where(CannedAnswer.office == office_id)
        form.canned_answer.choices = [("", "-")] + [(str(a.id), a.title) for a in answers]
    return form


def form_inputs(form) -> dict:
    return {name: field.data for name, field in form._fields.items() if name != "csrf_token"}


class ComplaintView(SecureModelView):
    area = "complaints"
    details_template = "admin/complaint/details.html"
    list_template = "admin/complaint/list.html"
    column_list = [
        "ticket", "received_at", "channel", "category", "reporter_name", "status", "due_at",
    ]  # fmt: skip
    column_details_list = [
        "ticket", "received_at", "office", "channel", "lapor_tracking_id", "category", "topic",
        "complexity", "reporter_mode", "reporter_name", "reporter_contact", "content",
        "service", "application", "applicant", "status", "due_at", "handler", "forwarded_to",
        "response", "responded_at", "responded_by",
    ]  # fmt: skip
    column_labels = {
        "ticket": "No. tiket",
        "office": "Dinas",
        "channel": "Saluran",
        "category": "Klasifikasi",
        "topic": "Kategori",
        "complexity": "Jenis penyelesaian",
        "reporter_mode": "Identitas pelapor",
        "reporter_name": "Nama pelapor",
        "reporter_contact": "Kontak pelapor",
        "content": "Isi pengaduan",
        "status": "Status",
        "received_at": "Diterima",
        "due_at": "Tenggat",
        "responded_at": "Ditanggapi",
        "responded_by": "Ditanggapi oleh",
        "response": "Tanggapan",
        "handler": "Petugas penanganan",
        "forwarded_to": "Diteruskan kepada",
        "lapor_tracking_id": "No. tiket SP4N-LAPOR!",
        "application": "Permohonan terkait",
        "applicant": "Pemohon terkait",
        "service": "Jenis layanan terkait",
    }
    column_formatters = {"due_at": _due, "reporter_name": _reporter, "reporter_contact": _contact}
    column_formatters_detail = column_formatters
    # Not the reporter's name: a search must not reveal who a confidential reporter is.
    column_searchable_list = ["ticket", "content", "lapor_tracking_id"]
    column_default_sort = ("received_at", True)
    column_filters = [
        OverdueFilter(Complaint.due_at),
        EqualsFilter(Complaint.status, "Status", options=COMPLAINT_STATUSES),
        EqualsFilter(Complaint.category, "Klasifikasi", options=COMPLAINT_CATEGORIES),
        EqualsFilter(Complaint.topic, "Kategori", options=COMPLAINT_TOPICS),
        EqualsFilter(Complaint.channel, "Saluran", options=COMPLAINT_CHANNELS),
        YearFilter(Complaint.received_at, "Tahun diterima"),
    ]
    form_columns = [
        "office", "received_at", "channel", "lapor_tracking_id", "category", "topic", "complexity",
        "reporter_mode", "reporter_name", "reporter_contact", "content", "service",
        "application", "applicant",
    ]  # fmt: skip
    form_ajax_refs = {}
    action_disallowed_list = ["delete"]

    # --- forms -----------------------------------------------------------------------------
    def edit_form(self, obj=None):
        form = super().edit_form(obj)
        if obj is not None and not complaints.may_see_reporter(obj, viewer()):
            del form.reporter_name
            del form.reporter_contact
        return form

    def check_form(self, form):
        probe = Complaint()
        form.populate_obj(probe)
        complaints.check(probe)

    def on_model_change(self, form, model, is_created):
        if is_created:
            complaints.prepare(model)

    def after_model_change(self, form, model, is_created):
        if is_created:
            complaints.stamp(model, current_user)
        super().after_model_change(form, model, is_created)

    # --- the case page ---------------------------------------------------------------------
    def case_context(self, model: Complaint) -> dict:
        me = viewer()
        dispositions = flow.available(model.status, current_user.role)
        events = model.events.order_by(ComplaintEvent.at, ComplaintEvent.id)
        return {
            "due": due_badge(model),
            "status_labels": flow.STATUS_LABELS,
            "dispositions": [(d, disposition_form(d, model.office_id)) for d in dispositions],
            "events": events,
            "when": lambda at: format_datetime_id(at, current_zone()),
            "applications": complaints.applications_of_complainant(model, me),
            "reporter": complaints.reporter_text(model, me),
            "may_edit": self.may("edit"),
        }

    @expose("/move/<int:id>/<action_name>", methods=["POST"])
    @needs("read")  # which role may make which disposition is the flow's table
    def move_view(self, id, action_name):
        model = visible_or_404(Complaint, id)
        d = flow.BY_ACTION.get(action_name) or abort(404)
        form = disposition_form(d, model.office_id, request.form)
        if form.validate():
            try:
                complaints.apply(model.id, d.action, current_user, form_inputs(form))
            except ValidationError as exc:
                for message in exc.errors.values():
                    flash(message, "error")
            else:
                record_audit("transition", model, f"{model.ticket}: {d.label}")
                flash(f"{model.ticket}: {d.label}.", "success")
        return redirect(self.get_url(".details_view", id=model.id))

    @expose("/receipt/<int:id>")
    @needs("read")
    def receipt_view(self, id):
        model = visible_or_404(Complaint, id)
        record_audit("print", model, f"Tanda terima pengaduan {model.ticket}")
        return self.render(
            "print/complaint_receipt.html", pages=[Slip(model)], title="Tanda terima pengaduan"
        )

    # --- bulk: on the selected rows, or on every complaint the filters show -----------------
    def is_action_allowed(self, name):
        d = flow.BY_ACTION.get(name)
        if d is not None:
            return self.may("edit") and current_user.role in d.roles
        return super().is_action_allowed(name)

    @expose("/bulk/<action_name>", methods=["GET", "POST"])
    @needs("read")  # each disposition checks its own roles
    def bulk_view(self, action_name):
        d = flow.BY_ACTION.get(action_name)
        if d is None or not self.is_action_allowed(action_name):
            abort(404)
        try:
            ids = self.bulk_ids()
        except ValidationError as exc:
            flash(" ".join(exc.errors.values()), "error")
            return redirect(self.get_url(".index_view"))
        form = disposition_form(d, getattr(current_user.office, "id", None), request.form or None)
        if request.method == "POST" and form.validate():
            try:
                n = complaints.apply_many(ids, d.action, current_user, form_inputs(form))
            except ValidationError as exc:
                attach_errors(form, exc.errors)
            else:
                for row in Complaint.select().where(Complaint.id.in_(ids)):
                    record_audit("transition", row, f"{row.ticket}: {d.label} (tindakan massal)")
                flash(f"{n} pengaduan: {d.label}.", "success")
                return redirect(self.get_url(".index_view"))
        rows = list(scoped(Complaint.select()).where(Complaint.id.in_(ids)))
        return self.render("admin/complaint/bulk.html", d=d, rows=rows, form=form)

    def bulk_ids(self) -> list[int]:
        if request.values.get("all") == "1":
            return self.filtered_ids()
        raw = request.values.get("ids", "")
        return require_visible(Complaint, [i for i in raw.split(",") if i.strip()])

    def filtered_ids(self) -> list[int]:
        """Every complaint the list's current filters and search show (within the scope)."""
        args = self._get_list_extra_args()
        filters = args.filters if self._filters else None
        _, query = self.get_list(
            0, None, None, args.search, filters, execute=False, page_size=MAX_ALL_FILTERED + 1
        )
        ids = [row.id for row in query]
        if len(ids) > MAX_ALL_FILTERED:
            raise ValidationError({"ids": f"Paling banyak {MAX_ALL_FILTERED} pengaduan sekaligus."})
        return ids

    def list_args_query(self) -> str:
        """The list's current query string (filters, search), for "apply to all filtered"."""
        return request.query_string.decode("ascii", "ignore")


class Slip:
    """What the receipt of a complaint taken in person says (print/base.html's page)."""

    def __init__(self, complaint: Complaint) -> None:
        self.complaint = complaint
        self.office = complaint.office
        self.head_nip = format_nip(self.office.head_nip)
        self.received = format_datetime_id(complaint.received_at, self.office.iana_zone)
        self.due = format_datetime_id(complaint.due_at, self.office.iana_zone)
        self.reporter = complaints.reporter_text(complaint, viewer())
        # The page title names `applicant.name`: for a complaint, its ticket (not the reporter).
        self.applicant = SimpleNamespace(name=complaint.ticket)

    @property
    def government(self) -> str:
        region = self.office.regency or self.office.province
        prefix = "" if self.office.regency else "PROVINSI "
        return f"PEMERINTAH {prefix}{region.name}".upper()


def _bulk_action(d: flow.Disposition):
    def run(self, ids):
        return redirect(self.get_url(".bulk_view", action_name=d.action, ids=",".join(ids)))

    run.__name__ = f"action_{d.action}"
    return action(d.action, d.label, d.confirm or None)(run)


# Declared once in the flow, generated here: one bulk action per disposition.
for _d in flow.DISPOSITIONS:
    setattr(ComplaintView, f"action_{_d.action}", _bulk_action(_d))
