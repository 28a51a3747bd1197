"""What changed since the live build: whether the desk's publish may rebuild only some standards.

Standards say when they changed (`updated_at`, touched by the back-office on every edit of the
standard or of one of its services). Everything else a page shows (templates, assets, content
files, offices with their hours, channels, closures, quotas and survey results, and the date the
"open today" lines are written for) has no such stamp, so it is hashed: the build keeps the hash
in its manifest, and a publish whose hash differs is a full build.
"""

import datetime as dt
import hashlib
from pathlib import Path
from zoneinfo import ZoneInfo

from backoffice.models import ServiceStandard
from backoffice.models.base import utcnow
from backoffice.models.offices import IANA_ZONES
from backoffice.paths import SITE_DIR
from backoffice.publish.content import content_dir
from backoffice.publish.data import load_site, office_quotas, office_survey
from backoffice.publish.store import SiteStore, read_manifest

# An edit saved while the previous build read the database may carry a stamp a moment older
# than the build's: looking back this far re-renders a few pages too many, never too few.
MARGIN = dt.timedelta(seconds=10)


def plan_publish(
    live: Path, content_root: Path | None = None, templates: Path | None = None
) -> tuple[set[int] | None, dict]:
    """(standards to rebuild, or None for a full build; marks for the new build's manifest)."""
    marks = {
        "checked_at": (utcnow() - MARGIN).isoformat(),
        "sources": sources_fingerprint(content_root, templates),
    }
    manifest = read_manifest(SiteStore(live).current())
    if not manifest.get("pages") or "standards" not in manifest or "checked_at" not in manifest:
        return None, marks  # no live build, or one that kept no record of what it showed
    if manifest.get("sources") != marks["sources"]:
        return None, marks
    return edited_standards(manifest), marks


def edited_standards(manifest: dict) -> set[int]:
    """Standards edited since the build of `manifest`, and those it showed that are gone."""
    since = dt.datetime.fromisoformat(manifest["checked_at"])
    edited = ServiceStandard.select(ServiceStandard.id).where(ServiceStandard.updated_at >= since)
    published = ServiceStandard.select(ServiceStandard.id).where(
        ServiceStandard.status == "published"
    )
    shown = {int(i) for i in manifest["standards"]}
    return {row[0] for row in edited.tuples()} | (shown - {row[0] for row in published.tuples()})


def sources_fingerprint(content_root: Path | None = None, templates: Path | None = None) -> str:
    """A hash of everything the pages show besides standards and their services."""
    digest = hashlib.sha256()
    for folder in (SITE_DIR / "templates", SITE_DIR / "static", content_root or content_dir()):
        _hash_files(digest, folder)
    if templates:
        _hash_files(digest, Path(templates))
    now = dt.datetime.now(dt.UTC)
    digest.update(
        repr(sorted({now.astimezone(ZoneInfo(z)).date() for z in IANA_ZONES.values()})).encode()
    )
    for office in load_site(details=False, content_root=content_root, only=set()).offices:
        facts = (office.record, office.region, office.hours, office.closures, office.channels)
        digest.update(repr((facts, office_quotas(office), office_survey(office))).encode())
    return digest.hexdigest()


def _hash_files(digest, folder: Path) -> None:
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        stat = path.stat()
        digest.update(f"{path.relative_to(folder)}\0{stat.st_mtime_ns}\0{stat.st_size}\n".encode())
