"""The pages of personal data protection (issue 18, UU 27/2022) as staff use them: the access
log of one person seen, printed and exported by two accounts; the retention rule's page and
preview; the data-subject export's refusals; the breach record and its 72-hour clock on the
home page."""

import csv
import datetime as dt
import io

import pytest

from backoffice.domain import batches
from backoffice.domain.dates import to_local
from backoffice.models import AuditEntry, DataBreach, DataJob, PersonAccess, RetentionRule
from backoffice.models.base import utcnow
from tests import factories

WITA = "Asia/Makassar"


@pytest.fixture
def office(db):
    return factories.make_office(slug="karangasem", time_zone="WITA")


def sign_in(client, user) -> None:
    factories.log_out(client)
    factories.post_form(client, "/login", {"username": user.username,
                                           "password": factories.PASSWORD})  # fmt: skip


def spaced(nik: str) -> str:
    return f"{nik[:4]} {nik[4:8]}.{nik[8:12]}-{nik[12:]}"  # as people copy it from a KTP


def post_from(client, page: str, url: str, data: dict):
    """Submit the form of `page` to `url` (a POST-only address) with the page's CSRF token."""
    token = factories.csrf_token(client.get(page).get_data(as_text=True))
    return client.post(url, data={**data, "csrf_token": token})


# --- the access log -----------------------------------------------------------------------------


def test_the_pdp_log_shows_every_view_print_and_export_of_one_person_by_two_accounts(
    client, office
):
    counter = factories.make_user(role="petugas", office=office, full_name="Wayan Loket")
    boss = factories.make_user(role="supervisor", office=office, full_name="Made Supervisor")
    service = factories.make_service(office=office)
    factories.make_quota(allocation=5)
    person = factories.make_applicant(office=office, name="Ni Luh Sukerti")
    case = factories.make_application(person, service, status="eligible")
    bystander = factories.make_applicant(office=office, name="Orang Lain")
    [batch] = batches.propose_batch([case.id], boss, utcnow())

    sign_in(client, counter)
    for url in (f"/admin/applicant/details/?id={person.id}",
                f"/admin/application/details/?id={case.id}",
                f"/admin/documents/receipt/{case.id}",
                f"/admin/applicant/details/?id={bystander.id}"):  # fmt: skip
        assert client.get(url).status_code == 200, url
    sign_in(client, boss)
    for url in (
        f"/admin/applicant/edit/?id={person.id}",
        "/admin/applicant/ekspor/csv",
        "/admin/application/ekspor/xlsx",
        f"/admin/batch/download/{batch.id}.csv",
    ):
        with client.get(url) as response:
            assert response.status_code == 200, url
            response.get_data()  # a streamed file logs as it is sent

    log = client.get(f"/admin/access_log/?flt0_nik_adalah={spaced(person.nik)}").text

    seen = {(a.user_id, a.kind, a.ref) for a in PersonAccess.select().where(
        PersonAccess.applicant == person.id)}  # fmt: skip
    assert seen == {
        (counter.id, "view", f"Pemohon #{person.id}"),
        (counter.id, "view", f"Permohonan #{case.id}"),
        (counter.id, "print", f"Tanda terima: permohonan #{case.id}"),
        (boss.id, "view", f"Pemohon #{person.id}"),
        (boss.id, "export", "Ekspor pemohon.csv"),
        (boss.id, "export", "Ekspor permohonan.xlsx"),
        (boss.id, "export", f"Berkas usulan {batch.number}.csv"),
    }
    assert log.count("Ni Luh Sukerti") == 7 and "Orang Lain" not in log
    for text in (
        "Wayan Loket",
        "Made Supervisor",
        "Membuka data",
        "Mencetak",
        "Mengekspor",
        f"Tanda terima: permohonan #{case.id}",
        f"Berkas usulan {batch.number}.csv",
    ):
        assert text in log, text  # fmt: skip


