"""Complaints (pengaduan) and satisfaction survey responses (SKM)."""

from markupsafe import Markup, escape

from backoffice.admin.base import SecureModelView, current_zone
from backoffice.admin.filters import EqualsFilter, YearFilter, office_filter
from backoffice.domain.complaints import check_complaint
from backoffice.domain.deadlines import (
    DEFAULT_RESPONSE_DAYS,
    calendar_for,
    complaint_due_at,
    is_overdue,
)
from backoffice.domain.errors import ValidationError
from backoffice.i18n import format_datetime_id
from backoffice.models import Complaint, SurveyResponse
from backoffice.models.base import utcnow
from backoffice.models.complaints import COMPLAINT_CATEGORIES, COMPLAINT_STATUSES
from backoffice.models.offices import COMPLAINT_CHANNELS
from backoffice.models.surveys import SURVEY_ELEMENTS

# Without the office's own promise, LAPOR!'s 5 working days to decide the follow-up.


def _due(view, context, model, name):
    if model.due_at is None:
        return ""
    text = escape(format_datetime_id(model.due_at, current_zone()))
    if model.responded_at is None and is_overdue(model.due_at, utcnow()):
        return Markup(f'{text} <span class="badge badge-danger">terlambat</span>')
    return text


class ComplaintView(SecureModelView):
    area = "complaints"
    column_list = [
        "received_at",
        "office",
        "channel",
        "category",
        "reporter_name",
        "status",
        "due_at",
        "responded_at",
    ]
    column_labels = {
        "office": "Dinas",
        "channel": "Saluran",
        "category": "Klasifikasi",
        "reporter_name": "Nama pelapor",
        "reporter_contact": "Kontak pelapor",
        "content": "Isi pengaduan",
        "status": "Status",
        "received_at": "Diterima",
        "due_at": "Batas tanggapan",
        "responded_at": "Ditanggapi",
        "response": "Tanggapan",
        "lapor_tracking_id": "No. tiket SP4N-LAPOR!",
    }
    column_formatters = {"due_at": _due}
    column_searchable_list = ["reporter_name", "content", "lapor_tracking_id"]
    column_default_sort = ("received_at", True)
    column_filters = [
        EqualsFilter(Complaint.status, "Status", options=COMPLAINT_STATUSES),
        EqualsFilter(Complaint.channel, "Saluran", options=COMPLAINT_CHANNELS),
        EqualsFilter(Complaint.category, "Klasifikasi", options=COMPLAINT_CATEGORIES),
        YearFilter(Complaint.received_at, "Tahun diterima"),
    ]
    form_columns = [
        "office",
        "channel",
        "category",
        "reporter_name",
        "reporter_contact",
        "content",
        "lapor_tracking_id",
        "status",
        "response",
        "responded_at",
    ]

    def check_form(self, form):
        check_complaint(form.content.data, form.status.data, form.response.data)

    def on_model_change(self, form, model, is_created):
        if is_created or model.due_at is None:
            days = model.office.complaint_response_days or DEFAULT_RESPONSE_DAYS
            model.due_at = complaint_due_at(model.received_at, days, calendar_for(model.office))
        if model.status in ("responded", "closed") and model.responded_at is None:
            model.responded_at = utcnow()


class SurveyView(SecureModelView):
    area = "surveys"
    column_list = ["date", "office", "service", *[code for code, _ in SURVEY_ELEMENTS]]
    column_labels = {
        "date": "Tanggal",
        "office": "Dinas",
        "service": "Jenis layanan",
        "respondent_sex": "Jenis kelamin responden",
        "respondent_age": "Umur responden",
        "respondent_education": "Pendidikan responden",
        "suggestion": "Saran",
        **{code: f"U{n}. {label}" for n, (code, label) in enumerate(SURVEY_ELEMENTS, 1)},
    }
    column_default_sort = ("date", True)
    column_filters = [
        YearFilter(SurveyResponse.date, "Tahun"),
        office_filter(SurveyResponse.office),
    ]

    def check_form(self, form):
        age = form.respondent_age.data
        if age is not None and not 10 <= age <= 110:
            raise ValidationError({"respondent_age": "Umur responden harus 10 sampai 110 tahun."})
