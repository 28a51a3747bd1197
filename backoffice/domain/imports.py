"""Import of applicants and their households (impor pemohon) from an office's CSV or XLSX file.

Three steps, readable from the function names:
1. `check_file` reads the file and checks every row on its own (the counter form's rules of
   validate_applicant, field by field: import_cells.RowChecker) and against the other rows
   (a NIK twice in the file);
2. `plan` compares the rows with the database: unknown village codes, a person another office
   registered, and for every NIK already known whether the row changes anything;
3. `commit` writes the plan in one transaction, all or nothing, after planning again inside
   it: the same file twice changes nothing; a changed row updates the person found by NIK
   (and the caller records it in the audit trail).

A dry run is steps 1 and 2; its problems name the spreadsheet row and the file's own column
header, in Indonesian. NIK disagreements (birth date, sex, district) are warnings: the commit
refuses them unless the officer accepts them, as the counter form does; so are members of
one No. KK in different villages. A second head of a No. KK is an error (domain/households).
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import BinaryIO

from backoffice.db import serialize_on, write_transaction
from backoffice.domain import households, import_cells, person_lookups
from backoffice.domain import import_store as store
from backoffice.domain.errors import ValidationError
from backoffice.domain.tables import read_table
from backoffice.models import Applicant, Office
from backoffice.models.base import utcnow

NAMES, COLUMNS, BLANK_DEFAULTS = store.NAMES, store.COLUMNS, store.BLANK_DEFAULTS

IMPORT_LOCK = 0x10C4E7  # serialises imports on PostgreSQL (advisory lock key)


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
    are unchanged, and the database's findings added to the file's. `changed` names, for each
    updated row, the file's headers of the columns the commit would change."""

    creates: list[tuple[int, tuple]] = field(default_factory=list)
    updates: list[tuple[int, str, dict]] = field(default_factory=list)
    unchanged: int = 0
    changed: list[tuple[int, list[str]]] = field(default_factory=list)  # row, columns changed
    problems: list[Problem] = field(default_factory=list)
    blank_roles: int = 0  # new people whose family role is blank: stored as head (kepala)

    @property
    def blank_roles_note(self) -> str:
        """What the dry run says of the new people stored as heads for a blank family role
        (Indonesian; "" when none): a household's data the officer did not type."""
        if not self.blank_roles:
            return ""
        return (f"Hubungan keluarga kosong: {self.blank_roles} pemohon baru akan dicatat sebagai "
                "kepala keluarga. Isi kolom HUBUNGAN_KELUARGA bila bukan.")  # fmt: skip

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
    rows = import_cells.RowChecker(columns, today or dt.date.today())
    first_seen: dict[str, int] = {}
    for number, cells in enumerate(table.rows, start=table.first_row):
        if _blank(cells):
            continue  # blank lines between blocks, Excel's trailing rows
        checked.total += 1
        _check_row(checked, number, rows.check(cells), first_seen)
        if progress and checked.total % 1000 == 0:
            progress(1000)
    if progress:
        progress(checked.total % 1000)
    return checked


def _looks_like_header(cells: list[str]) -> bool:
    return any(import_cells.header_key(c) == "nik" for c in cells)


def _blank(cells: list) -> bool:
    try:
        return not "".join(cells).strip()  # a CSV row: all text
    except TypeError:  # an XLSX row: numbers, dates, None
        return not any(c is not None and str(c).strip() for c in cells)


def _check_row(checked: CheckedFile, number: int, outcome, first_seen: dict[str, int]) -> None:
    check, errors = outcome
    for name, message in errors.items():
        checked.problems.append(Problem(number, checked.column(name), message))
    if check is None:
        return
    cleaned = check.cleaned
    nik = cleaned["nik"]
    if nik in first_seen:
        message = f"NIK ganda dalam berkas: sama dengan baris {first_seen[nik]}."
        checked.problems.append(Problem(number, checked.column("nik"), message))
        return
    first_seen[nik] = number
    for warning in check.warnings:
        checked.problems.append(Problem(number, checked.column("nik"), warning, warning=True))
    checked.rows.append((number, tuple([cleaned[name] for name in NAMES])))


# --- step 2: against the database --------------------------------------------------------


