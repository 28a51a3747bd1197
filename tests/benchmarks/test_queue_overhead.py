"""Background work through the queue (issue 17): the same import and export, called directly
in this process (the anchor: what a worker does, without the queue) and through the queue to
a real consumer process (`loket worker -w 1`), in the same run. Target: through the queue at
most 1.1x direct. The same for a BPJS batch file of ROWS people, downloaded after. Then twenty
exports queued at once with two consumers, while this process
serves the applicant list: every export must finish, the list's p95 < 300 ms.

The queued time is measured from the enqueue until the job's row says it finished (polled
every 20 ms), so it includes storing the upload in the database, the queue's pick-up and the
consumer's own connection.

Both sides start alike. The consumer compared runs at the anchor's priority (nice 0): a worker
is niced (LOKET_WORKER_NICE) to yield to the web, which costs nothing on an idle machine, but
on a shared one other processes' load made the niced consumer wait 5.1 s for a processor in a
check of 2.7 s of work (/proc schedstat; the anchor waited 1.6 s), so the comparison measured
the load. The twenty exports run on niced consumers, as in production: they measure what the
niceness is for. On PostgreSQL the applicants deleted before the queued import are vacuumed
away, as the anchor's import found an empty table: their dead rows made the server work 25-50%
more in the commit of the same NIKs (they stay until autovacuum, which may be off, or comes at
any moment of the timed work)."""

import datetime
import json
import os
import statistics
import subprocess
import sys
import time

from backoffice.db import database
from backoffice.models import Applicant, Application, DataJob, ProposalBatch, QueueWorker
from backoffice.tasks import imports as import_tasks
from backoffice.tasks import job_files, queue, records
from tests import factories
from tests.import_files import good_rows, to_csv

ROWS = int(os.environ.get("LOKET_BENCH_ROWS", "100000"))  # fewer to try the benchmark quickly
EXPORTS = 20
# A queued step starts with the consumer idle, as a person's next press comes seconds later.
# At once, it waited for the end of the previous job after its row said finished (SQLite's
# checkpoint of the commit, freeing 100,000 rows: 0.1-0.27 s measured), which the anchor
# counts in that previous step.
SETTLE = 1.0


def test_queue_overhead_for_import_and_export(backend, app, tmp_path):
    name, url, _ = backend
    office = factories.make_office(slug="bench")
    user = factories.make_user(role="supervisor", office=office)
    app.config["LOKET_EXPORT_BACKGROUND_ROWS"] = 2
    app.config["LOKET_BATCH_BACKGROUND_ROWS"] = 2
    data = to_csv(good_rows(ROWS))
    check_direct, commit_direct = _direct_import(office, user, data)
    queue.configure("", url, immediate=False)
    client = _signed_in(app, user)
    export_direct = _direct_export(client)  # before any consumer runs
    workers = [_consumer(url, tmp_path, 0, nice=0)]
    try:
        _until_beating(1)  # a worker runs before work is queued, as in production
        warm = import_tasks.start(to_csv(good_rows(20)), "warm.csv", office, user)
        assert _wait(warm.id).status == "checked"  # warm, as the anchor's process is (its
        # imports loaded, its connection open); a dry run only: nothing saved
        with database.atomic():  # the same people imported again, through the queue
            Applicant.delete().where(Applicant.office == office.id).execute()
        if name == "postgresql":
            database.execute_sql("VACUUM ANALYZE applicant")
        check_queued, commit_queued = _queued_import(office, user, data)
        export_queued = _queued_export(client)
        batch = _batch(office)
        batch_direct = _direct_batch(batch, user)
        batch_queued = _queued_batch(client, batch)
        _stop(workers.pop())
        workers += [_consumer(url, tmp_path, n) for n in (1, 2)]  # niced, as in production
        _until_beating(2)
        many, pages = _twenty_exports(app, user)
    finally:
        for worker in workers:
            worker.kill()
            worker.wait()
        queue.configure("", url, immediate=True)
    assert Applicant.select().count() == ROWS
    print(f"\nqueue overhead ({name}; load average {os.getloadavg()[0]:.1f} on "
          f"{os.cpu_count()} cores; target: queued <= 1.1x direct):")  # fmt: skip
    for what, d, q in (("import check", check_direct, check_queued),
                       ("import commit", commit_direct, commit_queued),
                       ("export CSV", export_direct, export_queued),
                       ("BPJS batch CSV, read out", batch_direct, batch_queued)):  # fmt: skip
        print(f"  {what} {ROWS:,} rows: direct {d:.2f} s (anchor), queued {q:.2f} s = "
              f"{q / d:.2f}x {'met' if q <= 1.1 * d else 'NOT met'}")
    p95 = statistics.quantiles(pages, n=20)[18] * 1000
    print(f"  {EXPORTS} exports of {ROWS:,} rows queued at once, 2 consumers: all done in "
          f"{many:.1f} s; applicant list meanwhile: {len(pages)} pages, median "
          f"{statistics.median(pages) * 1000:.0f} ms, p95 {p95:.0f} ms (target < 300 ms)")


def _direct_import(office, user, data):
    job = DataJob.create(office=office.id, user=user.id, kind="import", area="applicants",
                         filename="a.csv", params=json.dumps({"mapping": {}}))  # fmt: skip
    job_files.save_bytes(job, "upload", data)
    times = []
    for step in ("import.check", "import.commit"):
        DataJob.update(status="queued", params=json.dumps({"mapping": {}, "step": step,
                       "committed_by": user.id})).where(DataJob.id == job.id).execute()  # fmt: skip
        start = time.perf_counter()
        assert records.run(job.id).status in ("checked", "done")
        times.append(time.perf_counter() - start)
    return times


