"""Work the clock does with no user action (issue 17): each office's monthly report filed once
its month has ended, each supervisor's morning list of deadlines on a working day at 07:00 on
the office's clock; run by the queue's quarter-hourly task (clock moved, nobody signed in)."""

import datetime as dt
import io
import json

from openpyxl import load_workbook

from backoffice.domain import notices
from backoffice.models import FiledReport, Notice, OfficeHours
from backoffice.tasks import periodic, queue, worker_tasks
from tests import factories

# Tuesday 8 December 2026 on a WITA office's clock (UTC+8).
TUESDAY_0650_WITA = dt.datetime(2026, 12, 7, 22, 50)
TUESDAY_0705_WITA = dt.datetime(2026, 12, 7, 23, 5)
SUNDAY_0900_WITA = dt.datetime(2026, 12, 6, 1, 0)


def _office_with_cases(slug: str):
    """An office with a supervisor and: an application due at 10.00 WITA today, one late
    since yesterday, one due tomorrow, a decided one (clock stopped), a complaint due today."""
    office = factories.make_office(slug=slug)
    supervisor = factories.make_user(role="supervisor", office=office)
    service = factories.make_service(office=office)
    due_today = factories.make_application(service=service, due_at=dt.datetime(2026, 12, 8, 2),
                                           queue_number="A-007")  # fmt: skip
    late = factories.make_application(service=service, due_at=dt.datetime(2026, 12, 7, 2))
    factories.make_application(service=service, due_at=dt.datetime(2026, 12, 9, 2))
    factories.make_application(service=service, status="activated",
                               due_at=dt.datetime(2026, 12, 1, 2))  # fmt: skip
    from backoffice.models import Complaint

    complaint = Complaint.create(office=office, channel="loket", content="Kartu belum aktif",
                                 topic="kepesertaan", ticket=f"ADU-2026-{slug}",
                                 due_at=dt.datetime(2026, 12, 8, 5))  # fmt: skip
    return office, supervisor, due_today, late, complaint


def test_each_supervisor_gets_the_morning_list_once_at_seven_on_the_office_clock(db):
    office, supervisor, due_today, late, complaint = _office_with_cases("pagi")
    other_office, other_supervisor, *_ = _office_with_cases("lain")
    factories.make_user(role="supervisor", office=office, active=False)  # left the office
    factories.make_user(role="petugas", office=office)  # counter staff get none

    assert periodic.send_morning_lists(TUESDAY_0650_WITA) == 0  # 06.50 WITA: not yet
    assert periodic.send_morning_lists(TUESDAY_0705_WITA) == 2  # one per office's supervisor
    assert periodic.send_morning_lists(TUESDAY_0705_WITA + dt.timedelta(minutes=15)) == 0

    notice = Notice.get(Notice.user == supervisor.id)
    assert notice.day == dt.date(2026, 12, 8)
    assert notice.title == "Tenggat 08-12-2026: 2 permohonan (1 lewat tenggat), 1 pengaduan"
    items = json.loads(notice.items)
    assert [(i["kind"], i["id"], i["late"]) for i in items] == [
        ("application", late.id, True),
        ("application", due_today.id, False),
        ("complaint", complaint.id, False),
    ]
    assert items[1]["number"] == f"#{due_today.id}" and items[2]["number"] == "ADU-2026-pagi"
    theirs = json.loads(Notice.get(Notice.user == other_supervisor.id).items)
    assert not {i["id"] for i in theirs if i["kind"] == "complaint"} & {complaint.id}
    assert Notice.select().count() == 2


def test_a_new_morning_list_supersedes_yesterdays_unread_one(db):
    _, supervisor, *_ = _office_with_cases("tumpuk")
    periodic.send_morning_lists(TUESDAY_0705_WITA)
    periodic.send_morning_lists(TUESDAY_0705_WITA + dt.timedelta(days=1))  # Wednesday
    assert [n.day for n in notices.unread(supervisor)] == [dt.date(2026, 12, 9)]


def test_no_morning_list_on_a_day_the_office_is_closed(db):
    office, *_ = _office_with_cases("minggu")
    assert periodic.send_morning_lists(SUNDAY_0900_WITA) == 0
    assert not Notice.select().exists()


def test_an_office_whose_calendar_cannot_be_read_misses_only_its_own_list(db):
    broken, broken_supervisor, *_ = _office_with_cases("rusak")
    # Hours saved around the form's check: opens after it closes, every weekday.
    OfficeHours.insert_many([{"office": broken.id, "weekday": d, "opens": dt.time(16),
                              "closes": dt.time(8)} for d in range(7)]).execute()  # fmt: skip
    _, supervisor, *_ = _office_with_cases("sehat")
    assert periodic.send_morning_lists(TUESDAY_0705_WITA) == 1
    assert Notice.select().where(Notice.user == supervisor.id).exists()
    assert not Notice.select().where(Notice.user == broken_supervisor.id).exists()


def test_the_quarter_hourly_task_does_it_with_nobody_signed_in(app, monkeypatch):
    """The queue's own periodic task, at a moved clock: the list and last month's report."""
    office, supervisor, *_ = _office_with_cases("jadwal")
    monkeypatch.setattr(periodic, "utcnow", lambda: TUESDAY_0705_WITA)
    with app.app_context():
        worker_tasks.office_clock.call_local()
    assert Notice.get(Notice.user == supervisor.id).day == dt.date(2026, 12, 8)
    filed = FiledReport.get(FiledReport.office == office.id)
    assert (filed.year, filed.month) == (2026, 11)


