"""Who may do what in the back-office: one table, read by every view.

Each area maps an operation to the roles allowed it: read, create, edit, delete, and for
files of personal data download (batch files to BPJS) and upload (BPJS's answer). Views name
their area and each page declares the operation it needs (`backoffice.admin.base.needs`);
nothing else in the back-office decides access. Which *rows* a role sees inside an area (its
office; a verifier's own assignments) is `backoffice.domain.scope`.

Need-to-know (Law 27/2022): the verifier sees only the people assigned to them and edits only
the visit (a workflow move); the webmaster sees no personal data (no applicants, applications,
complaints, batches or audit trail).
"""

STAFF = frozenset({"admin", "petugas", "verifikator", "supervisor", "webmaster"})
CASEWORK = frozenset({"admin", "petugas", "verifikator", "supervisor"})
COUNTER = frozenset({"admin", "petugas", "supervisor"})
MANAGERS = frozenset({"admin", "supervisor"})
EDITORS = frozenset({"admin", "supervisor", "webmaster"})
ADMIN = frozenset({"admin"})
OPERATIONS = ("read", "create", "edit", "delete", "download", "upload")


def _area(read, create=(), edit=(), delete=(), download=(), upload=()):
    values = (read, create, edit, delete, download, upload)
    return {op: frozenset(roles) for op, roles in zip(OPERATIONS, values, strict=True)}


PERMISSIONS = {
    "dashboard": _area(STAFF),
    # edit: the reception form; status moves are the workflow's own (domain.workflow roles).
    # download: the list as CSV/XLSX; upload: Pemohon › Impor (a file of many people).
    "applicants": _area(CASEWORK, COUNTER, COUNTER, MANAGERS, MANAGERS, MANAGERS),
    "applications": _area(CASEWORK, COUNTER, COUNTER, MANAGERS, MANAGERS),
    # printed receipts, letters and visit forms (a verifier only for their assignments)
    "documents": _area(CASEWORK),
    "batches": _area(COUNTER, download=MANAGERS, upload=COUNTER),
    "quotas": _area(CASEWORK, MANAGERS, MANAGERS, ADMIN),
    "standards": _area(STAFF, EDITORS, EDITORS, ADMIN),
    "offices": _area(STAFF, ADMIN, MANAGERS, ADMIN),
    "complaints": _area(COUNTER, COUNTER, COUNTER, ADMIN),
    # download: the SKM report (no personal data: scores and counts only).
    "surveys": _area(STAFF, COUNTER | {"webmaster"}, MANAGERS, ADMIN, COUNTER | {"webmaster"}),
    # PEKPPP evidence: standard versions, public consultations, reviews, where published.
    "evidence": _area(STAFF, EDITORS, EDITORS, ADMIN, EDITORS),
    # the monthly report of the office (laporan bulanan)
    "reports": _area(MANAGERS, download=MANAGERS),
    "regions": _area(STAFF),
    "accounts": _area(ADMIN, ADMIN, ADMIN, ADMIN),
    "audit": _area(MANAGERS),
    # Personal data protection (UU 27/2022): the log of who opened, printed or exported whom
    # (download: the log as a file), a person's whole data as a file (download), the office's
    # retention rule (edit: the office's admin), its data breaches.
    "access_log": _area(MANAGERS, download=MANAGERS),
    "subject_export": _area(MANAGERS, download=MANAGERS),
    "retention": _area(MANAGERS, edit=ADMIN),
    "breaches": _area(MANAGERS, MANAGERS, MANAGERS, ADMIN),
    # the queue and its workers serve every office: the view admits only an admin without one.
    "queue": _area(ADMIN),
    # read: the desk and previews; create: publish and restore; edit: content pages.
    "publishing": _area(MANAGERS | {"webmaster"}, {"admin", "webmaster"}, {"admin", "webmaster"}),
}


def allowed(role: str | None, area: str, operation: str = "read") -> bool:
    """True when `role` may perform `operation` in `area`; unknown areas allow nobody."""
    return role in PERMISSIONS.get(area, {}).get(operation, ())
