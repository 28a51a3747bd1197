"""What the public site shows, read from the models once into plain objects (a snapshot).

The build reads the database here and nowhere else: a few bulk queries, then every page
renders from memory (the Freezer processes are handed the snapshot and never open a
connection). Only published standards and maklumat are read unless `preview` is set; no table
of people, applications or complaints is ever read: quotas come out as counts per village,
surveys as averages. `demo` says the installation runs in demo mode: its quotas and survey
figures are examples, and every page showing them says so ("data contoh").

An office whose stored data the site cannot be built from (a short code that is no address,
hours that make no calendar, SKM weights that are not one set summing to 1: rows from before a
rule or written around the forms) is left out of the snapshot with its reason in
`SiteData.skipped`: every other office's pages are built, and the build keeps that office's
pages as they were last published (`publish.build`).
"""

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from fractions import Fraction
from functools import lru_cache
from pathlib import Path

from peewee import fn

from backoffice.domain import offices as office_rules
from backoffice.domain import skm
from backoffice.domain.deadlines import OfficeCalendar
from backoffice.domain.errors import ValidationError
from backoffice.domain.ikm import ELEMENT_CODES, SurveyResult, result_from_averages
from backoffice.models import (
    ComplaintChannel,
    District,
    Maklumat,
    Office,
    OfficeClosure,
    OfficeHours,
    ProcedureStep,
    Province,
    Quota,
    Regency,
    Requirement,
    Service,
    ServiceStandard,
    SurveyResponse,
    Village,
)
from backoffice.models.offices import COMPLAINT_CHANNELS, IANA_ZONES
from backoffice.models.standards import COMPONENTS, SERVICE_KINDS, TIME_UNITS
from backoffice.publish.content import ContentPage, read_all

SURVEY_WINDOW_DAYS = 365
STANDARD_HEAD = (
    "id", "office", "title", "decree_number", "set_date", "revision_number", "revision_date",
    "effective_date", "signed_place", "signatory_name", "signatory_rank", "signatory_nip",
    "status", "updated_at",
)  # fmt: skip


@lru_cache(maxsize=65536)
def slugify(text: str, limit: int = 60) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.sub(r"[^a-z0-9]+", " ", ascii_text.lower()).split()
    slug = ""
    for word in words:
        if len(slug) + len(word) + 1 > limit:
            break
        slug = f"{slug}-{word}" if slug else word
    return slug or "layanan"


@dataclass
class ServiceInfo:
    id: int
    standard_id: int
    office_slug: str
    name: str
    kind: str
    promised_amount: int
    promised_unit: str
    promised_text: str
    around_the_clock: bool
    needs_home_visit: bool
    uses_quota: bool
    product: str
    requirements: list[tuple[str, bool]] = field(default_factory=list)
    steps: list[tuple[str, int | None]] = field(default_factory=list)
    slug: str = ""

    def __post_init__(self) -> None:
        self.slug = f"{self.id}-{slugify(self.name)}"

    @property
    def kind_label(self) -> str:
        return dict(SERVICE_KINDS).get(self.kind, self.kind)

    @property
    def promised(self) -> str:
        """The promised time as the standard words it, else amount and unit."""
        unit = dict(TIME_UNITS).get(self.promised_unit, self.promised_unit)
        return self.promised_text or f"{self.promised_amount} {unit}"


@dataclass
class StandardInfo:
    id: int
    office_id: int
    title: str
    status: str
    updated_at: dt.datetime
    head: dict
    components: list[tuple[int, str, str]] = field(default_factory=list)  # (n, label, text)


@dataclass
class OfficeInfo:
    id: int
    slug: str
    name: str
    short_name: str
    record: dict
    region: str
    zone: str
    hours: list[tuple[int, dt.time, dt.time]] = field(default_factory=list)
    closures: list[tuple[dt.date, str]] = field(default_factory=list)
    channels: list[tuple[str, str]] = field(default_factory=list)
    services: list[ServiceInfo] = field(default_factory=list)
    quota_year: int | None = None
    quotas: list["VillageQuota"] = field(default_factory=list)
    survey: SurveyResult | None = None
    survey_services: list = field(default_factory=list)  # IKM per service (published_summary)
    maklumat: dict | None = None  # the latest entered (published unless previewing)
    problem: str = ""  # a stored value the site cannot read (see `office_problem`)

    @property
    def calendar(self) -> OfficeCalendar | None:
        """The office's working calendar for the open-day rule; None without recorded hours."""
        if not self.hours:
            return None
        week = {weekday: (opens, closes) for weekday, opens, closes in self.hours}
        return OfficeCalendar.weekly(self.record["time_zone"], week, dict(self.closures))

    def __getattr__(self, name: str):
        try:
            return self.__dict__["record"][name]
        except KeyError:
            raise AttributeError(name) from None


