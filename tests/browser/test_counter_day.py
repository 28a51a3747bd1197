"""The counter's day in Chromium at 1280 px (issue 9's "Done when"): the officer registers a
person as a KTP prints them and takes the application from the person's page to the receipt; the
supervisor assigns the visit and closes the office for a day, and the deadline moves; the
verifier finds the visit from the dashboard. Screens stay one line a row and in Indonesian."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest

from backoffice.models import Applicant, Application
from backoffice.models.base import utcnow
from backoffice.models.offices import IANA_ZONES
from tests.factories import PASSWORD, valid_nik

pytestmark = pytest.mark.browser
SHOTS = "/tmp/loket-counter-day-{}.png"
ENGLISH = re.compile(r"\b(Name|Code|Id|List|Create|Edit|Delete|Search|Filter|Back-office|Toggle)\b")


def sign_in(page, base, user):
    page.context.clear_cookies()
    page.goto(f"{base}/login")
    page.fill("#username", user.username)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/admin/**")


def save(page, url_glob):
    with page.expect_navigation():
        page.click("input[type=submit][value=Simpan]")
    page.wait_for_url(url_glob)


def assert_one_line_rows(page):
    """Every row of the page's list table is one text line high, and the menu one line."""
    heights = page.eval_on_selector_all(
        "table.model-list tbody tr", "rows => rows.map(r => r.getBoundingClientRect().height)"
    )
    assert heights and max(heights) < 40, heights
    assert page.locator("nav.navbar").bounding_box()["height"] < 60


def assert_indonesian(page):
    text = (
        page.inner_text("body") + " " + (page.get_attribute(".navbar-toggler", "aria-label") or "")
    )
    assert not ENGLISH.findall(text), ENGLISH.findall(text)


def test_the_counters_day_at_1280_px(
    page, live_server, make_user, make_office, make_service, make_applicant
):
    office = make_office(time_zone="WITA")
    service = make_service(
        office=office,
        name="Pendaftaran baru dibiayai Pemkab",
        kind="pemkab_registration",
        promised_amount=3,
        promised_unit="working_days",
        default_funding="APBN",
        requirements=("Fotokopi KK", "Fotokopi KTP"),
    )
    officer = make_user(role="petugas", office=office, full_name="Ni Kadek Loket")
    boss = make_user(role="supervisor", office=office, full_name="I Made Supervisor")
    verifier = make_user(role="verifikator", office=office, full_name="Komang Verifikator")
    for n in range(3):  # a list to look at
        make_applicant(name=f"Pemohon Contoh {n}", office=office)
    page.on("dialog", lambda dialog: dialog.accept())
    nik = valid_nik(datetime.date(1985, 8, 15), "P")
    typed_nik = " ".join(nik[i : i + 4] for i in range(0, 16, 4))

    # The counter: a birth date typed, a NIK with spaces, no phone number.
    sign_in(page, live_server, officer)
    page.goto(f"{live_server}/admin/applicant/new/")
    assert page.locator("input[name=confirm_warnings]").count() == 0
    page.fill("#nik", typed_nik)
    page.fill("#kk", "5107 0101 0120 0001")
    page.fill("#name", "Ni Wayan Sudarmi")
    page.fill("#birth_date", "15-08-1985")
    page.select_option("#sex", "P")
    page.fill("#address", "Banjar Dinas Kaja")
    page.click("#s2id_village")
    page.keyboard.type("Menanga")
    page.locator(".select2-result-label").filter(has_text="Menanga").first.click()
    save(page, "**/admin/applicant/details/**")
    person = Applicant.get(Applicant.name == "Ni Wayan Sudarmi")
    assert (person.nik, person.birth_date, person.phone) == (nik, datetime.date(1985, 8, 15), "")

    # From the person's page to the application, the service's funding filled in.
    page.click("#new-application")
    page.wait_for_url("**/admin/application/new/**")
    assert "Ni Wayan Sudarmi" in page.locator("#s2id_applicant").inner_text()
    assert page.input_value("#service") == "__None"
    page.select_option("#service", str(service.id))
    assert page.input_value("#funding_source") == "APBN"
    save(page, "**/admin/application/details/**")
    app = Application.get(Application.applicant == person)
    for box in page.locator("input[name=requirement]").all():
        box.check()
    with page.expect_navigation():
        page.click("button:has-text('Simpan & berkas lengkap')")
    with page.expect_navigation():
        page.click("text=Cetak tanda terima")
    assert "Ni Wayan Sudarmi" in page.inner_text("body")
    page.goto(f"{live_server}/admin/applicant/")
    assert_one_line_rows(page)
    assert_indonesian(page)
    page.screenshot(path=SHOTS.format("applicants"))

    # The supervisor assigns the visit from the application's page, then closes the office
    # on the day the deadline falls: the deadline moves.
    sign_in(page, live_server, boss)
    page.goto(f"{live_server}/admin/application/details/?id={app.id}")
    page.select_option("#verifier", str(verifier.id))
    with page.expect_navigation():
        page.click("button:has-text('Tugaskan')")
    assert Application.get_by_id(app.id).verifier_id == verifier.id
    due = Application.get_by_id(app.id).due_at
    due_day = due.replace(tzinfo=datetime.UTC).astimezone(ZoneInfo(IANA_ZONES["WITA"])).date()
    page.goto(f"{live_server}/admin/office/edit/?id={office.id}")
    page.click("#closures-button")
    row = page.locator("#closures .inline-field-list > .inline-field").last
    row.locator("input[id$='-date']").fill(due_day.strftime("%d-%m-%Y"))
    row.locator("input[id$='-reason']").fill("Galungan")
    with page.expect_navigation():
        page.click("input[type=submit][value=Simpan]")
    assert "Tenggat 1 permohonan disesuaikan" in page.inner_text("body")
    assert Application.get_by_id(app.id).due_at > due
    page.goto(f"{live_server}/admin/application/")
    assert_one_line_rows(page)
    assert_indonesian(page)
    page.screenshot(path=SHOTS.format("applications"))

    # The verifier: from the dashboard to the visit.
    sign_in(page, live_server, verifier)
    page.goto(f"{live_server}/admin/")
    with page.expect_navigation():
        page.click("#my-visits")
    assert "Ni Wayan Sudarmi" in page.locator("#visits").inner_text()
    assert page.locator("nav").get_by_text("Kunjungan saya").count() == 1
    page.screenshot(path=SHOTS.format("visits"))
    with page.expect_navigation():
        page.locator("#visits a", has_text="Ni Wayan Sudarmi").click()
    assert f"Permohonan #{app.id}" in page.inner_text("body")
    assert utcnow() < Application.get_by_id(app.id).due_at
