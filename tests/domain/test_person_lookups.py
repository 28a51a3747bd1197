"""The rule for look-ups of other offices' people (domain.person_lookups): what is counted,
against which limits, for how long, and what a withheld answer leaves behind."""

import datetime as dt
import threading

import pytest

from backoffice.db import database
from backoffice.domain import batches, person_lookups
from backoffice.domain.bpjs_files import ResultRow
from backoffice.domain.errors import ValidationError
from backoffice.domain.person_lookups import BULK, LIMITS, SINGLE, Found, Seeker
from backoffice.models import Application, AuditEntry, PersonLookup
from tests.factories import valid_nik

NOW = dt.datetime(2026, 11, 24, 6, 0)
ACCOUNT, ADDRESS = LIMITS[SINGLE]
FILE_ACCOUNT, FILE_ADDRESS = LIMITS[BULK]


@pytest.fixture
def setting(make_office, make_user):
    holder, mine = make_office(regency="51.07"), make_office(regency="51.71")
    user = make_user(role="petugas", office=mine)
    return holder, Seeker(user.id, mine.id, "10.0.0.7", "kunci-uji")


def finds(holder, count):
    return [Found(valid_nik(), holder.id) for _ in range(count)]


def test_limits_a_counter_never_meets_and_a_files_budget_per_day():
    assert (ACCOUNT.max_count, ACCOUNT.window) == (30, dt.timedelta(hours=1))
    assert (ADDRESS.max_count, ADDRESS.window) == (100, dt.timedelta(hours=1))
    assert (FILE_ACCOUNT.max_count, FILE_ACCOUNT.window) == (2000, dt.timedelta(hours=24))
    assert (FILE_ADDRESS.max_count, FILE_ADDRESS.window) == (5000, dt.timedelta(hours=24))


def test_a_look_up_that_finds_nobody_records_and_audits_nothing(setting):
    _, seeker = setting
    assert person_lookups.screen(seeker, "form", [], NOW) is None
    assert not PersonLookup.select().exists() and not AuditEntry.select().exists()


def test_the_thirty_first_find_in_an_hour_is_withheld_until_the_first_leaves_the_window(
    setting,
):
    holder, seeker = setting
    for minute in range(30):
        at = NOW + dt.timedelta(minutes=minute)
        assert person_lookups.screen(seeker, "form", finds(holder, 1), at) is None
    last = NOW + dt.timedelta(minutes=30)

    refusal = person_lookups.screen(seeker, "form", finds(holder, 1), last)

    assert "Coba lagi setelah pukul 15.00 WITA" in refusal  # 06:00 UTC + 1 h, in Denpasar
    # found while withheld still counts: the wait grows, the budget is spent
    assert person_lookups.screen(seeker, "form", [], NOW + dt.timedelta(hours=1, seconds=1))


def test_past_the_limit_a_look_up_that_finds_nobody_is_refused_alike(setting):
    holder, seeker = setting
    person_lookups.screen(seeker, "form", finds(holder, 30), NOW)  # a file would; one row each
    assert person_lookups.screen(seeker, "form", [], NOW) is not None


def test_a_nik_already_told_to_the_account_is_not_counted_again(setting):
    holder, seeker = setting
    same = finds(holder, 1)
    for _ in range(40):
        assert person_lookups.screen(seeker, "form", same, NOW) is None
    assert PersonLookup.select().count() == 1


def test_the_address_limit_counts_every_account_of_the_address(setting, make_user):
    holder, seeker = setting
    for _ in range(4):
        other = make_user(role="petugas", office_id=seeker.office_id)
        colleague = Seeker(other.id, seeker.office_id, seeker.address, seeker.secret)
        person_lookups.screen(colleague, "form", finds(holder, 25), NOW)
    assert person_lookups.screen(seeker, "form", finds(holder, 1), NOW) is not None
    elsewhere = Seeker(seeker.user_id, seeker.office_id, "10.0.0.8", seeker.secret)
    assert person_lookups.screen(elsewhere, "form", finds(holder, 1), NOW) is None