@dataclass(frozen=True)
class SkippedOffice:
    """An office left out of a build, and why (Indonesian, naming what to fix)."""

    id: int
    slug: str
    name: str
    reason: str

    def line(self) -> str:
        return f"{self.name}: {self.reason}"


@dataclass
class SiteData:
    offices: list[OfficeInfo]
    standards: dict[int, StandardInfo]
    preview: bool
    built_at: dt.datetime
    pages: dict[str, ContentPage] = field(default_factory=dict)  # by path, "faq/bali.md"
    partial: bool = False  # only some standards, no quotas or surveys (see `load_site`)
    demo: bool = False
    skipped: list[SkippedOffice] = field(default_factory=list)  # left out, with the reason
    _details_loaded: set[int] = field(default_factory=set)

    @property
    def offices_by_id(self) -> dict[int, OfficeInfo]:
        return {o.id: o for o in self.offices}

    def office(self, slug: str) -> OfficeInfo | None:
        return next((o for o in self.offices if o.slug == slug), None)

    def service(self, office_slug: str, service_slug: str) -> ServiceInfo | None:
        if "_by_slug" not in self.__dict__:
            self.__dict__["_by_slug"] = {(s.office_slug, s.slug): s for s in self.all_services()}
        return self.__dict__["_by_slug"].get((office_slug, service_slug))

    def standard(self, standard_id: int) -> StandardInfo:
        """The standard with its 14 component texts (read on first use)."""
        if standard_id not in self._details_loaded:
            load_details(self, [standard_id])
        return self.standards[standard_id]

    def page(self, path: str) -> ContentPage | None:
        page = self.pages.get(path)
        return page if page and (page.published or self.preview) else None

    def all_services(self) -> list[ServiceInfo]:
        return [s for o in self.offices for s in o.services]


def load_site(
    preview: bool = False,
    details: bool = True,
    content_root: Path | None = None,
    only: set[int] | None = None,
    demo: bool = False,
    preview_office: int | None = None,
    left_out: dict[int, str] | None = None,
) -> SiteData:
    """The snapshot; `details` reads every standard's texts and checklists up front.

    A preview shows drafts: of every office, or with `preview_office` only that office's (an
    office's webmaster previews their own unpublished work, never another office's).

    With `only`, a partial snapshot for a rebuild: every office, but only those standards and
    their services, and no quotas or surveys. It serves those standards' own pages; anything
    listing an office's services needs the whole snapshot.

    `left_out` names offices (id → reason) to leave out besides those whose data fails a
    check (`office_problem`): a build whose page of that office failed.
    """
    standards = _load_standards(preview, only, preview_office)
    offices = _load_offices(standards, only)
    _attach_maklumat(offices, preview, preview_office)
    offices, skipped = _leave_out_unusable(offices, standards, only is None, left_out or {})
    pages = {page.path: page for page in read_all(content_root)}
    now = dt.datetime.now(dt.UTC)
    data = SiteData(offices, standards, preview, now, pages, only is not None, demo, skipped)
    if details:
        load_details(data, list(standards))
    return data


def _leave_out_unusable(
    offices: list[OfficeInfo],
    standards: dict[int, StandardInfo],
    full: bool,
    left_out: dict[int, str],
) -> tuple[list[OfficeInfo], list[SkippedOffice]]:
    """(the offices the site can be built from, those left out with their reason); the
    standards of those left out are dropped from `standards`. With `full`, each usable
    office's quotas and IKM are read too."""
    usable, skipped = [], []
    for office in offices:
        reason = left_out.get(office.id) or office_problem(office, full)
        if reason is None:
            usable.append(office)
            continue
        skipped.append(SkippedOffice(office.id, office.slug, office.name, reason))
        for standard_id in [i for i, s in standards.items() if s.office_id == office.id]:
            del standards[standard_id]
    return usable, skipped


def office_problem(office: OfficeInfo, full: bool = False) -> str | None:
    """Why the office's pages cannot be built from its stored data (Indonesian), or None.
    With `full`, its quotas and IKM are read here, under the same guard."""
    reason = office.problem or office_rules.unusable(office.slug, office.record["time_zone"])
    if reason:
        return reason
    try:
        office.calendar  # noqa: B018 - built for its check: hours that make no calendar raise
    except ValidationError as exc:
        return f"Jam layanan tersimpan tidak dapat dipakai: {exc}"
    try:
        skm.office_weights(Office(id=office.id))
        if full:
            office.quota_year, office.quotas = office_quotas(office)
            office.survey = office_survey(office)
            office.survey_services = office_survey_services(office) if office.survey else []
    except ValidationError as exc:
        return str(exc)
    except (ValueError, ArithmeticError, LookupError) as exc:  # a value no rule foresaw
        return f"Data dinas tidak dapat diolah ({type(exc).__name__}: {exc})."
    return None


