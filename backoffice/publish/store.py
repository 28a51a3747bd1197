"""Build folders and the atomic switch of the live site.

The live path (`LOKET_SITE_DIR`, or `--out`) is a symbolic link to one build folder kept in
`.<name>-builds/` beside it. Publishing renames a new link over the old one, which the
operating system does in one step: a reader sees the old site or the new, never a mix, and a
failed build never touches the link. The last `KEEP` builds stay, so the previous one can be
restored by pointing the link back.
"""

import datetime as dt
import json
import os
import shutil
import threading
from pathlib import Path

KEEP = 3
MANIFEST = ".loket-manifest.json"


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

    def new_build(self) -> Path:
        self._check_live()
        self.root.mkdir(parents=True, exist_ok=True)
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%f")
        folder = self.root / stamp
        folder.mkdir()
        return folder

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

    def prune(self) -> None:
        """Keep the live build and the `KEEP` newest; the rest is deleted in the background.

        Each old build is first renamed out of the list (one cheap rename), so a half-deleted
        folder can never be taken for a build; leftovers are swept on the next prune.
        """
        current = self.current()
        for build in self.builds()[:-KEEP]:
            if build != current:
                build.rename(self.root / f".trash-{build.name}")
        trash = [p for p in self.root.glob(".trash-*")] if self.root.exists() else []
        if trash:
            threading.Thread(target=_remove, args=(trash,), daemon=True).start()


def _remove(folders: list[Path]) -> None:
    for folder in folders:
        shutil.rmtree(folder, ignore_errors=True)


def link_tree(source: Path, target: Path) -> None:
    """Fill `target` with hard links to `source`'s files: a copy that costs no space.

    Safe because every later write replaces a file by renaming a new one over it.
    """
    _link_folder(str(source), str(target))


def _link_folder(source: str, target: str) -> None:
    os.makedirs(target, exist_ok=True)
    with os.scandir(source) as entries:
        for entry in entries:
            destination = f"{target}/{entry.name}"
            if entry.is_dir(follow_symlinks=False):
                _link_folder(entry.path, destination)
            else:
                os.link(entry.path, destination)


def read_manifest(build: Path | None) -> dict:
    if build is None or not (build / MANIFEST).exists():
        return {}
    return json.loads((build / MANIFEST).read_text())


def write_manifest(build: Path, manifest: dict) -> None:
    temporary = build / f"{MANIFEST}.tmp"
    temporary.write_text(json.dumps(manifest, ensure_ascii=False, sort_keys=True))
    temporary.replace(build / MANIFEST)  # never write into a file shared with an older build
