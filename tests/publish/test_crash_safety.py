"""A build that dies leaves nothing that blocks or misleads: once its worker has not beaten
for `records.STALE_AFTER`, its "running" record is closed as failed with the reason, its
half-built folder is never kept or restorable, and the next publish and restore work. The
builds are killed for real, with SIGKILL, in a separate process; the half minute a dead
worker is given is skipped by dating its last beat back."""

import datetime as dt
import signal
import subprocess
import sys
import textwrap

import pytest

from backoffice.models import AuditEntry, DataJob, PublishRecord, QueueWorker
from backoffice.models.base import utcnow
from backoffice.publish import history
from backoffice.publish.history import begin, recover_stale
from backoffice.publish.publisher import BuildOptions, PublishError, publish, restore
from backoffice.publish.store import MANIFEST, PARTIAL, SiteStore
from backoffice.tasks import records

# Runs `publish()` and kills its own process (SIGKILL: no cleanup of any kind) when the
# Freezer has written `KILL_AT` pages; -1 kills it after the build was switched live but
# before the record was closed.
CHILD = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path
    from backoffice import create_app
    from backoffice.db import database
    from backoffice.publish import publisher
    from backoffice.publish.publisher import BuildOptions, publish

    url, live, kill_at = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])

    def progress(done, total):
        if done >= kill_at >= 0:
            os.kill(os.getpid(), signal.SIGKILL)

    if kill_at < 0:
        publisher._succeeded = lambda *args: os.kill(os.getpid(), signal.SIGKILL)
    with create_app({"DATABASE_URL": url}).app_context(), database.connection_context():
        publish(live, options=BuildOptions(search=False, workers=1), progress=progress)
    """
)


def options():
    return BuildOptions(search=False)


def worker_stopped_long_ago(worker: str) -> None:
    """What `records.STALE_AFTER` of silence would make of `worker`: its last beat, and the
    start of the jobs it holds, two minutes ago."""
    long_ago = utcnow() - dt.timedelta(minutes=2)
    QueueWorker.update(last_seen=long_ago).where(QueueWorker.name == worker).execute()
    DataJob.update(started_at=long_ago).where(DataJob.worker == worker).execute()


def killed_build(url: str, live, kill_at: int) -> None:
    done = subprocess.run(
        [sys.executable, "-c", CHILD, url, str(live), str(kill_at)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == -signal.SIGKILL, done.stderr[-2000:]


@pytest.fixture
def site_with_two_builds(make_service, live_dir):
    make_service(name="Versi Pertama")
    publish(live_dir, options=options())
    make_service(name="Versi Kedua")
    publish(live_dir, options=options())
    return live_dir


@pytest.mark.parametrize("kill_at", [1, 5, 12, -1])
def test_a_build_killed_midway_blocks_nothing_and_misleads_no_restore(
    backend, site_with_two_builds, kill_at
):
    live = site_with_two_builds
    store = SiteStore(live)
    before = store.current()
    kept = store.builds()

    killed_build(backend[1], live, kill_at)

    dead = PublishRecord.get(PublishRecord.status == "running")  # left behind by the dead
    job = DataJob.get(DataJob.kind == "publish", DataJob.status == "running")
    with pytest.raises(PublishError, match="sedang berjalan"):
        publish(live, options=options())  # its worker beat a moment ago: it may still run
    worker_stopped_long_ago(job.worker)
    assert recover_stale() == 1
    dead = PublishRecord.get_by_id(dead.id)
    assert dead.status == "failed" and dead.error.startswith("Penerbitan terhenti: proses")
    assert DataJob.get_by_id(job.id).status == "failed"  # a publish is never run twice
    if kill_at < 0:  # killed after the switch: the record says so
        assert "terbitan barunya" in dead.error and "sudah tayang" in dead.error
    else:
        assert "situs lama tetap tayang" in dead.error
    if kill_at >= 0:
        assert store.current() == before  # the live site never saw the half-built folder
        assert list(store.root.glob(f"{PARTIAL}*"))  # left behind …
        assert store.builds() == kept  # … but never listed as a build
    record = publish(live, options=options())  # not refused as "running"
    assert record.status == "success"
    assert not [p for p in store.root.glob(f"{PARTIAL}*") if p.exists()]
    assert len(store.builds()) <= 3
    for build in store.builds():
        store.check_complete(build)  # every kept build is whole
    restored = restore(live, None, "cli")
    assert restored.status == "success"
    assert "Versi Kedua" in (live.resolve() / "index.html").read_text()


def test_a_queued_publish_blocks_a_second_publish(db, live_dir):
    begin(live_dir)  # queued: a worker will take it
    with pytest.raises(PublishError, match="sedang berjalan"):
        publish(live_dir, options=options())


def test_a_publish_whose_worker_stopped_beating_is_closed_with_the_reason(db, live_dir):
    record = begin(live_dir, source="web")
    job = DataJob.get(DataJob.kind == "publish")
    records.beat("mesin-lain:4242")
    records.claim(job.id, "mesin-lain:4242")
    assert recover_stale() == 0  # seen a moment ago: still building
    worker_stopped_long_ago("mesin-lain:4242")

    assert recover_stale() == 1
    record = PublishRecord.get_by_id(record.id)
    assert record.status == "failed" and record.finished_at
    assert record.error == (
        "Penerbitan terhenti: pekerja antrean mesin-lain:4242 berhenti di tengah pekerjaan; "
        "situs publik belum tayang. Terbitkan lagi."
    )
    assert publish(live_dir, options=options()).status == "success"


def test_a_running_record_without_a_job_blocks_nothing(db, live_dir):
    """A record left by a version that ran publishes in a thread has no job to wait for."""
    PublishRecord.create(kind="full", target=str(live_dir))
    assert publish(live_dir, options=options()).status == "success"
    orphan = PublishRecord.get(PublishRecord.status == "failed")
    assert orphan.error.startswith("Penerbitan terhenti: pekerjaannya tidak ada lagi")


def test_a_partial_build_is_kept_while_its_record_runs_and_removed_after(make_service, live_dir):
    make_service()
    publish(live_dir, options=options())
    other = begin(live_dir, source="web")  # its worker may be building on another machine
    building = SiteStore(live_dir, other.id).new_build()
    SiteStore(live_dir).sweep()
    assert building.exists()
    history.close(other, "Penerbitan terhenti.")
    SiteStore(live_dir).sweep()
    assert not building.exists() and not list(building.parent.glob(".trash-*"))


def test_restore_refuses_a_build_whose_pages_are_missing(site_with_two_builds):
    store = SiteStore(site_with_two_builds)
    previous = store.previous()
    next(p for p in previous.rglob("*.html")).unlink()
    with pytest.raises(PublishError, match="tidak lengkap"):
        restore(site_with_two_builds, None, "cli")
    assert store.current() != previous


def test_restore_refuses_a_build_without_its_manifest(site_with_two_builds):
    store = SiteStore(site_with_two_builds)
    (store.previous() / MANIFEST).unlink()
    with pytest.raises(PublishError, match="tidak lengkap"):
        restore(site_with_two_builds, None, "cli")


def test_a_publish_taken_back_from_its_worker_never_puts_its_build_live(
    make_service, live_dir
):
    """A worker thought dead (its beat stalled past STALE_AFTER) whose job was taken back,
    then woke and finished its build: the switch is fenced on the job's claim, so the older
    build stays live and the next publish is not overtaken."""
    make_service(name="Versi Tayang")
    first = publish(live_dir, options=options())
    make_service(name="Versi Terlambat")

    def stalled(done, total):
        if done == 1:  # the worker stalls: the others take its job back
            worker_stopped_long_ago(records.this_worker())
            assert records.reap() >= 1

    with pytest.raises(records.ClaimLost):
        publish(live_dir, options=options(), progress=stalled)
    assert SiteStore(live_dir).current().name == first.build_name
    late = PublishRecord.select().order_by(PublishRecord.id.desc()).get()
    assert late.status == "failed" and "berhenti di tengah pekerjaan" in late.error
    said = [e.summary for e in AuditEntry.select().where(AuditEntry.object_id == str(late.id))]
    assert said[0].endswith("diminta") and "terhenti: Penerbitan terhenti" in said[-1], said
    assert publish(live_dir, options=options()).status == "success"


def test_a_build_never_put_live_is_never_restored_and_goes_first(site_with_two_builds):
    """A publish stopped between its build's completion and its switch (taken back, killed)
    leaves a complete build that was never published: "Pulihkan" skips it for the build
    that was live before, and the next publish recycles it before any published one."""
    store = SiteStore(site_with_two_builds)
    first, second = store.builds()
    orphan = store.complete(store.new_build(), {"pages": {}})  # never switched live
    store.activate(second)  # (still the live one)
    assert store.previous() == first and not store.went_live(orphan)
    assert store.recyclable() == orphan
    restored = restore(site_with_two_builds)
    assert restored.status == "success" and store.current() == first


def test_an_older_build_never_replaces_a_newer_live_one(site_with_two_builds):
    """A worker that woke after its publish was taken back and a newer one went live: its
    older build is refused at the switch, the newer stays live."""
    store = SiteStore(site_with_two_builds)
    first, second = store.builds()
    with pytest.raises(PublishError, match="yang lebih baru"):
        store.activate(first, forward_only=True)
    assert store.current() == second
