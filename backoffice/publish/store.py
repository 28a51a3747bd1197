"""Build folders, the atomic switch of the live site, and the one error publishing raises.

The live path (`LOKET_SITE_DIR`, or `--out`) is a symbolic link to one build folder kept in
`.<name>-builds/` beside it. A build is written into `.partial-<stamp>-r<record>` (the id of
its `PublishRecord`) and, once every page and its manifest are written, renamed to `<stamp>`:
a folder without the prefix is complete by construction, and a publish killed midway leaves
only a `.partial-…` folder, which is never listed, never kept among the last `KEEP` builds,
never restorable, and is removed by the next sweep once its record is no longer running
(whichever machine's worker ran it: no process is asked). Publishing renames a new link over
the old one, which the operating system does in one step: a reader sees the old site or the
new, never a mix.

A rebuild starts from a copy of the live build made of hard links (no data is copied); every
later write goes through unlinking first, so a file shared with an older build never changes.
When `KEEP` builds already exist, the oldest one (which this build would push out anyway) is
renamed to the new partial folder and brought level with the live build by its manifest:
only the pages that differ are linked again, a handful after an edit, not thousands.
"""

import datetime as dt
import json
import os
import re
import shutil
from pathlib import Path

from backoffice.models import PublishRecord

KEEP = 3
MANIFEST = ".loket-manifest.json"
PARTIAL = ".partial-"
TRASH = ".trash-"
STAMP = "%Y%m%dT%H%M%S%f"  # a build's name: when (UTC) its partial folder was made
OWNER = re.compile(r"-r(\d+)$")  # the record a partial build folder belongs to


class PublishError(Exception):
    """Publishing failed; the live site is as it was. The message is Indonesian, for the desk
    and the command line as it is."""


NEWER_LIVE = ("Terbitan {build} tidak ditayangkan: terbitan yang lebih baru ({live}) sudah "
              "tayang.")


class SiteStore:
    """The builds of the live path `live`; new partial folders are named for `record` (the
    PublishRecord of the publish that writes them)."""

    def __init__(self, live: Path, record: int = 0) -> None:
        self.record = record
        self.live = Path(os.path.abspath(live))
        self.root = self.live.parent / f".{self.live.name}-builds"

    def current(self) -> Path | None:
        """The build folder the live path points to, if it is one of ours."""
        if not self.live.is_symlink():
            return None
        target = self.live.resolve()
        return target if target.parent == self.root.resolve() and target.is_dir() else None

    def builds(self) -> list[Path]:
        """Every complete build, oldest first (names start with their UTC time)."""
        if not self.root.exists():
            return []
        return sorted(p for p in self.root.iterdir() if p.is_dir() and not p.name.startswith("."))

    def previous(self) -> Path | None:
        """The newest complete build older than the live one that has been live itself (a
        build whose publish was stopped before its switch was never published: a restore
        never puts it live)."""
        current = self.current()
        older = [b for b in self.builds() if (current is None or b.name < current.name)
                 and self.went_live(b)]  # fmt: skip
        return older[-1] if older else None

    def new_build(self, copy_of: Path | None = None, manifest: dict | None = None) -> Path:
        """A new partial build folder: empty, or holding what `copy_of` holds (whose
        `manifest` the caller may have read already)."""
        self._check_live()
        self.root.mkdir(parents=True, exist_ok=True)
        self.sweep()
        stamp = dt.datetime.now(dt.UTC).strftime(STAMP)
        folder = self.root / f"{PARTIAL}{stamp}-r{self.record}"
        if copy_of is None:
            folder.mkdir()
            return folder
        oldest = self.recyclable()
        had = read_manifest(oldest).get("pages") if oldest else None
        if not had:
            link_tree(copy_of, folder)
            return folder
        os.rename(oldest, folder)  # no longer a build: a partial folder from here on
        wants = (manifest if manifest is not None else read_manifest(copy_of)).get("pages", {})
        level_with(folder, copy_of, had, wants)
        return folder

    def recyclable(self) -> Path | None:
        """The oldest build when `KEEP` exist and it is not live: the next one to go."""
        builds = self.builds()
        current = self.current()
        never_live = [b for b in builds if b != current and not self.went_live(b)]
        if never_live:  # a stopped publish's build goes first, before any that was live
            return never_live[0]
        if len(builds) < KEEP or builds[0] == current:
            return None
        return builds[0]

    def complete(self, partial: Path, manifest: dict) -> Path:
        """Write the manifest into `partial` and give it its final name: now a build."""
        write_manifest(partial, {**manifest, "complete": True})
        final = self.root / partial.name.removeprefix(PARTIAL).split("-", 1)[0]
        os.rename(partial, final)
        return final

    def _check_live(self) -> None:
        if self.live.exists() and not self.live.is_symlink():
            if not self.live.is_dir() or any(self.live.iterdir()):
                raise PublishError(
                    f"{self.live} sudah berisi berkas lain; pilih folder keluaran yang kosong "
                    "atau yang dibuat oleh Loket JKN."
                )
            self.live.rmdir()

    def activate(self, build: Path, forward_only: bool = False) -> None:
        """Point the live path at `build` in one rename. `forward_only` (a publish, not a
        restore): never over a live build made later (names are their UTC start), which only
        a newer publish can have made; ClaimLost-like PublishError then."""
        current = self.current()
        if forward_only and current is not None and current.name > build.name:
            raise PublishError(NEWER_LIVE.format(build=build.name, live=current.name))
        self.live.parent.mkdir(parents=True, exist_ok=True)
        link = self.live.with_name(f".{self.live.name}.swap-{os.getpid()}")
        if link.is_symlink() or link.exists():
            link.unlink()
        link.symlink_to(os.path.relpath(build, self.live.parent), target_is_directory=True)
        os.replace(link, self.live)
        if not self.marks.is_dir():  # builds made before the marks existed count as live
            self.marks.mkdir()
            for earlier in self.builds():
                (self.marks / earlier.name).touch()
        (self.marks / build.name).touch()

    @property
    def marks(self) -> Path:
        """One empty file per build that has been live (outside the builds: nothing public)."""
        return self.root / ".went-live"

    def went_live(self, build: Path) -> bool:
        """Whether `build` was ever live; every build counts before the marks existed."""
        return not self.marks.is_dir() or (self.marks / build.name).exists()

    def discard(self, folder: Path) -> None:
        if folder.parent == self.root and folder != self.current():
            shutil.rmtree(folder, ignore_errors=True)

    def sweep(self) -> None:
        """Delete the partial builds of publishes no longer running and all but the `KEEP`
        newest builds (never the live one).

        Each is first renamed out of the list (one cheap rename), so a half-deleted folder is
        never taken for a build, and one left half-deleted (its worker killed) is deleted by
        the next sweep. The deleting is done here: a sweep runs in a queue worker or the
        command line, never in a request.
        """
        if not self.root.exists():
            return
        current = self.current()
        doomed = [b for b in self.builds()[:-KEEP] if b != current]
        running = _running_records()
        doomed += [p for p in self.root.glob(f"{PARTIAL}*") if _owner(p.name) not in running]
        for folder in doomed:
            folder.rename(self.root / f"{TRASH}{folder.name}")
        for folder in self.root.glob(f"{TRASH}*"):
            shutil.rmtree(folder, ignore_errors=True)

    def check_complete(self, build: Path) -> None:
        """Refuse a build whose manifest is missing, unfinished, or names a missing file."""
        manifest = read_manifest(build)
        missing = [
            entry["file"]
            for entry in manifest.get("pages", {}).values()
            if not (build / entry["file"]).is_file()
        ]
        if not manifest.get("complete") or not manifest.get("pages") or missing:
            raise PublishError(
                f"Terbitan {build.name} tidak lengkap"
                + (f" ({len(missing)} halaman hilang)" if missing else "")
                + "; situs tidak dikembalikan ke terbitan itu."
            )


