"""A new-proposal application from the counter to the BPJS card, clicked through in Chromium
by the counter officer, the supervisor and the field verifier; the receipt printed on the way."""

import datetime

import pytest

from backoffice.models import Application, Quota
from tests.factories import KARANGASEM_VILLAGE, PASSWORD

pytestmark = pytest.mark.browser


def sign_in(page, base, user):
    page.context.clear_cookies()
    page.goto(f"{base}/login")
    page.fill("#username", user.username)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/admin/**")


def act_on_page(page, base, app_id, summary, fields):
    """Open the application's page, unfold the action `summary`, fill it and submit."""
    page.goto(f"{base}/admin/application/details/?id={app_id}")
    block = page.locator("details").filter(has=page.locator("summary", has_text=summary))
    if block.get_attribute("open") is None:
        block.locator("summary").click()
    for selector, value in fields.items():
        block.locator(selector).fill(value)
    with page.expect_navigation():
        block.locator("button[type=submit]").click()


def bulk(page, base, app_id, label):
    page.goto(f"{base}/admin/application/")
    page.check(f"input.action-checkbox[value='{app_id}']")
    page.locator("a.dropdown-toggle[data-toggle=dropdown]").filter(
        has_text="Dengan data terpilih"
    ).click()
    with page.expect_navigation():
        page.locator("a.dropdown-item", has_text=label).first.click()


def test_counter_officer_takes_a_new_proposal_to_activation(
    page, live_server, make_user, make_office, make_service, make_applicant
):
    office = make_office(time_zone="WITA")
    service = make_service(office=office, requirements=("Fotokopi KK", "Fotokopi KTP", "SKTM"))
    officer = make_user(role="petugas", office=office, full_name="Ni Kadek Loket")
    boss = make_user(role="supervisor", office=office, full_name="I Made Supervisor")
    verifier = make_user(role="verifikator", office=office, full_name="Komang Verifikator")
    make_applicant(name="Ni Wayan Sudarmi", office=office)  # registered by this office
    Quota.create(
        village=KARANGASEM_VILLAGE,
        year=datetime.date.today().year,
        funding_source="APBD",
        allocation=3,
    )
    Quota.create(
        village=KARANGASEM_VILLAGE,
        year=datetime.date.today().year + 1,
        funding_source="APBD",
        allocation=3,
    )
    page.on("dialog", lambda dialog: dialog.accept())

    # The counter: register, tick the documents, print the receipt.
    sign_in(page, live_server, officer)
    page.goto(f"{live_server}/admin/application/new/")
    page.click("#s2id_applicant")
    page.keyboard.type("Sudarmi")
    page.locator(".select2-result-label").filter(has_text="Ni Wayan Sudarmi").first.click()
    page.evaluate(f"document.querySelector('#service').value = '{service.id}'")
    page.click("input[type=submit][value=Simpan]")
    page.wait_for_url("**/admin/application/details/**")
    app = Application.get()
    for box in page.locator("input[name=requirement]").all():
        box.check()
    with page.expect_navigation():
        page.click("button:has-text('Simpan & berkas lengkap')")
    assert page.locator("#status").inner_text() == "Berkas lengkap"
    with page.expect_navigation():
        page.click("text=Cetak tanda terima")
    receipt = page.locator("body").inner_text()
    assert app.queue_number in receipt and "Ni Wayan Sudarmi" in receipt
    page.emulate_media(media="print")
    page.screenshot(path="/tmp/loket-receipt.png", full_page=True)
    page.emulate_media(media="screen")

    # The supervisor sends a verifier; the verifier records the home visit.
    sign_in(page, live_server, boss)
    bulk(page, live_server, app.id, "Tugaskan verifikator")
    page.select_option("#verifier", str(verifier.id))
    with page.expect_navigation():
        page.click("button:has-text('Simpan')")
    sign_in(page, live_server, verifier)
    act_on_page(
        page,
        live_server,
        app.id,
        "Catat hasil verifikasi",
        {"#visit_date": datetime.date.today().isoformat(), "#visit_findings": "Rumah bilik"},
    )
    assert page.locator("#status").inner_text() == "Sudah diverifikasi"

    # The supervisor decides and proposes to BPJS within the village's quota.
    sign_in(page, live_server, boss)
    act_on_page(
        page, live_server, app.id, "Putuskan: layak", {"#decision_reason": "Desil 1, lansia"}
    )
    assert page.locator("#status").inner_text() == "Layak"
    bulk(page, live_server, app.id, "Usulkan ke BPJS")
    assert "Usulan dibuat" in page.locator("body").inner_text()

    # The counter records the card BPJS issued.
    sign_in(page, live_server, officer)
    act_on_page(
        page, live_server, app.id, "Catat aktivasi BPJS", {"#bpjs_card_number": "0001234567890"}
    )
    assert page.locator("#status").inner_text() == "Aktif"
    assert page.locator("#timeline li").count() == 7
    assert Application.get_by_id(app.id).bpjs_card_number == "0001234567890"
