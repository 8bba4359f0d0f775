"""Documents go to one candidate by id, then name, then email; two candidates means nobody."""

from __future__ import annotations

import time

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from pipelines.documents import match_documents

CANDIDATE_SCHEMA = {
    "source_row": pl.Int64,
    "candidate_id": pl.String,
    "first_name": pl.String,
    "last_name": pl.String,
    "full_name": pl.String,
    "email": pl.String,
}
DOCUMENT_SCHEMA = {"file": pl.String, "text": pl.String, "reason": pl.String}
PEOPLE = [
    (2, "40100001", "Jane", "Doe", "Jane Marie Doe", "jane.doe@example.com"),
    (3, "GH-552", "Bob", "McDonald", "Bob McDonald", None),
    (4, "40100003", "José", "Núñez", "José Núñez", "jose@example.org"),
    (5, "40100004", "Ann", "Lee", "Ann Lee", "ann.lee1@example.com"),
    (6, "40100005", "Ann", "Lee", "Ann Lee", "ann.lee2@example.com"),
    (7, "40100006", "May", "Chen", "May Chen", "may.chen@example.com"),
    (8, "12", "Kofi", "Mensah", "Kofi Mensah", None),
    (9, None, None, None, "Wei Zhang", None),
]


def _candidates(rows=PEOPLE) -> pl.DataFrame:
    """Candidates frame from tuples in CANDIDATE_SCHEMA order."""
    return pl.DataFrame(rows, schema=CANDIDATE_SCHEMA, orient="row")


def _documents(rows: list[tuple[str, str | None, str | None]]) -> pl.DataFrame:
    """Documents frame from (file, text, reason) tuples."""
    return pl.DataFrame(rows, schema=DOCUMENT_SCHEMA, orient="row")


def _assigned(config, *files: str, text: str = "resume text") -> dict[str, int | None]:
    """file -> the source_row it is assigned to (None: nobody)."""
    documents = _documents([(file, text, None) for file in files])
    result = match_documents(_candidates(), documents, config).documents
    return dict(zip(result["file"], result["source_row"], strict=True))


@pytest.mark.parametrize(
    ("file", "row"),
    [
        ("40100001.pdf", 2),
        ("Resume_40100001_final.docx", 2),
        ("JaneDoe40100001.pdf", 2),
        ("GH-552.pdf", 3),
        ("cv gh 552.txt", 3),
        ("GH552_Resume.pdf", 3),
        ("401000012.pdf", None),  # not a whole word
        ("Resume 12.pdf", None),  # ids shorter than min_id_chars are not looked for
    ],
)
def test_candidate_id_in_the_file_name(config, file, row):
    assert _assigned(config, file) == {file: row}


@pytest.mark.parametrize(
    ("file", "row"),
    [
        ("JaneDoe_Resume.pdf", 2),
        ("Jane Doe - Resume.docx", 2),
        ("jane.doe.cv.pdf", 2),
        ("JANE_DOE_RESUME_2024 (1).pdf", 2),
        ("Doe, Jane - CV.pdf", 2),
        ("DoeJane.txt", 2),
        ("janedoe.pdf", 2),
        ("Jane M Doe Resume.pdf", 2),
        ("Jane Marie Doe.pdf", 2),
        ("Doe Jane Marie.pdf", 2),
        ("Bob McDonald - Resume.pdf", 3),
        ("BobMcDonald_Resume.pdf", 3),
        ("Bob Mcdonald.pdf", 3),
        ("Jose Nunez Resume.rtf", 4),
        ("JoséNúñez_CV.md", 4),
        ("May Chen Resume.pdf", 7),
        ("Wei Zhang CPC Resume.pdf", 9),
        ("ZhangWei.pdf", 9),
        ("Jane Doe Smith.pdf", None),  # another person's name holds hers
        ("Jane.pdf", None),
        ("Doe Resume.pdf", None),
    ],
)
def test_candidate_name_in_the_file_name(config, file, row):
    assert _assigned(config, file) == {file: row}


def test_email_in_the_text_decides_an_opaque_name(config):
    documents = _documents(
        [
            ("scan_0001.pdf", "JANE DOE\nJane.Doe@Example.com | (212) 555-0142", None),
            ("scan_0002.pdf", "no address here, only words about coding", None),
        ]
    )

    result = match_documents(_candidates(), documents, config).documents

    assert result.select("file", "rule", "source_row").to_dicts() == [
        {"file": "scan_0001.pdf", "rule": "email", "source_row": 2},
        {"file": "scan_0002.pdf", "rule": None, "source_row": None},
    ]


def test_two_same_name_candidates_get_nothing_and_are_listed(config):
    documents = _documents([("Ann Lee - Resume.pdf", "ann.lee1@example.com", None)])

    result = match_documents(_candidates(), documents, config)

    assert result.documents.select("rule", "matches", "source_row").row(0) == ("name", 2, None)
    assert result.unmatched.to_dicts() == [
        {"file": "Ann Lee - Resume.pdf", "reason": "matches 2 candidates"}
    ]
    assert result.candidates.filter(pl.col("source_row").is_in([5, 6]))[
        "resume_file"
    ].to_list() == [
        None,
        None,
    ]


