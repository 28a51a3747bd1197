"""Complaints (pengaduan) and satisfaction survey responses (SKM)."""

from backoffice.admin.base import SecureModelView
from backoffice.admin.filters import EqualsFilter, YearFilter, office_filter
from backoffice.domain.errors import ValidationError
from backoffice.models import Complaint, SurveyResponse
from backoffice.models.complaints import COMPLAINT_CATEGORIES, COMPLAINT_STATUSES
from backoffice.models.offices import COMPLAINT_CHANNELS
from backoffice.models.surveys import SURVEY_ELEMENTS


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
        errors = {}
        if not (form.content.data or "").strip():
            errors["content"] = "Isi pengaduan wajib diisi."
        if form.status.data in ("responded", "closed") and not (form.response.data or "").strip():
            errors["response"] = "Tuliskan tanggapan sebelum menandai pengaduan sudah ditanggapi."
        if errors:
            raise ValidationError(errors)


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
