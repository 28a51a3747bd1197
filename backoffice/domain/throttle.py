"""Sliding-window limits (pembatasan): the rule the login throttle, the survey kiosk and the
look-ups of other offices' people (domain.person_lookups) share.

A limit counts the events of one key (an account name, a device, a client address) within
`window`; at `max_count` the key waits until the oldest of those events leaves the window.
The events are rows in the database, so every app process sees the same count.
"""

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from peewee import Expression, Field

NEVER = dt.datetime.max  # a wait no window ends: more events at once than a limit allows
ZONE_NAMES = {"Asia/Jakarta": "WIB", "Asia/Makassar": "WITA", "Asia/Jayapura": "WIT"}


@dataclass(frozen=True)
class Limit:
    scope: str  # what the key names: "account", "address", "device"
    max_count: int
    window: dt.timedelta


def wait_until(
    moment: Field, of_key: Expression, limit: Limit, now: dt.datetime, wanted: int = 1
) -> dt.datetime | None:
    """When the key selected by `of_key` may act again under `limit` (naive UTC, like
    `moment`, the timestamp column of its events), or None when it may act now. `wanted`
    events at once (a file's many) wait until that many fit in the window; more than
    `max_count` never fit: `NEVER`."""
    if wanted > limit.max_count:
        return NEVER
    recent = (
        moment.model.select(moment)
        .where(of_key & (moment > now - limit.window))
        .order_by(moment.desc())
        .limit(limit.max_count)
    )
    times = [row[0] for row in recent.tuples()]
    excess = len(times) + wanted - limit.max_count
    if excess <= 0:
        return None
    return times[-excess] + limit.window  # once the `excess` oldest have left the window


def latest(waits) -> dt.datetime | None:
    """The longest of several waits (None ones ignored), or None."""
    waits = [wait for wait in waits if wait is not None]
    return max(waits) if waits else None


def clock_label(until: dt.datetime, zone: str) -> str:
    """`until` (naive UTC) as the wall-clock time of `zone` (an IANA name) a refusal names:
    "14.32 WITA", rounded up to the minute ("after 14.32" must not be a minute too early)."""
    local = until.replace(tzinfo=dt.UTC).astimezone(ZoneInfo(zone))
    if local.second or local.microsecond:
        local = local.replace(second=0, microsecond=0) + dt.timedelta(minutes=1)
    return f"{local:%H.%M} {ZONE_NAMES.get(zone, zone)}"
