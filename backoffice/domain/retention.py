"""Retensi data (UU 27/2022: personal data kept no longer than its purpose needs).

An office sets how many years it keeps a closed case (`RetentionRule.years`; blank: for
good). Once a local night (from RUN_HOUR on the office's clock, `is_due`), the periodic work
anonymises, in one transaction per office (`run_office`), every person of the office whose
cases are all over:
- the person has at least one application, every one of them (in any office) closed
  (`CLOSED_STATUSES`) before the limit, and no open complaint by or about them;
- every office that holds the person (the one that registered them, every one they applied
  to) has a rule, and the cases closed before the longest of those rules' limits. A person
  shared with an office that keeps closed cases longer, or for good, is left alone: the
  anonymisation rewrites the one record both offices read, and the other office's rule says
  it still needs it.

What goes: the NIK and No. KK (replaced by "ANON<id>": unique as the column needs, never a
NIK a search could match), name, birth place, the day and month of birth, address, phone,
family role, the chronic-illness flag (health data), notes; on their applications the notes,
visit findings, decision reason, health facility letter, BPJS card number and arrears; the
notes of their applications' timelines and every office's note about them; the summaries of
the audit entries about the person (which held their name and NIK). What stays, for the
office's statistics and the quota and PEKPPP reports that count cases: the village (cases
per village, quotas), sex and birth year (age and sex breakdowns), the DTSEN status and
desil, work status and DTKS listing (who the programme reached), and every application's
service, status, funding, dates and documents ticked (the service's figures). Who did what
and when stays in the audit trail and the access log, pointing at an anonymous record.

`candidates` is what a run would anonymise at a given moment: the preview page shows it
for the next run (`next_run`), so an office sees what will go before it goes.
"""

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from peewee import SQL, fn

from backoffice.db import among, write_transaction
from backoffice.domain import scope
from backoffice.domain.complaint_flow import OPEN as OPEN_COMPLAINTS
from backoffice.domain.dates import to_local, to_utc
from backoffice.domain.errors import ValidationError
from backoffice.models import (
    Applicant,
    ApplicantNote,
    Application,
    ApplicationEvent,
    AuditEntry,
    Complaint,
    Office,
    RetentionRule,
    Service,
    ServiceStandard,
)
from backoffice.models.applications import CLOSED_STATUSES
from backoffice.models.offices import IANA_ZONES

YEARS_MIN, YEARS_MAX = 1, 100
RUN_HOUR = 1  # the office's local hour from which the night's run may start
ANONYMOUS_NAME = "(dianonimkan)"
ANONYMOUS_ROLE = "lainnya"
SCRUBBED_SUMMARY = "(isi dihapus: pemohon dianonimkan menurut aturan retensi)"
CHUNK = 1000
YEARS_MESSAGE = (
    f"Isi jumlah tahun {YEARS_MIN}–{YEARS_MAX} (angka saja), atau kosongkan untuk mematikan "
    "retensi (data disimpan tanpa batas)."
)


@dataclass(frozen=True)
class Candidate:
    """A person a run would anonymise: their cases' number and the last one's closing."""

    id: int
    name: str
    nik: str
    applications: int
    last_closed: dt.datetime
    offices: tuple[int, ...]  # every office holding them (the audit writes in each trail)


def parse_years(text: str | None) -> int | None:
    """The years typed ("5"), None for blank (off); ValidationError({"years": …}) else."""
    value = (text or "").strip()
    if not value:
        return None
    if not (value.isascii() and value.isdigit()) or not YEARS_MIN <= int(value) <= YEARS_MAX:
        raise ValidationError({"years": YEARS_MESSAGE})
    return int(value)


def rule_of(office: Office) -> RetentionRule | None:
    return RetentionRule.get_or_none(RetentionRule.office == office.id)


def set_rule(office: Office, years: int | None, user_id: int | None, now: dt.datetime):
    """Save the office's rule (years, or None: off) as set by `user_id` at `now`; its next
    run is the night after (`next_run`): the preview is seen first. Return the rule."""
    rule = rule_of(office) or RetentionRule(office=office.id)
    rule.years, rule.set_by, rule.set_at = years, user_id, now
    rule.save()
    return rule


def limit_of(years: int, now: dt.datetime) -> dt.datetime:
    """The moment `years` calendar years before `now` (29 February: the 28th)."""
    try:
        return now.replace(year=now.year - years)
    except ValueError:
        return now.replace(year=now.year - years, day=28)


def zone_of(office: Office) -> str:
    return IANA_ZONES.get(office.time_zone, IANA_ZONES["WIB"])