def test_the_schedule_runs_the_office_clock_every_quarter_hour():
    def due(minute: int) -> set[str]:
        return {task.name for task in queue.huey.read_periodic(dt.datetime(2026, 3, 1, 9, minute))}

    assert "loket.office_clock" in due(0) and "loket.office_clock" in due(15)
    assert "loket.office_clock" not in due(7)


def test_last_months_report_is_filed_once_and_kept_as_it_was(db):
    office, *_ = _office_with_cases("arsip")
    end_of_november = dt.datetime(2026, 11, 30, 15, 0)  # 23.00 WITA, still November
    assert periodic.file_monthly_reports(end_of_november) == 1
    assert FiledReport.get().month == 10  # still November on the office's clock: October's
    first_of_december = dt.datetime(2026, 11, 30, 16, 30)  # 00.30 WITA on 1 December
    assert periodic.file_monthly_reports(first_of_december) == 1
    assert periodic.file_monthly_reports(first_of_december + dt.timedelta(hours=5)) == 0
    filed = FiledReport.get(FiledReport.office == office.id, FiledReport.month == 11)
    assert (filed.year, filed.month) == (2026, 11)
    sheet = load_workbook(io.BytesIO(bytes(filed.xlsx))).active
    texts = [str(c.value) for row in sheet.iter_rows() for c in row if c.value]
    assert any("November 2026" in t for t in texts), texts[:5]
    assert bytes(filed.pdf).startswith(b"%PDF")


def test_staff_download_their_offices_filed_report_and_never_anothers(app, client):
    office, supervisor, *_ = _office_with_cases("unduh")
    other, other_supervisor, *_ = _office_with_cases("tetangga")
    periodic.file_monthly_reports(dt.datetime(2026, 12, 1, 2))
    mine = FiledReport.get(FiledReport.office == office.id)
    theirs = FiledReport.get(FiledReport.office == other.id)
    factories.post_form(client, "/login", {"username": supervisor.username,
                                           "password": factories.PASSWORD})  # fmt: skip
    page = client.get("/admin/report/").get_data(as_text=True)
    assert "November 2026" in page and f"/admin/report/arsip/{mine.id}.xlsx" in page
    assert f"/admin/report/arsip/{theirs.id}." not in page
    download = client.get(f"/admin/report/arsip/{mine.id}.pdf")
    assert download.status_code == 200 and download.data.startswith(b"%PDF")
    assert client.get(f"/admin/report/arsip/{theirs.id}.pdf").status_code == 404


def test_the_home_page_shows_the_list_until_marked_read(app, client):
    office, supervisor, due_today, late, _ = _office_with_cases("beranda")
    _, other_supervisor, *_ = _office_with_cases("sebelah")
    periodic.send_morning_lists(TUESDAY_0705_WITA)
    mine = Notice.get(Notice.user == supervisor.id)
    theirs = Notice.get(Notice.user == other_supervisor.id)
    factories.post_form(client, "/login", {"username": supervisor.username,
                                           "password": factories.PASSWORD})  # fmt: skip
    home = client.get("/admin/").get_data(as_text=True)
    assert "Tenggat 08-12-2026: 2 permohonan (1 lewat tenggat), 1 pengaduan" in home
    assert f"/admin/application/details/?id={late.id}" in home and "lewat tenggat" in home
    assert f"Permohonan #{due_today.id}" in home and "8 Des 2026 10.00" in home  # office clock
    token = factories.csrf_token(home)
    refused = client.post(f"/admin/pemberitahuan/{theirs.id}/dibaca", data={"csrf_token": token})
    assert refused.status_code == 404 and Notice.get_by_id(theirs.id).read_at is None
    answer = client.post(f"/admin/pemberitahuan/{mine.id}/dibaca", data={"csrf_token": token})
    assert answer.status_code == 302
    assert "Tenggat 08-12-2026" not in client.get("/admin/").get_data(as_text=True)
    assert notices.unread(supervisor) == []


def test_the_installation_admin_picks_the_office_whose_reports_to_read(app, client):
    first, *_ = _office_with_cases("pertama")
    second, *_ = _office_with_cases("kedua")
    periodic.file_monthly_reports(dt.datetime(2026, 12, 1, 2))
    theirs = FiledReport.get(FiledReport.office == second.id)
    admin = factories.make_user(role="admin")
    factories.post_form(client, "/login", {"username": admin.username,
                                           "password": factories.PASSWORD})  # fmt: skip
    home = client.get("/admin/").get_data(as_text=True)
    assert "Pilih dinas: laporan bulanan dan arsipnya" in home and "report-xlsx" not in home
    page = client.get(f"/admin/report/?office={second.id}").get_data(as_text=True)
    assert f"Laporan bulanan &middot; {second.name}" in page and 'id="report-office"' in page
    assert f"/admin/report/arsip/{theirs.id}.xlsx?office={second.id}" in page
    download = client.get(f"/admin/report/arsip/{theirs.id}.pdf?office={second.id}")
    assert download.status_code == 200 and f"{second.slug}-202611-arsip.pdf" in download.headers[
        "Content-Disposition"]


def test_a_supervisor_moved_to_another_office_no_longer_reads_the_old_list(db):
    _, supervisor, *_ = _office_with_cases("lama")
    new_office, *_ = _office_with_cases("baru")
    periodic.send_morning_lists(TUESDAY_0705_WITA)
    assert notices.forget_elsewhere(supervisor) == 0  # still there: the list stays
    supervisor.office = new_office
    supervisor.save()
    assert notices.forget_elsewhere(supervisor) == 1 and notices.unread(supervisor) == []