def test_the_log_filters_by_account_kind_and_dates_and_exports_what_it_shows(client, office):
    counter = factories.make_user(role="petugas", office=office, full_name="Wayan Loket")
    boss = factories.make_user(role="supervisor", office=office)
    person = factories.make_applicant(office=office, name="Ni Luh Sukerti")
    yesterday = utcnow() - dt.timedelta(days=1)
    for user, kind, at in ((counter, "view", yesterday), (counter, "print", utcnow()),
                           (boss, "view", utcnow())):  # fmt: skip
        PersonAccess.create(applicant=person, user=user, office=office, kind=kind, at=at,
                            ref=f"Pemohon #{person.id}")  # fmt: skip
    today = f"{to_local(utcnow(), WITA):%d-%m-%Y}"
    sign_in(client, boss)
    shown = f"flt0_pengguna_adalah={counter.id}&flt1_tanggal_sejak={today}"

    with client.get(f"/admin/access_log/ekspor/csv?{shown}") as response:
        rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    only_prints = client.get("/admin/access_log/?flt0_akses_adalah=print").text

    assert rows[0][:5] == ["Waktu", "Dinas", "Pengguna", "Nama pengguna", "Akses"]
    assert [(r[2], r[4], r[5]) for r in rows[1:]] == [("Wayan Loket", "Mencetak", person.nik)]
    assert AuditEntry.get(AuditEntry.entity == "person_access").action == "download"
    assert only_prints.count("Ni Luh Sukerti") == 1
    assert PersonAccess.select().count() == 3  # the log's own export logs no one again


def test_a_background_export_logs_each_person_once_with_the_file(client, app, office):
    app.config["LOKET_EXPORT_BACKGROUND_ROWS"] = 2
    boss = factories.make_user(role="supervisor", office=office)
    service = factories.make_service(office=office)
    other = factories.make_service(office=office, kind="reactivation", name="Reaktivasi")
    people = [factories.make_applicant(office=office) for _ in range(3)]
    for person in people:
        factories.make_application(person, service)
        factories.make_application(person, other)
    sign_in(client, boss)

    asked = factories.post_form(client, "/admin/application/ekspor/csv", {})

    job = DataJob.get(DataJob.kind == "export")
    assert asked.status_code == 302 and job.status == "ready" and job.progress == 6
    logged = PersonAccess.select().where(PersonAccess.kind == "export")
    assert sorted(a.applicant_id for a in logged) == sorted(p.id for p in people)
    assert {a.ref for a in logged} == {f"Ekspor permohonan.csv (#{job.id})"}


def test_the_installation_admins_look_at_a_person_is_in_that_persons_offices_log(client, office):
    person = factories.make_applicant(office=office)
    installation = factories.make_user(role="admin")
    sign_in(client, installation)

    client.get(f"/admin/applicant/details/?id={person.id}")
    sign_in(client, factories.make_user(role="admin", office=office))

    assert PersonAccess.get().office_id == office.id
    assert str(installation) in client.get("/admin/access_log/").text


def test_counter_staff_and_verifiers_do_not_read_the_log(client, office):
    for role in ("petugas", "verifikator", "webmaster"):
        sign_in(client, factories.make_user(role=role, office=office))
        assert client.get("/admin/access_log/").status_code == 403, role
        assert client.get("/admin/subject_export/").status_code == 403, role


# --- retention ------------------------------------------------------------------------------------


def old_case(office, name):
    person = factories.make_applicant(office=office, name=name)
    factories.make_application(person, factories.make_service(office=office), status="done",
                               closed_at=utcnow() - dt.timedelta(days=365 * 6))  # fmt: skip
    return person


def test_the_office_admin_sets_the_rule_and_sees_whom_the_next_run_anonymises(client, office):
    old_case(office, "Lama Sekali")
    recent = factories.make_applicant(office=office, name="Baru Selesai")
    factories.make_application(recent, factories.make_service(office=office), status="done",
                               closed_at=utcnow() - dt.timedelta(days=30))  # fmt: skip
    sign_in(client, factories.make_user(role="admin", office=office))

    refused = post_from(client, "/admin/retention/", "/admin/retention/simpan", {"years": "lima"})
    saved = post_from(client, "/admin/retention/", "/admin/retention/simpan", {"years": "5"})
    page = client.get("/admin/retention/").text

    assert refused.status_code == 200 and "1–100" in refused.text
    assert saved.status_code == 302 and RetentionRule.get().years == 5
    assert '<span id="preview-count">1</span>' in page
    assert "Lama Sekali" in page and "Baru Selesai" not in page
    assert "01.00 WITA" in page  # the next night, on the office's clock
    entry = AuditEntry.get(AuditEntry.entity == "retention_rule")
    assert (entry.action, entry.office_id) == ("update", office.id)


def test_a_supervisor_sees_the_rule_and_its_preview_but_cannot_change_it(client, office):
    old_case(office, "Lama Sekali")
    RetentionRule.create(office=office, years=5, set_at=utcnow() - dt.timedelta(days=3))
    sign_in(client, factories.make_user(role="supervisor", office=office))

    page = client.get("/admin/retention/")
    changed = post_from(client, "/admin/retention/", "/admin/retention/simpan", {"years": ""})

    assert page.status_code == 200 and "Lama Sekali" in page.text
    assert 'id="retention-form"' not in page.text
    assert changed.status_code == 403 and RetentionRule.get().years == 5


