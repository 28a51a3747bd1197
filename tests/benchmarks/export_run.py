"""One export in a fresh process, for tests/benchmarks/test_exports.py: its time and its memory
as the operating system sees it (resident set: VmRSS before, the peak VmHWM after), apart from
the pytest process that built the data. (Not ru_maxrss: Linux carries the forking pytest
process's peak into the child's across exec.)

    python -m tests.benchmarks.export_run URL CASE OUT_DIR USERNAME BATCH_ID

CASE is list-csv, list-xlsx (the applicant list through the back-office: past the background
threshold, the export job, run at once as under test), batch-csv, batch-xlsx (the BPJS batch's
streamed download), or list-query, batch-query (the anchors: the same joined queries read the
way the exports read them, nothing written: the list's ids in its order, then its rows by
chunks of ids; the batch in keyset chunks). Prints one line of JSON.
"""

import json
import sys
import time
from pathlib import Path


def status_mb(key: str) -> float:
    """A memory figure of this process from /proc/self/status (VmRSS now, VmHWM its peak)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1]) / 1024  # kB
    raise LookupError(key)


def main(url: str, case: str, out_dir: str, username: str, batch_id: int) -> dict:

    from backoffice import create_app
    from backoffice.admin.exporting import chunks, in_list_order
    from backoffice.admin.people import applicant_export
    from backoffice.db import database
    from backoffice.models import Applicant, Application, DataJob, ProposalBatch, User
    from backoffice.tasks import job_files
    from backoffice.tasks.batches import batch_query
    from tests.factories import PASSWORD

    app = create_app({"DATABASE_URL": url, "TESTING": True, "SECRET_KEY": "bench",
                      "WTF_CSRF_ENABLED": False})  # fmt: skip
    client = app.test_client()
    client.post("/login", data={"username": username, "password": PASSWORD})
    before = status_mb("VmRSS")
    start, cpu = time.perf_counter(), time.process_time()
    rows, path = 0, None
    if case in ("list-csv", "list-xlsx"):
        response = client.post(f"/admin/applicant/ekspor/{case[5:]}")  # the "Buat berkas" button
        assert response.status_code == 302, response.status_code
        with app.app_context(), database.connection_context():
            job = DataJob.select().order_by(DataJob.id.desc()).get()
            assert job.status == "ready", job.message
            rows, path = job.progress, _written(job_files, job, out_dir, case[5:])
    elif case in ("batch-csv", "batch-xlsx"):  # "Buat berkas": the job, run at once here
        response = client.post(f"/admin/batch/download/{batch_id}.{case[6:]}")
        assert response.status_code == 302, response.status_code
        with app.app_context(), database.connection_context():
            job = DataJob.select().order_by(DataJob.id.desc()).get()
            assert job.status == "ready", job.message
            path = _written(job_files, job, out_dir, case[6:])
    else:
        with app.app_context(), database.connection_context():
            if case == "list-query":
                office = User.get(User.username == username).office_id
                listed = Applicant.select().where(Applicant.office == office)
                listed = listed.order_by(Applicant.name)  # the list's default order
                ordered = in_list_order(listed, applicant_export(listed), Applicant)
                rows = sum(len(chunk) for chunk in ordered)
            else:
                query = batch_query(ProposalBatch.get_by_id(batch_id))
                rows = sum(len(chunk) for chunk in chunks(query, Application))
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    return {"case": case, "seconds": seconds, "cpu_seconds": cpu, "rows": rows, "path": path,
            "baseline_mb": before, "peak_mb": status_mb("VmHWM")}  # fmt: skip


def _written(job_files, job, out_dir: str, fmt: str) -> str:
    """The job's stored file copied out (as a download would stream it); its path."""
    path = str(Path(out_dir) / f"job-{job.id}.{fmt}")
    with open(path, "wb") as out:
        for piece in job_files.parts(job.id, "result"):
            out.write(piece)
    return path


if __name__ == "__main__":
    url, case, out_dir, username, batch_id = sys.argv[1:6]
    print(json.dumps(main(url, case, out_dir, username, int(batch_id))))
