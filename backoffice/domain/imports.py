"""Import of applicants and their households (impor pemohon) from an office's CSV or XLSX file.

Three steps, readable from the function names:
1. `check_file` reads the file and checks every row on its own (validate_applicant, the
   rules of the counter form) and against the other rows (a NIK twice in the file);
2. `plan` compares the rows with the database: unknown village codes, a person another office
   registered, and for every NIK already known whether the row changes anything;
3. `commit` writes the plan in one transaction, all or nothing, after planning again inside
   it: the same file twice changes nothing; a changed row updates the person found by NIK
   (and the caller records it in the audit trail).

A dry run is steps 1 and 2; its problems name the spreadsheet row and the file's own column
header, in Indonesian. NIK disagreements (birth date, sex, district) are warnings: the commit
refuses them unless the officer accepts them, as the counter form does.
"""

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from backoffice.db import database, is_sqlite, serialize_on, write_transaction
from backoffice.domain import import_cells
from backoffice.domain.applicants import FIELDS, validate_applicant
from backoffice.domain.errors import ValidationError
from backoffice.domain.tables import read_table
from backoffice.models import Applicant, Office, Village
from backoffice.models.base import utcnow

NAMES = list(FIELDS)  # the order of a checked row's values
LOOKUP_CHUNK = 500
WRITE_CHUNK = 2000
IMPORT_LOCK = 0x10C4E7  # serialises imports on PostgreSQL (advisory lock key)
# Model columns a file may change, and the checked field each comes from.
COLUMNS = {name: name for name in NAMES if name != "village_code"} | {"village": "village_code"}
BLANK_DEFAULTS = {"birth_place": "", "phone": "", "family_role": "kepala",
                  "work_status": "BP", "dtsen_status": "belum_dicek"}  # fmt: skip


@dataclass(frozen=True)
class Problem:
    """One finding of the dry run: spreadsheet row, the file's column header, message."""

    row: int
    column: str
    message: str
    warning: bool = False

    @property
    def kind(self) -> str:
        return "Peringatan" if self.warning else "Galat"


@dataclass
class CheckedFile:
    """A file read and checked row by row. `rows` holds (spreadsheet row, values in NAMES
    order) of the rows without errors; `present` the fields the file has columns for."""

    header: list[str]
    columns: dict[str, int]
    unknown: list[str]
    missing: list[str]
    rows: list[tuple[int, tuple]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    total: int = 0
    encoding: str = ""
    delimiter: str = ""

    @property
    def present(self) -> list[str]:
        return [name for name in NAMES if name in self.columns]

    def column(self, name: str) -> str:
        index = self.columns.get(name)
        return self.header[index] if index is not None else import_cells.LABELS.get(name, name)


@dataclass
class Plan:
    """What a commit would do: rows to create, (id, NIK, {column: value}) to update, how many
    are unchanged, and the database's findings added to the file's."""

    creates: list[tuple[int, tuple]] = field(default_factory=list)
    updates: list[tuple[int, str, dict]] = field(default_factory=list)
    unchanged: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if not p.warning]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.warning]


def check_file(
    filename: str,
    stream: BinaryIO,
    mapping: dict[str, str] | None = None,
    today: dt.date | None = None,
    progress: Callable[[int], None] | None = None,
) -> CheckedFile:
    """Read and check every row of the file (no database access beyond none: pure rules).
    Missing required columns are one problem on row 1 and no row is checked."""
    table = read_table(filename, stream, _looks_like_header)
    columns, unknown, missing = import_cells.map_headers(table.header, mapping)
    checked = CheckedFile(table.header, columns, unknown, missing,
                          encoding=table.encoding, delimiter=table.delimiter)  # fmt: skip
    if missing:
        names = ", ".join(import_cells.LABELS[name] for name in missing)
        checked.problems.append(Problem(1, "", f"Kolom wajib tidak ada: {names}."))
        return checked
    today = today or dt.date.today()
    first_seen: dict[str, int] = {}
    for number, cells in enumerate(table.rows, start=table.first_row):
        if not any(c is not None and str(c).strip() for c in cells):
            continue  # blank lines between blocks, Excel's trailing rows
        checked.total += 1
        _check_row(checked, number, cells, today, first_seen)
        if progress and checked.total % 1000 == 0:
            progress(1000)
    if progress:
        progress(checked.total % 1000)
    return checked


def _looks_like_header(cells: list[str]) -> bool:
    return any(import_cells.header_key(c) == "nik" for c in cells)


def _check_row(checked, number, cells, today, first_seen) -> None:
    data, errors = import_cells.row_values(cells, checked.columns)
    if not errors:
        try:
            check = validate_applicant(data, today)
        except ValidationError as exc:
            errors = exc.errors
    for name, message in errors.items():
        checked.problems.append(Problem(number, checked.column(name), message))
    if errors:
        return
    nik = check.cleaned["nik"]
    if nik in first_seen:
        message = f"NIK ganda dalam berkas: sama dengan baris {first_seen[nik]}."
        checked.problems.append(Problem(number, checked.column("nik"), message))
        return
    first_seen[nik] = number
    for warning in check.warnings:
        checked.problems.append(Problem(number, checked.column("nik"), warning, warning=True))
    checked.rows.append((number, tuple(check.cleaned[name] for name in NAMES)))


# --- step 2: against the database --------------------------------------------------------


