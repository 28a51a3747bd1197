"""The back-office: one Flask-Admin instance, created inside the app factory."""

from flask_admin import Admin
from flask_admin.theme import Bootstrap4Theme

from backoffice.admin.access_log import AccessLogView
from backoffice.admin.accounts import AuditView, RegionView, UserView
from backoffice.admin.applications import ApplicationView
from backoffice.admin.base import SecureIndexView
from backoffice.admin.batches import BatchView
from backoffice.admin.complaints import ComplaintView
from backoffice.admin.dashboard import MonthlyReportView
from backoffice.admin.documents import DocumentView
from backoffice.admin.evidence import (
    ConsultationView,
    EvidenceReportView,
    MediaView,
    ReviewView,
    VersionView,
)
from backoffice.admin.imports import ImportView
from backoffice.admin.maklumat import MaklumatView
from backoffice.admin.markdown import MarkdownPreviewView
from backoffice.admin.offices import OfficeView
from backoffice.admin.people import ApplicantView
from backoffice.admin.privacy import BreachView, RetentionView, SubjectExportView
from backoffice.admin.publishing import PublishingView
from backoffice.admin.queue import QueueView
from backoffice.admin.quotas import QuotaView
from backoffice.admin.standards import ServiceView, StandardView
from backoffice.admin.surveys import (
    CannedAnswerView,
    FollowUpView,
    SkmReportView,
    SurveyView,
    WeightView,
)
from backoffice.admin.visits import VisitsView
from backoffice.i18n import TRANSLATIONS_DIR
from backoffice.models import (
    Applicant,
    Application,
    AuditEntry,
    CannedAnswer,
    Complaint,
    DataBreach,
    District,
    Maklumat,
    MediaPublication,
    Office,
    PersonAccess,
    ProposalBatch,
    Province,
    PublicConsultation,
    Quota,
    Regency,
    Service,
    ServiceStandard,
    StandardReview,
    StandardVersion,
    SurveyFollowUp,
    SurveyResponse,
    User,
    Village,
)
from backoffice.security import csp_nonce

# (view class, model, menu name, category, endpoint)
VIEWS = [
    (ApplicantView, Applicant, "Pemohon", None, "applicant"),
    (ApplicationView, Application, "Permohonan", None, "application"),
    (VisitsView, None, "Kunjungan saya", None, "visits"),  # in the menu of verifiers
    (BatchView, ProposalBatch, "Usulan ke BPJS", None, "batch"),
    (QuotaView, Quota, "Kuota desa", None, "quota"),
    (ComplaintView, Complaint, "Pengaduan", "Pengaduan & SKM", "complaint"),
    (CannedAnswerView, CannedAnswer, "Jawaban baku", "Pengaduan & SKM", "canned_answer"),
    (SurveyView, SurveyResponse, "Survei kepuasan (SKM)", "Pengaduan & SKM", "survey"),
    (FollowUpView, SurveyFollowUp, "Tindak lanjut SKM", "Pengaduan & SKM", "survey_follow_up"),
    (VersionView, StandardVersion, "Versi standar", "Standar pelayanan", "standard_version"),
    (
        ConsultationView,
        PublicConsultation,
        "Konsultasi publik",
        "Standar pelayanan",
        "consultation",
    ),
    (ReviewView, StandardReview, "Evaluasi standar", "Standar pelayanan", "standard_review"),
    (MediaView, MediaPublication, "Publikasi", "Standar pelayanan", "media_publication"),
    (StandardView, ServiceStandard, "Standar pelayanan", "Standar pelayanan", "standard"),
    (ServiceView, Service, "Jenis layanan", "Standar pelayanan", "service"),
    (MaklumatView, Maklumat, "Maklumat pelayanan", "Standar pelayanan", "maklumat"),
    (OfficeView, Office, "Dinas", "Pengaturan", "office"),
    (UserView, User, "Pengguna", "Pengaturan", "account"),
    (AuditView, AuditEntry, "Riwayat perubahan", "Pengaturan", "audit"),
    (AccessLogView, PersonAccess, "Log akses data pribadi", "Pengaturan", "access_log"),
    (BreachView, DataBreach, "Insiden kebocoran data", "Pengaturan", "data_breach"),
    # The region lists sit under Pengaturan: the menu stays one line at 1280 px.
    (RegionView, Province, "Provinsi", "Pengaturan", "province"),
    (RegionView, Regency, "Kabupaten/kota", "Pengaturan", "regency"),
    (RegionView, District, "Kecamatan", "Pengaturan", "district"),
    (RegionView, Village, "Desa/kelurahan", "Pengaturan", "village"),
]
# Pages without a model (view class, name, endpoint, menu category): the documents are
# reached from a record, not the menu.
PAGES = [
    (DocumentView, "Cetak dokumen", "documents", None),
    (ImportView, "Impor pemohon", "applicant_import", None),
    (PublishingView, "Situs publik", "publishing", "Standar pelayanan"),
    (SkmReportView, "Indeks kepuasan (IKM)", "skm", "Pengaduan & SKM"),
    (WeightView, "Bobot unsur SKM", "survey_weight", "Pengaduan & SKM"),
    (MonthlyReportView, "Laporan bulanan", "report", "Pengaduan & SKM"),
    (EvidenceReportView, "Laporan bukti evaluasi", "evidence_report", "Standar pelayanan"),
    (MarkdownPreviewView, "Pratinjau Markdown", "markdown", None),
    (QueueView, "Antrean latar belakang", "queue", "Pengaturan"),
    (SubjectExportView, "Ekspor data subjek", "subject_export", "Pengaturan"),
    (RetentionView, "Retensi data", "retention", "Pengaturan"),
]


def init_app(app) -> Admin:
    admin = Admin(
        app,
        name="Loket JKN",
        url="/admin",
        index_view=SecureIndexView(name="Beranda", url="/admin"),
        theme=Bootstrap4Theme(swatch="default", fluid=True, base_template="admin/loket_base.html"),
        translations_path=TRANSLATIONS_DIR,
        csp_nonce_generator=csp_nonce,
    )
    for view_class, model, name, category, endpoint in VIEWS:
        args = () if model is None else (model,)  # a BaseView page takes no model
        admin.add_view(view_class(*args, name=name, category=category, endpoint=endpoint))
    for view_class, name, endpoint, category in PAGES:
        admin.add_view(view_class(name=name, endpoint=endpoint, category=category))
    app.jinja_env.globals["linked_complaints"] = linked_complaints
    return admin


def linked_complaints(application) -> list:
    """The complaints about an application or its person the signed-in account may see."""
    from backoffice.admin.permissions import allowed
    from backoffice.admin.scoping import viewer
    from backoffice.domain.complaints import linked_to_application

    me = viewer()
    if not allowed(me.role, "complaints"):
        return []
    return linked_to_application(application, me)
