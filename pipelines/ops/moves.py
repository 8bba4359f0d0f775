"""Moving inputs into dated folders without clobbering, error notes, killed-run leftovers."""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

from pipelines.atomic import atomic_target


def destination(folder: Path, name: str, sha256: str, hash_chars: int) -> Path:
    """`folder/name`, or `folder/<stem>-<hash prefix><suffix>` when that name is taken."""
    target = folder / name
    if not target.exists():
        return target
    path = Path(name)
    return folder / f"{path.stem}-{sha256[:hash_chars]}{path.suffix}"


def move_file(source: Path, target: Path) -> Path:
    """Rename `source` to `target`; across file systems copy atomically, then delete the source."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.replace(source, target)
    except OSError as exc:
        if exc.errno != errno.EXDEV:
            raise
        with atomic_target(target) as temp:
            shutil.copyfile(source, temp)
        source.unlink()
    return target


def move_beside(bundle: Path | None, moved_input: Path) -> Path | None:
    """Move an export's resume bundle (a file or folder) next to where its export went, keeping
    the bundle's name with the export's new stem (`a-<hash>.csv` -> `a-<hash>-resumes.zip`)."""
    if bundle is None or not bundle.exists():
        return None
    name = bundle.name.replace(bundle.name.split("-resumes")[0], moved_input.stem, 1)
    target = moved_input.with_name(name)
    if bundle.is_dir():
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(bundle), str(target))
        return target
    return move_file(bundle, target)


def write_note(path: Path, text: str) -> Path:
    """Write a small UTF-8 text file atomically."""
    with atomic_target(path) as temp:
        temp.write_text(text, encoding="utf-8")
    return path


def leftovers(outbox: Path, moved_to: list[Path], staging_prefix: str) -> list[Path]:
    """Staging folders in the outbox, and `.part` files of interrupted moves, left by a kill."""
    found = list(outbox.rglob(f"{staging_prefix}*")) if outbox.is_dir() else []
    for root in moved_to:
        if root.is_dir():
            found.extend(root.rglob(".*.part"))
    return sorted(found)


def remove_leftovers(outbox: Path, moved_to: list[Path], staging_prefix: str) -> list[Path]:
    """Delete what `leftovers` finds (only while holding the run lock); return what was removed."""
    removed = leftovers(outbox, moved_to, staging_prefix)
    for path in removed:
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
    return removed
