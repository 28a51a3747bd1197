"""The back-office: one Flask-Admin instance, created inside the app factory."""

from flask_admin import Admin
from flask_admin.theme import Bootstrap4Theme

from backoffice.admin.accounts import AuditView, RegionView, UserView
from backoffice.admin.applications import ApplicationView
from backoffice.admin.base import SecureIndexView
from backoffice.admin.batches import BatchView
from backoffice.admin.complaints import ComplaintView, SurveyView
from backoffice.admin.documents import DocumentView
from backoffice.admin.maklumat import MaklumatView
from backoffice.admin.markdown import MarkdownPreviewView
from backoffice.admin.offices import OfficeView
from backoffice.admin.people import ApplicantView
from backoffice.admin.publishing import PublishingView
from backoffice.admin.quotas import QuotaView
from backoffice.admin.standards import ServiceView, StandardView
from backoffice.i18n import TRANSLATIONS_DIR
from backoffice.models import (
    Applicant,
    Application,
    AuditEntry,
    Complaint,
    District,
    Maklumat,
    Office,
    ProposalBatch,
    Province,
    Quota,
    Regency,
    Service,
    ServiceStandard,
    SurveyResponse,
    User,
    Village,
)

# (view class, model, menu name, category, endpoint)
VIEWS = [
    (ApplicantView, Applicant, "Pemohon", None, "applicant"),
    (ApplicationView, Application, "Permohonan", None, "application"),
    (BatchView, ProposalBatch, "Usulan ke BPJS", None, "batch"),
    (QuotaView, Quota, "Kuota desa", None, "quota"),
    (ComplaintView, Complaint, "Pengaduan", "Pengaduan & SKM", "complaint"),
    (SurveyView, SurveyResponse, "Survei kepuasan (SKM)", "Pengaduan & SKM", "survey"),
    (StandardView, ServiceStandard, "Standar pelayanan", "Standar pelayanan", "standard"),
    (ServiceView, Service, "Jenis layanan", "Standar pelayanan", "service"),
    (MaklumatView, Maklumat, "Maklumat pelayanan", "Standar pelayanan", "maklumat"),
    (OfficeView, Office, "Dinas", "Pengaturan", "office"),
    (UserView, User, "Pengguna", "Pengaturan", "account"),
    (AuditView, AuditEntry, "Riwayat perubahan", "Pengaturan", "audit"),
    (RegionView, Province, "Provinsi", "Wilayah", "province"),
    (RegionView, Regency, "Kabupaten/kota", "Wilayah", "regency"),
    (RegionView, District, "Kecamatan", "Wilayah", "district"),
    (RegionView, Village, "Desa/kelurahan", "Wilayah", "village"),
]
# Pages without a model (view class, name, endpoint): reached from a record, not the menu.
PAGES = [
    (DocumentView, "Cetak dokumen", "documents"),
    (PublishingView, "Situs publik", "publishing"),
    (MarkdownPreviewView, "Pratinjau Markdown", "markdown"),
]


def init_app(app) -> Admin:
    admin = Admin(
        app,
        name="Loket JKN",
        url="/admin",
        index_view=SecureIndexView(name="Beranda", url="/admin"),
        theme=Bootstrap4Theme(swatch="default", fluid=True, base_template="admin/loket_base.html"),
        translations_path=TRANSLATIONS_DIR,
    )
    for view_class, model, name, category, endpoint in VIEWS:
        args = () if model is None else (model,)  # a BaseView page takes no model
        admin.add_view(view_class(*args, name=name, category=category, endpoint=endpoint))
    for view_class, name, endpoint in PAGES:
        admin.add_view(view_class(name=name, endpoint=endpoint))
    return admin
