"""A build that dies leaves nothing that blocks or misleads: its "running" record is closed as
failed, its half-built folder is never kept or restorable, and the next publish and restore
work. The builds are killed for real, with SIGKILL, in a separate process."""

import datetime as dt
import os
import signal
import socket
import subprocess
import sys
import textwrap

import pytest

from backoffice.models import PublishRecord
from backoffice.publish.publisher import (
    STALE_MESSAGE,
    BuildOptions,
    PublishError,
    begin,
    publish,
    recover_stale,
    restore,
)
from backoffice.publish.store import MANIFEST, PARTIAL, SiteStore

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

    assert PublishRecord.get(PublishRecord.status == "running")  # left behind by the dead
    assert recover_stale() == 1
    dead = PublishRecord.get_by_id(PublishRecord.select().order_by(PublishRecord.id.desc()).get())
    assert dead.status == "failed" and dead.error == STALE_MESSAGE
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


def test_a_running_record_of_a_live_process_still_blocks_a_second_publish(db, live_dir):
    begin(live_dir)
    with pytest.raises(PublishError, match="sedang berjalan"):
        publish(live_dir, options=options())


def test_a_running_record_whose_pid_was_reused_is_stale(db, live_dir):
    record = begin(live_dir)
    record.process_started = "1"  # this pid now belongs to a process started at another time
    record.save()
    assert recover_stale() == 1


def test_a_running_record_of_another_host_is_stale_only_after_hours(db, live_dir):
    fresh = PublishRecord.create(host=f"bukan-{socket.gethostname()}", pid=os.getpid())
    old = PublishRecord.create(
        host=f"bukan-{socket.gethostname()}", pid=os.getpid(),
        started_at=dt.datetime.now(dt.UTC).replace(tzinfo=None) - dt.timedelta(hours=7),
    )  # fmt: skip
    assert recover_stale() == 1
    assert PublishRecord.get_by_id(fresh.id).status == "running"
    assert PublishRecord.get_by_id(old.id).status == "failed"


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
