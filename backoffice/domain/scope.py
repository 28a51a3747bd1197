"""Office scope (lingkup dinas): which rows an account may see and touch.

One installation serves several offices. Every record that holds personal or office data
belongs to an office, declared here once per model (`OFFICE_PATHS`). An account with an office
sees and acts only inside it; an account without one (the installation's administrator) sees
everything. Row rules narrow further by role (`ROW_RULES`): a verifier sees only the
applications assigned to them and those applications' applicants. Public reference data (the
Kemendagri regions, the public site's publish history) is declared `SHARED`.

A model that is neither declared nor shared has no scope: `condition` raises `ScopeUndeclared`,
so a new view over a new table fails loudly instead of showing every office's rows.

The fields these rules read decide scope, so who may set each is declared too
(`SCOPE_FIELDS`): an office's region and an account's office and role are the installation's
administrator's alone; the office a record belongs to is, for an office's account, always its
own; a link to another record (a service's standard, a quota's village) is chosen among the
account's own office's records only.

Source: Law 27/2022 on personal data protection (need-to-know access); issue 8.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from peewee import Expression, Field, ModelSelect, fn

from backoffice.models import (
    Applicant,
    ApplicantNote,
    Application,
    ApplicationEvent,
    ApplicationTally,
    AuditEntry,
    CannedAnswer,
    Complaint,
    ComplaintChannel,
    ComplaintEvent,
    DataBreach,
    DataJob,
    District,
    FiledReport,
    Maklumat,
    MediaPublication,
    Notice,
    Office,
    OfficeClosure,
    OfficeHours,
    PersonAccess,
    PersonLookup,
    ProcedureStep,
    ProposalBatch,
    Province,
    PublicConsultation,
    PublishRecord,
    Quota,
    ReceivedDocument,
    Regency,
    Requirement,
    RetentionRule,
    Service,
    ServiceStandard,
    StandardReview,
    StandardVersion,
    SurveyFollowUp,
    SurveyResponse,
    SurveyWeight,
    User,
    Village,
)


class ScopeUndeclared(LookupError):
    """A model whose rows nobody declared an office for: it must not be shown to anyone."""


@dataclass(frozen=True)
class Viewer:
    """Who is looking: role (peran), account id and office (None: every office)."""

    role: str
    user_id: int | None = None
    office: Office | None = None

    @classmethod
    def of(cls, user: User) -> "Viewer":
        return cls(role=user.role, user_id=user.id, office=user.office)

    @property
    def office_id(self) -> int | None:
        return self.office.id if self.office is not None else None


def standards_of(office: Office) -> ModelSelect:
    return ServiceStandard.select(ServiceStandard.id).where(ServiceStandard.office == office.id)


def services_of(office: Office) -> ModelSelect:
    return Service.select(Service.id).where(Service.standard.in_(standards_of(office)))


def applications_of(office: Office) -> ModelSelect:
    return Application.select(Application.id).where(Application.service.in_(services_of(office)))


def area_code(office: Office) -> str:
    """The Kemendagri code of the area an office serves: its regency ("51.07"), or its
    province ("51") for a provincial office."""
    return office.regency_id or office.province_id or ""


def area_prefix(office: Office) -> str:
    """The code prefix of the office's villages: "51.07." (see area_code)."""
    return f"{area_code(office)}."


def _quotas(office: Office) -> Expression:
    """A village's quota belongs to the office of its regency; a provincial office has the
    villages of regencies with no office of their own."""
    where = Quota.village.startswith(area_prefix(office))
    if office.regency_id is None:
        for other in Office.select(Office.regency).where(
            (Office.province == office.province_id) & Office.regency.is_null(False)
        ):
            where &= ~Quota.village.startswith(f"{other.regency_id}.")
    return where


def _applicants(office: Office) -> Expression:
    # A correlated EXISTS (index application(applicant_id, service_id)) rather than
    # `id IN (every applicant who applied)`: a page of 50 checks 50 people, not the office's
    # million applications (issue 12).
    # The office's service ids as a list: PostgreSQL ran the services subquery again inside
    # the EXISTS for every row checked (25 µs a row), SQLite once.
    services = [service_id for (service_id,) in services_of(office).tuples()]
    applied = Application.select(Application.id).where(
        (Application.applicant == Applicant.id) & Application.service.in_(services)
    )
    return (Applicant.office == office.id) | fn.EXISTS(applied)


