"""A publish asked for at the desk runs on a real queue worker (`loket worker`, a process of
its own on its own host name); a worker killed with kill -9 in the middle of a publish leaves
the live site as it was, its publish is not run again, and within a minute the record says
why and the desk publishes again. On each backend's default queue storage.

The kill test takes ~40 s: the 30 s a stopped worker stays "seen" is the production value.
"""

import datetime as dt

import pytest

from backoffice.i18n import format_datetime_id
from backoffice.models import DataJob, PublishRecord
from backoffice.publish.store import STAMP, SiteStore
from backoffice.tasks import queue
from tests.publish.test_publishing_admin import DESK, publish_now
from tests.test_queue_workers import RECOVERY, Workers, wait_for

SERVICES = 30  # enough pages that the build is still under way when its worker is killed


@pytest.fixture
def workers(backend, site_app, tmp_path):
    """Consumer processes on the test database and its default queue storage, into which the
    desk now enqueues (no longer run at once)."""
    queue.configure("", backend[1], immediate=False)
    queue.huey.flush()
    running = Workers(tmp_path, backend[1], "")
    try:
        yield running
    finally:
        running.stop_all()
        queue.huey.flush()
        queue.configure("", backend[1], immediate=True)


def newest() -> PublishRecord:
    return PublishRecord.select().order_by(PublishRecord.id.desc()).get()


def job_of(record: PublishRecord) -> DataJob:
    jobs = DataJob.select().where(DataJob.kind == "publish").order_by(DataJob.id.desc())
    return next(job for job in jobs if f'"record": {record.id}' in job.params)


def test_a_worker_publishes_what_the_desk_queued(client, webmaster, make_service, workers):
    make_service(name="Layanan Lewat Antrean")
    a = workers.start("mesin-a")
    publish_now(client)

    wait_for("the worker published", lambda: newest().status != "running", 60, workers)

    record = newest()
    assert record.status == "success", record.error
    job = job_of(record)
    assert job.status == "done" and job.worker.startswith(f"mesin-a:{a.pid}:") and job.attempts == 1
    desk = client.get(DESK).get_data(True)
    built = dt.datetime.strptime(record.build_name, STAMP)  # UTC; the desk says it in WIB
    assert f"Situs yang tayang: terbitan {format_datetime_id(built, 'Asia/Jakarta')}." in desk


def test_a_publish_killed_with_its_worker_is_not_run_again_and_the_desk_publishes_again(
    client, webmaster, make_service, workers, site_app
):
    for n in range(SERVICES):
        make_service(name=f"Layanan {n}")
    a = workers.start("mesin-a")
    publish_now(client)
    record = newest()
    wait_for("worker A builds", lambda: job_of(record).status == "running", 40, workers)
    workers.kill("mesin-a")
    assert newest().status == "running"  # killed before it finished
    workers.start("mesin-b")

    wait_for("the dead publish is closed", lambda: newest().status != "running", RECOVERY,
             workers)  # fmt: skip

    record = newest()
    assert record.status == "failed" and job_of(record).worker.startswith(f"mesin-a:{a.pid}:")
    assert record.error == (
        f"Penerbitan terhenti: pekerja antrean {job_of(record).worker} berhenti di tengah "
        "pekerjaan; situs publik belum tayang. Terbitkan lagi."
    )
    job = job_of(record)
    assert job.status == "failed" and job.attempts == 1  # never run a second time
    assert SiteStore(site_app.config["LOKET_SITE_DIR"]).current() is None
    publish_now(client)
    wait_for("worker B published", lambda: newest().status != "running", 60, workers)
    assert newest().status == "success" and newest().id != record.id