def test_a_files_finds_are_one_audit_entry_with_the_count_in_each_trail(setting):
    holder, seeker = setting

    assert person_lookups.screen(seeker, "import", finds(holder, 120), NOW) is None

    mine = AuditEntry.get(AuditEntry.office == seeker.office_id)
    theirs = AuditEntry.get(AuditEntry.office == holder.id)
    assert "120 NIK terdaftar di" in mine.summary and "120 NIK orang dinas ini" in theirs.summary
    assert PersonLookup.select().where(PersonLookup.path == "import").count() == 120


def test_a_file_past_the_budget_is_withheld_and_its_audit_entry_gives_no_count(setting):
    holder, seeker = setting
    assert person_lookups.screen(seeker, "import", finds(holder, 1990), NOW) is None

    refusal = person_lookups.screen(seeker, "import", finds(holder, 11), NOW)

    assert refusal is not None and "mencapai batas" in refusal
    entry = AuditEntry.select().where(AuditEntry.office == seeker.office_id).order_by(
        AuditEntry.id.desc()).get()  # fmt: skip
    assert "ditahan" in entry.summary and "11" not in entry.summary


def test_a_file_of_more_finds_than_any_day_allows_is_told_to_be_split(setting):
    holder, seeker = setting
    refusal = person_lookups.screen(seeker, "import", finds(holder, 2001), NOW)
    assert "Bagi berkasnya" in refusal


def test_form_and_file_budgets_are_separate(setting):
    holder, seeker = setting
    person_lookups.screen(seeker, "form", finds(holder, 30), NOW)
    assert person_lookups.screen(seeker, "import", finds(holder, 10), NOW) is None


def test_the_nik_is_kept_as_a_keyed_hash(setting):
    holder, seeker = setting
    [found] = finds(holder, 1)
    person_lookups.screen(seeker, "form", [found], NOW)
    stored = PersonLookup.get().nik_hash
    assert stored == person_lookups.nik_hash("kunci-uji", found.nik)
    assert stored != person_lookups.nik_hash("kunci-lain", found.nik)
    assert found.nik not in stored


def test_a_bpjs_result_row_of_another_office_is_named_within_the_limit_and_audited(
    make_office, make_user, make_application, make_service, make_quota
):
    theirs, mine = make_office(regency="51.07"), make_office(regency="51.71")
    make_quota(allocation=5)
    foreign = make_application(service=make_service(office=theirs), status="eligible")
    batches.propose_batch([foreign.id], make_user("supervisor", office=theirs), NOW)
    user = make_user("petugas", office=mine)
    seeker = Seeker(user.id, mine.id, "10.0.0.7", "kunci-uji")
    rows = [ResultRow(foreign.applicant.nik, "0001234567890", None, 2)]

    with pytest.raises(ValidationError, match="diusulkan oleh dinas lain"):
        batches.record_activations(rows, user, now=NOW, seeker=seeker)
    for _ in range(FILE_ACCOUNT.max_count // 500):  # the day's budget spent on other files
        person_lookups.screen(seeker, "bpjs_result", finds(theirs, 500), NOW)
    with pytest.raises(ValidationError) as withheld:
        batches.record_activations(rows, user, now=NOW, seeker=seeker)

    assert PersonLookup.get(PersonLookup.path == "bpjs_result").holder_id == theirs.id
    assert "diusulkan oleh dinas lain" not in withheld.value.errors["file"]
    assert "mencapai batas" in withheld.value.errors["file"]
    assert Application.get_by_id(foreign.id).status == "proposed"


def test_forty_parallel_finds_against_a_limit_of_thirty_name_exactly_thirty(db, setting):
    holder, seeker = setting
    start = threading.Barrier(40)
    outcomes = []

    def look(found):
        with database.connection_context():
            start.wait()
            outcomes.append(person_lookups.screen(seeker, "form", [found], NOW) is None)

    workers = [threading.Thread(target=look, args=(f,)) for f in finds(holder, 40)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()

    assert outcomes.count(True) == ACCOUNT.max_count
