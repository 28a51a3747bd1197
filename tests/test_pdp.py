"""Personal data protection (issue 18, UU 27/2022), the rules: the access log's writer, the
retention rule and its run, the data-subject export's tables, the breach clock."""

import datetime as dt

import pytest
from peewee import ForeignKeyField

from backoffice.db import database
from backoffice.domain import access_log, breaches, retention, subject_data
from backoffice.domain.errors import ValidationError
from backoffice.domain.scope import Viewer
from backoffice.models import (
    ALL_MODELS,
    Applicant,
    ApplicantNote,
    Application,
    ApplicationEvent,
    AuditEntry,
    Complaint,
    DataBreach,
    PersonAccess,
    RetentionRule,
)
from backoffice.tasks import periodic
from tests import factories

NOW = dt.datetime(2026, 12, 2, 3, 0)  # naive UTC: 11.00 WITA
SIX_YEARS_AGO = dt.datetime(2020, 11, 20, 2, 0)
FOUR_YEARS_AGO = dt.datetime(2022, 11, 20, 2, 0)


def rule(office, years, set_at=NOW - dt.timedelta(days=2)):
    return RetentionRule.create(office=office, years=years, set_at=set_at)


def closed_case(person, service, closed_at, notes="Catatan rumah tangga"):
    app = factories.make_application(person, service, status="done", closed_at=closed_at,
                                     notes=notes, visit_findings="Rumah semi permanen",
                                     bpjs_card_number="0001234567890")  # fmt: skip
    ApplicationEvent.create(application=app, action="finish", from_status="complete",
                            to_status="done", note="Diserahkan ke anaknya")  # fmt: skip
    return app


@pytest.fixture
def offices(db):
    """Karangasem with a 5-year rule, and the offices a person may share with it."""
    mine = factories.make_office(slug="karangasem", time_zone="WITA")
    longer = factories.make_office(slug="lebih-lama", regency="51.71")
    keeps = factories.make_office(slug="tanpa-batas", regency="63.71", province="63")
    shorter = factories.make_office(slug="lebih-singkat", regency="33.25", province="33")
    rule(mine, 5), rule(longer, 10), rule(shorter, 3)
    services = {o.slug: factories.make_service(office=o) for o in (mine, longer, keeps, shorter)}
    return mine, services


def person(office, **fields):
    return factories.make_applicant(office=office, phone="081234567890", notes="Janda, 3 anak",
                                    dtsen_decile=2, **fields)  # fmt: skip


# --- the retention run ------------------------------------------------------------------------


def test_the_retention_run_anonymises_closed_cases_past_the_limit_and_nothing_else(offices):
    mine, services = offices
    own = services["karangasem"]
    gone = person(mine, name="Lama Sekali")
    closed_case(gone, own, SIX_YEARS_AGO)
    ApplicantNote.create(applicant=gone, office=mine, text="Catatan dinas")
    also_gone = person(mine, name="Dua Dinas Singkat")  # the other office keeps 3 years
    closed_case(also_gone, own, SIX_YEARS_AGO)
    closed_case(also_gone, services["lebih-singkat"], SIX_YEARS_AGO)
    kept = {
        "recent": person(mine, name="Baru Selesai"),
        "open": person(mine, name="Masih Berjalan"),
        "complaint": person(mine, name="Pengaduan Terbuka"),
        "nothing": person(mine, name="Belum Pernah Mohon"),
        "longer": person(mine, name="Dinas Lain Sepuluh Tahun"),
        "for_good": person(mine, name="Dinas Lain Tanpa Batas"),
        "other": person(services["tanpa-batas"].standard.office, name="Orang Dinas Lain"),
    }
    closed_case(kept["recent"], own, FOUR_YEARS_AGO)
    closed_case(kept["open"], own, SIX_YEARS_AGO)
    factories.make_application(
        kept["open"], factories.make_service(office=mine, kind="reactivation")
    )
    closed_case(kept["complaint"], own, SIX_YEARS_AGO)
    Complaint.create(office=mine, channel="surat", content="Belum dapat kartu",
                     applicant=kept["complaint"])  # fmt: skip
    closed_case(kept["longer"], own, SIX_YEARS_AGO)
    closed_case(kept["longer"], services["lebih-lama"], SIX_YEARS_AGO)
    closed_case(kept["for_good"], own, SIX_YEARS_AGO)
    closed_case(kept["for_good"], services["tanpa-batas"], SIX_YEARS_AGO)
    closed_case(kept["other"], services["tanpa-batas"], SIX_YEARS_AGO)
    before = {key: Applicant.get_by_id(p.id).__data__ for key, p in kept.items()}
    kept_cases = {a.id: a.__data__ for a in Application.select().where(
        Application.applicant.in_([p.id for p in kept.values()]))}  # fmt: skip

    previewed = [c.id for c in retention.candidates(mine, NOW)]
    done = periodic.apply_retention(NOW)

    assert done == 2 and sorted(previewed) == sorted([gone.id, also_gone.id])
    assert {key: Applicant.get_by_id(p.id).__data__ for key, p in kept.items()} == before
    assert {a.id: a.__data__ for a in Application.select().where(
        Application.applicant.in_([p.id for p in kept.values()]))} == kept_cases  # fmt: skip
    after = Applicant.get_by_id(gone.id)
    assert (after.nik, after.kk, after.name) == (f"ANON{gone.id}", f"ANON{gone.id}",
                                                 retention.ANONYMOUS_NAME)  # fmt: skip
    assert (after.address, after.phone, after.notes, after.birth_place) == ("", "", "", "")
    assert after.birth_date == dt.date(gone.birth_date.year, 1, 1)
    assert (after.village_id, after.sex, after.dtsen_decile) == (
        gone.village_id, gone.sex, gone.dtsen_decile)  # fmt: skip
    assert after.anonymised_at == NOW
    case = Application.get(Application.applicant == gone.id)
    assert (case.notes, case.visit_findings, case.bpjs_card_number) == ("", "", "")
    assert (case.status, case.closed_at) == ("done", SIX_YEARS_AGO)  # statistics stay
    assert ApplicationEvent.get(ApplicationEvent.application == case.id).note == ""
    assert ApplicantNote.get(ApplicantNote.applicant == gone.id).text == ""


