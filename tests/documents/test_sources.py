"""Listing a folder or zip of documents: guarded, nothing written, bad entries refused alone."""

from __future__ import annotations

import zipfile

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from pipelines.documents import DocumentSourceError, read_documents
from pipelines.documents.sources import iter_documents
from tests.documents.conftest import FIXED_TIME, with_limits, zip_bytes

RESUME = b"JANE DOE\njane.doe@example.com\nMEDICAL CODER 01/2012 to Current\n"


def _outcomes(path, config) -> pl.DataFrame:
    """file and reason of every document read from `path`."""
    return read_documents(path, config).documents.select("file", "reason")


def test_a_folder_is_read_recursively_skipping_hidden_and_system_files(tmp_path, config):
    (tmp_path / "batch" / "deep").mkdir(parents=True)
    (tmp_path / "__MACOSX").mkdir()
    (tmp_path / "a.txt").write_bytes(RESUME)
    (tmp_path / "batch" / "deep" / "b.txt").write_bytes(RESUME)
    (tmp_path / ".DS_Store").write_bytes(b"\x00\x01")
    (tmp_path / "__MACOSX" / "._a.txt").write_bytes(b"\x00\x01")
    (tmp_path / "Thumbs.db").write_bytes(b"\x00")

    result = _outcomes(tmp_path, config)

    expected = pl.DataFrame(
        {"file": ["a.txt", "batch/deep/b.txt"], "reason": [None, None]},
        schema={"file": pl.String, "reason": pl.String},
    )
    assert_frame_equal(result, expected)


def test_a_symbolic_link_is_refused_not_followed(tmp_path, config):
    outside = tmp_path / "outside.txt"
    outside.write_bytes(RESUME)
    folder = tmp_path / "resumes"
    folder.mkdir()
    (folder / "link.txt").symlink_to(outside)

    result = _outcomes(folder, config)

    assert result.to_dicts() == [{"file": "link.txt", "reason": "unsafe"}]


def test_a_large_file_in_a_folder_is_not_read(tmp_path, config):
    (tmp_path / "big.txt").write_bytes(RESUME * 10)

    result = _outcomes(tmp_path, with_limits(config, max_file_bytes=len(RESUME)))

    assert result.to_dicts() == [{"file": "big.txt", "reason": "too large"}]


def _zip(tmp_path, entries: dict[str, bytes], name: str = "resumes.zip", **kwargs):
    """Write a zip of `entries` and return its path."""
    path = tmp_path / name
    path.write_bytes(zip_bytes(entries, **kwargs))
    return path


def test_zip_entries_are_read_in_name_order(tmp_path, config):
    path = _zip(tmp_path, {"b/Jane Doe - Resume.txt": RESUME, "a.txt": RESUME, "folder/": b""})

    result = read_documents(path, config).documents

    assert result["file"].to_list() == ["a.txt", "b/Jane Doe - Resume.txt"]
    assert result["text"].to_list() == [RESUME.decode()] * 2


@pytest.mark.parametrize(
    ("entry", "reason"),
    [
        ("../../etc/evil.txt", "unsafe"),
        ("/abs/evil.txt", "unsafe"),
        ("C:/Users/evil.txt", "unsafe"),
        ("..\\..\\evil.txt", "unsafe"),
        ("inner.zip", "unsupported type"),
    ],
)
def test_traversal_names_and_nested_zips_are_refused(tmp_path, config, entry, reason):
    data = zip_bytes({"x.txt": RESUME}) if entry.endswith(".zip") else RESUME
    path = _zip(tmp_path, {entry: data, "ok.txt": RESUME})

    result = _outcomes(path, config).filter(pl.col("file") != "ok.txt")

    assert result["reason"].to_list() == [reason]
    assert not (tmp_path.parent / "etc").exists()


def test_a_zip_bomb_entry_is_refused_and_the_rest_is_read(tmp_path, config):
    path = _zip(tmp_path, {"bomb.txt": b"A" * 5_000_000, "ok.txt": RESUME})

    result = _outcomes(path, config)

    assert result.to_dicts() == [
        {"file": "bomb.txt", "reason": "unsafe"},
        {"file": "ok.txt", "reason": None},
    ]


def test_an_entry_over_the_size_limit_is_not_inflated(tmp_path, config):
    path = _zip(tmp_path, {"big.txt": RESUME * 3}, method=zipfile.ZIP_STORED)

    result = _outcomes(path, with_limits(config, max_file_bytes=len(RESUME)))

    assert result.to_dicts() == [{"file": "big.txt", "reason": "too large"}]


def test_an_encrypted_zip_entry_is_refused(tmp_path, config):
    data = bytearray(zip_bytes({"locked.txt": RESUME}))
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = data.find(signature)
        data[at + offset] |= 0x1
    path = tmp_path / "resumes.zip"
    path.write_bytes(bytes(data))

    assert _outcomes(path, config).to_dicts() == [{"file": "locked.txt", "reason": "encrypted"}]


def test_duplicate_entry_names_stay_distinct(tmp_path, config):
    path = tmp_path / "resumes.zip"
    with zipfile.ZipFile(path, "w") as archive, pytest.warns(UserWarning, match="Duplicate"):
        for _ in range(2):
            archive.writestr(zipfile.ZipInfo("a.txt", FIXED_TIME), RESUME)

    assert _outcomes(path, config)["file"].to_list() == ["a.txt", "a.txt (2)"]


@pytest.mark.parametrize(
    ("make", "changes", "message"),
    [
        (lambda p: p / "missing.zip", {}, "missing.zip: not found"),
        (lambda p: _write(p / "r.zip", b"not a zip at all"), {}, "not a folder or a .zip"),
        (lambda p: _write(p / "r.zip", b"PK\x03\x04broken"), {}, "damaged zip"),
        (
            lambda p: _zip(p, {f"{n}.txt": RESUME for n in range(5)}),
            {"max_documents": 4},
            "too many documents (5; the limit is 4)",
        ),
        (
            lambda p: _zip(p, {f"{n}.txt": b"B" * 100_000 for n in range(5)}),
            {"archive": {"max_total_uncompressed_bytes": 300_000}},
            "possible zip bomb",
        ),
    ],
)
def test_a_source_that_cannot_be_listed_is_one_error(tmp_path, config, make, changes, message):
    path = make(tmp_path)

    with pytest.raises(DocumentSourceError) as caught:
        list(iter_documents(path, with_limits(config, **changes)))

    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


def test_too_many_files_in_a_folder_is_one_error(tmp_path, config):
    for number in range(3):
        (tmp_path / f"{number}.txt").write_bytes(RESUME)

    with pytest.raises(DocumentSourceError, match="too many documents"):
        read_documents(tmp_path, with_limits(config, max_documents=2))


def _write(path, data: bytes):
    """Write `data` to `path` and return it."""
    path.write_bytes(data)
    return path
