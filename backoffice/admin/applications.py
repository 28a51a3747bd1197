"""Applications (permohonan). Status changes belong to the workflow, not to this form."""

from flask import request
from markupsafe import Markup, escape

from backoffice.admin.base import SecureModelView
from backoffice.admin.filters import EqualsFilter, VillageNameFilter, YearFilter
from backoffice.admin.lookups import ApplicantLookup
from backoffice.domain.applications import check_new_application
from backoffice.models import Applicant, Application, Service
from backoffice.models.applications import APPLICATION_STATUSES, FUNDING_SOURCES
from backoffice.models.base import utcnow


def service_options():
    return [
        (str(s.id), s.name) for s in Service.select().where(Service.active).order_by(Service.name)
    ]


def _applicant(view, context, model, name):
    applicant = model.applicant
    return Markup(
        f'{escape(applicant.name)}<br><small class="text-muted">{escape(applicant.nik)}</small>'
    )


class ApplicationView(SecureModelView):
    area = "applications"
    column_list = ["id", "applicant", "service", "status", "funding_source", "received_at"]
    column_labels = {
        "id": "No.",
        "applicant": "Pemohon",
        "service": "Jenis layanan",
        "status": "Status",
        "funding_source": "Sumber dana",
        "received_at": "Diterima",
        "updated_at": "Diubah",
        "closed_at": "Selesai",
        "notes": "Catatan",
        "bpjs_card_number": "No. kartu BPJS",
        "Applicant / NIK": "NIK",
    }
    column_display_pk = True
    column_searchable_list = [Applicant.nik, Applicant.kk, Applicant.name]
    column_sortable_list = ["id", "status", "funding_source", "received_at"]
    column_default_sort = ("received_at", True)
    column_formatters = {"applicant": _applicant}
    column_filters = [
        EqualsFilter(Application.status, "Status", options=APPLICATION_STATUSES),
        EqualsFilter(Application.service, "Jenis layanan", options=service_options),
        EqualsFilter(Application.funding_source, "Sumber dana", options=FUNDING_SOURCES),
        YearFilter(Application.received_at, "Tahun diterima"),
        VillageNameFilter(Application.applicant),
    ]
    form_columns = ["applicant", "service", "funding_source", "notes"]
    form_ajax_refs = {"applicant": ApplicantLookup()}

    def check_form(self, form):
        editing = request.args.get("id", "")
        check_new_application(
            form.applicant.data, form.service.data, int(editing) if editing.isdigit() else None
        )

    def on_model_change(self, form, model, is_created):
        model.updated_at = utcnow()