def test_a_person_anonymised_is_audited_in_every_office_holding_them(offices):
    mine, services = offices
    shared = person(mine)
    closed_case(shared, services["karangasem"], SIX_YEARS_AGO)
    closed_case(shared, services["lebih-singkat"], SIX_YEARS_AGO)
    AuditEntry.create(action="create", entity="applicant", object_id=str(shared.id),
                      office=mine, summary=str(shared))  # fmt: skip

    retention.run_office(mine, NOW)

    about = AuditEntry.select().where(AuditEntry.entity == "applicant",
                                      AuditEntry.object_id == str(shared.id))  # fmt: skip
    offices_told = {e.office_id for e in about if e.action == "anonymise"}
    assert offices_told == {mine.id, services["lebih-singkat"].standard.office_id}
    assert all(shared.nik not in e.summary and shared.name not in e.summary for e in about)
    assert AuditEntry.get(AuditEntry.entity == "retention_rule").office_id == mine.id


def test_the_run_is_once_a_night_and_a_second_run_changes_nothing(offices):
    mine, services = offices
    closed_case(person(mine), services["karangasem"], SIX_YEARS_AGO)

    first = retention.run_office(mine, NOW)
    again = retention.run_office(mine, NOW + dt.timedelta(minutes=15))
    entries = AuditEntry.select().count()
    next_night = retention.run_office(mine, NOW + dt.timedelta(days=1))

    assert (first, again, next_night) == (1, None, 0)
    assert AuditEntry.select().count() == entries


def test_a_rule_set_today_first_runs_the_next_night_after_one_oclock(offices):
    mine, services = offices
    closed_case(person(mine), services["karangasem"], SIX_YEARS_AGO)
    rule_now = retention.set_rule(mine, 5, None, NOW)  # 11.00 WITA

    assert retention.next_run(rule_now, mine, NOW) == dt.datetime(2026, 12, 2, 17, 0)  # 01.00 WITA
    assert retention.run_office(mine, NOW) is None
    assert retention.run_office(mine, dt.datetime(2026, 12, 2, 16, 59)) is None
    assert retention.run_office(mine, dt.datetime(2026, 12, 2, 17, 0)) == 1


def test_a_rule_switched_off_anonymises_no_one(offices):
    mine, services = offices
    closed_case(person(mine), services["karangasem"], SIX_YEARS_AGO)
    retention.set_rule(mine, None, None, NOW - dt.timedelta(days=3))

    assert retention.candidates(mine, NOW) == []
    assert retention.run_office(mine, NOW) is None


@pytest.mark.parametrize("typed", ["0", "101", "lima", "5.5", "-3"])
def test_retention_years_are_1_to_100_or_blank(typed):
    with pytest.raises(ValidationError) as refused:
        retention.parse_years(typed)
    assert "1–100" in refused.value.errors["years"]
    assert retention.parse_years(" 5 ") == 5 and retention.parse_years("") is None


# --- the data-subject export declares every table about a person --------------------------------


def reaches_applicant(model, seen=frozenset()) -> bool:
    links = [f for f in model._meta.sorted_fields if isinstance(f, ForeignKeyField)]
    return any(
        f.rel_model is Applicant
        or (f.rel_model not in seen and reaches_applicant(f.rel_model, seen | {model}))
        for f in links
    )


