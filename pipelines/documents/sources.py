"""Resume documents listed from a folder (recursively) or a .zip, guarded before any is read.

Nothing is written to disk: zip entries are read into memory, each capped at the document size
limit, so a traversal name (`../x`) cannot escape; such an entry is still refused as unsafe.
A zip inside the zip is not opened. Hidden files, `__MACOSX` and the configured names are skipped.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from pipelines.documents.reasons import Reason
from pipelines.ingest.guards import ENCRYPTED_FLAG, ZIP_MAGIC, ratio_exceeded
from pipelines.settings.documents import DocumentsConfig
from pipelines.unique import unique_name

ZIP_SUFFIX = ".zip"
PARENT_PARTS = (".", "..")  # traversal parts, refused as unsafe rather than skipped as hidden
_DRIVE = re.compile(r"^[A-Za-z]:")
_ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, OSError, EOFError, ValueError)


class DocumentSourceError(Exception):
    """The folder or zip itself cannot be listed; `str()` is `"<name>: <reason>"` on one line."""

    def __init__(self, path: Path, reason: str) -> None:
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"{self.path.name}: {reason}")


@dataclass(frozen=True)
class DocumentEntry:
    """One document of the source: its path inside it and its bytes, or why it was not read."""

    file: str
    data: bytes | None
    reason: Reason | None


def iter_documents(path: Path, config: DocumentsConfig) -> Iterator[DocumentEntry]:
    """Every document in a folder or a .zip, in path order; DocumentSourceError for the source."""
    path = Path(path)
    if path.is_dir():
        yield from _folder(path, config)
    elif path.is_file():
        yield from _zip(path, config)
    else:
        raise DocumentSourceError(path, "not found")


def _skipped(parts: tuple[str, ...], config: DocumentsConfig) -> bool:
    """Hidden files and folders, `__MACOSX` and the other configured names are not documents."""
    return any(
        (part.startswith(".") and part not in PARENT_PARTS) or part in config.skip_names
        for part in parts
    )


def _folder(root: Path, config: DocumentsConfig) -> Iterator[DocumentEntry]:
    """Files under `root`, recursively; symbolic links are refused, not followed."""
    try:
        paths = sorted(
            p
            for p in root.rglob("*")
            if not _skipped(p.relative_to(root).parts, config) and (p.is_symlink() or p.is_file())
        )
    except OSError as exc:
        raise DocumentSourceError(root, "cannot list the folder") from exc
    if len(paths) > config.max_documents:
        raise DocumentSourceError(
            root, f"too many documents ({len(paths):,}; the limit is {config.max_documents:,})"
        )
    for file_path in paths:
        name = file_path.relative_to(root).as_posix()
        if file_path.is_symlink():
            yield DocumentEntry(name, None, Reason.UNSAFE)
            continue
        try:
            size = file_path.stat().st_size
            if size > config.max_file_bytes:
                yield DocumentEntry(name, None, Reason.TOO_LARGE)
                continue
            yield DocumentEntry(name, file_path.read_bytes(), None)
        except OSError:
            yield DocumentEntry(name, None, Reason.DAMAGED)


def _zip(path: Path, config: DocumentsConfig) -> Iterator[DocumentEntry]:
    """Entries of a .zip, after its directory passed the archive limits."""
    limits = config.archive
    try:
        with path.open("rb") as handle:
            magic = handle.read(4)
    except OSError as exc:
        raise DocumentSourceError(path, "cannot open the file") from exc
    if not magic.startswith(ZIP_MAGIC):
        raise DocumentSourceError(path, "not a folder or a .zip of documents")
    try:
        archive = zipfile.ZipFile(path)
        members = [m for m in archive.infolist() if not m.is_dir()]
    except _ZIP_ERRORS as exc:
        raise DocumentSourceError(path, "damaged zip (it cannot be opened)") from exc
    with archive:
        members = [m for m in members if not _skipped(_parts(m.filename), config)]
        if len(members) > min(config.max_documents, limits.max_members):
            raise DocumentSourceError(
                path,
                f"too many documents ({len(members):,}; the limit is "
                f"{min(config.max_documents, limits.max_members):,})",
            )
        declared = sum(member.file_size for member in members)
        if declared > limits.max_total_uncompressed_bytes:
            raise DocumentSourceError(path, "too large once unzipped (possible zip bomb)")
        names: set[str] = set()
        inflated = 0
        for member in sorted(members, key=lambda m: m.filename):
            name = unique_name(member.filename.replace("\\", "/"), names)
            entry = _member(archive, member, name, config)
            inflated += len(entry.data or b"")
            if inflated > limits.max_total_uncompressed_bytes:
                raise DocumentSourceError(path, "too large once unzipped (possible zip bomb)")
            yield entry


def _parts(filename: str) -> tuple[str, ...]:
    """A zip entry's path parts, whichever slash it uses."""
    return PurePosixPath(filename.replace("\\", "/")).parts


def _unsafe_name(name: str) -> bool:
    """An absolute path, a drive letter or a `..` part: a path-traversal entry."""
    return name.startswith("/") or bool(_DRIVE.match(name)) or ".." in PurePosixPath(name).parts


def _member(
    archive: zipfile.ZipFile, member: zipfile.ZipInfo, name: str, config: DocumentsConfig
) -> DocumentEntry:
    """One zip entry's bytes, or the reason it is refused without being inflated (or after)."""
    if _unsafe_name(name):
        return DocumentEntry(name, None, Reason.UNSAFE)
    if name.lower().endswith(ZIP_SUFFIX):
        return DocumentEntry(name, None, Reason.UNSUPPORTED)
    if member.flag_bits & ENCRYPTED_FLAG:
        return DocumentEntry(name, None, Reason.ENCRYPTED)
    if ratio_exceeded(member, config.archive):
        return DocumentEntry(name, None, Reason.UNSAFE)
    if member.file_size > config.max_file_bytes:
        return DocumentEntry(name, None, Reason.TOO_LARGE)
    try:
        with archive.open(member) as handle:
            data = handle.read(config.max_file_bytes + 1)
    except (*_ZIP_ERRORS, NotImplementedError, RuntimeError):
        return DocumentEntry(name, None, Reason.DAMAGED)
    if len(data) > config.max_file_bytes:
        return DocumentEntry(name, None, Reason.TOO_LARGE)
    return DocumentEntry(name, data, None)
