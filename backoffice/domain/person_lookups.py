"""Look-ups of other offices' people (cek NIK dinas lain): limited, recorded and audited.

An office must learn that a NIK (or a No. KK's head) is registered by another office: the
counter must not register the person twice, and serves them through "Pemohon dinas lain".
That answer is itself the other office's personal data (the person exists, and where: Law
27/2022), so every path that gives it asks `screen` first, on every run, whether or not it
found anyone:

- each other office's person found is recorded (`PersonLookup`: who, from which address,
  when, which office's person; the NIK only as a keyed hash) and audited: one entry in the
  acting office's trail (a file's finds as one entry with their count) and one in each
  holding office's trail;
- finds are limited per account and per client address in sliding windows (`LIMITS`):
  one at a time on a form, by the file on an import's dry run or BPJS's result file;
- over a limit the path names nothing: it refuses with the same neutral wait whether or not
  it found anyone, so the refusal tells nothing either. What it found still counts.

A NIK the same account was already told of within the window is not counted again: an
officer who saves the form twice, or checks a file again after mapping its columns, spends
nothing more.
"""

import datetime as dt
import hashlib
import hmac
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from backoffice.db import serialize_on, write_transaction
from backoffice.domain import throttle
from backoffice.domain.errors import ValidationError
from backoffice.domain.throttle import Limit
from backoffice.models import AuditEntry, Office, PersonLookup

SINGLE, BULK = "single", "bulk"
# A counter serves some 50 people a day, a few of them registered elsewhere (moved, or
# applying to both offices of a regency): 30 in an hour is a whole day's queue of other
# offices' people. An office's counters may share one NAT address: 100 an hour for it.
# A file: a village's list of some thousands with a few hundred known elsewhere fits 2,000 a
# day, checked as often as needed (repeats are free); the dry run that read 9,496 NIKs a
# second now reads 2,000 a day. A regency's first migration of every member goes through
# `loket import` (the installation's administrator, at the server), which is not limited.
LIMITS: dict[str, tuple[Limit, ...]] = {
    SINGLE: (Limit("account", 30, dt.timedelta(hours=1)),
             Limit("address", 100, dt.timedelta(hours=1))),
    BULK: (Limit("account", 2000, dt.timedelta(hours=24)),
           Limit("address", 5000, dt.timedelta(hours=24))),
}  # fmt: skip
LOOKUP_LOCK = 0x4E1C_0000  # advisory-lock key: finds are counted and recorded one at a time
RECORDED_AT_MOST = 5000  # rows one call records; a file's further finds only in the count
CHUNK = 500  # hashes per IN (...) query


class Path(NamedTuple):
    kind: str  # SINGLE or BULK
    label: str  # what the audit trail calls it


PATHS = {
    "form": Path(SINGLE, "formulir pemohon"),
    "kk_head": Path(SINGLE, "cek kepala keluarga"),
    "registered": Path(SINGLE, "Pemohon dinas lain"),
    "import": Path(BULK, "pemeriksaan berkas impor"),
    "bpjs_result": Path(BULK, "unggah hasil BPJS"),
}


@dataclass(frozen=True)
class Seeker:
    """Who looks: the account, its office, its client address, and the installation's key
    the NIKs found are hashed with (the app's SECRET_KEY: the same in every process)."""

    user_id: int | None
    office_id: int
    address: str
    secret: str


class Found(NamedTuple):
    """Another office's person a path found: their NIK and the office that registered them
    (None: the installation's administrator)."""

    nik: str
    holder_id: int | None


def nik_hash(secret: str, nik: str) -> str:
    """The NIK as `PersonLookup` keeps it: countable and checkable with the key, not readable."""
    return hmac.new(secret.encode(), nik.encode(), hashlib.sha256).hexdigest()


def screen(seeker: Seeker, path: str, found: Sequence[Found], now: dt.datetime) -> str | None:
    """Decide whether `path` may tell `seeker` of the other offices' people it `found` (empty
    when none: call it anyway). None: it may (recorded and audited). Otherwise the neutral
    Indonesian refusal, with the time to try again, that the path shows instead of anything
    about other offices (what was found is recorded, and the refusal audited, all the same)."""
    kind = PATHS[path].kind
    if not found and _wait(seeker, kind, now, 1) is None:
        return None  # nothing found, nothing to record: no lock needed
    with write_transaction():
        serialize_on(LOOKUP_LOCK)
        fresh = _fresh(seeker, found, kind, now)
        until = _wait(seeker, kind, now, max(len(fresh), 1))
        if not found and until is None:
            return None
        _record(seeker, path, fresh[:RECORDED_AT_MOST], now)
        _audit(seeker, path, found, withheld=until is not None, now=now)
    return None if until is None else wait_message(seeker, kind, until)