def test_every_table_with_a_path_to_the_applicant_is_in_the_subject_export():
    declared = {model for _, model, _ in subject_data.SUBJECT_TABLES}
    about_people = {m for m in ALL_MODELS if m is Applicant or reaches_applicant(m)}
    assert about_people >= {Application, Complaint, PersonAccess, ApplicantNote}
    missing = sorted(m.__name__ for m in about_people - declared)
    assert not missing, f"declare in subject_data.SUBJECT_TABLES: {missing}"
    assert AuditEntry in declared  # names its records by id, not by a foreign key


def test_a_confidential_reporter_stays_hidden_in_the_subject_export(offices):
    mine, _ = offices
    someone = person(mine)
    Complaint.create(office=mine, channel="surat", content="Tetangga tidak layak",
                     applicant=someone, reporter_mode="confidential",
                     reporter_name="Pak RT", reporter_contact="0812")  # fmt: skip

    made = subject_data.sheets(someone, Viewer(role="admin", office=mine))

    [complaints] = [s for s in made if s.model is Complaint]
    text = " ".join(" ".join(row) for row in complaints.rows)
    assert "Tetangga tidak layak" in text and "Pak RT" not in text and "0812" not in text


# --- the access log's writer ----------------------------------------------------------------------


def test_an_export_logs_every_person_once_in_statements_of_thousands(db):
    # 12,001 people: three statements of up to CHUNK; 100,000 are timed in
    # tests/benchmarks/test_access_log_overhead.py.
    office = factories.make_office()
    user = factories.make_user(role="supervisor", office=office)
    factories.make_applicant(office=office)  # a village and a person to copy
    template = Applicant.select().dicts().get()
    template.pop("id")
    rows = [{**template, "nik": f"{n:016d}", "kk": f"{n:016d}"} for n in range(1, 12_001)]
    with database.atomic():
        for start in range(0, len(rows), 2000):
            Applicant.insert_many(rows[start : start + 2000]).execute()
    ids = [i for (i,) in Applicant.select(Applicant.id).tuples()]
    people = access_log.ExportedPeople(column=0)
    chunks = [[(i, "x") for i in ids[n : n + 2000]] * 2 for n in range(0, len(ids), 2000)]

    passed = sum(len(chunk) for chunk in people.passing(chunks))
    with database.atomic():
        written = access_log.record(people.ids, "export", "Ekspor permohonan.csv",
                                    user_id=user.id, office_id=office.id,
                                    address="10.0.0.7")  # fmt: skip

    assert passed == 2 * len(ids) and written == len(ids) == 12_001
    logged = PersonAccess.select(PersonAccess.applicant, PersonAccess.office, PersonAccess.ref)
    assert sorted(a.applicant_id for a in logged) == sorted(ids)
    assert {(a.office_id, a.ref) for a in logged} == {(office.id, "Ekspor permohonan.csv")}


def test_an_installation_admins_export_is_logged_in_each_persons_office(db):
    mine, theirs = factories.make_office(), factories.make_office(regency="63.71", province="63")
    people = [factories.make_applicant(office=mine), factories.make_applicant(office=theirs)]

    access_log.record([p.id for p in people], "export", "Ekspor pemohon.csv",
                      user_id=factories.make_user(role="admin").id, office_id=None)  # fmt: skip

    assert {(a.applicant_id, a.office_id) for a in PersonAccess.select()} == {
        (people[0].id, mine.id), (people[1].id, theirs.id)}  # fmt: skip


# --- the breach clock -----------------------------------------------------------------------------


def breach(**moments):
    return DataBreach(discovered_at=NOW - dt.timedelta(hours=10), **moments)


def test_a_breach_has_72_hours_from_discovery_to_tell_both_parties():
    state = breaches.clock(breach(), NOW)
    assert state.open and not state.overdue
    assert state.text.startswith("sisa 62 jam") and "subjek data, lembaga PDP" in state.text


def test_a_breach_not_told_after_72_hours_is_overdue():
    told_people = breach(subjects_notified_at=NOW - dt.timedelta(hours=9))
    state = breaches.clock(told_people, NOW + dt.timedelta(hours=70))
    assert state.overdue and state.text.startswith("lewat 8 jam")
    assert "lembaga PDP" in state.text and "subjek data" not in state.text


def test_a_breach_told_to_both_is_closed_and_says_if_it_was_late():
    told = breach(subjects_notified_at=NOW, authority_notified_at=NOW + dt.timedelta(hours=70))
    state = breaches.clock(told, NOW + dt.timedelta(days=10))
    assert not state.open and not state.overdue
    assert state.text == "sudah diberitahukan (terlambat: lembaga PDP)"


def test_a_notification_before_the_discovery_or_in_the_future_is_refused():
    with pytest.raises(ValidationError) as refused:
        breaches.check(NOW, NOW - dt.timedelta(hours=1), NOW + dt.timedelta(days=1), NOW)
    assert refused.value.errors == {"subjects_notified_at": breaches.BEFORE_MESSAGE,
                                    "authority_notified_at": breaches.FUTURE_MESSAGE}  # fmt: skip
