"""One counter officer for the concurrent-staff benchmark, run as its own process (so twenty
clients never share one GIL): `python -m tests.benchmarks.staff_client < job.json`.

The job (one JSON line on stdin): base URL, username, password, `seconds`, `think` ([low,
high] seconds, or null for none) and `visits` (see `visit_requests`). It signs in, prints
"ready", reads the start time (time.time(), one line) so that every client starts together,
walks the counter mix visit after visit for `seconds`, and prints one JSON list of
[kind, milliseconds, error or ""] per request.
"""

import json
import random
import sys
import time
import urllib.parse

from tests.live import Browser

# The counter mix for one person at the counter: (kind, path, the visit's field whose text the
# answer must hold). The person is found by NIK, their record and application are opened, their
# household is looked up by No. KK and a relative by name; the two lists are the officer's
# glance at the day's work.
MIX = (
    ("applicants first page", "/admin/applicant/", None),
    ("exact NIK", "/admin/applicant/?search={nik}", "name"),
    ("applicant details", "/admin/applicant/details/?id={applicant_id}", "nik"),
    ("application details", "/admin/application/details/?id={application_id}", "name"),
    ("exact No. KK", "/admin/applicant/?search={kk}", "name"),
    ("name fragment", "/admin/applicant/?search={fragment}", "fragment"),
    ("applications by status", "/admin/application/?flt0_status_adalah={status}", None),
)
KINDS = tuple(kind for kind, _, _ in MIX)


def visit_requests(visit: dict) -> list[tuple[str, str, str | None]]:
    """The mix for one visit (a dict of nik, kk, name, fragment, applicant_id, application_id,
    status) as (kind, path, text the answer must contain or None)."""
    quoted = {key: urllib.parse.quote_plus(str(value)) for key, value in visit.items()}
    return [(kind, path.format(**quoted), visit[expect] if expect else None)
            for kind, path, expect in MIX]  # fmt: skip


def timed_get(browser: Browser, url: str, expect: str | None) -> tuple[float, str]:
    """(milliseconds, error): an error is anything but a 200 holding `expect` (a redirect to
    the login, a 500, a timeout, a page without the person)."""
    start = time.perf_counter()
    try:
        status, page = browser.request(url)
    except OSError as exc:  # refused, reset, timed out
        return (time.perf_counter() - start) * 1000, type(exc).__name__
    ms = (time.perf_counter() - start) * 1000
    if status != 200:
        return ms, f"HTTP {status}"
    if expect is not None and expect not in page:
        return ms, "answer without the person"
    return ms, ""


def sign_in(base: str, username: str, password: str) -> Browser:
    browser = Browser()
    status, _ = browser.post_form(f"{base}/login", {"username": username, "password": password})
    if status != 302:
        raise RuntimeError(f"{username} could not sign in: HTTP {status}")
    return browser


def walk(browser: Browser, job: dict) -> list[list]:
    """Requests until the job's end; a request started before the end is waited for. With a
    think time, the officer first thinks once (twenty staff do not click at the same instant)
    and starts at their own place in the mix."""
    think, end = job["think"], time.time() + job["seconds"]
    rng = random.Random(job["username"])
    plan = [step for visit in job["visits"] for step in visit_requests(visit)]
    first = rng.randrange(len(MIX)) if think else 0
    if think:
        time.sleep(rng.uniform(*think))
    results = []
    for n in range(first, first + 10**9):
        if time.time() >= end:
            break
        kind, path, expect = plan[n % len(plan)]
        ms, error = timed_get(browser, job["base"] + path, expect)
        results.append([kind, ms, error])
        if think:
            time.sleep(rng.uniform(*think))
    return results


def main() -> None:
    """Read the job (one JSON line), sign in, say "ready", wait for the parent's "go" line,
    walk the mix, print the results."""
    job = json.loads(sys.stdin.readline())
    browser = sign_in(job["base"], job["username"], job["password"])
    print("ready", flush=True)
    time.sleep(max(0.0, float(sys.stdin.readline()) - time.time()))
    json.dump(walk(browser, job), sys.stdout)


if __name__ == "__main__":
    main()