# --- data-subject export --------------------------------------------------------------------------


def test_the_subject_export_finds_a_nik_typed_as_on_a_ktp_and_audits_it(client, office):
    person = factories.make_applicant(office=office, name="Ni Luh Sukerti")
    boss = factories.make_user(role="supervisor", office=office)
    sign_in(client, boss)

    with post_from(client, "/admin/subject_export/", "/admin/subject_export/unduh",
                   {"nik": spaced(person.nik)}) as response:  # fmt: skip
        assert response.status_code == 200
        assert response.mimetype.endswith("spreadsheetml.sheet")
        assert person.nik not in response.headers["Content-Disposition"]

    entry = AuditEntry.get(AuditEntry.action == "download")
    assert (entry.entity, entry.object_id, entry.office_id) == ("applicant", str(person.id),
                                                                office.id)  # fmt: skip
    assert PersonAccess.get().kind == "subject_export" and PersonAccess.get().user_id == boss.id


@pytest.mark.parametrize(
    ("typed", "said"),
    [("5107 0163", "16 digit"), ("abc", "16 digit"), (None, "Tidak ada pemohon")],
)
def test_the_subject_export_refuses_a_bad_or_unknown_nik_next_to_the_field(
    client, office, typed, said
):
    stranger = factories.make_applicant(office=factories.make_office(regency="63.71",
                                                                     province="63"))  # fmt: skip
    sign_in(client, factories.make_user(role="admin", office=office))

    response = post_from(client, "/admin/subject_export/", "/admin/subject_export/unduh",
                         {"nik": typed or stranger.nik})  # fmt: skip

    assert response.status_code == 200 and said in response.text
    assert "invalid-feedback" in response.text and stranger.name not in response.text
    assert not PersonAccess.select().exists()


# --- breaches -------------------------------------------------------------------------------------


def typed(moment: dt.datetime) -> str:
    return f"{to_local(moment, WITA):%d-%m-%Y %H.%M}"


def test_a_breach_past_72_hours_is_flagged_on_the_home_page_until_both_are_told(client, office):
    boss = factories.make_user(role="supervisor", office=office)
    sign_in(client, boss)
    found = utcnow() - dt.timedelta(hours=80)
    created = factories.post_form(client, "/admin/data_breach/new/", {
        "discovered_at": typed(found), "description": "Laptop berisi ekspor pemohon hilang",
        "data_affected": "NIK, nama, alamat", "people_affected": "120"})  # fmt: skip
    breach = DataBreach.get()

    home = client.get("/admin/").text
    told = factories.post_form(client, f"/admin/data_breach/edit/?id={breach.id}", {
        "discovered_at": typed(found), "description": breach.description,
        "data_affected": breach.data_affected, "subjects_notified_at": typed(utcnow()),
        "authority_notified_at": typed(utcnow())})  # fmt: skip

    assert created.status_code == 302
    assert (breach.office_id, breach.recorded_by_id) == (office.id, boss.id)
    assert 'id="breaches"' in home and "alert-danger" in home
    assert "lewat 8 jam" in home and "terlambat" in home
    assert told.status_code == 302
    assert 'id="breaches"' not in client.get("/admin/").text
    assert "sudah diberitahukan (terlambat: subjek data, lembaga PDP)" in client.get(
        "/admin/data_breach/").text  # fmt: skip


def test_a_breach_within_72_hours_shows_the_time_left_and_counter_staff_do_not_see_it(
    client, office
):
    DataBreach.create(office=office, discovered_at=utcnow() - dt.timedelta(hours=10),
                      description="Surel salah kirim", data_affected="Nama")  # fmt: skip
    sign_in(client, factories.make_user(role="admin", office=office))
    home = client.get("/admin/").text
    sign_in(client, factories.make_user(role="petugas", office=office))

    assert "sisa 61 jam" in home or "sisa 62 jam" in home
    assert "alert-warning" in home
    assert 'id="breaches"' not in client.get("/admin/").text
    assert client.get("/admin/data_breach/").status_code == 403


def test_a_notification_typed_before_the_discovery_is_refused_next_to_its_field(client, office):
    sign_in(client, factories.make_user(role="supervisor", office=office))
    found = utcnow() - dt.timedelta(hours=5)

    response = factories.post_form(client, "/admin/data_breach/new/", {
        "discovered_at": typed(found), "description": "x", "data_affected": "NIK",
        "subjects_notified_at": typed(found - dt.timedelta(hours=2))})  # fmt: skip

    assert response.status_code == 200
    assert "Pemberitahuan tidak mungkin sebelum insiden diketahui." in response.text
    assert not DataBreach.select().exists()
