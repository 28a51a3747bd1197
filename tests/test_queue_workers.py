"""Queue workers as real processes (`loket worker`) on two "machines" (each in its own UTS
namespace, so its host name differs): a worker killed with kill -9 in the middle of an import
commit or a list export leaves nothing half-written, and the other worker's heartbeat takes
the job back once the dead one is not seen for `records.STALE_AFTER` and runs it again. On
every queue storage: an SQLite file beside an SQLite database, PostgreSQL's huey_* tables, and
Redis (TEST_REDIS_URL, default redis://127.0.0.1:6379/5; that db is flushed). Also the
periodic schedule and the expiry of an import's files.

Each kill test takes ~40 s: the 30 s a stopped worker stays "seen" is the production value.
"""

import csv
import datetime as dt
import io
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from backoffice.models import Applicant, DataJob, JobFile, QueueWorker
from backoffice.tasks import imports as import_tasks
from backoffice.tasks import job_files, queue, worker_tasks
from tests import factories
from tests.import_files import good_rows, to_csv

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/5")
ROWS = 1000
EXPORTED = 5
TEST_SECRET = "test-secret"  # the tests' app's: the workers read messages it signed
RECOVERY = 60  # seconds after the kill within which the other worker has finished the job

# (backend, queue storage): the default storage of each backend, and Redis with either.
STORAGES = [
    ("sqlite", "sqlite"),
    ("postgresql", "postgresql"),
    ("sqlite", "redis"),
    ("postgresql", "redis"),
]


def redis_answers(url: str) -> str:
    """Empty when Redis at `url` answers PING, else why not."""
    try:
        import redis

        client = redis.Redis.from_url(url, socket_connect_timeout=2)
        client.ping()
        client.close()
    except Exception as exc:  # noqa: BLE001 - any failure means: not reachable
        return f"{type(exc).__name__}: {exc}"
    return ""


def flush_redis(url: str) -> None:
    import redis

    client = redis.Redis.from_url(url)
    client.flushdb()  # only this test's db number
    client.close()


@pytest.fixture
def storage(request, backend, app):
    """The queue URL the consumers get (LOKET_QUEUE_URL; "" for the backend's default); the
    test process enqueues into the same storage (not run at once) until the test ends."""
    kind = request.param
    url = backend[1]
    queue_url = ""
    if kind == "redis":
        why = redis_answers(REDIS_URL)
        if why:
            message = f"Redis at {REDIS_URL} does not answer ({why}); .ci/run starts it"
            if os.environ.get("CI"):
                pytest.fail(message)
            print(message)
            pytest.skip(message)
        queue_url = REDIS_URL
        flush_redis(REDIS_URL)
    queue.configure(queue_url, url, immediate=False)
    queue.huey.flush()
    yield queue_url
    queue.huey.flush()
    if kind == "redis":
        flush_redis(REDIS_URL)
    queue.configure("", url, immediate=True)


@pytest.fixture
def office(make_office):
    return make_office(slug="karangasem")


class Workers:
    """Consumer processes, each on its own host name; all killed at the end."""

    def __init__(self, tmp_path: Path, database_url: str, queue_url: str) -> None:
        if shutil.which("unshare") is None:
            pytest.fail("`unshare` (util-linux) is needed to run workers as different hosts")
        self.tmp_path, self.children = tmp_path, {}
        self.env = os.environ | {"DATABASE_URL": database_url, "LOKET_QUEUE_URL": queue_url,
                                 "LOKET_INSTANCE_DIR": str(tmp_path / "instance"),
                                 "SECRET_KEY": TEST_SECRET, "PYTHONUNBUFFERED": "1"}  # fmt: skip
        for name in ("LOKET_IMPORT_PAUSE", "LOKET_EXPORT_PAUSE", "LOKET_QUEUE_IMMEDIATE"):
            self.env.pop(name, None)

    def start(self, host: str, **env: str) -> subprocess.Popen:
        """`loket worker -w 1` as `host`; unshare and sh exec it, so the pid is Python's."""
        out = open(self.tmp_path / f"{host}.out", "w")  # noqa: SIM115 - closed with the child
        args = ["unshare", "--uts", "sh", "-c", f'hostname {host} && exec "$@"', "sh",
                sys.executable, "-m", "backoffice.cli", "worker", "-w", "1"]  # fmt: skip
        child = subprocess.Popen(args, env=self.env | env, stdout=out, stderr=subprocess.STDOUT,
                                 cwd=Path(__file__).parent.parent)  # fmt: skip
        child.out = out
        self.children[host] = child
        return child

    def said(self, host: str) -> str:
        return (self.tmp_path / f"{host}.out").read_text(errors="replace")

    def kill(self, host: str) -> None:
        child = self.children[host]
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=10)

    def stop_all(self) -> None:
        for child in self.children.values():
            if child.poll() is None:
                child.kill()
                child.wait(timeout=10)
            child.out.close()