def _owner(name: str) -> int | None:
    """The record whose publish writes the partial build `name` (None for a name of an
    older version, whose publish cannot be running any more)."""
    found = OWNER.search(name)
    return int(found.group(1)) if found else None


def _running_records() -> set[int]:
    running = PublishRecord.select(PublishRecord.id).where(PublishRecord.status == "running")
    return {row[0] for row in running.tuples()}


ASSET_FOLDERS = ("static", "pagefind")  # not pages: linked again whole from the source


def level_with(folder: Path, source: Path, had: dict, wants: dict) -> None:
    """Make `folder` (an older build, pages as in `had`) hold what `source` holds (pages as in
    `wants`): pages whose bytes differ or are missing are linked from `source`, pages `source`
    lacks are removed, asset folders are linked again whole, the manifest is dropped."""
    have = {entry["file"]: entry["sha"] for entry in had.values()}
    want = {entry["file"]: entry["sha"] for entry in wants.values()}
    for file in have.keys() - want.keys():
        (folder / file).unlink(missing_ok=True)
    for file, sha in want.items():
        if have.get(file) != sha:  # a build never changes once complete: its manifest holds
            target = folder / file
            target.parent.mkdir(parents=True, exist_ok=True)
            temporary = target.with_name(f".{target.name}.relink")
            os.link(source / file, temporary)
            os.replace(temporary, target)
    for name in ASSET_FOLDERS:
        shutil.rmtree(folder / name, ignore_errors=True)
        if (source / name).is_dir():
            link_tree(source / name, folder / name)
    (folder / MANIFEST).unlink(missing_ok=True)


def link_tree(source: Path, target: Path) -> None:
    """Fill `target` with hard links to `source`'s files: a copy that costs no space."""
    _link_folder(str(source), str(target))


def _link_folder(source: str, target: str) -> None:
    # Names relative to open folders: the kernel resolves one component per link, not two
    # full paths, which halves the cost of linking thousands of pages.
    os.makedirs(target, exist_ok=True)
    source_fd = os.open(source, os.O_RDONLY | os.O_DIRECTORY)
    target_fd = os.open(target, os.O_RDONLY | os.O_DIRECTORY)
    folders = []
    try:
        with os.scandir(source_fd) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    folders.append(entry.name)
                elif entry.name != MANIFEST:
                    os.link(entry.name, entry.name, src_dir_fd=source_fd, dst_dir_fd=target_fd)
    finally:
        os.close(source_fd)
        os.close(target_fd)
    for name in folders:
        _link_folder(f"{source}/{name}", f"{target}/{name}")


def read_manifest(build: Path | None) -> dict:
    if build is None or not (build / MANIFEST).exists():
        return {}
    try:
        return json.loads((build / MANIFEST).read_text())
    except (ValueError, OSError):
        return {}


def write_manifest(build: Path, manifest: dict) -> None:
    temporary = build / f"{MANIFEST}.tmp"
    temporary.write_text(json.dumps(manifest, ensure_ascii=False, sort_keys=True))
    temporary.replace(build / MANIFEST)
