"""Service standards (standar pelayanan) and services (jenis layanan)."""

from backoffice.admin.base import SecureModelView, inline
from backoffice.admin.filters import EqualsFilter, office_filter, standard_filter
from backoffice.domain.identity import clean_nip
from backoffice.domain.standards import check_service, check_standard
from backoffice.models import ProcedureStep, Requirement, Service, ServiceStandard
from backoffice.models.base import utcnow
from backoffice.models.quotas import FUNDING_SOURCES
from backoffice.models.standards import COMPONENTS, SERVICE_KINDS, STANDARD_STATUSES

COMPONENT_LABELS = {field: f"{n}. {label}" for n, (field, label) in enumerate(COMPONENTS, 1)}


class StandardView(SecureModelView):
    area = "standards"
    column_list = [
        "title",
        "office",
        "decree_number",
        "revision_number",
        "effective_date",
        "status",
    ]
    column_labels = {
        "title": "Judul",
        "office": "Dinas",
        "decree_number": "Nomor SK",
        "set_date": "Tanggal ditetapkan",
        "revision_number": "Revisi ke",
        "revision_date": "Tanggal revisi",
        "effective_date": "Tanggal berlaku",
        "signed_place": "Ditetapkan di",
        "signatory_name": "Penandatangan",
        "signatory_rank": "Pangkat/golongan",
        "signatory_nip": "NIP penandatangan",
        "status": "Status",
        "created_at": "Dibuat",
        "updated_at": "Diubah",
        **COMPONENT_LABELS,
    }
    column_searchable_list = ["title", "decree_number"]
    column_filters = [
        EqualsFilter(ServiceStandard.status, "Status", options=STANDARD_STATUSES),
        office_filter(ServiceStandard.office),
    ]
    column_default_sort = ("title", False)
    form_excluded_columns = ["created_at", "updated_at", "services"]
    form_args = {
        field: {"description": 'Boleh memakai Markdown: daftar bernomor "1. ..."'}
        for field, _ in COMPONENTS
    }
    form_widget_args = {field: {"rows": 5, "data-markdown-preview": ""} for field, _ in COMPONENTS}

    def check_form(self, form):
        check_standard(
            form.revision_number.data,
            form.set_date.data,
            form.effective_date.data,
            form.signatory_nip.data,
        )

    def on_model_change(self, form, model, is_created):
        model.signatory_nip = clean_nip(model.signatory_nip)
        model.updated_at = utcnow()


class ServiceView(SecureModelView):
    area = "standards"
    column_list = [
        "name",
        "kind",
        "standard",
        "promised_amount",
        "promised_unit",
        "around_the_clock",
        "uses_quota",
        "active",
    ]
    column_labels = {
        "name": "Nama layanan",
        "kind": "Jenis",
        "standard": "Standar pelayanan",
        "promised_amount": "Waktu dijanjikan",
        "promised_unit": "Satuan waktu",
        "promised_text": "Waktu (seperti tertulis di standar)",
        "around_the_clock": "Layanan 24 jam",
        "needs_home_visit": "Perlu kunjungan rumah",
        "uses_quota": "Memakai kuota",
        "default_funding": "Sumber dana bawaan permohonan baru",
        "product": "Produk layanan",
        "active": "Aktif",
    }
    column_searchable_list = ["name"]
    column_filters = [
        EqualsFilter(Service.kind, "Jenis", options=SERVICE_KINDS),
        standard_filter(Service.standard),
    ]
    form_excluded_columns = ["applications"]
    form_args = {
        "default_funding": {
            "choices": [("", "— bawaan sistem —"), *FUNDING_SOURCES],
            "description": "Diisikan ke permohonan baru; petugas masih dapat mengubahnya.",
        }
    }
    inline_models = [
        inline(
            Requirement,
            "Persyaratan",
            {"position": "Urutan", "label": "Dokumen", "required": "Wajib"},
        ),
        inline(
            ProcedureStep,
            "Langkah prosedur",
            {"position": "Urutan", "text": "Langkah", "minutes": "Waktu (menit)"},
        ),
    ]

    def check_form(self, form):
        check_service(form.promised_amount.data, form.promised_unit.data)

    # A service, its requirements and steps are part of its standard's pages: an edit marks the
    # standard (and the one it left) changed, so the next publish rebuilds its pages.
    def on_model_change(self, form, model, is_created):
        before = None if is_created else Service.get_by_id(model.id).standard_id
        touch_standards({model.standard_id, before})

    def on_model_delete(self, model):
        touch_standards({model.standard_id})


def touch_standards(ids: set[int | None]) -> None:
    ServiceStandard.update(updated_at=utcnow()).where(
        ServiceStandard.id.in_([i for i in ids if i is not None])
    ).execute()