@pytest.fixture
def workers(backend, storage, tmp_path):
    running = Workers(tmp_path, backend[1], storage)
    try:
        yield running
    finally:
        running.stop_all()


def wait_for(what: str, condition, timeout: float, workers: Workers):
    """Poll `condition` until it returns something true; fail naming `what` after `timeout`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(0.25)
    said = {host: workers.said(host)[-3000:] for host in workers.children}
    pytest.fail(f"not within {timeout} s: {what}\n{said}")


def job_now(job_id: int) -> DataJob:
    return DataJob.get_by_id(job_id)


def kill_a_and_let_b_finish(workers: Workers, job_id: int, pause_line: str) -> None:
    """A (started by the caller, pausing) holds the job: start B, kill A; B takes the job
    back. Checks that A held it under its own pid and host."""
    a = workers.children["mesin-a"]
    wait_for("worker A holds the job and paused",
             lambda: job_now(job_id).status == "running" and pause_line in workers.said("mesin-a"),
             40, workers)  # fmt: skip
    assert job_now(job_id).worker.startswith(
        f"mesin-a:{a.pid}:"
    )  # unshare + exec: the pid is Python's
    workers.start("mesin-b")
    # B is up: it beat, or (SQLite, A holding the write lock) its consumer logs its start.
    wait_for("worker B started",
             lambda: QueueWorker.select().where(QueueWorker.host == "mesin-b").exists()
             or "huey.consumer" in workers.said("mesin-b"), 30, workers)  # fmt: skip
    workers.kill("mesin-a")
    assert a.returncode == -signal.SIGKILL
    time.sleep(0.5)  # PostgreSQL ends the dead client's transaction


def finished_by_b(workers: Workers, job_id: int) -> DataJob:
    job = wait_for("the job finished after the kill",
                   lambda: (j := job_now(job_id)).status in ("done", "ready", "failed") and j,
                   RECOVERY, workers)  # fmt: skip
    b = workers.children["mesin-b"]
    assert job.status != "failed", job.message  # it had a run left: B runs it again
    assert job.worker.startswith(f"mesin-b:{b.pid}:") and job.attempts == 2, (
        job.worker,
        job.attempts,
    )
    return job


@pytest.mark.parametrize("backend, storage", STORAGES, indirect=True)
def test_an_import_commit_killed_midway_is_run_again_by_the_other_worker(
    app, backend, office, workers, storage
):
    """Worker A (mesin-a) pauses with the 1,000 rows written in its open transaction and is
    killed: nothing of them is seen; worker B (mesin-b) takes the job back after 30 s and
    imports all 1,000."""
    queue.configure(storage, backend[1], immediate=True)  # the dry run, at once
    job = import_tasks.start(to_csv(good_rows(ROWS)), "a.csv", office, None)
    assert job.status == "checked", job.message
    queue.configure(storage, backend[1], immediate=False)
    user = factories.make_user(role="supervisor", office=office)
    job = import_tasks.queue_commit(job, False, user.id, "")
    assert job.status == "queued" and queue.pending_job_ids() == {job.id}
    workers.start("mesin-a", LOKET_IMPORT_PAUSE="30")
    kill_a_and_let_b_finish(workers, job.id, "LOKET_IMPORT_PAUSE: ")
    assert Applicant.select().count() == 0  # written but never committed: no partial rows
    job = finished_by_b(workers, job.id)
    saved = f"Tersimpan: {ROWS:,} pemohon baru".replace(",", ".")  # "1.000": thousands dot
    assert job.status == "done" and job.message.startswith(saved)
    assert Applicant.select().count() == ROWS


@pytest.mark.parametrize("backend, storage", STORAGES, indirect=True)
def test_an_export_killed_midway_leaves_no_file_and_is_made_again(
    app, backend, office, workers, storage
):
    """Worker A pauses after the first row of a background export and is killed: the job has
    no file; worker B makes it again, with every row."""
    app.config["LOKET_EXPORT_BACKGROUND_ROWS"] = 2
    for n in range(EXPORTED):
        factories.make_applicant(office=office, name=f"Ni Luh Ekspor {n}")
    client = app.test_client()
    user = factories.make_user(role="supervisor", office=office)
    factories.post_form(client, "/login", {"username": user.username,
                                           "password": factories.PASSWORD})  # fmt: skip
    asked = factories.post_form(client, "/admin/applicant/ekspor/csv", {})
    assert asked.status_code == 302
    job = DataJob.get(DataJob.kind == "export")
    assert job.status == "queued" and queue.pending_job_ids() == {job.id}
    workers.start("mesin-a", LOKET_EXPORT_PAUSE="30")
    kill_a_and_let_b_finish(workers, job.id, "LOKET_EXPORT_PAUSE: 1 baris ditulis")
    assert JobFile.select().where(JobFile.job == job.id).count() == 0
    job = finished_by_b(workers, job.id)
    assert job.status == "ready" and job.message == f"{EXPORTED} baris.", job.message
    text = job_files.read(job, job_files.RESULT).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert len(rows) == EXPORTED + 1 and rows[0][:3] == ["NIK", "NO_KK", "NAMA"]
    assert sorted(r[2] for r in rows[1:]) == [f"Ni Luh Ekspor {n}" for n in range(EXPORTED)]


def test_the_schedule_declares_the_reaper_and_the_file_expiry():
    """Every minute the reaper, every quarter hour the expiry of files (times in UTC)."""

    def due(minute: int) -> set[str]:
        return {task.name for task in queue.huey.read_periodic(dt.datetime(2026, 3, 1, 9, minute))}

    assert {"loket.reap", "loket.remove_expired_files"} <= due(0)
    assert {"loket.reap", "loket.remove_expired_files"} <= due(45)
    assert "loket.reap" in due(7) and "loket.remove_expired_files" not in due(7)
    assert worker_tasks.reap.name == "loket.reap"


def test_the_periodic_expiry_deletes_an_imports_files_after_seven_days(app, office):
    """The quarter-hourly task deletes the upload, summary and report of an import finished
    8 days ago (not of one finished 6 days ago); the job stays, with a note."""
    user = factories.make_user(role="supervisor", office=office)
    old, recent = (import_tasks.start(to_csv(good_rows(3)), f"{name}.csv", office, user)
                   for name in ("old", "recent"))  # fmt: skip
    for job, days in ((old, 8), (recent, 6)):
        job = import_tasks.queue_commit(job, False, user.id, "")
        assert job.status == "done", job.message
        DataJob.update(finished_at=job.finished_at - dt.timedelta(days=days)).where(
            DataJob.id == job.id).execute()  # fmt: skip
    assert JobFile.select().where(JobFile.job == old.id).count() > 0
    with app.app_context():
        worker_tasks.remove_expired_files.call_local()
    assert JobFile.select().where(JobFile.job == old.id).count() == 0
    assert JobFile.select().where(JobFile.job == recent.id).count() > 0
    kept = job_now(old.id)
    assert kept.status == "done" and "dihapus setelah 7 hari" in kept.message, kept.message
    assert job_now(recent.id).status == "done" and Applicant.select().count() == 3


def test_a_message_planted_in_the_queue_without_the_secret_is_never_unpickled(
    app, queued, tmp_path
):
    """Messages are signed with SECRET_KEY: one written straight into the queue's storage (by
    whoever can write to its tables or its Redis) is refused before pickle reads it."""
    import pickle

    planted = tmp_path / "planted"

    class Payload:
        def __reduce__(self):
            return (planted.touch, ())

    queue.huey.storage.enqueue(pickle.dumps(Payload()))
    with pytest.raises(ValueError):
        queue.huey.dequeue()
    assert not planted.exists()


@pytest.mark.parametrize("backend, storage", [("postgresql", "postgresql")], indirect=True)
def test_a_worker_stopped_by_sigterm_finishes_its_export_and_keeps_it(
    app, backend, office, workers, storage
):
    """systemd's stop (SIGTERM) in the middle of an export: the worker finishes it before it
    exits, beating meanwhile, so the other worker never takes it back (it was cut at row 1052
    and failed, the attacker found)."""
    app.config["LOKET_EXPORT_BACKGROUND_ROWS"] = 2
    for n in range(EXPORTED):
        factories.make_applicant(office=office, name=f"Ni Luh Ekspor {n}")
    client = app.test_client()
    user = factories.make_user(role="supervisor", office=office)
    factories.post_form(client, "/login", {"username": user.username,
                                           "password": factories.PASSWORD})  # fmt: skip
    factories.post_form(client, "/admin/applicant/ekspor/csv", {})
    job = DataJob.get(DataJob.kind == "export")
    a = workers.start("mesin-a", LOKET_EXPORT_PAUSE="8")  # 5 rows: 40 s, past STALE_AFTER
    wait_for("worker A holds the job and paused",
             lambda: job_now(job.id).status == "running"
             and "LOKET_EXPORT_PAUSE: 1 baris ditulis" in workers.said("mesin-a"),
             40, workers)  # fmt: skip
    workers.start("mesin-b")  # a healthy worker that would take a silent worker's job back
    a.send_signal(signal.SIGTERM)
    assert a.wait(timeout=90) == 0, workers.said("mesin-a")[-2000:]
    done = job_now(job.id)
    assert done.status == "ready" and done.attempts == 1, (done.status, done.message)
    assert done.worker.startswith(f"mesin-a:{a.pid}:")
