"""Look-ups of other offices' people by the file (issue 18, item 5): an import's dry run read
9,496 NIKs a second and BPJS's result upload named every NIK another office proposed, with
no trace. Now a file's finds are recorded, audited as one entry with their count, and
limited to 2,000 a day per account (5,000 per address); past that a dry run names nobody and
plans no new person, and a result upload is refused with the wait, whatever the file holds."""

import datetime
import io

import pytest

from backoffice.domain import batches, person_lookups
from backoffice.models import AuditEntry, DataJob, PersonLookup
from backoffice.models.base import utcnow
from backoffice.tasks import imports as import_tasks
from tests.factories import PASSWORD, csrf_token, log_out, post_form
from tests.import_files import good_rows, to_csv

BUDGET = person_lookups.LIMITS[person_lookups.BULK][0].max_count  # 2,000 a day
NOW = datetime.datetime(2026, 11, 2, 2, 0)


@pytest.fixture
def offices(make_office):
    return (make_office(regency="51.07", name="Dinas Sosial Karangasem"),
            make_office(regency="51.71", name="Dinas Sosial Kota Denpasar"))  # fmt: skip


def sign_in(client, make_user, office, role="supervisor"):
    log_out(client)
    user = make_user(role=role, office=office)
    post_form(client, "/login", {"username": user.username, "password": PASSWORD})
    return user


def spent(user, path="import", count=BUDGET):
    """The account's file look-ups of the day spent (as if other files had made them)."""
    at = utcnow() - datetime.timedelta(hours=1)
    rows = [{"at": at, "user": user.id, "address": "127.0.0.1", "office": user.office_id,
             "nik_hash": f"{n:064d}", "path": path} for n in range(count)]  # fmt: skip
    for start in range(0, len(rows), 100):
        PersonLookup.insert_many(rows[start : start + 100]).execute()


def dry_run(client, data: bytes) -> dict:
    page = client.get("/admin/applicant_import/")
    form = {"file": (io.BytesIO(data), "pemohon.csv"), "csrf_token": csrf_token(page.text)}
    client.post("/admin/applicant_import/", data=form, content_type="multipart/form-data")
    job = DataJob.select().order_by(DataJob.id.desc()).get()
    return import_tasks.summary_of(job)


def held_by(office, rows):
    """Register the people of `rows` for `office` (the import of that office)."""
    from backoffice.domain import imports

    checked = imports.check_file("a.csv", io.BytesIO(to_csv(rows)))
    imports.commit(checked, office, accept_warnings=True)


def test_a_dry_run_names_other_offices_people_within_the_budget_and_audits_them_once(
    client, make_user, offices
):
    theirs, mine = offices
    rows = good_rows(8)
    held_by(theirs, rows[:3])
    user = sign_in(client, make_user, mine)

    summary = dry_run(client, to_csv(rows))

    named = [p for p in summary["problems"] if "terdaftar di dinas lain" in p[3]]
    assert len(named) == 3
    entry = AuditEntry.get(AuditEntry.action == "lookup", AuditEntry.office == mine.id)
    assert "3 NIK terdaftar di" in entry.summary and entry.user_id == user.id
    assert entry.ip == "127.0.0.1"
    assert PersonLookup.select().where(PersonLookup.path == "import").count() == 3
    assert AuditEntry.select().where(AuditEntry.action == "lookup",
                                     AuditEntry.office == theirs.id).count() == 1  # fmt: skip


def test_past_the_budget_a_dry_run_names_nobody_and_counts_no_new_person(
    client, make_user, offices
):
    theirs, mine = offices
    rows = good_rows(8)
    held_by(theirs, rows[:3])
    user = sign_in(client, make_user, mine)
    spent(user)

    summary = dry_run(client, to_csv(rows))

    messages = " ".join(p[3] for p in summary["problems"])
    assert "terdaftar di dinas lain" not in messages and theirs.name not in messages
    assert "mencapai batas" in messages
    assert summary["creates"] == 0 and summary["errors"] >= 1


def test_past_the_budget_a_file_of_nobody_elses_people_gets_the_same_answer(
    client, make_user, offices
):
    _, mine = offices
    user = sign_in(client, make_user, mine)
    spent(user)

    summary = dry_run(client, to_csv(good_rows(5)))

    assert any("mencapai batas" in p[3] for p in summary["problems"])
    assert summary["creates"] == 0


def test_a_result_upload_past_the_budget_names_no_other_office(
    client, make_user, make_application, make_service, make_quota, offices
):
    theirs, mine = offices
    make_quota(village="51.07.01.2001", allocation=5)
    foreign = make_application(service=make_service(office=theirs), status="eligible")
    batches.propose_batch([foreign.id], make_user("supervisor", office=theirs), NOW)
    user = sign_in(client, make_user, mine, role="petugas")

    def upload(nik):
        page = client.get("/admin/batch/activations").text
        rows = f"NIK,No Kartu\n{nik},0001234567890\n".encode()
        data = {"csrf_token": csrf_token(page), "batch": "",
                "file": (io.BytesIO(rows), "hasil.csv")}  # fmt: skip
        return client.post("/admin/batch/activations", data=data,
                           content_type="multipart/form-data").text  # fmt: skip

    told = upload(foreign.applicant.nik)
    spent(user, path="bpjs_result")
    withheld = upload(foreign.applicant.nik)

    assert "diusulkan oleh dinas lain" in told
    lookup = PersonLookup.get(PersonLookup.nik_hash.not_in([f"{n:064d}" for n in range(BUDGET)]))
    assert lookup.path == "bpjs_result" and lookup.address == "127.0.0.1"
    assert AuditEntry.select().where(AuditEntry.action == "lookup",
                                     AuditEntry.office == mine.id).exists()  # fmt: skip
    assert "diusulkan oleh dinas lain" not in withheld and "mencapai batas" in withheld
