"""What the PDP access log costs an export of 100,000 people (issue 18): the export of the
applicant list (the background job) and of a BPJS batch of 100,000, each in a fresh process
(tests/benchmarks/export_run.py) as in test_exports.py, now writing one access-log row per
person in its finishing transaction; then the same 100,000 rows written alone, in this
process, the way the export writes them (`domain.access_log.record`, one transaction, rolled
back). Printed: each export's time, the rows it logged, and the log's share of it."""

import io
import time

from backoffice.db import database
from backoffice.domain import access_log, imports
from backoffice.models import Applicant, PersonAccess
from tests import factories
from tests.benchmarks.test_exports import ROWS, in_fresh_process, proposed_batch
from tests.import_files import good_rows, to_csv


def test_access_log_overhead_of_an_export_of_100000_people(backend, db, tmp_path):
    office = factories.make_office(slug="bench")
    supervisor = factories.make_user(role="supervisor", office=office)
    checked = imports.check_file("a.csv", io.BytesIO(to_csv(good_rows(ROWS), ",", "utf-8")))
    imports.commit(checked, office)
    batch = proposed_batch(office)
    db.execute_sql("ANALYZE")
    ids = [i for (i,) in Applicant.select(Applicant.id).tuples()]

    alone = []
    for _ in range(3):
        start = time.perf_counter()
        with database.atomic() as txn:
            access_log.record(ids, "export", "Ekspor pemohon.csv (#1)", user_id=supervisor.id,
                              office_id=office.id, address="127.0.0.1")  # fmt: skip
            txn.rollback()
        alone.append(time.perf_counter() - start)
    logging = min(alone)
    for case in ("list-csv", "list-xlsx", "batch-csv"):
        before = PersonAccess.select().count()
        result = in_fresh_process(backend[1], case, tmp_path, supervisor.username, batch)
        logged = PersonAccess.select().count() - before
        assert logged == ROWS
        print(f"\n{case} of {ROWS:,} people ({backend[0]}): {result['seconds']:.2f} s "
              f"(CPU {result['cpu_seconds']:.2f} s), {logged:,} access-log rows written in its "
              f"finishing transaction; the rows alone: {logging:.2f} s "
              f"({100 * logging / result['seconds']:.0f}% of the export)")  # fmt: skip
