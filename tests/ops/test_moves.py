"""Moving inputs: never clobber, notes written whole, leftovers of a killed run found."""

from __future__ import annotations

from pipelines.ops.moves import destination, leftovers, move_file, remove_leftovers, write_note

SHA = "0123456789abcdef" * 4


def test_a_taken_name_gets_the_hash_prefix(tmp_path):
    assert destination(tmp_path, "a.csv", SHA, 6) == tmp_path / "a.csv"
    (tmp_path / "a.csv").write_text("other")

    assert destination(tmp_path, "a.csv", SHA, 6) == tmp_path / "a-012345.csv"


def test_move_file_creates_the_folder_and_removes_the_source(tmp_path):
    source = tmp_path / "in" / "a.csv"
    source.parent.mkdir()
    source.write_text("data")

    result = move_file(source, tmp_path / "archive" / "2026-01-01" / "a.csv")

    assert result.read_text() == "data"
    assert not source.exists()


def test_write_note_leaves_no_temp_file(tmp_path):
    note = write_note(tmp_path / "f" / "a.csv.error.txt", "reason: broken\n")

    assert note.read_text() == "reason: broken\n"
    assert [p.name for p in note.parent.iterdir()] == ["a.csv.error.txt"]


def test_leftovers_are_staging_folders_and_part_files_only(tmp_path):
    outbox, archive = tmp_path / "outbox", tmp_path / "archive"
    staging = outbox / "2026-01-01" / ".staging-abc"
    staging.mkdir(parents=True)
    (staging / "a-scored.parquet").write_text("x")
    kept = outbox / "2026-01-01" / "a-ranked.xlsx"
    kept.write_text("x")
    adhoc_part = outbox / "samples" / ".b-ranked.123.xlsx.part"
    adhoc_part.parent.mkdir()
    adhoc_part.write_text("x")
    part = archive / "2026-01-01" / ".a.1.csv.part"
    part.parent.mkdir(parents=True)
    part.write_text("x")

    result = remove_leftovers(outbox, [archive], ".staging-")

    assert result == sorted([staging, part])
    assert not staging.exists() and not part.exists()
    assert kept.exists() and adhoc_part.exists()
    assert leftovers(outbox, [archive, tmp_path / "absent"], ".staging-") == []
