"""A counter officer at work in a real browser: log in, find a person, get refused bad input."""

import datetime

import pytest

from backoffice.models import Applicant
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser


def log_in(page, base, user):
    page.goto(f"{base}/admin/applicant/")
    assert "/login" in page.url
    page.fill("#username", user.username)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/admin/applicant/**")


def test_officer_searches_a_nik_and_is_refused_an_invalid_one(
    page, live_server, make_user, make_applicant
):
    officer = make_user(role="petugas", full_name="Ni Kadek Petugas")
    wanted = make_applicant(name="Ni Made Suartini")
    make_applicant(name="I Ketut Suparta", sex="L", birth_date=datetime.date(1970, 3, 9))
    log_in(page, live_server, officer)

    page.fill("input[name=search]", wanted.nik)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    table = page.locator("table.model-list")
    assert "Ni Made Suartini" in table.inner_text()
    assert "I Ketut Suparta" not in table.inner_text()

    page.goto(f"{live_server}/admin/applicant/new/")
    page.fill("#nik", "51070163106500XY")
    page.fill("#kk", "5107010101200001")
    page.fill("#name", "I Wayan Baru")
    page.fill("#birth_date", "1980-01-02")
    page.select_option("#sex", "L")
    page.fill("#address", "Banjar Dinas Kaja")
    page.click("#s2id_village, .select2-container")
    page.keyboard.type("Menanga")
    page.locator(".select2-result-label, .select2-results__option").filter(
        has_text="Menanga"
    ).first.click()
    with page.expect_navigation():
        page.click("input[type=submit][value=Simpan], button[type=submit]:has-text('Simpan')")

    error = page.locator(".invalid-feedback, .help-block, .text-danger").filter(
        has_text="NIK hanya boleh berisi angka"
    )
    assert error.count() >= 1 and error.first.is_visible()
    assert Applicant.select().count() == 2
    page.screenshot(path="/tmp/loket-invalid-nik.png", full_page=True)