def _wait(job_id: int, statuses=("checked", "done", "ready", "failed"), limit=600) -> DataJob:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        job = DataJob.get_by_id(job_id)
        if job.status in statuses:
            return job
        time.sleep(0.02)
    raise AssertionError(f"job {job_id} not finished in {limit} s")


def _queued_import(office, user, data):
    start = time.perf_counter()
    job = import_tasks.start(data, "b.csv", office, user)
    assert _wait(job.id).status == "checked", job.message
    check = time.perf_counter() - start
    time.sleep(SETTLE)
    start = time.perf_counter()
    import_tasks.queue_commit(job, False, user.id, "")
    assert _wait(job.id).status == "done", DataJob.get_by_id(job.id).message
    return check, time.perf_counter() - start


def _signed_in(app, user):
    client = app.test_client()
    factories.post_form(client, "/login", {"username": user.username,
                                           "password": factories.PASSWORD})  # fmt: skip
    return client


def _ask_export(client) -> int:
    factories.post_form(client, "/admin/applicant/ekspor/csv", {})
    return DataJob.select().where(DataJob.kind == "export").order_by(DataJob.id.desc()).get().id


def _direct_export(client) -> float:
    job_id = _ask_export(client)  # queued; run here as a worker would
    queue.huey.flush()
    start = time.perf_counter()
    assert records.run(job_id).status == "ready"
    return time.perf_counter() - start


def _queued_export(client) -> float:
    time.sleep(SETTLE)
    start = time.perf_counter()
    job_id = _ask_export(client)
    assert _wait(job_id).status == "ready"
    return time.perf_counter() - start


def _batch(office) -> ProposalBatch:
    """A proposal batch of ROWS of the office's applicants."""
    service = factories.make_service(office=office)
    batch = ProposalBatch.create(office=office, number="USL-ANTREAN-1", funding_source="APBD",
                                 period=datetime.date(2026, 11, 1), size=ROWS)  # fmt: skip
    ids = [i for (i,) in Applicant.select(Applicant.id).where(Applicant.office == office.id)
           .order_by(Applicant.id).limit(ROWS).tuples()]  # fmt: skip
    with database.atomic():
        for start in range(0, len(ids), 5000):
            Application.insert_many(
                [{"applicant": i, "service": service.id, "status": "proposed",
                  "funding_source": "APBD", "batch": batch.id} for i in ids[start:start + 5000]]
            ).execute()  # fmt: skip
    return batch


def _direct_batch(batch, user) -> float:
    """The batch file's operation run here on a job no consumer is told of, then read out."""
    params = {"batch": batch.id, "fmt": "csv", "address": "", "step": "batch"}
    job = DataJob.create(office=batch.office_id, user=user.id, kind="batch", area="batches",
                         filename="b.csv", status="queued", params=json.dumps(params))  # fmt: skip
    start = time.perf_counter()
    assert records.run(job.id).status == "ready"
    size = sum(len(part) for part in job_files.parts(job.id, job_files.RESULT))
    assert size > ROWS
    return time.perf_counter() - start


def _queued_batch(client, batch) -> float:
    """'Buat berkas' on the batch, a consumer makes it, then the download (the issue's
    100,000-row batch made in the background and downloaded)."""
    start = time.perf_counter()
    asked = factories.post_form(client, f"/admin/batch/download/{batch.id}.csv", {})
    assert asked.status_code == 302, asked.status_code
    job = DataJob.select().where(DataJob.kind == "batch").order_by(DataJob.id.desc()).get()
    assert _wait(job.id).status == "ready", DataJob.get_by_id(job.id).message
    with client.get(f"/admin/batch/berkas/{job.id}/unduh") as download:
        lines = sum(piece.count(b"\n") for piece in download.response)
    assert lines == ROWS + 1, lines
    return time.perf_counter() - start


def _twenty_exports(app, user):
    client = _signed_in(app, user)
    start = time.perf_counter()
    ids = [_ask_export(client) for _ in range(EXPORTS)]
    pages = []
    while DataJob.select().where(DataJob.id.in_(ids), DataJob.status != "ready").exists():
        began = time.perf_counter()
        assert client.get("/admin/applicant/").status_code == 200
        pages.append(time.perf_counter() - began)
        time.sleep(0.5)
        assert time.perf_counter() - start < 900
    return time.perf_counter() - start, pages


def _stop(worker) -> None:
    """Stop a consumer as SIGTERM does (its row says so: it no longer counts as beating)."""
    worker.terminate()
    worker.wait(timeout=30)


def _until_beating(count: int) -> None:
    deadline = time.monotonic() + 60
    while QueueWorker.select().where(QueueWorker.stopped_at.is_null()).count() < count:
        assert time.monotonic() < deadline, "the consumers did not start"
        time.sleep(0.1)


def _consumer(url: str, tmp_path, n: int, nice: int | None = None):
    """A consumer process; at `nice` (else LOKET_WORKER_NICE, default consumer.NICENESS)."""
    env = os.environ | {"DATABASE_URL": url, "LOKET_INSTANCE_DIR": str(tmp_path / f"w{n}"),
                        "SECRET_KEY": "test-secret"}  # the app's: messages are signed
    if nice is not None:
        env["LOKET_WORKER_NICE"] = str(nice)
    command = [sys.executable, "-m", "backoffice.cli", "worker", "-w", "1"]
    quiet = subprocess.DEVNULL
    return subprocess.Popen(command, env=env, stdout=quiet, stderr=quiet)