def next_run(rule: RetentionRule | None, office: Office, now: dt.datetime) -> dt.datetime | None:
    """When the rule runs next (naive UTC; `now` when it is due), None when it is off: the
    first night after the rule was set, then every night from RUN_HOUR on the office's clock,
    once a local day."""
    if rule is None or rule.years is None:
        return None
    zone = zone_of(office)
    today = to_local(now, zone).date()
    day = today if to_local(rule.set_at, zone).date() < today else today + dt.timedelta(days=1)
    if rule.last_run_at is not None and to_local(rule.last_run_at, zone).date() >= today:
        day = today + dt.timedelta(days=1)
    return max(to_utc(dt.datetime.combine(day, dt.time(RUN_HOUR)), zone), now)


def is_due(rule: RetentionRule | None, office: Office, now: dt.datetime) -> bool:
    moment = next_run(rule, office, now)
    return moment is not None and moment <= now


# --- who ------------------------------------------------------------------------------------


def candidates(office: Office, now: dt.datetime) -> list[Candidate]:
    """The people a run of `office`'s rule at `now` (naive UTC) anonymises, oldest case
    first; [] when its rule is off."""
    rules = {r.office_id: r.years for r in RetentionRule.select()}
    years = rules.get(office.id)
    if years is None:
        return []
    first = list(_past_own_limit(office, limit_of(years, now)).tuples())
    found = []
    for start in range(0, len(first), CHUNK):
        part = {
            person: (name, nik, holder)
            for person, name, nik, holder in first[start : start + CHUNK]
        }
        found += _past_every_limit(part, rules, now)
    return sorted(found, key=lambda c: (c.last_closed, c.id))


def _past_own_limit(office: Office, limit: dt.datetime):
    """People of the office not yet anonymised with at least one application, all of them
    (any office's) closed before `limit`, and no open complaint: id, name, NIK, office."""
    cases = Application.select(Application.id).where(Application.applicant == Applicant.id)
    unfinished = cases.where(
        Application.status.not_in(CLOSED_STATUSES)
        | Application.closed_at.is_null()
        | (Application.closed_at >= limit)
    )
    theirs = Application.select(Application.id).where(Application.applicant == Applicant.id)
    complaints = Complaint.select(Complaint.id).where(
        ((Complaint.applicant == Applicant.id) | Complaint.application.in_(theirs))
        & Complaint.status.in_(sorted(OPEN_COMPLAINTS))
    )
    return Applicant.select(Applicant.id, Applicant.name, Applicant.nik, Applicant.office).where(
        scope.OFFICE_PATHS[Applicant](office),
        Applicant.anonymised_at.is_null(),
        fn.EXISTS(cases),
        ~fn.EXISTS(unfinished),
        ~fn.EXISTS(complaints),
    )


def _past_every_limit(part: dict, rules: dict, now: dt.datetime) -> Iterator[Candidate]:
    """The people of `part` ({id: (name, NIK, registering office)}) whose cases closed before
    the limit of every office holding them (each with a rule)."""
    held: dict[int, dict] = {}
    query = (
        Application.select(Application.applicant, ServiceStandard.office,
                           fn.COUNT(Application.id), fn.MAX(Application.closed_at))
        .join(Service).join(ServiceStandard)
        .where(among(Application.applicant, list(part)))
        .group_by(Application.applicant, ServiceStandard.office)
    )  # fmt: skip
    for person, office_id, count, closed in query.tuples():
        seen = held.setdefault(person, {"offices": set(), "count": 0, "closed": None})
        seen["offices"].add(office_id)
        seen["count"] += count
        closed = _moment(closed)
        seen["closed"] = closed if seen["closed"] is None else max(seen["closed"], closed)
    for person, seen in held.items():
        name, nik, registered_by = part[person]
        offices = seen["offices"] | ({registered_by} if registered_by is not None else set())
        if all(rules.get(o) is not None and seen["closed"] < limit_of(rules[o], now)
               for o in offices):  # fmt: skip
            yield Candidate(person, name, nik, seen["count"], seen["closed"],
                            tuple(sorted(offices)))  # fmt: skip


def _moment(value) -> dt.datetime:
    # SQLite gives an aggregate's timestamp as text, PostgreSQL as a datetime.
    return dt.datetime.fromisoformat(value) if isinstance(value, str) else value


# --- the run --------------------------------------------------------------------------------


