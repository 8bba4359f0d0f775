"""A file's bytes in pieces: read once, taken one at a time by the fast text split (each freed
as soon as it is parsed), given back whole to the exact split."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

from pipelines.ingest.errors import IngestError

# Bytes read (and later parsed) at a time: few polars calls, yet only a small part of a large
# export is held twice (as bytes and as parsed cells).
READ_PIECE_BYTES = 1 << 26
# How far before a piece's planned end a line end is looked for: the piece then ends just after
# it, so a record is seldom cut in two (and the fast split need not copy the piece to mend it).
LINE_END_LOOK_BACK = 1 << 20
LINE_END = b"\n"
CHANGED = "the file changed while it was being read: wait until it is complete, then try again"


def sha256(parts: Iterable[bytes]) -> str:
    """The SHA-256 of the parts one after another."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part)
    return digest.hexdigest()


def read_parts(file: BinaryIO, piece_bytes: int = READ_PIECE_BYTES) -> list[bytes]:
    """The rest of `file` in parts of about `piece_bytes`, each ending just after a line end
    when one lies within LINE_END_LOOK_BACK bytes before its planned end (each byte is read
    once, but for the few looked at twice)."""
    parts = []
    back = min(LINE_END_LOOK_BACK, piece_bytes)
    while True:
        start = file.tell()
        file.seek(start + piece_bytes - back)
        window = file.read(back)
        size = piece_bytes
        if len(window) == back and (line_end := window.rfind(LINE_END)) >= 0:
            size += line_end + 1 - back
        file.seek(start)
        part = file.read(size)
        if not part:
            return parts
        parts.append(part)


class Pieces:
    """Bytes in pieces (`parts`, none empty unless the bytes are).

    `take` hands the next piece over and keeps no reference to it; `whole` gives all the bytes
    at once: the bytes given when a caller holds them (`of`), the pieces joined when none was
    taken, else the file read again and refused when it is no longer the same (its SHA-256).
    """

    def __init__(self, parts: list[bytes], path: Path | None = None, held: bytes | None = None):
        self.parts = parts
        self.size = sum(len(part) for part in parts)
        self._digest = sha256(parts) if held is None else None
        self._path = path
        self._held = held
        self._taken = False

    @classmethod
    def of(cls, data: bytes) -> Pieces:
        """All of `data` as one piece (the caller holds the bytes anyway)."""
        return cls([data], held=data)

    @property
    def digest(self) -> str:
        """The SHA-256 (hex) of all the bytes."""
        if self._digest is None:
            self._digest = sha256([self.whole()])
        return self._digest

    def prefix(self, size: int) -> bytes:
        """The first `size` bytes (fewer when there are fewer), from the pieces not taken."""
        head = b""
        for part in self.parts:
            if len(head) >= size:
                break
            head += part[: size - len(head)]
        return head

    def take(self) -> bytes | None:
        """The next piece, handed over (None when all were taken)."""
        if not self.parts:
            return None
        self._taken = True
        return self.parts.pop(0)

    def peek(self) -> bytes:
        """The next piece without taking it (b"" when all were taken)."""
        return self.parts[0] if self.parts else b""

    def whole(self) -> bytes:
        """All the bytes at once (see the class)."""
        if self._held is not None:
            return self._held
        if not self._taken:
            if len(self.parts) > 1:
                self.parts = [b"".join(self.parts)]
            return self.parts[0]
        assert self._path is not None
        try:
            data = self._path.read_bytes()
        except OSError as exc:
            raise IngestError(self._path, CHANGED) from exc
        if sha256([data]) != self.digest:
            raise IngestError(self._path, CHANGED)
        self.parts, self._held = [data], data
        return data
