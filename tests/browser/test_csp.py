"""The Content-Security-Policy in a real browser: the pages that run scripts (list with
filters, actions and delete, an edit form with type-ahead and date picker, the workflow's
confirmations, a printed document) still work, and Chromium reports no violation."""

import pytest

from backoffice.models import Applicant, Application
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture
def watched(page):
    """The page, with every CSP violation and script error it reports collected."""
    problems = []
    page.on(
        "console",
        lambda m: problems.append(m.text) if "Content Security Policy" in m.text else None,
    )
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.problems = problems
    return page


def sign_in(page, base, user):
    page.goto(f"{base}/login")
    page.fill("#username", user.username)
    page.fill("#password", PASSWORD)
    with page.expect_navigation():
        page.click("button[type=submit]")


def test_list_page_filters_and_delete_confirmation_work_under_the_csp(
    watched, live_server, make_user, make_applicant
):
    page = watched
    person = make_applicant(name="Ni Made Terjaga")
    sign_in(page, live_server, make_user(role="admin"))
    page.goto(f"{live_server}/admin/applicant/")
    page.locator("a.dropdown-toggle", has_text="Tambah").first.click()
    page.locator("a.dropdown-item.filter").first.click()
    assert page.locator(".filters tr, .filters .filter-row, table.filters tr").count() >= 1
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.locator(f"form.icon:has(input[value='{person.id}']) button").click()
    page.wait_for_timeout(300)
    assert Applicant.get_or_none(Applicant.id == person.id) is not None
    page.goto(f"{live_server}/admin/applicant/?page=0")  # the javascript:void(0) pager link
    assert page.problems == []


def test_edit_form_type_ahead_and_typed_date_work_under_the_csp(
    watched, live_server, make_user, make_applicant
):
    page = watched
    person = make_applicant(name="Ni Luh Diubah", phone="")
    sign_in(page, live_server, make_user(role="admin"))
    page.goto(f"{live_server}/admin/applicant/edit/?id={person.id}")
    # Dates are typed as Indonesians write them; nothing rewrites what was typed.
    page.fill("#birth_date", "23-10-1965")
    page.click("#notes")
    assert page.input_value("#birth_date") == "23-10-1965"
    page.click("#s2id_village, .select2-container")
    page.keyboard.type("Menanga")
    page.locator(".select2-result-label, .select2-results__option").filter(
        has_text="Menanga"
    ).first.click()
    page.fill("#notes", "Diubah lewat peramban")
    with page.expect_navigation():
        page.click("input[type=submit][value=Simpan], button[type=submit]:has-text('Simpan')")
    errors = page.locator(".invalid-feedback, .help-block, .alert").all_inner_texts()
    assert Applicant.get_by_id(person.id).notes == "Diubah lewat peramban", errors
    assert page.problems == []


def test_workflow_confirmation_and_print_button_work_under_the_csp(
    watched, live_server, make_user, make_application
):
    page = watched
    application = make_application()
    sign_in(page, live_server, make_user(role="admin"))
    page.goto(f"{live_server}/admin/application/details/?id={application.id}")
    block = page.locator("details").filter(
        has=page.locator("summary", has_text="Batalkan permohonan")
    )
    if block.get_attribute("open") is None:
        block.locator("summary").click()
    block.locator("textarea, input[type=text]").first.fill("Pemohon mengundurkan diri")
    asked = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    block.locator("button[type=submit]").click()
    page.wait_for_timeout(300)
    assert asked and Application.get_by_id(application.id).status == "received"
    page.once("dialog", lambda dialog: dialog.accept())
    with page.expect_navigation():
        block.locator("button[type=submit]").click()
    assert Application.get_by_id(application.id).status == "cancelled"

    page.goto(f"{live_server}/admin/documents/receipt/{application.id}")
    assert page.locator(".toolbar").evaluate("e => getComputedStyle(e).position") == "sticky"
    page.evaluate("window.print = () => { window.printed = true; }")
    page.click("button[data-print]")
    assert page.evaluate("window.printed") is True
    assert page.problems == []
