"""Households (keluarga): the people of one No. KK (family card).

A family card names one head (kepala keluarga): a No. KK has at most one person whose family
role is "kepala", counting the people already registered (whichever office registered them)
and the ones an import or the counter form is about to store. Members of one card live in
one village: an import whose rows of one No. KK name different villages gets a warning.

The import checks a whole file at once (`file_findings`); the counter form checks one person
(`refuse_second_head`). Both word a conflict with `head_conflict`; an existing head is named
only where the office's own rules would show them (the import: the importing office
registered them; the form: the account may see them), else nothing of them is shown.
"""

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from backoffice.domain import import_store, person_lookups, scope
from backoffice.domain.errors import ValidationError
from backoffice.models import Applicant
from backoffice.models.base import utcnow

HEAD = "kepala"  # the family role code of the head (models.people.FAMILY_ROLES)


class Member(NamedTuple):
    """A person of a file as they will be stored: spreadsheet row, No. KK, whether head, the
    village code, and whether the file gave the family role (a blank one is stored as head).
    (A tuple: an import makes one a row, and a frozen dataclass costs 4x as much to make.)"""

    row: int
    kk: str
    head: bool
    village: str
    role_given: bool = True


@dataclass(frozen=True)
class StoredHead:
    """The registered head of a No. KK, as another record may see it: `name` is None when
    another office registered them (nothing of them is shown); `nik` and `office_id` say
    whose person a conflict with them reveals (domain.person_lookups counts it)."""

    kk: str
    name: str | None
    nik: str = field(default="", compare=False)
    office_id: int | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Finding:
    """One household problem of a file row: the field it is about, Indonesian text, and
    whether it is only a warning."""

    row: int
    field: str
    message: str
    warning: bool = False
    about: StoredHead | None = None  # the registered head a second head conflicts with


def file_findings(members: Sequence[Member], stored: Mapping[str, StoredHead]) -> list[Finding]:
    """The household problems of a file: a second head of a No. KK (an error on the later
    row, naming the earlier row or the registered head), and members of one No. KK in
    different villages (a warning on each row that differs from the card's first row).
    `stored` maps a No. KK to its registered head among the people the file does not
    contain (the file's own rows say what their people will be)."""
    findings: list[Finding] = []
    first_head: dict[str, int] = {}
    first_village: dict[str, Member] = {}
    for member in members:
        if member.head:
            earlier, head = first_head.get(member.kk), stored.get(member.kk)
            message = head_conflict(member.kk, earlier, head)
            if message:
                findings.append(Finding(member.row, "family_role", _blank(member) + message,
                                        about=head if earlier is None else None))  # fmt: skip
            first_head.setdefault(member.kk, member.row)
        first = first_village.setdefault(member.kk, member)
        if first.village != member.village:
            findings.append(Finding(member.row, "village_code", _other_village(first, member),
                                    warning=True))  # fmt: skip
    return findings


def head_conflict(kk: str, head_row: int | None, stored: StoredHead | None) -> str | None:
    """Why one more head of No. KK `kk` is refused: the file's row `head_row` is its head
    already, or `stored` is; None when neither."""
    rule = "Satu No. KK hanya punya satu kepala keluarga."
    if head_row is not None:
        return f"No. KK {kk} sudah punya kepala keluarga di baris {head_row}. {rule}"
    if stored is None:
        return None
    if stored.name is None:
        return (f"No. KK {kk} sudah punya kepala keluarga yang terdaftar di dinas lain; "
                f"datanya tidak ditampilkan. {rule}")  # fmt: skip
    return (f"No. KK {kk} sudah punya kepala keluarga terdaftar: {stored.name}. {rule} "
            "Bila kepala keluarga berganti, ubah dulu hubungan keluarga yang lama.")  # fmt: skip


def _blank(member: Member) -> str:
    return "" if member.role_given else "Hubungan keluarga kosong dicatat sebagai kepala keluarga. "


def _other_village(first: Member, member: Member) -> str:
    return (f"Anggota No. KK {member.kk} di baris {first.row} tinggal di desa {first.village}, "
            f"baris ini di desa {member.village}. Satu keluarga biasanya satu desa: periksa "
            "kode desanya.")  # fmt: skip


def stored_heads(
    kks: Iterable[str], office_id: int, leaving_out: Iterable[str] = ()
) -> dict[str, StoredHead]:
    """No. KK -> its registered head, for the No. KKs of `kks` that have one, leaving out the
    people whose NIK is in `leaving_out`. The head's name is given only when the office
    `office_id` (the importing office) registered them, as the import's other findings."""
    skip = set(leaving_out)
    heads: dict[str, StoredHead] = {}
    for row in import_store.heads_of(kks, HEAD):
        if row["nik"] not in skip:
            heads.setdefault(row["kk"], _as_seen(row, row["office_id"] == office_id))
    return heads


def refuse_second_head(kk: str, role: str | None, person_id: int | None,
                       viewer: scope.Viewer, seeker: person_lookups.Seeker | None = None,
                       asked: bool = True, now: dt.datetime | None = None) -> None:  # fmt: skip
    """The counter form's check: raise ValidationError({"family_role": …}) when `role` is
    head and another registered person (not `person_id`, the record being edited) is the
    head of No. KK `kk`; named when `viewer` may see them (as a NIK already registered).
    A head another office registered is told within the look-up limits of `seeker`
    (domain.person_lookups), which a head's No. KK new to the record (`asked`) is always
    checked against, found or not: over them, the refusal says only when to try again."""
    if role != HEAD:
        return
    heads = [row for row in import_store.heads_of([kk], HEAD) if row["id"] != person_id]
    row = heads[0] if heads else None
    shown = row is not None and scope.visible(Applicant, row["id"], viewer) is not None
    if not shown and (asked or row is not None):
        found = [person_lookups.Found(row["nik"], row["office_id"])] if row else []
        person_lookups.refuse_if_withheld(seeker, "kk_head", "family_role", found,
                                          now or utcnow())  # fmt: skip
    if row is not None:
        raise ValidationError({"family_role": head_conflict(kk, None, _as_seen(row, shown))})


def _as_seen(row: dict, shown: bool) -> StoredHead:
    return StoredHead(row["kk"], row["name"] if shown else None, row["nik"], row["office_id"])


def revealed_heads(findings: Iterable[Finding]) -> list[person_lookups.Found]:
    """The other offices' heads that `findings` tell of (a second head of their No. KK, the
    head not shown): what an import's dry run must count as look-ups (domain.person_lookups)."""
    return [person_lookups.Found(f.about.nik, f.about.office_id)
            for f in findings if f.about is not None and f.about.name is None]  # fmt: skip