# model -> the rows of one office. Applicants belong to the office that registered them and to
# every office they applied to; quotas through their village's regency.
OFFICE_PATHS: dict[type, Callable[[Office], Expression]] = {
    Office: lambda o: Office.id == o.id,
    Maklumat: lambda o: Maklumat.office == o.id,
    OfficeHours: lambda o: OfficeHours.office == o.id,
    ComplaintChannel: lambda o: ComplaintChannel.office == o.id,
    OfficeClosure: lambda o: OfficeClosure.office == o.id,
    ServiceStandard: lambda o: ServiceStandard.office == o.id,
    Service: lambda o: Service.standard.in_(standards_of(o)),
    Requirement: lambda o: Requirement.service.in_(services_of(o)),
    ProcedureStep: lambda o: ProcedureStep.service.in_(services_of(o)),
    Applicant: _applicants,
    # An office's own note about a person another office registered; its look-ups of them.
    ApplicantNote: lambda o: ApplicantNote.office == o.id,
    PersonLookup: lambda o: PersonLookup.office == o.id,
    Application: lambda o: Application.service.in_(services_of(o)),
    # Counts per service: a row rule on applications (a verifier's) cannot apply to them, so
    # they are read only where none does (figures.tallied).
    ApplicationTally: lambda o: ApplicationTally.service.in_(services_of(o)),
    ApplicationEvent: lambda o: ApplicationEvent.application.in_(applications_of(o)),
    ReceivedDocument: lambda o: ReceivedDocument.application.in_(applications_of(o)),
    ProposalBatch: lambda o: ProposalBatch.office == o.id,
    Quota: _quotas,
    Complaint: lambda o: Complaint.office == o.id,
    ComplaintEvent: lambda o: ComplaintEvent.complaint.in_(
        Complaint.select(Complaint.id).where(Complaint.office == o.id)
    ),
    CannedAnswer: lambda o: CannedAnswer.office == o.id,
    SurveyResponse: lambda o: SurveyResponse.office == o.id,
    SurveyWeight: lambda o: SurveyWeight.office == o.id,
    SurveyFollowUp: lambda o: SurveyFollowUp.office == o.id,
    StandardVersion: lambda o: StandardVersion.standard.in_(standards_of(o)),
    PublicConsultation: lambda o: PublicConsultation.standard.in_(standards_of(o)),
    StandardReview: lambda o: StandardReview.standard.in_(standards_of(o)),
    MediaPublication: lambda o: MediaPublication.office == o.id,
    User: lambda o: User.office == o.id,
    AuditEntry: lambda o: AuditEntry.office == o.id,
    DataJob: lambda o: DataJob.office == o.id,
    FiledReport: lambda o: FiledReport.office == o.id,
    # A notice is its one account's (`notices.mark_read`); its office is that account's.
    Notice: lambda o: Notice.user.in_(User.select(User.id).where(User.office == o.id)),
    # Personal data protection: an office's own access log, retention rule and breaches.
    PersonAccess: lambda o: PersonAccess.office == o.id,
    RetentionRule: lambda o: RetentionRule.office == o.id,
    DataBreach: lambda o: DataBreach.office == o.id,
}
SHARED = frozenset({Province, Regency, District, Village, PublishRecord})

# --- who may set the fields the rules above read --------------------------------------------
# OWNER: the record's own office. An office's account never changes it; what it creates is
#   its own office's.
# BOUNDARY: where an office's reach ends: its region (whose villages' quotas are its own), an
#   account's role (ROW_RULES, permissions). Only the installation's administrator (an account
#   without an office) changes them; an office's account may only fill them in on a record it
#   creates inside its own office (a new staff account's role).
# LINK: another record the row belongs through (a service's standard, an application's
#   service, a quota's village). An office's account chooses among its own office's records
#   only, and a save that would move the row out of its office is undone (admin.base).
OWNER, BOUNDARY, LINK = "owner", "boundary", "link"
SCOPE_FIELDS: dict[Field, str] = {
    Office.province: BOUNDARY,
    Office.regency: BOUNDARY,
    User.role: BOUNDARY,
    User.office: OWNER,
    Maklumat.office: OWNER,
    OfficeHours.office: OWNER,
    ComplaintChannel.office: OWNER,
    OfficeClosure.office: OWNER,
    ServiceStandard.office: OWNER,
    Applicant.office: OWNER,
    ApplicantNote.office: OWNER,
    PersonLookup.office: OWNER,
    ProposalBatch.office: OWNER,
    Complaint.office: OWNER,
    CannedAnswer.office: OWNER,
    SurveyResponse.office: OWNER,
    SurveyWeight.office: OWNER,
    SurveyFollowUp.office: OWNER,
    MediaPublication.office: OWNER,
    AuditEntry.office: OWNER,
    DataJob.office: OWNER,
    FiledReport.office: OWNER,
    PersonAccess.office: OWNER,
    RetentionRule.office: OWNER,
    DataBreach.office: OWNER,
    Service.standard: LINK,
    Requirement.service: LINK,
    ProcedureStep.service: LINK,
    Application.service: LINK,
    Application.applicant: LINK,
    Application.verifier: LINK,
    ApplicationTally.service: LINK,
    ApplicationEvent.application: LINK,
    ReceivedDocument.application: LINK,
    Quota.village: LINK,
    ComplaintEvent.complaint: LINK,
    StandardVersion.standard: LINK,
    PublicConsultation.standard: LINK,
    StandardReview.standard: LINK,
    Notice.user: LINK,
}


