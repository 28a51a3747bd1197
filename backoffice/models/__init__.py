"""The peewee models, one module per area. `ALL_MODELS` is in dependency order."""

from backoffice.models.accounts import LoginFailure, User
from backoffice.models.applications import (
    Application,
    ApplicationEvent,
    ApplicationTally,
    ProposalBatch,
    ReceivedDocument,
)
from backoffice.models.audit import AuditEntry, PersonLookup
from backoffice.models.complaints import CannedAnswer, Complaint, ComplaintEvent
from backoffice.models.evidence import (
    MediaPublication,
    PublicConsultation,
    StandardReview,
    StandardVersion,
)
from backoffice.models.jobs import DataJob, JobFile, QueueWorker
from backoffice.models.notices import FiledReport, Notice
from backoffice.models.offices import ComplaintChannel, Office, OfficeClosure, OfficeHours
from backoffice.models.people import Applicant, ApplicantNote
from backoffice.models.privacy import DataBreach, PersonAccess, RetentionRule
from backoffice.models.publishing import PublishRecord
from backoffice.models.quotas import Quota
from backoffice.models.regions import District, Province, Regency, Village
from backoffice.models.standards import (
    Maklumat,
    ProcedureStep,
    Requirement,
    Service,
    ServiceStandard,
)
from backoffice.models.surveys import SurveyFollowUp, SurveyResponse, SurveyWeight

ALL_MODELS = [
    Province,
    Regency,
    District,
    Village,
    Office,
    OfficeHours,
    ComplaintChannel,
    OfficeClosure,
    ServiceStandard,
    Service,
    Requirement,
    ProcedureStep,
    Maklumat,
    Applicant,
    User,
    ApplicantNote,
    Quota,
    ProposalBatch,
    Application,
    ApplicationTally,
    ReceivedDocument,
    ApplicationEvent,
    Complaint,
    ComplaintEvent,
    CannedAnswer,
    SurveyResponse,
    SurveyWeight,
    SurveyFollowUp,
    StandardVersion,
    PublicConsultation,
    StandardReview,
    MediaPublication,
    AuditEntry,
    PersonLookup,
    PublishRecord,
    LoginFailure,
    DataJob,
    JobFile,
    QueueWorker,
    FiledReport,
    Notice,
    PersonAccess,
    RetentionRule,
    DataBreach,
]
REGION_MODELS = [Province, Regency, District, Village]

__all__ = [m.__name__ for m in ALL_MODELS] + ["ALL_MODELS", "REGION_MODELS"]
