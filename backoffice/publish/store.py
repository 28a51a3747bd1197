"""Build folders and the atomic switch of the live site.

The live path (`LOKET_SITE_DIR`, or `--out`) is a symbolic link to one build folder kept in
`.<name>-builds/` beside it. Publishing renames a new link over the old one, which the
operating system does in one step: a reader sees the old site or the new, never a mix, and a
failed build never touches the link. The last `KEEP` builds stay, so the previous one can be
restored by pointing the link back.

A rebuild starts from a copy of the live build made of hard links (no data is copied): for a
site of thousands of pages, linking them costs more than rendering the few that changed. So
once a build is live, a background thread links that copy ahead of time into
`.spare-<build>`; the next rebuild takes it with one rename, and links its own only when no
spare of the live build is ready. A spare is a copy of a build that never changes again (every
write goes to a new folder), so it is as good as one linked at the moment it is needed.
"""

import datetime as dt
import json
import os
import shutil
import threading
import time
from pathlib import Path

KEEP = 3
MANIFEST = ".loket-manifest.json"
SPARE = ".spare-"
STALE_SECONDS = 3600  # an unfinished spare this old was left by a process that was killed


class StoreError(Exception):
    """The live path cannot be used; the message is Indonesian."""


class SiteStore:
    def __init__(self, live: Path) -> None:
        self.live = Path(os.path.abspath(live))
        self.root = self.live.parent / f".{self.live.name}-builds"

    def current(self) -> Path | None:
        """The build folder the live path points to, if it is one of ours."""
        if not self.live.is_symlink():
            return None
        target = self.live.resolve()
        return target if target.parent == self.root.resolve() and target.is_dir() else None

    def builds(self) -> list[Path]:
        """Every kept build, oldest first (names start with their UTC time)."""
        if not self.root.exists():
            return []
        return sorted(p for p in self.root.iterdir() if p.is_dir() and not p.name.startswith("."))

    def previous(self) -> Path | None:
        current = self.current()
        older = [b for b in self.builds() if current is None or b.name < current.name]
        return older[-1] if older else None

    def new_build(self, copy_of: Path | None = None) -> Path:
        """A new build folder: empty, or holding hard links to every file of `copy_of`."""
        self._check_live()
        self.root.mkdir(parents=True, exist_ok=True)
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%f")
        folder = self.root / stamp
        if copy_of is None:
            folder.mkdir()
            return folder
        self.wait_for_spare()
        try:
            os.rename(self.spare_of(copy_of), folder)  # one process takes it; the others link
        except OSError:
            try:
                link_tree(copy_of, folder)
            except OSError:
                shutil.rmtree(folder, ignore_errors=True)
                raise
        return folder

    def spare_of(self, build: Path) -> Path:
        return self.root / f"{SPARE}{build.name}"

    def wait_for_spare(self) -> None:
        """Let this process's spare finish: it is nearer done than a new copy would be."""
        worker = _tidying.get(str(self.root))
        if worker is not None:
            worker.spare_ready.wait()

    def _check_live(self) -> None:
        if self.live.exists() and not self.live.is_symlink():
            if not self.live.is_dir() or any(self.live.iterdir()):
                raise StoreError(
                    f"{self.live} sudah berisi berkas lain; pilih folder keluaran yang kosong "
                    "atau yang dibuat oleh Loket JKN."
                )
            self.live.rmdir()

    def activate(self, build: Path) -> None:
        """Point the live path at `build` in one rename."""
        self.live.parent.mkdir(parents=True, exist_ok=True)
        link = self.live.with_name(f".{self.live.name}.swap")
        if link.is_symlink() or link.exists():
            link.unlink()
        link.symlink_to(os.path.relpath(build, self.live.parent), target_is_directory=True)
        os.replace(link, self.live)

    def discard(self, build: Path) -> None:
        if build.parent == self.root and build != self.current():
            shutil.rmtree(build, ignore_errors=True)

    def tidy(self) -> None:
        """Delete all but the live build and the `KEEP` newest, and link a spare of the live
        build for the next rebuild; both in a background thread.

        Each old build is first renamed out of the list (one cheap rename), so a half-deleted
        folder can never be taken for a build; leftovers are swept on the next call. The thread
        is not a daemon: a command waits for it at exit rather than leave a spare half-linked.
        """
        current = self.current()
        for build in self.builds()[:-KEEP]:
            if build != current:
                build.rename(self.root / f".trash-{build.name}")
        spare = self.spare_of(current) if current else None
        for old in self.root.glob(f"{SPARE}*") if self.root.exists() else ():
            if old != spare and (old.suffix != ".tmp" or _age(old) > STALE_SECONDS):
                old.rename(self.root / f".trash-{old.name}")
        trash = list(self.root.glob(".trash-*")) if self.root.exists() else []
        worker = _Tidying(current, spare, trash)
        _tidying[str(self.root)] = worker
        worker.start()


class _Tidying(threading.Thread):
    def __init__(self, current: Path | None, spare: Path | None, trash: list[Path]) -> None:
        super().__init__(name="site-tidy", daemon=False)
        self.current, self.spare, self.trash = current, spare, trash
        self.spare_ready = threading.Event()

    def run(self) -> None:
        try:
            if self.current is not None and not self.spare.exists():
                _link_spare(self.current, self.spare)
        finally:
            self.spare_ready.set()
        for folder in self.trash:
            shutil.rmtree(folder, ignore_errors=True)


_tidying: dict[str, _Tidying] = {}  # the last tidying thread of each store in this process


def _link_spare(build: Path, spare: Path) -> None:
    temporary = spare.with_name(f"{spare.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        link_tree(build, temporary)
        os.rename(temporary, spare)
    except OSError:  # the build was pruned, or another process was first: no spare, no harm
        shutil.rmtree(temporary, ignore_errors=True)


def _age(path: Path) -> float:
    try:
        return time.time() - path.stat().st_mtime
    except OSError:
        return 0.0


def link_tree(source: Path, target: Path) -> None:
    """Fill `target` with hard links to `source`'s files: a copy that costs no space.

    Safe because every later write replaces a file by renaming a new one over it.
    """
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
                else:
                    os.link(entry.name, entry.name, src_dir_fd=source_fd, dst_dir_fd=target_fd)
    finally:
        os.close(source_fd)
        os.close(target_fd)
    for name in folders:
        _link_folder(f"{source}/{name}", f"{target}/{name}")


def read_manifest(build: Path | None) -> dict:
    if build is None or not (build / MANIFEST).exists():
        return {}
    return json.loads((build / MANIFEST).read_text())


def write_manifest(build: Path, manifest: dict) -> None:
    temporary = build / f"{MANIFEST}.tmp"
    temporary.write_text(json.dumps(manifest, ensure_ascii=False, sort_keys=True))
    temporary.replace(build / MANIFEST)  # never write into a file shared with an older build
