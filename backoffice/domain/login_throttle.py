"""Login throttling (pembatasan percobaan masuk): too many wrong passwords make the login wait.

Two limits, declared once in `LIMITS`: one per account name (a password guesser aiming at one
officer) and a looser one per client address (one machine trying many names; an office behind
one NAT address shares it, hence the higher count). Each counts the failures of the last
`window`; when `max_count` are reached the key waits until the oldest of them leaves the
window. Attempts refused while waiting are not counted, so waiting long enough always helps.

The failures are rows in the database (`LoginFailure`), so every app process shares them.
A name is counted whether or not such an account exists: the answer never tells which names
are real.
"""

import datetime as dt

from backoffice.db import database
from backoffice.domain import throttle
from backoffice.domain.throttle import Limit
from backoffice.models.accounts import LoginFailure

LIMITS = (
    Limit("account", 10, dt.timedelta(minutes=15)),
    Limit("address", 30, dt.timedelta(minutes=15)),
)
LOGIN_LOCK = 7_000_000_000  # advisory-lock key: logins check and count one at a time


def throttle_keys(username: str, address: str) -> dict[str, str]:
    """The key each limit counts under, by scope."""
    name = (username or "").strip().lower()[:40]
    return {"account": f"account:{name}", "address": f"address:{(address or '')[:60]}"}


def wait_until(username: str, address: str, now: dt.datetime) -> dt.datetime | None:
    """When a login for `username` from `address` may be tried again (naive UTC), or None if
    it may be tried now."""
    keys = throttle_keys(username, address)
    return throttle.latest(
        throttle.wait_until(LoginFailure.at, LoginFailure.key == keys[limit.scope], limit, now)
        for limit in LIMITS
    )


def record_failure(username: str, address: str, now: dt.datetime) -> None:
    """Count one failed login against the account name and the address; forget failures
    older than every window."""
    keys = throttle_keys(username, address)
    oldest_kept = now - max(limit.window for limit in LIMITS)
    with database.atomic():
        LoginFailure.insert_many([{"key": key, "at": now} for key in keys.values()]).execute()
        LoginFailure.delete().where(LoginFailure.at <= oldest_kept).execute()


def claim_attempt(username: str, address: str, now: dt.datetime) -> dt.datetime | None:
    """Check and count one login attempt in one step: when it must wait, the time it may be
    tried again (naive UTC), nothing counted; otherwise None, and the attempt is already
    counted as a failure (record_success takes it back). Counting before the password is
    checked is what stops parallel guesses: each one sees the ones before it. Call inside a
    transaction that serialises logins (db.serialize_on(LOGIN_LOCK))."""
    until = wait_until(username, address, now)
    if until is None:
        record_failure(username, address, now)
    return until


def record_success(username: str, address: str = "", now: dt.datetime | None = None) -> None:
    """A correct login clears the account's count ("in a row") and takes back the attempt
    claim_attempt counted for the address at `now`; the address keeps its other failures, so
    one good account cannot reset a machine that guesses at others."""
    keys = throttle_keys(username, address)
    LoginFailure.delete().where(LoginFailure.key == keys["account"]).execute()
    if now is not None:
        LoginFailure.delete().where(
            (LoginFailure.key == keys["address"]) & (LoginFailure.at == now)
        ).execute()


def wait_message(until: dt.datetime, zone: str) -> str:
    """The Indonesian refusal naming the time to try again in `zone` (an IANA name)."""
    when = throttle.clock_label(until, zone)
    return f"Terlalu banyak percobaan masuk. Coba lagi setelah pukul {when}."