def _fresh(seeker: Seeker, found: Sequence[Found], kind: str, now: dt.datetime) -> list:
    """(hash, holder) of the people in `found` the account was not told of within the
    window, each once."""
    hashes = {nik_hash(seeker.secret, f.nik): f.holder_id for f in found}
    if seeker.user_id is None or not hashes:
        return list(hashes.items())
    since = now - max(limit.window for limit in LIMITS[kind])
    known: set[str] = set()
    keys = list(hashes)
    for start in range(0, len(keys), CHUNK):
        known.update(row[0] for row in PersonLookup.select(PersonLookup.nik_hash).where(
            (PersonLookup.user == seeker.user_id) & (PersonLookup.at > since)
            & PersonLookup.nik_hash.in_(keys[start:start + CHUNK])).tuples())  # fmt: skip
    return [(key, holder) for key, holder in hashes.items() if key not in known]


def _wait(seeker: Seeker, kind: str, now: dt.datetime, wanted: int) -> dt.datetime | None:
    """When `wanted` more finds fit every limit of `kind` for the seeker (None: now). A
    look-up without an address (none was passed on) counts against the account only."""
    paths = [code for code, path in PATHS.items() if path.kind == kind]
    keys = {"account": PersonLookup.user == seeker.user_id,
            "address": PersonLookup.address == seeker.address}  # fmt: skip
    waits = []
    for limit in LIMITS[kind]:
        if limit.scope == "address" and not seeker.address:
            continue
        if limit.scope == "account" and seeker.user_id is None:
            continue
        where = keys[limit.scope] & PersonLookup.path.in_(paths)
        waits.append(throttle.wait_until(PersonLookup.at, where, limit, now, wanted))
    return throttle.latest(waits)


def _record(seeker: Seeker, path: str, fresh: list, now: dt.datetime) -> None:
    rows = [{"at": now, "user": seeker.user_id, "address": seeker.address[:45],
             "office": seeker.office_id, "holder": holder, "nik_hash": key, "path": path}
            for key, holder in fresh]  # fmt: skip
    for start in range(0, len(rows), 100):
        PersonLookup.insert_many(rows[start : start + 100]).execute()


def _audit(seeker: Seeker, path: str, found: Sequence[Found], withheld: bool,
           now: dt.datetime) -> None:  # fmt: skip
    """One entry in the acting office's trail; one in each holding office's. A withheld
    answer's entry says only that it was withheld: the count would answer what the refusal
    hides (the acting office's supervisors read their trail)."""
    label = PATHS[path].label
    holders = Counter(f.holder_id for f in found)
    names = _office_names([*holders, seeker.office_id])
    if withheld:
        summary = f"Cek NIK dinas lain ({label}) ditahan: batas pemeriksaan tercapai."
    else:
        summary = f"Cek NIK dinas lain ({label}): " + "; ".join(
            f"{_count(n)} terdaftar di {names.get(holder, 'administrator instalasi')}"
            for holder, n in sorted(holders.items(), key=lambda item: str(item[0]))
        )
    _entry(seeker, seeker.office_id, summary, now)
    me = names.get(seeker.office_id, "dinas lain")
    for holder, n in holders.items():
        if holder is not None and holder != seeker.office_id:
            told = "ditahan karena batas" if withheld else "diberitahukan"
            _entry(seeker, holder, f"{_count(n)} orang dinas ini dicek oleh {me} ({label}); "
                                   f"keberadaannya {told}.", now)  # fmt: skip


def _count(n: int) -> str:
    return "NIK" if n == 1 else f"{_number(n)} NIK"


def _number(n: int) -> str:
    return f"{n:,}".replace(",", ".")  # 2.000, as Indonesians write it


def _entry(seeker: Seeker, office_id: int | None, summary: str, now: dt.datetime) -> None:
    AuditEntry.create(user=seeker.user_id, at=now, action="lookup", entity="person_lookup",
                      summary=summary[:500], office=office_id,
                      ip=seeker.address[:45])  # fmt: skip


def _office_names(ids) -> dict[int, str]:
    wanted = [i for i in set(ids) if i is not None]
    return {o.id: o.name for o in Office.select(Office.id, Office.name).where(
        Office.id.in_(wanted))}  # fmt: skip


def wait_message(seeker: Seeker, kind: str, until: dt.datetime) -> str:
    """The neutral refusal: the limit and when to try again, nothing about any NIK."""
    account = LIMITS[kind][0]
    per = "jam" if account.window <= dt.timedelta(hours=1) else "24 jam"
    limit = f"paling banyak {_number(account.max_count)} NIK per {per}"
    if until == throttle.NEVER:
        return (f"Pemeriksaan NIK ke dinas lain dibatasi ({limit}); berkas ini melewati batas "
                "itu. Bagi berkasnya menjadi beberapa bagian.")  # fmt: skip
    office = Office.get_or_none(Office.id == seeker.office_id)
    zone = office.iana_zone if office is not None else "Asia/Jakarta"
    return (
        f"Pemeriksaan NIK ke dinas lain dari akun atau alamat ini sudah mencapai batas "
        f"({limit}). Coba lagi setelah pukul {throttle.clock_label(until, zone)}."
    )


def refuse_if_withheld(
    seeker: Seeker | None, path: str, field: str, found: Sequence[Found], now: dt.datetime
) -> None:
    """`screen` for one field of a form: ValidationError({field: refusal}) when the answer is
    withheld. No seeker (an account without an office sees every office): nothing to limit."""
    if seeker is None:
        return
    refusal = screen(seeker, path, found, now)
    if refusal is not None:
        raise ValidationError({field: refusal})
