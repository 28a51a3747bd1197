"""Running an applicant import for the CLI and the back-office: the domain's steps, the audit
trail, and the dry run's report as a spreadsheet. (Kept out of domain/: it writes the audit
trail, which reads the request when there is one.)"""

import os
import time
from collections.abc import Callable
from pathlib import Path

from backoffice import audit
from backoffice.domain import exports, imports
from backoffice.models import Applicant, Office, User

REPORT_HEADER = ("Baris", "Kolom", "Jenis", "Keterangan")


def dry_run(path: Path, office: Office, mapping=None, progress=None):
    """(checked file, plan) of the file at `path` for `office`: nothing is written."""
    with path.open("rb") as stream:
        checked = imports.check_file(path.name, stream, mapping, progress=progress)
    return checked, imports.plan(checked, office)


def commit(
    checked: imports.CheckedFile,
    office: Office,
    user: User | None,
    filename: str,
    accept_warnings: bool = False,
    progress: Callable[[int], None] | None = None,
    address: str | None = None,
    via: str = "",
) -> imports.Outcome:
    """Commit a checked file; every changed person and the import itself are audited under
    `user` (the account that committed) from `address` (its client address; None: the
    current request's); `via` is added to each entry's summary (the CLI's "lewat CLI …")."""
    where = f" ({via})" if via else ""

    def audit_update(person_id: int, nik: str, changes: dict) -> None:
        names = ", ".join(sorted(changes))
        audit.record("update", entity="applicant", object_id=str(person_id), user=user,
                     office_id=office.id, address=address,
                     summary=f"Impor {filename}{where}: NIK {nik} diubah ({names})")  # fmt: skip

    outcome = imports.commit(checked, office, accept_warnings, audit_update, _paced(progress))
    if outcome.created or outcome.updated:
        audit.record("create", entity="applicant", object_id="impor", user=user,
                     office_id=office.id, address=address,
                     summary=f"Impor {filename}{where}: {outcome.created} baru, "
                     f"{outcome.updated} diubah, {outcome.unchanged} sama")  # fmt: skip
    return outcome


def _paced(progress: Callable[[int], None] | None) -> Callable[[int], None] | None:
    """`progress`, pausing LOKET_IMPORT_PAUSE seconds after each chunk written (crash-safety
    tests only: they kill the importer while its transaction is open, after the line this
    prints)."""
    pause = float(os.environ.get("LOKET_IMPORT_PAUSE", "0") or 0)
    if not pause:
        return progress

    def step(count: int) -> None:
        if progress:
            progress(count)
        print(f"LOKET_IMPORT_PAUSE: {count} baris ditulis, jeda {pause} s", flush=True)
        time.sleep(pause)

    return step


def report_rows(plan: imports.Plan):
    return ([p.row, p.column, p.kind, p.message] for p in plan.problems)


def write_report(plan: imports.Plan, target) -> None:
    """The dry run's problems as a spreadsheet (XLSX, or CSV when `target` ends in .csv)."""
    if str(getattr(target, "name", target)).endswith(".csv"):
        with open(target, "wb") as out:
            exports.write_csv(out, REPORT_HEADER, report_rows(plan))
        return
    exports.write_xlsx(target, REPORT_HEADER, report_rows(plan), title="Hasil pemeriksaan")


def office_by_slug(slug: str | None) -> Office | None:
    return Office.get_or_none(Office.slug == slug) if slug else None


def count_applicants() -> int:
    return Applicant.select().count()
