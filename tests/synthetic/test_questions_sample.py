"""The committed question sample and its truth are exactly what the generator writes."""

from __future__ import annotations

from pipelines.synthetic.questions_sample import (
    IDENTITY_COLUMNS,
    SAMPLES_DIR,
    TRUTH_DIR,
    load_spec,
    question_sample,
    write_question_sample,
)


def test_committed_files_match_the_generator(tmp_path) -> None:
    spec = load_spec()
    written = write_question_sample(tmp_path, tmp_path, spec)
    committed = [SAMPLES_DIR / spec.file, TRUTH_DIR / spec.truth_file]
    assert [path.read_bytes() for path in written] == [path.read_bytes() for path in committed]


def test_identity_is_deterministic_and_distinct() -> None:
    spec = load_spec()
    export, truth = question_sample(spec)
    assert export.columns == IDENTITY_COLUMNS + [q.header for q in spec.questions]
    ids = export["Candidate ID"].to_list()
    assert ids == [str(spec.candidate_id_base + i) for i in range(spec.rows)]
    assert export.select("First Name", "Last Name").n_unique() == spec.rows
    assert export["Email"].n_unique() == spec.rows
    assert truth.height == spec.rows * len(spec.questions)


def test_every_listed_answer_occurs() -> None:
    spec = load_spec()
    export, _ = question_sample(spec)
    for question in spec.questions:
        listed = {answer[0] or None for answer in question.answers}
        assert listed <= set(export[question.header].to_list()), question.header