def plan(checked: CheckedFile, office: Office, seeker: person_lookups.Seeker | None = None) -> Plan:
    """Compare the checked rows with the database for `office` (the importing office): new
    and changed people, unknown villages, other offices' people, and the households
    (households.file_findings) the file's people will make with those already registered.
    With `seeker` (a dry run for an account), what it tells of other offices' people is
    within that account's look-up limits (domain.person_lookups); past them it tells nothing
    of the people the office does not hold (`_withhold`)."""
    result = Plan(problems=list(checked.problems))
    villages = store.existing_villages(values[VILLAGE_AT] for _, values in checked.rows)
    columns = [column for column, name in COLUMNS.items() if name in checked.present]
    niks = [values[0] for _, values in checked.rows]
    known = store.known_people(niks, dict.fromkeys([*columns, "family_role"]))
    members: dict[str, households.Member] = {}
    found: list[person_lookups.Found] = []  # other offices' people the plan tells of
    for number, values in checked.rows:
        if values[VILLAGE_AT] not in villages:
            message = f"Kode desa {values[VILLAGE_AT]} tidak ada di daftar wilayah Kemendagri."
            result.problems.append(Problem(number, checked.column("village_code"), message))
            continue
        person = known.get(values[0])
        if person is None:
            result.creates.append((number, values))
        elif person["office"] != office.id:
            found.append(person_lookups.Found(values[0], person["office"]))
            message = (
                "NIK ini sudah terdaftar di dinas lain; datanya tidak ditampilkan dan tidak "
                "diubah dari sini."
            )
            result.problems.append(Problem(number, checked.column("nik"), message))
            continue
        else:
            _plan_update(result, person, values, checked, number)
        member = _member(number, values, person, "family_role" in checked.columns)
        members[values[0]] = member
        if person is None and not member.role_given:
            result.blank_roles += 1
    found += _check_households(result, checked, members, office)
    if seeker is not None:  # a dry run for an account: within its look-up limits
        refusal = person_lookups.screen(seeker, "import", found, utcnow())
        if refusal is not None:
            _withhold(result, checked, refusal)
    result.problems.sort(key=lambda p: (p.row, p.warning))
    return result


def _withhold(result: Plan, checked: CheckedFile, refusal: str) -> None:
    """Past the look-up limits the plan tells nothing of people the office does not hold:
    neither which rows are other offices' nor how many are new; the file's own problems and
    the office's own people stay, with the refusal on row 1."""
    result.problems = [*checked.problems, Problem(1, checked.column("nik"), refusal)]
    result.creates.clear()
    result.blank_roles = 0


VILLAGE_AT, ROLE_AT, KK_AT = (NAMES.index(name) for name in ("village_code", "family_role", "kk"))


def _member(number: int, values: tuple, person: dict | None, role_column: bool):
    """The person of a row as the import will store them: a new person's blank role is stored
    as the model's default (head); a registered person keeps theirs when the cell is blank or
    the file has no such column."""
    role = values[ROLE_AT] if role_column else None
    if role is None and person is not None:
        role = person["family_role"]
    given = role is not None
    role = role if given else BLANK_DEFAULTS["family_role"]
    return households.Member(number, values[KK_AT], role == households.HEAD,
                             values[VILLAGE_AT], given)  # fmt: skip


def _check_households(
    result: Plan, checked: CheckedFile, members: dict, office: Office
) -> list[person_lookups.Found]:
    kks = {member.kk for member in members.values()}
    stored = households.stored_heads(kks, office.id, leaving_out=members)
    findings = households.file_findings(list(members.values()), stored)
    for finding in findings:
        column = checked.column(finding.field)
        result.problems.append(Problem(finding.row, column, finding.message, finding.warning))
    return households.revealed_heads(findings)


def _plan_update(
    result: Plan, person: dict, values: tuple, checked: CheckedFile, number: int
) -> None:
    changes = {}
    for column, name in COLUMNS.items():
        value = values[NAMES.index(name)]
        if name not in checked.columns or value is None:
            continue  # a column the file lacks, or a blank cell, leaves the stored value
        if person[column] != value:
            changes[column] = value
    if changes:
        result.updates.append((person["id"], values[0], changes))
        names = [checked.column(COLUMNS[column]) for column in changes]
        result.changed.append((number, names))
    else:
        result.unchanged += 1


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
        with store.names_indexed_at_end():
            for chunk in store.chunks(result.creates, store.WRITE_CHUNK):
                store.insert_applicants([values for _, values in chunk], office.id, now)
                if progress:
                    progress(len(chunk))
        for person_id, nik, changes in result.updates:
            Applicant.update(**changes, updated_at=now).where(Applicant.id == person_id).execute()
            if on_update:
                on_update(person_id, nik, changes)
            if progress:
                progress(1)
    store.refresh_statistics(len(result.creates) + len(result.updates))
    return Outcome(len(result.creates), len(result.updates), result.unchanged)


def _refuse_problems(result: Plan, accept_warnings: bool) -> None:
    if result.errors:
        raise ValidationError({"file": f"Tidak disimpan: {len(result.errors)} galat di berkas. "
                                       "Perbaiki berkas lalu unggah lagi."})  # fmt: skip
    if result.warnings and not accept_warnings:
        raise ValidationError({"file": f"Tidak disimpan: {len(result.warnings)} peringatan "
                                       "belum dikonfirmasi."})  # fmt: skip
