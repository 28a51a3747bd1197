"""A supervisor's day in a real browser: the charts render, a chart opens the overdue
complaints, one is answered with a canned answer, the monthly report downloads; the kiosk
takes an answer without login; nothing of a second office shows anywhere."""

import datetime as dt
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from backoffice.domain import complaints
from backoffice.models import CannedAnswer, Complaint, SurveyResponse
from backoffice.models.base import utcnow
from tests import factories
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser


def late_complaint(office, content):
    received = utcnow() - dt.timedelta(days=30)
    return complaints.receive(
        Complaint(office=office, channel="whatsapp", content=content, received_at=received), None
    )


def test_supervisor_opens_overdue_complaints_from_a_chart_and_answers_one(page, live_server, db):
    office = factories.make_office(slug="karangasem", name="Dinas Sosial Karangasem")
    other = factories.make_office(slug="lain", name="Dinas Rahasia Lainqx")
    supervisor = factories.make_user(role="supervisor", office=office, full_name="Ibu Supervisor")
    mine = late_complaint(office, "Kartu KIS belum aktif")
    late_complaint(other, "Keluhan Lainqx")
    CannedAnswer.create(office=office, title="Menunggu kuota", body="Usulan Anda menunggu kuota.")
    CannedAnswer.create(office=other, title="Jawaban Lainqx", body="Lainqx")

    page.goto(f"{live_server}/login")
    page.fill("#username", supervisor.username)
    page.fill("#password", PASSWORD)
    with page.expect_navigation():
        page.click("button[type=submit]")
    page.goto(f"{live_server}/admin/")
    page.wait_for_selector("#chart-complaints[data-rendered='1']")
    assert page.locator("canvas[data-rendered='1']").count() >= 3
    assert "Lainqx" not in page.content()
    table = page.locator("#chart-complaints-table")
    assert "Pengaduan: terlambat" in table.inner_text()

    # A figure is a link to the list it counts: the overdue complaints of this office.
    with page.expect_navigation():
        table.locator("tr", has_text="Pengaduan: terlambat").locator("a").click()
    assert "tenggat" in page.url
    listing = page.locator("table.model-list").inner_text()
    assert mine.ticket in listing and "terlambat" in listing
    assert "Lainqx" not in page.content()

    page.goto(f"{live_server}/admin/complaint/details/?id={mine.id}")
    with page.expect_navigation():
        page.click("button[data-action=verify]")
    page.locator("summary", has_text="Tanggapi").click()
    options = page.locator("form:has(button[data-action=respond]) select[name=canned_answer]")
    assert "Jawaban Lainqx" not in options.inner_text()
    options.select_option(label="Menunggu kuota")
    with page.expect_navigation():
        page.click("button[data-action=respond]")
    assert "Sudah ditanggapi" in page.locator("#status").inner_text()
    assert Complaint.get_by_id(mine.id).response == "Usulan Anda menunggu kuota."

    page.goto(f"{live_server}/admin/")
    figures = page.locator("#chart-complaints-table")
    shown_open = int(figures.locator("tr", has_text="Pengaduan: terbuka").locator("a").inner_text())
    shown_late = int(
        figures.locator("tr", has_text="Pengaduan: terlambat").locator("a").inner_text()
    )
    assert (shown_open, shown_late) == (0, 0)  # answered: neither open nor late any more
    with page.expect_download() as xlsx_download:
        page.click("#report-xlsx")
    book = load_workbook(io.BytesIO(Path(xlsx_download.value.path()).read_bytes()))
    rows = [[c.value for c in row] for row in book.active.iter_rows()]
    assert not any("Lainqx" in str(v) for row in rows for v in row)
    # The report holds the dashboard's figures.
    start = rows.index(["Pengaduan terbuka dan terlambat", None, None, None, None])
    assert rows[start + 2][:3] == ["Pengaduan", shown_open, shown_late]
    with page.expect_download() as pdf_download:
        page.click("#report-pdf")
    pdf = Path(pdf_download.value.path()).read_bytes()
    assert pdf.startswith(b"%PDF")
    assert b"Pengaduan terbuka dan terlambat" in pdf and b"Lainqx" not in pdf


def test_the_kiosk_takes_an_answer_without_login_and_reaches_nothing_else(page, live_server, db):
    office = factories.make_office(slug="kiosdinas")
    factories.make_service(office=office, name="Pengusulan Baru PBI")
    page.goto(f"{live_server}/survei/kiosdinas")
    page.locator("label.choice", has_text="Pengusulan Baru PBI").click()
    for n in range(1, 10):
        page.locator(f"input[name=u{n}][value='4']").check()
    with page.expect_navigation():
        page.click("button[type=submit]")
    assert page.locator("#thanks").is_visible()
    assert SurveyResponse.select().where(SurveyResponse.source == "kiosk").count() == 1
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
    assert all(h.startswith("/survei/kiosdinas") for h in hrefs)
    page.goto(f"{live_server}/admin/")
    assert "/login" in page.url