def _load_standards(
    preview: bool, only: set[int] | None, preview_office: int | None = None
) -> dict[int, StandardInfo]:
    columns = [getattr(ServiceStandard, name) for name in STANDARD_HEAD]
    query = ServiceStandard.select(*columns).order_by(ServiceStandard.title, ServiceStandard.id)
    query = query.where(_shown(ServiceStandard, preview, preview_office))
    if only is not None:
        query = query.where(ServiceStandard.id.in_(sorted(only)))
    return {
        row["id"]: StandardInfo(
            row["id"], row["office"], row["title"], row["status"], row["updated_at"], row
        )
        for row in query.dicts()
    }


def _load_offices(
    standards: dict[int, StandardInfo], only: set[int] | None = None
) -> list[OfficeInfo]:
    regions = dict(Province.select(Province.code, Province.name).tuples())
    regencies = dict(Regency.select(Regency.code, Regency.name).tuples())
    offices = []
    for row in Office.select().order_by(Office.name).dicts():
        region = regencies.get(row["regency"]) or f"Provinsi {regions.get(row['province'], '')}"
        offices.append(
            OfficeInfo(
                row["id"],
                row["slug"],
                row["name"],
                row["short_name"],
                row,
                region,
                IANA_ZONES.get(row["time_zone"], ""),  # else left out: office_problem
            )  # fmt: skip
        )
    by_id = {o.id: o for o in offices}
    _attach_schedules(by_id)
    _attach_services(by_id, standards, only)
    return offices


def _attach_schedules(by_id: dict[int, OfficeInfo]) -> None:
    labels = dict(COMPLAINT_CHANNELS)
    for office, weekday, opens, closes in (
        OfficeHours.select(
            OfficeHours.office, OfficeHours.weekday, OfficeHours.opens, OfficeHours.closes
        )
        .order_by(OfficeHours.weekday)
        .tuples()
    ):
        try:
            by_id[office].hours.append((weekday, _time(opens), _time(closes)))
        except (TypeError, ValueError):
            by_id[office].problem = f"Jam layanan tersimpan bukan jam: {opens!r}–{closes!r}."
    for office, channel, value in (
        ComplaintChannel.select(
            ComplaintChannel.office, ComplaintChannel.channel, ComplaintChannel.value
        )
        .order_by(ComplaintChannel.position, ComplaintChannel.id)
        .tuples()
    ):
        by_id[office].channels.append((labels.get(channel, channel), value))
    today = dt.date.today()
    for office, date, reason in (
        OfficeClosure.select(OfficeClosure.office, OfficeClosure.date, OfficeClosure.reason)
        .where((OfficeClosure.date >= today - dt.timedelta(days=1)) & OfficeClosure.full_day)
        .order_by(OfficeClosure.date)
        .tuples()
    ):
        by_id[office].closures.append((date, reason))


MAKLUMAT_FIELDS = (
    "office", "text", "signed_place", "signed_date", "signatory_name", "signatory_rank",
    "signatory_nip", "status", "is_example",
)  # fmt: skip


def _shown(model, preview: bool, preview_office: int | None):
    """Published rows; in a preview also drafts (of `preview_office` only, when given)."""
    published = model.status == "published"
    if not preview:
        return published
    if preview_office:
        return published | (model.office == preview_office)
    return model.id.is_null(False)  # every row


def _attach_maklumat(
    offices: list[OfficeInfo], preview: bool, preview_office: int | None = None
) -> None:
    """Each office's latest maklumat (by date signed); drafts only in a preview."""
    by_id = {office.id: office for office in offices}
    query = Maklumat.select(*[getattr(Maklumat, name) for name in MAKLUMAT_FIELDS])
    query = query.where(_shown(Maklumat, preview, preview_office))
    for row in query.order_by(Maklumat.signed_date, Maklumat.id).dicts():
        if row["office"] in by_id:
            by_id[row["office"]].maklumat = row


def _time(value) -> dt.time:
    return value if isinstance(value, dt.time) else dt.time.fromisoformat(str(value))


SERVICE_COLUMNS = (
    "id", "standard", "name", "kind", "promised_amount", "promised_unit", "promised_text",
    "around_the_clock", "needs_home_visit", "uses_quota", "product",
)  # fmt: skip


