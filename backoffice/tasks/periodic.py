"""Work the clock does, with no user action (issue 17): file each office's monthly report
once its month has ended, give each supervisor the morning list of deadlines, and run each
office's retention rule once a night (issue 18: `domain.retention`).

Both are operations that can die at any line and run again: every row is one insert that a
unique index lets happen once (office, year, month; account, kind, day), so a rerun, or two
consumers' schedulers running the same minute, change nothing more. One office whose data
cannot be read (a calendar with no working day, a report that fails) is skipped with its
reason in the worker's log: the other offices still get theirs.
"""

import datetime as dt
import json
import logging

from peewee import IntegrityError

from backoffice.db import database
from backoffice.domain import notices, retention
from backoffice.domain.deadlines import calendar_for, to_local
from backoffice.models import FiledReport, Notice, Office, User
from backoffice.models.base import utcnow
from backoffice.reports import monthly, writers

log = logging.getLogger(__name__)


def previous_month(day: dt.date) -> tuple[int, int]:
    """(year, month) of the month before `day`'s."""
    first = day.replace(day=1) - dt.timedelta(days=1)
    return first.year, first.month


def file_monthly_reports(now_utc: dt.datetime | None = None) -> int:
    """File the report of the month that ended last (office clock) for every office that has
    none yet; return how many were filed. The report is the one staff download (`monthly`),
    as XLSX and PDF, made at `now_utc` (naive UTC, default now)."""
    return _each_office(_file_report, now_utc or utcnow(), "monthly report not filed")


def _file_report(office: Office, now: dt.datetime) -> int:
    year, month = previous_month(to_local(now, calendar_for(office)).date())
    if FiledReport.select().where(FiledReport.office == office.id, FiledReport.year == year,
                                  FiledReport.month == month).exists():  # fmt: skip
        return 0
    report = monthly.build(office, year, month, now)
    xlsx, _ = writers.render(report, "xlsx")
    pdf, _ = writers.render(report, "pdf")
    return _insert_once(FiledReport, office=office.id, year=year, month=month, made_at=now,
                        xlsx=xlsx, pdf=pdf)  # fmt: skip


def send_morning_lists(now_utc: dt.datetime | None = None) -> int:
    """Give every active supervisor of every office whose morning it is (`notices.
    morning_day`) that day's list of deadlines, once; return how many lists were made."""
    return _each_office(_morning_list, now_utc or utcnow(), "morning list not made")


def _each_office(work, now: dt.datetime, failed: str) -> int:
    """The sum of `work(office, now)` over every office; an office whose data makes it fail
    is skipped with its reason in the log (one office's data breaks only its own part)."""
    done = 0
    for office in Office.select().order_by(Office.id):
        try:
            done += work(office, now)
        except Exception as error:  # noqa: BLE001 - logged with the office, the rest go on
            log.warning("%s for office %s: %s", failed, office.slug, error)
    return done


def _morning_list(office: Office, now: dt.datetime) -> int:
    calendar = calendar_for(office)
    day = notices.morning_day(calendar, now)
    if day is None:
        return 0
    supervisors = list(
        User.select(User.id).where(User.office == office.id, User.role == "supervisor",
                                   User.active, User.id.not_in(
                                       Notice.select(Notice.user).where(
                                           Notice.kind == notices.MORNING_LIST, Notice.day == day)))
    )  # fmt: skip
    if not supervisors:
        return 0
    items, applications, late, complaints = notices.due_items(office, day, calendar, now)
    title = notices.title_of(day, applications, late, complaints)
    rows = json.dumps(notices.as_json_rows(items))
    made = 0
    for user in supervisors:
        if _insert_once(Notice, user=user.id, kind=notices.MORNING_LIST, day=day, title=title,
                        items=rows, created_at=now):  # fmt: skip
            made += 1
            # Yesterday's unread list is superseded: today's holds what is still open.
            Notice.update(read_at=now).where(
                Notice.user == user.id, Notice.kind == notices.MORNING_LIST, Notice.day < day,
                Notice.read_at.is_null()).execute()  # fmt: skip
    return made


def apply_retention(now_utc: dt.datetime | None = None) -> int:
    """Run every office's retention rule that is due (`domain.retention`: once a local night,
    one transaction per office); return how many people were anonymised. One office whose
    run fails is skipped with its reason in the worker's log: the others still run."""
    return _each_office(lambda office, now: retention.run_office(office, now) or 0,
                        now_utc or utcnow(), "retention run failed")  # fmt: skip


def _insert_once(model, **values) -> int:
    """Insert one row unless its unique key is there already (another run made it): 1 or 0."""
    try:
        with database.atomic():
            model.insert(**values).execute()
    except IntegrityError:
        return 0
    return 1
