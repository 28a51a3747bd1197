"""Twenty staff at once (issue 12, benchmark 4): gunicorn on a loopback port in front of the
1,000,000-row datasets, twenty officers of office A (each its own account and its own client
process) walking the counter mix of `staff_client.visit_requests`.

Target: p95 < 300 ms over every request, and no error. Server: `2 * cores + 1` sync workers
(5 on the 2-core machine), PostgreSQL through the pooled URL `postgresql+pool://` the README
documents. Think time: 1 to 5 s (uniform, mean 3 s) between two requests of one officer:
typing a 16-digit NIK, reading a list or clicking a row takes at least that, and a real
counter talks with the person in between, so this is a brisk office (about 6 requests a
second from twenty staff). The same mix with no think time at all is printed as a stress
figure. Anchors, in the same run: a static file through the same gunicorn, and the mix
walked by one officer alone.
"""

import contextlib
import json
import math
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

import pytest

from backoffice.db import open_database
from backoffice.models import Applicant, Application, Office, User
from tests import factories
from tests.benchmarks import scale_data
from tests.benchmarks.staff_client import KINDS, sign_in, timed_get, visit_requests
from tests.live import gunicorn

STAFF = 20
CORES = os.cpu_count() or 1
WORKERS = 2 * CORES + 1
THINK = (1.0, 5.0)
SECONDS = int(os.environ.get("BENCH_STAFF_SECONDS", 60))
STRESS_SECONDS = int(os.environ.get("BENCH_STAFF_STRESS_SECONDS", 30))
VISITS_PER_STAFF = 40
TARGET_P95_MS = 300
STATUSES = ("received", "complete", "eligible")


def staff_names() -> list[str]:
    return [f"staff.a.{n:02d}" for n in range(1, STAFF + 1)]


def ensure_staff(url: str) -> None:
    """Twenty accounts of office A (sixteen counter officers, four supervisors), created once
    in the dataset."""
    db = open_database(url)
    with db.connection_context():
        office = Office.get(Office.slug == "bench-a")
        have = {u.username for u in User.select().where(User.username.in_(staff_names()))}
        for n, name in enumerate(staff_names()):
            if name not in have:
                role = "supervisor" if n >= 16 else "petugas"
                factories.make_user(role=role, username=name, office=office)
    db.close()


def sample_visits(url: str, count: int) -> list[dict]:
    """`count` people of office A picked at random, each with one of their applications."""
    db = open_database(url)
    rng = random.Random(12)
    with db.connection_context():
        office = Office.get(Office.slug == "bench-a")
        top = Applicant.select(Applicant.id).order_by(Applicant.id.desc()).scalar()
        ids = rng.sample(range(1, top + 1), count * 2)
        people = Applicant.select().where(Applicant.id.in_(ids), Applicant.office == office)
        applications = dict(Application.select(Application.applicant, Application.id)
                            .where(Application.applicant.in_(ids)).tuples())  # fmt: skip
        visits = [visit(p, applications[p.id], rng) for p in people if p.id in applications]
    db.close()
    rng.shuffle(visits)
    return visits[:count]


def visit(person: Applicant, application_id: int, rng: random.Random) -> dict:
    # Two of the family names (as "Sukerti Darma"): a relative searched by name.
    fragment = " ".join(person.name.split()[1:3])
    return {"nik": person.nik, "kk": person.kk, "name": person.name, "fragment": fragment,
            "applicant_id": person.id, "application_id": application_id,
            "status": rng.choice(STATUSES)}  # fmt: skip


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def dataset(request):
    """(backend, the URL the app serves, its visits)."""
    url = scale_data.sqlite_dataset() if request.param == "sqlite" else scale_data.pg_dataset()
    ensure_staff(url)
    visits = sample_visits(url, STAFF * VISITS_PER_STAFF)
    if request.param == "postgresql":
        url = url.replace("postgresql://", "postgresql+pool://", 1)
        url += "?max_connections=4&stale_timeout=300"
    return request.param, url, visits


