"""A person shared by offices (pemohon dinas lain): whose record it is, and what another
office may do with it.

A person is registered by one office (`Applicant.office`) and seen by every office they
applied to (domain.scope). The record stays the registering office's, as offices expect of
what they collected (each is its own controller under Law 27/2022, answers for the record's
accuracy, checked the KTP and KK at its own counter, and proposes the person to BPJS under
its own quota): another office sees the record read-only (`HELD_FIELDS`, every field of it)
and cannot change it on any path. A correction goes to the registering office as a request
(`request_correction`), written in both offices' trails, and that office makes it after
checking the documents; an edit by the second office, even audited in both trails, would
change what the first office sends to BPJS before anyone there knew.

Notes are each office's own: the registering office's in `Applicant.notes`, every other
office's in its own `ApplicantNote`, never shown to another office.

An account without an office (the installation's administrator) changes any record; a
person it registered (no office) is held for every office.
"""

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from backoffice.db import write_transaction
from backoffice.domain.applicants import clean_value
from backoffice.domain.errors import ValidationError
from backoffice.domain.scope import Viewer
from backoffice.models import Applicant, ApplicantNote, AuditEntry, Office

# The record's fields as the applicant form offers them; `notes` is each office's own.
HELD_FIELDS = (
    "nik", "kk", "name", "birth_place", "birth_date", "sex", "family_role", "address",
    "village", "phone", "work_status", "dtsen_status", "dtsen_decile", "dtks_listed",
    "dtks_year", "chronic_priority",
)  # fmt: skip
FLAGS = frozenset({"dtks_listed", "chronic_priority"})
REQUEST_MAX = 500
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def kept_elsewhere(applicant: Applicant, viewer: Viewer) -> bool:
    """Whether `applicant` is another office's record to `viewer` (read-only here)."""
    return viewer.office is not None and applicant.office_id != viewer.office_id


def keeper_name(applicant: Applicant) -> str:
    """Who keeps the record: the registering office's name, or the installation's admin."""
    if applicant.office_id is None:
        return "administrator instalasi"
    return Office.get_by_id(applicant.office_id).name


def held_message(applicant: Applicant) -> str:
    """What a held field says, next to it."""
    keeper = keeper_name(applicant)
    return f"Data orang ini dikelola {keeper}; minta {keeper} memperbaikinya."


def changed_fields(applicant: Applicant, posted: Mapping[str, Any], today: dt.date) -> list[str]:
    """The fields of `posted` (form field name -> value) that would change the stored
    record, each compared as the form would store it (a phone typed "0812-…" is the stored
    "+62812…"; a value the form would refuse is a change)."""
    return [
        name
        for name, value in posted.items()
        if name in HELD_FIELDS and _stored(applicant, name) != _as_stored(name, value, today)
    ]


def _stored(applicant: Applicant, name: str) -> Any:
    if name == "village":
        return applicant.village_id
    value = getattr(applicant, name)
    return None if value == "" else value


def _as_stored(name: str, value: Any, today: dt.date) -> Any:
    if name in FLAGS:
        return bool(value)
    if name == "village":
        return getattr(value, "code", value) or None
    if name == "dtks_year":
        return value  # the form's whole number, or None
    try:
        return clean_value(name, value, today)
    except ValidationError:
        return _Refused()


class _Refused:
    """A value the form would refuse: never equal to a stored one."""

    def __eq__(self, other: object) -> bool:
        return False

    __hash__ = None  # type: ignore[assignment]


def note_of(applicant: Applicant, office_id: int) -> str:
    """The office's own note about another office's person ("" when none)."""
    note = ApplicantNote.get_or_none(
        (ApplicantNote.applicant == applicant.id) & (ApplicantNote.office == office_id)
    )
    return note.text if note is not None else ""


def save_note(applicant: Applicant, office_id: int, text: str, user_id: int | None,
              now: dt.datetime) -> ApplicantNote:  # fmt: skip
    """Store the office's own note about `applicant` (one per office and person)."""
    with write_transaction():
        note, _ = ApplicantNote.get_or_create(applicant=applicant.id, office=office_id,
                                              defaults={"updated_at": now})  # fmt: skip
        note.text, note.updated_at, note.updated_by = text or "", now, user_id
        note.save()
    return note


def request_correction(applicant: Applicant, viewer: Viewer, text: str, address: str,
                       now: dt.datetime) -> None:  # fmt: skip
    """Ask the office that keeps `applicant`'s record to correct it: one entry in the asking
    office's trail and one in the keeping office's (the installation's when none), each
    naming the person, the other office and what to correct. ValidationError({"text": …})
    for an empty, over-long or control-character request, or a person of the asker's own."""
    if not kept_elsewhere(applicant, viewer):
        raise ValidationError({"text": "Orang ini didaftarkan dinas Anda: ubah datanya langsung."})
    wanted = " ".join((text or "").split())
    if not wanted:
        raise ValidationError({"text": "Tuliskan data yang perlu diperbaiki."})
    if len(wanted) > REQUEST_MAX or _CONTROL.search(text):
        raise ValidationError({"text": f"Paling banyak {REQUEST_MAX} karakter teks biasa."})
    asker = viewer.office.name
    with write_transaction():
        _entry(
            viewer,
            viewer.office_id,
            applicant,
            address,
            now,
            f"Minta perbaikan data {applicant} ke {keeper_name(applicant)}: {wanted}",
        )
        _entry(viewer, applicant.office_id, applicant, address, now,
               f"Permintaan perbaikan data {applicant} dari {asker}: {wanted}")  # fmt: skip


def _entry(viewer: Viewer, office_id: int | None, applicant: Applicant, address: str,
           now: dt.datetime, summary: str) -> None:  # fmt: skip
    AuditEntry.create(user=viewer.user_id, at=now, action="correction", entity="applicant",
                      object_id=str(applicant.id), summary=summary[:500], office=office_id,
                      ip=address[:45])  # fmt: skip


def correction_requests(applicant: Applicant, office_id: int | None, limit: int = 10) -> list:
    """The latest correction requests about `applicant` in the office's trail (for its
    record's page: the keeping office sees what others asked)."""
    return list(
        AuditEntry.select()
        .where((AuditEntry.action == "correction") & (AuditEntry.entity == "applicant")
               & (AuditEntry.object_id == str(applicant.id)) & (AuditEntry.office == office_id))
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        .limit(limit)
    )  # fmt: skip