def run_office(office: Office, now: dt.datetime) -> int | None:
    """Run the office's rule if it is due at `now` (naive UTC), in one transaction: claim the
    night's run (one run a local day, whichever worker comes first), anonymise the
    `candidates`, audit. The number of people anonymised; None when not due (off, already
    run, or before RUN_HOUR)."""
    with write_transaction():
        rule = rule_of(office)
        if not is_due(rule, office, now) or not _claim(rule, office, now):
            return None
        people = candidates(office, now)
        anonymise(people, office, rule, now)
    return len(people)


def _claim(rule: RetentionRule, office: Office, now: dt.datetime) -> bool:
    """Mark the night's run as this one's, unless another run did it today (office clock)."""
    zone = zone_of(office)
    midnight = to_utc(dt.datetime.combine(to_local(now, zone).date(), dt.time()), zone)
    return bool(
        RetentionRule.update(last_run_at=now)
        .where((RetentionRule.id == rule.id)
               & (RetentionRule.last_run_at.is_null() | (RetentionRule.last_run_at < midnight)))
        .execute()
    )  # fmt: skip


def anonymise(people: list[Candidate], office: Office, rule: RetentionRule, now) -> None:
    """Replace the identity of `people` and clear the personal fields of their cases (see the
    module's docstring), with one audit entry per person in each office holding them and one
    for the run, in the caller's transaction."""
    for start in range(0, len(people), CHUNK):
        part = people[start : start + CHUNK]
        ids = [p.id for p in part]
        _forget_person(ids, now)
        _forget_cases(ids, now)
        _audit_people(part, office, rule.years, now)
    if people:
        _scrub_trail(now)
        AuditEntry.create(action="anonymise", entity="retention_rule", object_id=str(rule.id),
                          office=office.id, at=now,
                          summary=f"Retensi {rule.years} tahun: {len(people)} pemohon dianonimkan "
                                  "(semua permohonannya selesai sebelum batas).")  # fmt: skip


def _forget_person(ids: list[int], now: dt.datetime) -> None:
    anonymous = SQL("'ANON' || CAST(id AS TEXT)")
    Applicant.update({
        Applicant.nik: anonymous, Applicant.kk: anonymous, Applicant.name: ANONYMOUS_NAME,
        Applicant.birth_place: "", Applicant.address: "", Applicant.phone: "",
        Applicant.family_role: ANONYMOUS_ROLE, Applicant.chronic_priority: False,
        Applicant.notes: "", Applicant.anonymised_at: now, Applicant.updated_at: now,
    }).where(among(Applicant.id, ids)).execute()  # fmt: skip
    by_year: dict[int, list[int]] = {}
    for person, born in (
        Applicant.select(Applicant.id, Applicant.birth_date)
        .where(among(Applicant.id, ids))
        .tuples()
    ):
        year = born.year if isinstance(born, dt.date) else int(str(born)[:4])
        by_year.setdefault(year, []).append(person)
    for year, people in by_year.items():  # the year stays: 1 January of it
        Applicant.update(birth_date=dt.date(year, 1, 1)).where(
            among(Applicant.id, people)
        ).execute()
    ApplicantNote.update(text="").where(among(ApplicantNote.applicant, ids)).execute()


def _scrub_trail(now: dt.datetime) -> None:
    """Clear the summaries of the audit entries about the people anonymised at `now` (they
    held their name and NIK): one pass over the trail for the whole run."""
    people = Applicant.select(Applicant.id.cast("TEXT")).where(Applicant.anonymised_at == now)
    AuditEntry.update(summary=SCRUBBED_SUMMARY).where(
        (AuditEntry.entity == "applicant")
        & (AuditEntry.action != "anonymise")
        & AuditEntry.object_id.in_(people)
    ).execute()


def _forget_cases(ids: list[int], now: dt.datetime) -> None:
    cases = Application.select(Application.id).where(among(Application.applicant, ids))
    Application.update(
        notes="", visit_findings="", decision_reason="", facility_letter="", bpjs_card_number="",
        arrears_amount=None, arrears_due=None, updated_at=now,
    ).where(among(Application.applicant, ids)).execute()  # fmt: skip
    ApplicationEvent.update(note="").where(ApplicationEvent.application.in_(cases)).execute()


def _audit_people(part: list[Candidate], office: Office, years: int, now) -> None:
    rows = [
        {"action": "anonymise", "entity": "applicant", "object_id": str(p.id), "at": now,
         "office": holder, "ip": "", "user": None,
         "summary": f"Pemohon #{p.id} dianonimkan menurut retensi {years} tahun "
                    f"{office.short_name or office.name}: {p.applications} permohonan, "
                    f"terakhir selesai {p.last_closed:%d-%m-%Y}."}
        for p in part
        for holder in (p.offices or (office.id,))
    ]  # fmt: skip
    AuditEntry.insert_many(rows).execute()
