"""Which process does a piece of work, and whether it still runs.

A record left "running" by work in the background (a publish of the site, an import job)
names the machine, the process id and the process's start (`this_process`); a reader closes
it as failed when that process is gone (`is_gone`): killed with kill -9, or the server
restarted. A record of another machine cannot be asked about: it counts as gone only after
OTHER_HOST_LIMIT. Linux (/proc) gives the start; elsewhere the pid alone is checked.
"""

import datetime as dt
import os
import socket
from pathlib import Path
from typing import Any

OTHER_HOST_LIMIT = dt.timedelta(hours=6)


def this_process() -> dict[str, Any]:
    """{"host", "pid", "process_started"} of the calling process, as a record stores them."""
    pid = os.getpid()
    return {"host": socket.gethostname(), "pid": pid, "process_started": process_started(pid)}


def is_gone(host: str, pid: int | None, started: str, since: dt.datetime, now: dt.datetime) -> bool:
    """Whether the process a record names (host, pid, `started` as process_started gave it)
    no longer runs: on this machine, its pid is dead, a zombie, or reused by a process
    started at another time; on another machine (or unnamed), `since` (naive UTC, when the
    work began) is more than OTHER_HOST_LIMIT before `now`."""
    if host != socket.gethostname() or pid is None:
        return now - since > OTHER_HOST_LIMIT
    if not process_alive(pid):
        return True
    return bool(started) and process_started(pid) != started


def process_started(pid: int) -> str:
    """The process's start, in clock ticks since boot (Linux), so a reused pid is not taken
    for the process that wrote a record; "" where unknown."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return ""
    return stat.rpartition(")")[2].split()[19]


def process_alive(pid: int) -> bool:
    """Whether process `pid` of this machine runs (a zombie does not)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return not _is_zombie(pid)


def _is_zombie(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rpartition(")")[2].split()[0] == "Z"
