"""The Huey tasks: one that runs a job (the job's row says which operation), and the
periodic work. Importing this module registers every operation, so a worker knows them all.
"""

import contextlib
import logging

from flask import has_app_context
from huey import crontab

from backoffice.tasks import exports, imports, periodic, records  # noqa: F401 (registers operations)

# Operations of other modules register themselves on import, one line each:
# (publishing: helper A) (batches: helper B)
from backoffice.tasks.batches import make as make_batch_file  # noqa: F401 (registers it)
from backoffice.tasks.publishing import publish_site  # noqa: F401 (and restore_site)
from backoffice.tasks.queue import bound_app, huey, is_bound

log = logging.getLogger(__name__)


@huey.task(name="loket.run_job")
def run_job(job_id: int) -> None:
    """Run the job `job_id` in this worker (nothing when another has it or it finished)."""
    with in_app(), records.connection():
        records.run(job_id)


@huey.periodic_task(crontab(minute="*"), name="loket.reap")
def reap() -> None:
    """Every minute: take back the jobs of stopped workers (each worker's heartbeat does it
    too; this is the floor when only one worker runs)."""
    with in_app(), records.connection():
        records.reap()


@huey.periodic_task(crontab(minute="*/15"), name="loket.remove_expired_files")
def remove_expired_files() -> None:
    """Every quarter hour: delete the files of jobs past their keeping days (uploads, dry-run
    reports and exports hold NIKs: UU 27/2022 keeps them no longer than needed)."""
    with in_app(), records.connection():
        removed = imports.remove_expired() + exports.remove_expired()
        if removed:
            log.info("files of %d jobs deleted after their keeping days", removed)


@huey.periodic_task(crontab(minute="*/15"), name="loket.office_clock")
def office_clock() -> None:
    """Every quarter hour: file the monthly report of a month just ended, give each
    supervisor the morning list of deadlines and run the night's retention rule, for every
    office whose clock says it is time (each once: a rerun or a second worker's run adds
    nothing)."""
    with in_app(), records.connection():
        filed, lists = periodic.file_monthly_reports(), periodic.send_morning_lists()
        anonymised = periodic.apply_retention()
        if filed or lists or anonymised:
            log.info("%d monthly reports filed, %d morning lists made, %d people anonymised",
                     filed, lists, anonymised)  # fmt: skip


def in_app():
    """The context a task runs in: the bound app's (a worker), or the caller's own when it
    runs at once inside a request or a test."""
    if has_app_context() or not is_bound():
        return contextlib.nullcontext()
    return bound_app().app_context()