def percentile(laps: list[float], share: float) -> float:
    """Nearest-rank percentile of `laps` (ms)."""
    ordered = sorted(laps)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def run_staff(base: str, visits: list[dict], think, seconds: int) -> list[list]:
    """Twenty client processes, one per account: all signed in first, then started together;
    their results merged."""
    clients = []
    for n, username in enumerate(staff_names()):
        job = {"base": base, "username": username, "password": factories.PASSWORD,
               "seconds": seconds, "think": think,
               "visits": visits[n * VISITS_PER_STAFF:(n + 1) * VISITS_PER_STAFF]}  # fmt: skip
        client = subprocess.Popen(
            [sys.executable, "-m", "tests.benchmarks.staff_client"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        client.stdin.write(json.dumps(job) + "\n")
        client.stdin.flush()
        clients.append(client)
    for client in clients:
        assert client.stdout.readline() == "ready\n", "a client could not start"
    start_at = time.time() + 0.5
    for client in clients:
        client.stdin.write(f"{start_at}\n")
        client.stdin.close()
    results = []
    for client in clients:
        with client.stdout:
            results.extend(json.loads(client.stdout.read()))
        assert client.wait() == 0, "a client failed (its traceback is above)"
    return results


def report(title: str, results: list[list]) -> tuple[float, int]:
    """Print count, errors, median, p95 and max per kind and overall; (overall p95, errors)."""
    print(f"  {title}")
    for kind in (*KINDS, "all requests"):
        rows = [r for r in results if kind in (r[0], "all requests")]
        if not rows:
            print(f"    {kind:<24} n     0")
            continue
        laps, errors = [r[1] for r in rows], [r[2] for r in rows if r[2]]
        print(f"    {kind:<24} n {len(laps):5}  errors {len(errors):3}  median "
              f"{statistics.median(laps):7.1f}  p95 {percentile(laps, 0.95):7.1f}  max "
              f"{max(laps):7.1f} ms")  # fmt: skip
    for error in sorted({r[2] for r in results if r[2]}):
        print(f"    error: {error} x{sum(r[2] == error for r in results)}")
    laps = [r[1] for r in results]
    return percentile(laps, 0.95), sum(bool(r[2]) for r in results)


def anchors(base: str, visits: list[dict]) -> list[list]:
    """A static file fetched 50 times, then the mix walked by one officer alone (3 visits)."""
    browser = sign_in(base, staff_names()[0], factories.PASSWORD)
    static = [timed_get(browser, f"{base}/static/loket.css", None)[0] for _ in range(50)]
    print(f"  anchor: static file through gunicorn, median {statistics.median(static):.1f} ms")
    alone = []
    for person in visits[:4]:
        for kind, path, expect in visit_requests(person):
            alone.append([kind, *timed_get(browser, base + path, expect)])
    return alone[len(KINDS) :]  # the first visit warms the worker


def cpu_seconds(pid: int) -> float:
    """User + system CPU time a process has used, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def server_cpu(master, database: str) -> float:
    """CPU seconds used so far by gunicorn's workers and, on PostgreSQL, by the server
    processes serving `database` (named in their process titles)."""
    children = Path(f"/proc/{master.pid}/task/{master.pid}/children").read_text().split()
    pids = [int(pid) for pid in children]
    if database:
        for proc in Path("/proc").iterdir():
            with contextlib.suppress(OSError):
                if proc.name.isdigit() and f" {database} " in (proc / "cmdline").read_text():
                    pids.append(int(proc.name))
    total = 0.0
    for pid in pids:
        with contextlib.suppress(OSError):  # a process that just ended
            total += cpu_seconds(pid)
    return total


def measured(title: str, server, visits: list[dict], think, seconds: int):
    """Run the staff, print their figures and the server's CPU time per request; return
    (results, overall p95, errors)."""
    base, master, database = server
    before = server_cpu(master, database)
    results = run_staff(base, visits, think, seconds)
    used = server_cpu(master, database) - before
    p95, errors = report(title, results)
    rate = len(results) / seconds
    print(f"    server CPU {used * 1000 / len(results):.1f} ms a request, {rate:.1f} requests/s:"
          f" {used / seconds * 100:.0f}% of one core")  # fmt: skip
    return results, p95, errors


def test_twenty_staff_at_once(dataset, tmp_path):
    backend, url, visits = dataset
    log = tmp_path / "gunicorn.log"
    database = url.rsplit("/", 1)[1].split("?")[0] if backend == "postgresql" else ""
    with gunicorn(url, "bench", workers=WORKERS, log=log) as (base, master):
        print(f"\n{backend}, {scale_data.MILLION:,} rows, gunicorn {WORKERS} sync workers "
              f"({CORES} cores, shared), {STAFF} staff; load average before "
              f"{os.getloadavg()[0]:.1f}")  # fmt: skip
        report("anchor: one officer alone, no think time", anchors(base, visits))
        server = (base, master, database)
        title = f"{STAFF} staff, think time {THINK[0]:g}-{THINK[1]:g} s, {SECONDS} s"
        _, p95, errors = measured(title, server, visits, THINK, SECONDS)
        title = f"stress: {STAFF} staff, no think time, {STRESS_SECONDS} s"
        _, stress_p95, stress_errors = measured(title, server, visits, None, STRESS_SECONDS)
    server_log = log.read_text(errors="replace")
    verdict = "ok" if p95 < TARGET_P95_MS and not errors else "OVER"
    print(f"  with think time: p95 {p95:.1f} ms, {errors} errors (target p95 < "
          f"{TARGET_P95_MS} ms, no error) {verdict}")  # fmt: skip
    print(f"  stress: p95 {stress_p95:.1f} ms, {stress_errors} errors")
    print(f"  load average after {os.getloadavg()[0]:.1f}; server log: "
          f"{server_log.count('WORKER TIMEOUT')} worker timeouts, "
          f"{server_log.count('Traceback')} tracebacks")  # fmt: skip
    assert errors == 0, server_log[-3000:]
