"""The dashboard's application counts (`application_tally`, kept by the database's own triggers,
migration 0014) stay equal to the applications through every way a row changes, and the
dashboard's figures read from them equal the applications an office's lists hold."""

import datetime
from collections import Counter

from playhouse.migrations import Runner

from backoffice.domain import casework, figures
from backoffice.domain.scope import Viewer, scoped
from backoffice.models import Application, ApplicationTally
from backoffice.paths import MIGRATIONS_DIR

# Monday 23 November 2026, 10:00 WITA.
NOW = datetime.datetime(2026, 11, 23, 2, 0)
DAY = datetime.timedelta(days=1)
HOUR = datetime.timedelta(hours=1)
ZONE = "Asia/Makassar"


def live_counts() -> Counter:
    """(service id, status, UTC deadline day) -> applications, counted from the rows."""
    rows = Application.select(Application.service, Application.status, Application.due_at)
    return Counter(
        (sid, status, due.date().isoformat() if due else "") for sid, status, due in rows.tuples()
    )


def tally() -> Counter:
    rows = ApplicationTally.select(
        ApplicationTally.service,
        ApplicationTally.status,
        ApplicationTally.due_on,
        ApplicationTally.n,
    ).tuples()
    return Counter({(sid, status, day): n for sid, status, day, n in rows if n})


def test_the_tally_follows_creates_moves_bulk_actions_service_changes_and_deletes(
    make_applicant, make_service, make_user
):
    officer = make_user("petugas")
    service, other = make_service(), make_service()
    documents = [r.id for r in service.requirements]
    apps = [
        casework.receive(make_applicant(), service, officer, documents=documents, now=NOW)
        for _ in range(5)
    ]
    assert tally() == live_counts() and sum(tally().values()) == 5

    casework.apply(apps[0].id, "complete_documents", officer, now=NOW)  # one move
    casework.apply_many([a.id for a in apps[1:3]], "complete_documents", officer, now=NOW)
    assert tally() == live_counts()
    assert sum(n for (_, status, _), n in tally().items() if status == "complete") == 3

    moved = Application.get_by_id(apps[3].id)
    moved.service = other  # the reception corrected
    moved.due_at = NOW + 2 * DAY
    moved.save()
    assert tally() == live_counts()

    # Bulk writes that bypass the models' instances: one UPDATE and one DELETE of many rows.
    Application.update(status="cancelled").where(
        Application.id << [apps[0].id, apps[1].id]
    ).execute()
    Application.update(due_at=None).where(Application.id == apps[2].id).execute()
    assert tally() == live_counts()

    Application.get_by_id(apps[4].id).delete_instance(recursive=True)
    Application.delete().where(Application.id << [apps[0].id, apps[1].id]).execute()
    assert tally() == live_counts()
    assert sum(tally().values()) == 2


def test_a_deadline_moved_to_another_day_moves_its_count(make_applicant, make_service):
    service = make_service(promised_amount=2, promised_unit="days")
    app = casework.receive(make_applicant(), service, None, now=NOW)
    before = tally()
    Application.update(due_at=app.due_at + 3 * DAY).where(Application.id == app.id).execute()
    assert tally() == live_counts() != before


def test_a_tally_rebuilt_by_the_migration_counts_the_rows_already_there(
    make_application, make_service, db
):
    service = make_service()
    for status in ("received", "received", "done"):
        make_application(service=service, status=status, due_at=NOW)
    runner = Runner(db, str(MIGRATIONS_DIR))
    runner.down("0014_lists_at_a_million")
    runner.up()
    assert (
        tally()
        == live_counts()
        == Counter(
            {(service.id, "received", "2026-11-23"): 2, (service.id, "done", "2026-11-23"): 1}
        )
    )


def office_figures(viewer: Viewer):
    return (
        figures.applications_by_status(viewer),
        figures.open_by_service(viewer),
        figures.due_today_and_overdue(viewer, NOW, ZONE),
    )


def listed(viewer: Viewer):
    """The same figures counted from the application rows the viewer's lists show."""

    def count(query):
        return scoped(query, viewer).count()

    statuses = Counter(status for (status,) in scoped(
        Application.select(Application.status), viewer).tuples())  # fmt: skip
    by_status = [(code, n) for code, n in sorted(statuses.items())]
    open_apps = Counter(sid for (sid,) in scoped(
        Application.pending().select(Application.service), viewer).tuples())  # fmt: skip
    midnight = figures.next_midnight_utc(NOW, ZONE)
    return (
        by_status,
        sorted(open_apps.items()),
        (count(Application.due_between(NOW, midnight)), count(Application.overdue(NOW))),
    )


def test_the_dashboard_figures_equal_the_rows_each_account_may_list(
    make_application, make_service, make_user, make_office
):
    office, elsewhere = make_office(), make_office()
    ours, theirs = make_service(office=office), make_service(office=elsewhere)
    verifier = make_user("verifikator", office=office)
    # late on an earlier day, late earlier today, due later today (WITA), running, none
    deadlines = [NOW - 40 * DAY, NOW - DAY, NOW - HOUR, NOW + 3 * HOUR, NOW + 30 * DAY, None]
    for n, due in enumerate(deadlines * 2):
        status = ("received", "complete", "proposed", "done")[n % 4]
        make_application(service=ours if n % 3 else theirs, status=status, due_at=due,
                         verifier=verifier if n % 2 else None)  # fmt: skip

    viewers = [
        Viewer("supervisor", office=office),
        Viewer("supervisor", office=elsewhere),
        Viewer("admin"),
        Viewer("verifikator", user_id=verifier.id, office=office),
    ]
    for viewer in viewers:
        by_status, by_service, deadlines_now = office_figures(viewer)
        expected = listed(viewer)
        assert sorted((code, n) for code, _, n in by_status) == expected[0], viewer
        assert sorted((sid, n) for sid, _, n in by_service) == expected[1], viewer
        assert deadlines_now == expected[2], viewer
    # The verifier's figures hold only their own work: half of their office's.
    assert sum(n for *_, n in office_figures(viewers[3])[0]) == 4
    assert sum(n for *_, n in office_figures(viewers[0])[0]) == 8