def plan(checked: CheckedFile, office: Office) -> Plan:
    """Compare the checked rows with the database for `office` (the importing office)."""
    result = Plan(problems=list(checked.problems))
    village_at = NAMES.index("village_code")
    villages = _existing_villages({values[village_at] for _, values in checked.rows})
    known = _known_people([values[0] for _, values in checked.rows], checked.present)
    for number, values in checked.rows:
        if values[village_at] not in villages:
            message = f"Kode desa {values[village_at]} tidak ada di daftar wilayah Kemendagri."
            result.problems.append(Problem(number, checked.column("village_code"), message))
            continue
        person = known.get(values[0])
        if person is None:
            result.creates.append((number, values))
        elif person["office"] != office.id:
            message = (
                "NIK ini sudah terdaftar di dinas lain; datanya tidak ditampilkan dan tidak "
                "diubah dari sini."
            )
            result.problems.append(Problem(number, checked.column("nik"), message))
        else:
            _plan_update(result, person, values, checked.present)
    result.problems.sort(key=lambda p: (p.row, p.warning))
    return result


def _plan_update(result: Plan, person: dict, values: tuple, present: list[str]) -> None:
    changes = {}
    for column, name in COLUMNS.items():
        if name not in present:
            continue  # a column the file does not have is left as it is
        value = values[NAMES.index(name)]
        value = BLANK_DEFAULTS.get(column, value) if value is None else value
        if person[column] != value:
            changes[column] = value
    if changes:
        result.updates.append((person["id"], values[0], changes))
    else:
        result.unchanged += 1


def _chunks(items: Sequence, size: int = LOOKUP_CHUNK) -> Iterable[Sequence]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _existing_villages(codes: set[str]) -> set[str]:
    found: set[str] = set()
    for chunk in _chunks(sorted(codes)):
        found.update(code for (code,) in Village.select(Village.code)
                     .where(Village.code.in_(list(chunk))).tuples())  # fmt: skip
    return found


def _known_people(niks: list[str], present: list[str]) -> dict[str, dict]:
    fields = [Applicant.id, Applicant.office, Applicant.nik] + [
        getattr(Applicant, column) for column, name in COLUMNS.items() if name in present
    ]
    known: dict[str, dict] = {}
    for chunk in _chunks(niks):
        query = Applicant.select(*fields).where(Applicant.nik.in_(list(chunk)))
        for row in query.dicts():
            known[row["nik"]] = row
    return known


# --- step 3: the commit ------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    created: int
    updated: int
    unchanged: int


def commit(
    checked: CheckedFile,
    office: Office,
    accept_warnings: bool = False,
    on_update: Callable[[int, str, dict], None] | None = None,
    progress: Callable[[int], None] | None = None,
) -> Outcome:
    """Write the file for `office`, all or nothing. Raise ValidationError({"file": …}) while
    the plan has errors (or warnings not accepted); nothing is written then. `on_update(id,
    nik, changes)` is called inside the transaction for each changed person (the audit)."""
    with write_transaction():
        serialize_on(IMPORT_LOCK)
        result = plan(checked, office)
        _refuse_problems(result, accept_warnings)
        now = utcnow()
        for chunk in _chunks(result.creates, WRITE_CHUNK):
            insert_rows([values for _, values in chunk], office.id, now)
            if progress:
                progress(len(chunk))
        for person_id, nik, changes in result.updates:
            Applicant.update(**changes, updated_at=now).where(Applicant.id == person_id).execute()
            if on_update:
                on_update(person_id, nik, changes)
            if progress:
                progress(1)
    return Outcome(len(result.creates), len(result.updates), result.unchanged)


def _refuse_problems(result: Plan, accept_warnings: bool) -> None:
    if result.errors:
        raise ValidationError({"file": f"Tidak disimpan: {len(result.errors)} galat di berkas. "
                                       "Perbaiki berkas lalu unggah lagi."})  # fmt: skip
    if result.warnings and not accept_warnings:
        raise ValidationError({"file": f"Tidak disimpan: {len(result.warnings)} peringatan NIK "
                                       "belum dikonfirmasi."})  # fmt: skip


INSERT_COLUMNS = [*(c for c in COLUMNS), "dtks_listed", "chronic_priority", "notes",
                  "created_at", "updated_at", "office"]  # fmt: skip


def insert_rows(rows: Sequence[tuple], office_id: int, now: dt.datetime) -> None:
    """Insert checked rows (values in NAMES order) as new applicants of `office_id`, with one
    executemany (execute_values on PostgreSQL): the validated rows go in at the driver's
    speed."""
    names = [Applicant._meta.fields[c].column_name for c in INSERT_COLUMNS]
    sql = f'INSERT INTO "applicant" ({", ".join(names)}) VALUES '
    sqlite = is_sqlite()
    params = [_insert_values(values, office_id, now, sqlite) for values in rows]
    cursor = database.cursor()
    if sqlite:
        cursor.executemany(sql + f"({', '.join('?' * len(names))})", params)
    else:
        from psycopg2.extras import execute_values

        execute_values(cursor, sql + "%s", params, page_size=1000)


_POSITIONS = [(column, NAMES.index(name)) for column, name in COLUMNS.items()]


def _insert_values(values: tuple, office_id: int, now: dt.datetime, sqlite: bool) -> tuple:
    row: list[Any] = [
        BLANK_DEFAULTS.get(column) if values[at] is None else values[at]
        for column, at in _POSITIONS
    ]
    row += [False, False, "", now, now, office_id]
    if sqlite:  # as peewee stores them: ISO text, booleans as 0/1
        row = [v.isoformat(" ") if isinstance(v, dt.datetime) else
               v.isoformat() if isinstance(v, dt.date) else v for v in row]  # fmt: skip
    return tuple(row)
