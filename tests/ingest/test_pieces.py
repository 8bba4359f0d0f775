"""A file's bytes in pieces: read once in parts ending at line ends, taken, given back whole."""

from __future__ import annotations

import hashlib
import io

import pytest

from pipelines.ingest import IngestError, guards
from pipelines.ingest.pieces import Pieces, read_parts

TEXT = b"Name,Email\nAnn Lee,ann@x.org\nBo Ma,bo@x.org\nCy Do,cy@x.org"


@pytest.mark.parametrize("piece_bytes", [1, 4, 12, 20, 1 << 20])
def test_parts_hold_the_file_and_end_at_line_ends_where_they_can(piece_bytes):
    result = read_parts(io.BytesIO(TEXT), piece_bytes)
    assert b"".join(result) == TEXT
    assert all(len(part) <= piece_bytes for part in result)
    # A part ends after a line break whenever one lies in its last piece_bytes (all but the last).
    assert all(part.endswith(b"\n") for part in result[:-1] if b"\n" in part)


def test_taken_pieces_are_handed_over_and_the_rest_stays():
    pieces = Pieces([b"ab", b"cd", b"e"])
    assert (pieces.prefix(3), pieces.size, pieces.digest) == (
        b"abc",
        5,
        hashlib.sha256(b"abcde").hexdigest(),
    )
    assert (pieces.take(), pieces.peek(), pieces.parts) == (b"ab", b"cd", [b"cd", b"e"])


def test_whole_joins_pieces_none_was_taken_from():
    pieces = Pieces([b"ab", b"cd"])
    assert pieces.whole() == b"abcd"
    assert pieces.parts == [b"abcd"]


def test_whole_after_a_take_reads_the_same_file_again(tmp_path, ingest):
    path = tmp_path / "export.csv"
    path.write_bytes(TEXT)
    pieces = guards.read_guarded_pieces(path, ingest, piece_bytes=12)
    pieces.take()
    assert pieces.whole() == TEXT
    assert pieces.digest == hashlib.sha256(TEXT).hexdigest()


def test_a_file_changed_between_two_reads_is_refused(tmp_path, ingest):
    path = tmp_path / "export.csv"
    path.write_bytes(TEXT)
    pieces = guards.read_guarded_pieces(path, ingest, piece_bytes=12)
    pieces.take()
    path.write_bytes(TEXT + b"\nDi Ng,di@x.org")
    with pytest.raises(IngestError, match="changed while it was being read"):
        pieces.whole()


def test_held_bytes_are_given_back_after_a_take():
    pieces = Pieces.of(TEXT)
    assert pieces.take() == TEXT
    assert pieces.whole() == TEXT