def _attach_services(
    by_id: dict[int, OfficeInfo], standards: dict[int, StandardInfo], only: set[int] | None
) -> None:
    if not standards:
        return
    columns = [getattr(Service, name) for name in SERVICE_COLUMNS]
    # A full build reads every service (thousands), so rows stay plain tuples.
    query = Service.select(*columns).where(Service.active).order_by(Service.id).tuples()
    if only is not None:
        query = query.where(Service.standard.in_(sorted(standards)))
    for row in query:
        standard = standards.get(row[1])
        if standard is None:
            continue  # a draft's service (unless previewing)
        office = by_id[standard.office_id]
        office.services.append(ServiceInfo(row[0], row[1], office.slug, *row[2:]))


def load_details(data: SiteData, standard_ids: list[int]) -> None:
    """Read the component texts, checklists and steps of `standard_ids` into `data`."""
    ids = [i for i in standard_ids if i in data.standards and i not in data._details_loaded]
    for chunk in (ids[n : n + 500] for n in range(0, len(ids), 500)):
        _load_components(data, chunk)
        _load_checklists(data, chunk)
        data._details_loaded.update(chunk)


def _load_components(data: SiteData, ids: list[int]) -> None:
    fields = [getattr(ServiceStandard, name) for name, _ in COMPONENTS]
    query = ServiceStandard.select(ServiceStandard.id, *fields).where(ServiceStandard.id.in_(ids))
    for row in query.dicts():
        data.standards[row["id"]].components = [
            (n, label, row[name] or "") for n, (name, label) in enumerate(COMPONENTS, 1)
        ]


def _load_checklists(data: SiteData, ids: list[int]) -> None:
    wanted = set(ids)
    services = {s.id: s for s in data.all_services() if s.standard_id in wanted}
    if not services:
        return
    for service, label, required in (
        Requirement.select(Requirement.service, Requirement.label, Requirement.required)
        .where(Requirement.service.in_(list(services)))
        .order_by(Requirement.position, Requirement.id)
        .tuples()
    ):
        services[service].requirements.append((label, bool(required)))
    for service, text, minutes in (
        ProcedureStep.select(ProcedureStep.service, ProcedureStep.text, ProcedureStep.minutes)
        .where(ProcedureStep.service.in_(list(services)))
        .order_by(ProcedureStep.position, ProcedureStep.id)
        .tuples()
    ):
        services[service].steps.append((text, minutes))


# --- counts and averages: the only things read from casework tables ----------------------


@dataclass(frozen=True)
class VillageQuota:
    district: str
    village: str
    funding_source: str
    allocation: int
    used: int

    @property
    def remaining(self) -> int:
        return max(self.allocation - self.used, 0)


def office_quotas(office: OfficeInfo) -> tuple[int | None, list[VillageQuota]]:
    """(year, counts per village and funding source) for the office's area, latest year."""
    prefix = (office.record["regency"] or office.record["province"]) + "."
    base = Quota.select().join(Village).where(Village.code.startswith(prefix))
    year = base.select(fn.MAX(Quota.year)).scalar()
    if year is None:
        return None, []
    rows = (
        Quota.select(
            District.name, Village.name, Quota.funding_source, Quota.allocation, Quota.used
        )
        .join(Village)
        .join(District)
        .where(Village.code.startswith(prefix) & (Quota.year == year))
        .order_by(District.name, Village.name, Quota.funding_source)
        .tuples()
    )
    return year, [VillageQuota(*row) for row in rows]


def office_survey(office: OfficeInfo, today: dt.date | None = None) -> SurveyResult | None:
    """The IKM of the office's answers of the last year; None without answers."""
    since = (today or dt.date.today()) - dt.timedelta(days=SURVEY_WINDOW_DAYS)
    sums = [fn.SUM(getattr(SurveyResponse, code)) for code in ELEMENT_CODES]
    row = (
        SurveyResponse.select(fn.COUNT(SurveyResponse.id), *sums)
        .where((SurveyResponse.office == office.id) & (SurveyResponse.date >= since))
        .tuples()
        .first()
    )
    count = row[0] if row else 0
    if not count:
        return None
    averages = {
        code: Fraction(int(total), count)
        for code, total in zip(ELEMENT_CODES, row[1:], strict=True)
    }
    # The office's own element weights, as the back-office's SKM report uses (domain.skm).
    return result_from_averages(count, averages, skm.office_weights(Office(id=office.id)))


def office_survey_services(office: OfficeInfo, today: dt.date | None = None) -> list[dict]:
    """The published IKM per service for the same window (domain.skm.published_summary)."""
    end = today or dt.date.today()
    start = end - dt.timedelta(days=SURVEY_WINDOW_DAYS)
    rows = skm.published_summary(Office(id=office.id), start, end)
    return [row for row in rows if row["service"] is not None]
