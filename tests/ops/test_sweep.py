"""Inbox sweep: which files are exports, which are settled, which changed while being hashed."""

from __future__ import annotations

import hashlib
import time

from pipelines.ops.sweep import InboxFile, fingerprint, list_inbox, settled, sweep, wanted
from tests.ops.exports import drop

PATTERNS = ["*.csv", "*.xlsx"]
IGNORE = [".*", "~$*", "*.part"]


def test_patterns_fold_case_and_ignore_temp_files():
    names = ["a.csv", "B.XLSX", "notes.pdf", ".a.csv", "~$book.xlsx", "x.csv.part", "csv"]

    result = [n for n in names if wanted(n, PATTERNS, IGNORE)]

    assert result == ["a.csv", "B.XLSX"]


def test_list_inbox_skips_folders_and_a_missing_inbox(tmp_path):
    drop(tmp_path, "b.csv", "x")
    drop(tmp_path, "a.csv", "x")
    (tmp_path / "sub.csv").mkdir()

    result = [f.path.name for f in list_inbox(tmp_path, PATTERNS, IGNORE)]

    assert result == ["a.csv", "b.csv"]
    assert list_inbox(tmp_path / "absent", PATTERNS, IGNORE) == []


def test_a_young_file_is_not_settled(tmp_path):
    path = drop(tmp_path, "a.csv", "x", age=10)
    info = list_inbox(tmp_path, PATTERNS, IGNORE)[0]
    now = path.stat().st_mtime

    assert not settled(info, now + 59, 60)
    assert settled(info, now + 60, 60)


def test_fingerprint_hashes_the_bytes_and_refuses_a_file_that_changed(tmp_path):
    path = drop(tmp_path, "a.csv", "first")
    listed = list_inbox(tmp_path, PATTERNS, IGNORE)[0]

    result = fingerprint(listed)
    assert result is not None and result.sha256 == hashlib.sha256(b"first").hexdigest()

    path.write_bytes(b"first and more")
    assert fingerprint(listed) is None
    assert fingerprint(InboxFile(tmp_path / "gone.csv", 1, 1)) is None


def test_sweep_splits_ready_from_waiting(tmp_path):
    drop(tmp_path, "old.csv", "a")
    drop(tmp_path, "new.csv", "b", age=0)
    drop(tmp_path, "~$lock.xlsx", "c")

    result = sweep(tmp_path, PATTERNS, IGNORE, settle_seconds=60, now=time.time())

    assert [f.name for f in result.ready] == ["old.csv"]
    assert result.waiting == ["new.csv"]
