"""`loket worker`: a Huey consumer (pekerja antrean) that beats every `records.HEARTBEAT`
seconds and, at each beat, takes back the jobs of workers that stopped beating. Run any
number of them, on any machine that reaches the database (and the queue)."""

import logging
import os
import resource

from huey.consumer import Consumer

from backoffice.tasks import records, worker_tasks
from backoffice.tasks.queue import huey

log = logging.getLogger(__name__)


class BeatingConsumer(Consumer):
    """Huey's consumer whose main loop's health check is also the worker's heartbeat."""

    def __init__(self, app, **options) -> None:
        super().__init__(huey, health_check_interval=records.HEARTBEAT, **options)
        self.app = app
        self.name = records.this_worker()

    def start(self) -> None:
        self.beat()
        super().start()

    def check_worker_health(self) -> None:
        super().check_worker_health()
        self.beat()

    def beat(self) -> None:
        try:
            with self.app.app_context(), records.connection():
                records.beat(self.name, threads=self.workers)
                records.reap()
        except Exception:  # noqa: BLE001 - the consumer outlives a database hiccup
            log.warning("beat of %s failed", self.name, exc_info=True)

    def stop(self, graceful: bool = False) -> None:
        """Stop; `graceful` (SIGTERM: systemd's and docker's stop) lets running tasks finish
        first, and the worker keeps beating meanwhile (`_join_workers`), so its jobs are
        not taken back from it as from a dead one."""
        super().stop(graceful)
        self._recorded_stop()

    def _join_workers(self) -> bool:
        """Huey's wait for the worker threads at a graceful stop, beating every HEARTBEAT
        while it waits (no shutdown timeout: systemd's TimeoutStopSec is the limit)."""
        procs = [p for _, p in self.worker_threads] + [self.scheduler]
        for proc in procs:
            while self.environment.is_alive(proc):
                proc.join(records.HEARTBEAT)
                self.beat()
        return True

    def _recorded_stop(self) -> None:
        try:
            with self.app.app_context(), records.connection():
                records.stopped(self.name)
        except Exception:  # noqa: BLE001
            log.warning("worker %s could not record its stop", self.name, exc_info=True)


# An idle thread asks an SQLite queue at least this often (PostgreSQL and Redis wake it at
# once): a job waits 50 ms at most for a free worker to notice it. An empty ask costs ~6 µs
# of processor; at 0.2 s the wait (0.1 s on average) was 4-8% of a 100,000-row import check.
MAX_DELAY = 0.05
# Background work yields the processor to the web's requests on a shared machine: twenty
# exports on two consumers took the applicant list's p95 from ~0.2 s to 2.4 s un-niced.
NICENESS = 10
# The worker's address space in MB (LOKET_WORKER_MEMORY_MB; 0: no limit). Every upload is
# bounded as it is read (domain/file_limits); this is the floor under those bounds: a job that
# still runs out of memory fails with a reason and the worker lives on, rather than the
# machine swapping or the kernel killing the worker. An idle worker of two threads takes
# ~400 MB of address space; the check of a 200,000-row import ~300 MB more.
MEMORY_MB = 2048


def limit_memory() -> None:
    """Cap this process's address space (RLIMIT_AS) at LOKET_WORKER_MEMORY_MB megabytes
    (default MEMORY_MB; 0 leaves it alone), never above a cap set from outside."""
    megabytes = int(os.environ.get("LOKET_WORKER_MEMORY_MB", MEMORY_MB) or 0)
    if megabytes <= 0:
        return
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    cap = megabytes * 1024 * 1024
    if hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    resource.setrlimit(resource.RLIMIT_AS, (cap, hard))


def run(app, workers: int = 2, periodic: bool = True) -> None:
    """Consume the queue in this process with `workers` threads until stopped (SIGTERM:
    running tasks finish first; SIGINT or kill -9: their jobs are taken back by others). The
    process runs at a lower priority (LOKET_WORKER_NICE, default NICENESS)."""
    assert worker_tasks.run_job  # the tasks are registered before the consumer starts
    os.nice(int(os.environ.get("LOKET_WORKER_NICE", NICENESS)))
    limit_memory()
    consumer = BeatingConsumer(app, workers=workers, periodic=periodic, worker_type="thread",
                               max_delay=MAX_DELAY, check_worker_health=True,
                               graceful_signal="TERM")  # fmt: skip
    consumer.run()