def set_by_installation(model: type) -> dict[str, str]:
    """{field name: OWNER or BOUNDARY} of `model`'s fields an office's account may not
    change (it sees them read-only)."""
    return {
        field.name: kind
        for field, kind in SCOPE_FIELDS.items()
        if field.model is model and kind in (OWNER, BOUNDARY)
    }


def _assigned(viewer: Viewer) -> ModelSelect:
    return Application.select(Application.id).where(Application.verifier == viewer.user_id)


# (role, model) -> the rows that role sees inside its office.
ROW_RULES: dict[tuple[str, type], Callable[[Viewer], Expression]] = {
    ("verifikator", Application): lambda v: Application.verifier == v.user_id,
    ("verifikator", Applicant): lambda v: Applicant.id.in_(
        Application.select(Application.applicant).where(Application.verifier == v.user_id)
    ),
    ("verifikator", ApplicationEvent): lambda v: ApplicationEvent.application.in_(_assigned(v)),
    ("verifikator", ReceivedDocument): lambda v: ReceivedDocument.application.in_(_assigned(v)),
}


def register(model: type, path: Callable[[Office], Expression]) -> None:
    """Declare the office of a model defined elsewhere (an extension's table)."""
    OFFICE_PATHS[model] = path


def has_row_rule(viewer: Viewer, model: type) -> bool:
    """Whether `viewer`'s role sees only some of its office's rows of `model`."""
    return (viewer.role, model) in ROW_RULES


def is_declared(model: type) -> bool:
    return model in OFFICE_PATHS or model in SHARED


def condition(model: type, viewer: Viewer) -> Expression | None:
    """The WHERE clause that limits `model` to what `viewer` may see; None when nothing limits
    it. Raises ScopeUndeclared for a model with no declared scope."""
    if model in SHARED:
        return None
    if model not in OFFICE_PATHS:
        raise ScopeUndeclared(f"No office scope declared for {model.__name__}")
    clauses = []
    if viewer.office is not None:
        clauses.append(OFFICE_PATHS[model](viewer.office))
    rule = ROW_RULES.get((viewer.role, model))
    if rule is not None:
        clauses.append(rule(viewer))
    if not clauses:
        return None
    where = clauses[0]
    for clause in clauses[1:]:
        where &= clause
    return where


def scoped(query: ModelSelect, viewer: Viewer, model: type | None = None) -> ModelSelect:
    """`query` limited to the rows of `model` (default: the query's model) `viewer` may see."""
    where = condition(model or query.model, viewer)
    return query if where is None else query.where(where)


def visible(model: type, pk, viewer: Viewer):
    """The row of `model` with primary key `pk` when `viewer` may see it, else None."""
    pk_field = model._meta.primary_key
    return scoped(model.select(), viewer, model).where(pk_field == pk).first()


def all_visible(model: type, pks: Iterable, viewer: Viewer) -> bool:
    """True when every one of `pks` names a row of `model` that `viewer` may see."""
    wanted = set(pks)
    if not wanted:
        return True
    pk_field = model._meta.primary_key
    query = scoped(model.select(pk_field), viewer, model).where(pk_field.in_(list(wanted)))
    return {row[0] for row in query.tuples()} == wanted


def office_id_of(record) -> int | None:
    """The office a record belongs to (for the audit trail); None for shared data."""
    model = type(record)
    if model is Office:
        return record.id
    if model is Application:
        return record.service.standard.office_id
    if model is Service:
        return record.standard.office_id
    if model in (Requirement, ProcedureStep):
        return record.service.standard.office_id
    if model in (ApplicationEvent, ReceivedDocument):
        return record.application.service.standard.office_id
    if model is Quota:
        return _office_of_village(record.village_id)
    if model in (StandardVersion, PublicConsultation, StandardReview):
        return record.standard.office_id
    if model is ComplaintEvent:
        return record.complaint.office_id
    return getattr(record, "office_id", None)


def _office_of_village(code: str) -> int | None:
    """The office of the village's regency, else of its province. Were two offices to claim
    one area (one region, one office is checked when it is set: `domain.offices`), the one
    created first: the same office on every database, whatever order rows come back in."""
    offices = Office.select(Office.id, Office.regency, Office.province).order_by(Office.id)
    matches = [o for o in offices if code.startswith(area_prefix(o))]
    matches.sort(key=lambda o: (o.regency_id is None, o.id))  # a regency's before a province's
    return matches[0].id if matches else None
