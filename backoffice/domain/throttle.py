"""Sliding-window limits (pembatasan): the rule the login throttle and the survey kiosk share.

A limit counts the events of one key (an account name, a device, a client address) within
`window`; at `max_count` the key waits until the oldest of those events leaves the window.
The events are rows in the database, so every app process sees the same count.
"""

import datetime as dt
from dataclasses import dataclass

from peewee import Expression, Field


@dataclass(frozen=True)
class Limit:
    scope: str  # what the key names: "account", "address", "device"
    max_count: int
    window: dt.timedelta


def wait_until(
    moment: Field, of_key: Expression, limit: Limit, now: dt.datetime
) -> dt.datetime | None:
    """When the key selected by `of_key` may act again under `limit` (naive UTC, like
    `moment`, the timestamp column of its events), or None when it may act now."""
    recent = (
        moment.model.select(moment)
        .where(of_key & (moment > now - limit.window))
        .order_by(moment.desc())
        .limit(limit.max_count)
    )
    times = [row[0] for row in recent.tuples()]
    if len(times) < limit.max_count:
        return None
    return times[-1] + limit.window


def latest(waits) -> dt.datetime | None:
    """The longest of several waits (None ones ignored), or None."""
    waits = [wait for wait in waits if wait is not None]
    return max(waits) if waits else None
