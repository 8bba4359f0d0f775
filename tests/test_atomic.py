"""Atomic writes: all or nothing, with ordinary file permissions."""

from __future__ import annotations

import os

import pytest

from pipelines.atomic import atomic_target


def test_success_replaces_the_target_and_leaves_no_temp(tmp_path):
    target = tmp_path / "out" / "a.xlsx"

    with atomic_target(target) as temp:
        temp.write_bytes(b"new")

    assert target.read_bytes() == b"new"
    assert [p.name for p in target.parent.iterdir()] == ["a.xlsx"]
    mask = os.umask(0)
    os.umask(mask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~mask


def test_failure_keeps_the_old_file_and_removes_the_temp(tmp_path):
    target = tmp_path / "a.parquet"
    target.write_bytes(b"old")

    with pytest.raises(RuntimeError), atomic_target(target) as temp:
        temp.write_bytes(b"half")
        raise RuntimeError("crash mid-write")

    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["a.parquet"]