def test_two_emails_of_candidates_in_one_text_is_ambiguous(config):
    text = "References: jane.doe@example.com, may.chen@example.com"
    documents = _documents([("x.pdf", text, None)])

    result = match_documents(_candidates(), documents, config)

    assert result.unmatched.to_dicts() == [{"file": "x.pdf", "reason": "matches 2 candidates"}]


def test_the_first_rule_that_finds_anyone_decides(config):
    # The id names Jane; the text holds May's address: the id wins, and no guess is made later.
    documents = _documents([("40100001 May Chen.pdf", "may.chen@example.com", None)])

    result = match_documents(_candidates(), documents, config).documents

    assert result.select("rule", "source_row").row(0) == ("candidate id", 2)


def test_documents_matching_nobody_are_listed_with_their_read_failure(config):
    documents = _documents(
        [
            ("Quentin Abernathy - Resume.pdf", "q@example.net and long text", None),
            ("scan_9.pdf", None, "no text layer"),
        ]
    )

    result = match_documents(_candidates(), documents, config)

    expected = pl.DataFrame(
        {
            "file": ["Quentin Abernathy - Resume.pdf", "scan_9.pdf"],
            "reason": ["matches no candidate", "matches no candidate (no text layer, not read)"],
        }
    )
    assert_frame_equal(result.unmatched, expected)


def test_candidate_columns(config):
    documents = _documents(
        [
            ("JaneDoe_Resume.pdf", "RESUME TEXT", None),
            ("Jane Doe - Cover Letter.docx", "LETTER TEXT", None),
            ("40100003.pdf", None, "encrypted"),
            ("40100006.docx", None, "damaged"),
            ("May Chen.txt", "MAY TEXT", None),
        ]
    )

    result = match_documents(_candidates(), documents, config).candidates

    expected = pl.DataFrame(
        {
            "source_row": [2, 3, 4, 5, 6, 7, 8, 9],
            "resume_file": [
                "Jane Doe - Cover Letter.docx; JaneDoe_Resume.pdf",
                *[None] * 4,
                "May Chen.txt",
                None,
                None,
            ],
            "resume_document_text": [
                "LETTER TEXT\n\nRESUME TEXT",
                *[None] * 4,
                "MAY TEXT",
                None,
                None,
            ],
            "document_issues": [
                None,
                None,
                "resume 40100003.pdf: encrypted, skipped",
                None,
                None,
                "resume 40100006.docx: damaged, skipped",
                None,
                None,
            ],
        },
        schema_overrides={"source_row": pl.Int64},
    )
    assert_frame_equal(result, expected)


def test_no_documents_gives_empty_columns(config):
    result = match_documents(_candidates(), _documents([]), config)

    assert result.candidates["resume_file"].null_count() == len(PEOPLE)
    assert result.unmatched.is_empty()


def test_integer_ids_are_matched_as_text(config):
    candidates = _candidates().with_columns(
        pl.when(pl.col("source_row") == 2)
        .then(pl.lit("40100001"))
        .otherwise(None)
        .cast(pl.Int64)
        .alias("candidate_id")
    )
    documents = _documents([("40100001.pdf", "text", None)])

    result = match_documents(candidates, documents, config).documents

    assert result["source_row"].to_list() == [2]


def test_thousands_of_candidates_and_two_hundred_documents(config):
    first = [f"First{chr(97 + i % 26)}{chr(97 + i // 26 % 26)}" for i in range(3000)]
    last = [f"Last{chr(97 + i // 676 % 26)}{chr(97 + i % 7)}" for i in range(3000)]
    candidates = pl.DataFrame(
        {
            "source_row": range(2, 3002),
            "candidate_id": [str(50_000_000 + i) for i in range(3000)],
            "first_name": first,
            "last_name": last,
            "full_name": [f"{f} {s}" for f, s in zip(first, last, strict=True)],
            "email": [f"person{i}@example.com" for i in range(3000)],
        },
        schema=CANDIDATE_SCHEMA,
    )
    files, texts, expected = [], [], []
    for n in range(200):
        i = n * 15
        style = n % 4
        name = [
            f"{50_000_000 + i}.pdf",
            f"{first[i]}{last[i]}_Resume.pdf",
            f"{first[i]} {last[i]} - Resume.docx",
            f"scan_{n:04d}.pdf",
        ][style]
        files.append(name)
        texts.append(f"resume of someone, contact person{i}@example.com")
        expected.append(i + 2)
    documents = _documents(list(zip(files, texts, [None] * 200, strict=True)))

    start = time.perf_counter()
    result = match_documents(candidates, documents, config)
    elapsed = time.perf_counter() - start
    print(f"\nmatched 200 documents against 3,000 candidates in {elapsed:.3f} s")

    assigned = dict(zip(result.documents["file"], result.documents["source_row"], strict=True))
    assert [assigned[file] for file in files] == expected
    assert result.unmatched.is_empty()
    assert result.candidates.height == 3000
    assert result.candidates["resume_file"].drop_nulls().len() == 200


def test_no_candidates_leaves_every_document_unmatched(config):
    documents = _documents([("JaneDoe_Resume.pdf", "jane.doe@example.com", None)])

    result = match_documents(_candidates([]), documents, config)

    assert result.candidates.is_empty()
    assert result.unmatched.to_dicts() == [
        {"file": "JaneDoe_Resume.pdf", "reason": "matches no candidate"}
    ]
