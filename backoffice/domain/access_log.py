"""Log akses data pribadi (UU 27/2022): who opened, printed or exported which person.

A record page that shows a person (declared in `PERSON_OF`: the person's own page, an
application's, a complaint linked to them) writes one "view" row; a print one "print" row per
person printed; an export one "export" row per person in the file (an application list
exports a person with two applications once), written with the export's other work (its
finishing transaction, or chunk by chunk as a streamed file is sent); a data-subject export a
"subject_export" row. A row names the person, never holds their data: anonymising the person
(domain.retention) leaves a log that still says who looked, and no NIK behind.
"""

import datetime as dt
import json
from collections.abc import Iterable, Iterator

from peewee import ForeignKeyField, ModelSelect

from backoffice.db import database, is_sqlite
from backoffice.models import Applicant, Application, Complaint
from backoffice.models.base import utcnow

# A record's model -> the person it shows (None: nobody), and how the log names the record.
PERSON_OF = {
    Applicant: lambda record: record.id,
    Application: lambda record: record.applicant_id,
    Complaint: lambda record: record.applicant_id,
}
RECORD_NAMES = {Applicant: "Pemohon", Application: "Permohonan", Complaint: "Pengaduan"}
CHUNK = 5000  # people per INSERT: one statement with one array parameter
REF_MAX = 120


def person_shown(record) -> int | None:
    """The id of the person `record`'s page shows, or None (a model without one)."""
    person = PERSON_OF.get(type(record))
    return person(record) if person is not None else None


def record_ref(record) -> str:
    """What the log says was opened: "Permohonan #12"."""
    return f"{RECORD_NAMES.get(type(record), type(record).__name__)} #{record.get_id()}"


def record(
    applicant_ids: Iterable[int],
    kind: str,
    ref: str,
    *,
    user_id: int | None,
    office_id: int | None,
    address: str = "",
    at: dt.datetime | None = None,
) -> int:
    """Write one row of `kind` ("view", "print", "export", "subject_export") per person in
    `applicant_ids`, all at `at` (naive UTC, default now), in statements of CHUNK people; in
    the caller's transaction when it has one. The row's office is `office_id`, the acting
    account's; for an account without one (the installation's administrator), each person's
    own office, so that office's log shows who looked at its people. Return how many."""
    ids = list(applicant_ids)
    values = (user_id, office_id, at or utcnow(), kind, ref[:REF_MAX], address[:45])
    for start in range(0, len(ids), CHUNK):
        _insert_each(ids[start : start + CHUNK], values)
    return len(ids)


def _insert_each(ids: list[int], values: tuple) -> None:
    """One INSERT of a row per person with the same other `values`: the ids travel as one
    array (json_each on SQLite, = ANY on PostgreSQL), so a chunk costs one statement and one
    parameter, not peewee's node per value (100,000 rows: measured in tests/test_pdp.py).
    A person deleted meanwhile is left out."""
    columns = '(applicant_id, user_id, office_id, "at", kind, ref, ip)'
    user_id, office_id, at, kind, ref, ip = values
    if is_sqlite():
        sql = (f"INSERT INTO person_access {columns} "
               "SELECT a.id, ?, COALESCE(?, a.office_id), ?, ?, ?, ? FROM applicant a "
               "WHERE a.id IN (SELECT value FROM json_each(?))")  # fmt: skip
        params = (user_id, office_id, str(at), kind, ref, ip, json.dumps(ids))
    else:
        sql = (f"INSERT INTO person_access {columns} "
               "SELECT a.id, %s::integer, COALESCE(%s::integer, a.office_id), %s::timestamp, "
               "%s, %s, %s FROM applicant a WHERE a.id = ANY(%s::bigint[])")  # fmt: skip
        params = (user_id, office_id, at, kind, ref, ip, ids)
    database.execute_sql(sql, params)


def person_column(query: ModelSelect) -> int | None:
    """The position, among `query`'s selected columns, of the person each row is about: the
    applicant's own id, or a foreign key to the applicant. None when no column names one (the
    export is of no person). Read from the query itself, so a list export that selects its
    people cannot forget to log them."""
    for index, node in enumerate(query.selected_columns):
        field = node.unwrap() if hasattr(node, "unwrap") else node
        if getattr(field, "model", None) is Applicant and getattr(field, "primary_key", False):
            return index
        if isinstance(field, ForeignKeyField) and field.rel_model is Applicant:
            return index
    return None


class ExportedPeople:
    """The people of one export as its rows pass, each once (`new` returns the ones not seen
    before; `ids` all of them)."""

    def __init__(self, column: int | None) -> None:
        self.column = column
        self.seen: set[int] = set()

    def new(self, rows: Iterable) -> list[int]:
        if self.column is None:
            return []
        fresh = []
        for row in rows:
            person = row[self.column]
            if person is not None and person not in self.seen:
                self.seen.add(person)
                fresh.append(person)
        return fresh

    def passing(self, chunks: Iterable[list]) -> Iterator[list]:
        """The chunks unchanged, their people noted as they pass."""
        for chunk in chunks:
            self.new(chunk)
            yield chunk

    @property
    def ids(self) -> list[int]:
        return sorted(self.seen)
