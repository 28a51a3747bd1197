"""Applicants (pemohon): the residents proposed for PBI. Personal data (Law 27/2022)."""

from peewee import (
    SQL,
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    SmallIntegerField,
    TextField,
)

from backoffice.db import among, database, is_sqlite
from backoffice.models.accounts import User
from backoffice.models.base import BaseModel, utcnow
from backoffice.models.offices import Office
from backoffice.models.regions import Village

SEXES = (("L", "Laki-laki"), ("P", "Perempuan"))
FAMILY_ROLES = (
    ("kepala", "Kepala keluarga"),
    ("istri", "Istri"),
    ("suami", "Suami"),
    ("anak", "Anak"),
    ("menantu", "Menantu"),
    ("cucu", "Cucu"),
    ("orang_tua", "Orang tua"),
    ("mertua", "Mertua"),
    ("famili", "Famili lain"),
    ("lainnya", "Lainnya"),
)
WORK_STATUSES = (
    ("BP", "BP (bukan pekerja)"),
    ("PBPU", "PBPU (pekerja bukan penerima upah)"),
    ("PPU", "PPU (pekerja penerima upah)"),
)
DTSEN_STATUSES = (
    ("terdaftar", "Terdaftar di DTSEN"),
    ("tidak_terdaftar", "Tidak terdaftar"),
    ("belum_dicek", "Belum dicek"),
)


class Applicant(BaseModel):
    nik = CharField(max_length=16, unique=True)
    kk = CharField(max_length=16, index=True)
    name = CharField(max_length=100, index=True)
    birth_place = CharField(max_length=100, default="")
    birth_date = DateField()
    sex = CharField(max_length=1, choices=SEXES)
    address = CharField(max_length=255)
    village = ForeignKeyField(Village, index=True, on_delete="RESTRICT")
    phone = CharField(max_length=20, default="")
    family_role = CharField(max_length=12, choices=FAMILY_ROLES, default="kepala")
    dtsen_status = CharField(max_length=16, choices=DTSEN_STATUSES, default="belum_dicek")
    dtsen_decile = SmallIntegerField(null=True)
    dtks_listed = BooleanField(default=False)
    dtks_year = IntegerField(null=True)
    work_status = CharField(max_length=4, choices=WORK_STATUSES, default="BP")
    chronic_priority = BooleanField(default=False)
    notes = TextField(default="")
    created_at = DateTimeField(default=utcnow)
    updated_at = DateTimeField(default=utcnow)
    # The office that registered the person; the offices they applied to see them too. The
    # record (and `notes`) is that office's: another office keeps its own `ApplicantNote`.
    office = ForeignKeyField(Office, null=True, index=True, on_delete="RESTRICT")
    # When the retention rule replaced the person's identity (domain.retention); None: never.
    anonymised_at = DateTimeField(null=True)

    def __str__(self):
        return f"{self.name} ({self.nik})"

    @classmethod
    def matching(cls, term: str):
        """The search of a list: a 16-digit NIK or No. KK as an indexed equality, fewer digits
        as an indexed prefix range, any other text as a name fragment through the trigram
        index (FTS5 on SQLite, pg_trgm on PostgreSQL)."""
        if term.isascii() and term.isdigit():
            if len(term) == 16:
                return (cls.nik == term) | (cls.kk == term)
            return _prefix(cls.nik, term) | _prefix(cls.kk, term)
        return name_contains(term)


class ApplicantNote(BaseModel):
    """An office's own note (catatan dinas) about a person another office registered: the
    registering office keeps its notes in `Applicant.notes`, every other office that serves
    the person its own here, seen by that office only (domain.shared_people)."""

    applicant = ForeignKeyField(Applicant, backref="office_notes", on_delete="CASCADE")
    office = ForeignKeyField(Office, on_delete="CASCADE")
    text = TextField(default="")
    updated_at = DateTimeField(default=utcnow)  # naive UTC
    updated_by = ForeignKeyField(User, null=True, on_delete="SET NULL")

    class Meta:
        table_name = "applicant_note"
        indexes = ((("applicant", "office"), True),)

    def __str__(self):
        return f"Catatan dinas tentang pemohon #{self.applicant_id}"


def _prefix(field, digits: str):
    # A range, not LIKE: it uses the plain index whatever the collation.
    upper = str(int(digits) + 1).zfill(len(digits)) if digits.strip("9") else None
    if upper is None:
        return field >= digits
    return (field >= digits) & (field < upper)


# A name search carries at most this many matching ids; with more, each query (a list's count,
# its page) asks the trigram index again.
NAME_IDS_AT_MOST = 10_000


def name_contains(text: str):
    """Applicants whose name contains `text`, case-insensitive. `%` and `\\` are dropped and
    `_` is a space: no wildcards.

    From 3 characters the trigram index answers (FTS5 on SQLite, pg_trgm on PostgreSQL),
    once, when this is called: the condition carries the matching ids (at most
    NAME_IDS_AT_MOST), so a list's count and its page do not search the index twice."""
    fragment = text.replace("\\", "").replace("%", "").replace("_", " ")
    if len(fragment) < 3:  # no trigram to look up: a scan
        return Applicant.name ** f"%{fragment}%"
    lookup, params = _name_lookup(fragment)
    ids = [row_id for (row_id,) in database.execute_sql(
        f"{lookup} LIMIT {NAME_IDS_AT_MOST + 1}", params)]  # fmt: skip
    if len(ids) > NAME_IDS_AT_MOST:
        return Applicant.id.in_(SQL(f"({lookup})", params))
    if not ids:
        return Applicant.id.in_([])
    return among(Applicant.id, ids)


def _name_lookup(fragment: str) -> tuple[str, tuple[str, ...]]:
    """The SQL that lists the ids of names holding `fragment` (3 characters or more), and its
    parameters."""
    if not is_sqlite():
        return "SELECT id FROM applicant WHERE name ILIKE %s", (f"%{fragment}%",)
    # The index finds the names holding every third trigram of the fragment (and its last),
    # then LIKE checks those few: a phrase of all the overlapping trigrams took twice as long.
    starts = dict.fromkeys([*range(0, len(fragment) - 2, 3), len(fragment) - 3])
    trigrams = " AND ".join('"' + fragment[i : i + 3].replace('"', '""') + '"' for i in starts)
    return (
        "SELECT a.id FROM applicant a WHERE a.id IN (SELECT rowid FROM applicant_fts "
        "WHERE applicant_fts MATCH ?) AND a.name LIKE ?",
        (trigrams, f"%{fragment}%"),
    )


# An office's list sorted by name; a village's (filter) sorted by name and a deep page's ids,
# their office and id read from the index alone (PostgreSQL's index-only scans need the id in
# it; migration 0014). Name fragments are found through a trigram index made in migration 0010
# (FTS5 on SQLite, pg_trgm on PostgreSQL).
Applicant.add_index(Applicant.office, Applicant.name)
Applicant.add_index(Applicant.village, Applicant.name, Applicant.office, Applicant.id)
Applicant.add_index(Applicant.name, Applicant.office, Applicant.id)
