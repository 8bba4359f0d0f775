"""score_candidates end to end: metrics, score, recommendation, rank, explanation, contract."""

from __future__ import annotations

import ast
from datetime import datetime
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from pipelines.scoring import score_candidates
from schemas.names import Level, Recommendation
from schemas.scored import SCORED_COLUMNS
from tests.scoring.helpers import candidates, scored, with_weights

SEED_LINES = [
    "Processed 50+ patient records daily using Medical Coding standards ICD-10 and CPT",
    "Achieved 98% accuracy rate in Medical Coding and billing documentation",
    "Supervised team of 5 Medical Coders in busy hospital setting",
    "Implemented new Medical Coding software reducing processing time by 30%",
]
METRICS = ["accuracy_pct", "records_per_day", "team_size", "improvement_pct"]


def _metrics_frame(rows: list[tuple[float | None, ...]]) -> pl.DataFrame:
    schema = {
        "accuracy_pct": pl.Float64,
        "records_per_day": pl.Float64,
        "team_size": pl.Int64,
        "improvement_pct": pl.Float64,
    }
    return pl.DataFrame(rows, schema=schema, orient="row")


def test_seed_resume_lines_state_their_metrics(settings) -> None:
    result = scored(
        settings,
        *({"resume_text": line} for line in SEED_LINES),
        {"resume_text": " ".join(SEED_LINES)},
        {},
    )
    expected = _metrics_frame(
        [
            (None, 50.0, None, None),
            (98.0, None, None, None),
            (None, None, 5, None),
            (None, None, None, 30.0),
            (98.0, 50.0, 5, 30.0),
            (None, None, None, None),
        ]
    )
    assert_frame_equal(result.select(METRICS), expected)


def test_seed_line_code_sets(settings) -> None:
    result = scored(settings, {"resume_text": SEED_LINES[0]}, {}).select("coding_systems")
    expected = pl.DataFrame({"coding_systems": ["ICD-10, CPT", None]})
    assert_frame_equal(result, expected)


def test_other_metric_phrasings(settings) -> None:
    result = scored(
        settings,
        {"resume_text": "Accuracy 96 on quarterly audits; 25 charts per day"},
        {"resume_text": "Supervised 6 coders; 97.5% coding accuracy; 40 encounters/day"},
        {"resume_text": "accuracy rate of 99%; led a staff of 3"},
        {"accuracy": 96.0, "records_per_day": 30.0, "resume_text": "90% accuracy; 80 charts a day"},
        {"resume_text": "Accuracy of 140%"},
        {},
    ).select(METRICS)
    expected = _metrics_frame(
        [
            (96.0, 25.0, None, None),
            (97.5, 40.0, 6, None),
            (99.0, None, 3, None),
            (96.0, 30.0, None, None),
            (None, None, None, None),
            (None, None, None, None),
        ]
    )
    assert_frame_equal(result, expected)


def test_score_adds_configured_points(settings) -> None:
    weights = settings.scoring.weights
    result = scored(
        settings,
        {"years_experience": 4.0, "certifications": "CPC", "hipaa": "yes"},
        {"years_experience": 4.0, "certifications": "CPC, CCS, RHIA", "hipaa": "yes"},
        {},
    ).select("score")
    three_credentials = min(3 * weights.per_credential, weights.credentials_cap)
    penalties = weights.flag_penalty
    null_row = max(
        weights.score_min,
        -(penalties.no_certification + penalties.limited_terminology + penalties.no_hipaa),
    )
    expected = pl.DataFrame(
        {
            "score": [
                4 * weights.points_per_year + weights.per_credential,
                4 * weights.points_per_year + three_credentials,
                null_row,
            ]
        }
    )
    assert_frame_equal(result, expected)


def test_years_credit_is_capped(settings) -> None:
    cap = settings.scoring.weights.years_cap
    base = {"certifications": "CPC", "hipaa": "yes"}
    result = scored(
        settings,
        {**base, "years_experience": cap - 5},
        {**base, "years_experience": cap},
        {**base, "years_experience": cap + 15},
        {**base},
    )["score"].to_list()
    assert result[0] < result[1] == result[2]
    assert result[3] < result[0]


def test_score_is_clipped_and_rounded(settings) -> None:
    top = with_weights(settings, points_per_year=33.333, years_cap=50.0)
    result = scored(
        top, {"years_experience": 40.0, "certifications": "CPC", "hipaa": "yes"}, {}
    ).select("score")
    expected = pl.DataFrame({"score": [settings.scoring.weights.score_max, 0.0]})
    assert_frame_equal(result, expected)
    thirds = with_weights(settings, points_per_year=1 / 3, per_credential=0.0)
    result = scored(thirds, {"years_experience": 1.0, "certifications": "CPC", "hipaa": "yes"})
    assert result["score"].to_list() == [0.3]


def test_recommendation_and_red_flags(settings) -> None:
    rules = settings.scoring.recommendation
    strong = {
        "years_experience": 8.0,
        "certifications": "CPC, CCS",
        "coding_systems": "ICD-10-CM, CPT, HCPCS",
        "accuracy": 98.0,
        "records_per_day": 40.0,
        "hipaa": "yes",
        "email": "a@b.org",
        "resume_text": " ".join(SEED_LINES) + " Medical terminology. Mentored new coders.",
    }
    weak = {"resume_text": "Front desk receptionist", "hipaa": "no"}
    result = scored(settings, strong, {**strong, "hipaa": "no"}, weak, {})
    scores = result["score"].to_list()
    assert scores[0] >= rules.advance_min and scores[1] >= rules.advance_min
    assert result["recommendation"].to_list() == [
        Recommendation.ADVANCE,
        Recommendation.REVIEW,
        Recommendation.HOLD,
        Recommendation.HOLD,
    ]
    # nothing stated (the last row) raises nothing: not stated is not a red flag
    assert result["red_flag_count"].to_list() == [0, 1, 3, 0]


def test_recommendation_cut_offs(settings) -> None:
    rules = settings.scoring.recommendation
    one_point = with_weights(settings, points_per_year=1.0, years_cap=100.0, per_credential=0.0)
    base = {"certifications": "CPC", "hipaa": "yes"}
    years = [rules.advance_min, rules.advance_min - 0.1, rules.review_min, rules.review_min - 0.1]
    result = scored(one_point, *({**base, "years_experience": y} for y in years))
    assert result["recommendation"].to_list() == [
        Recommendation.ADVANCE,
        Recommendation.REVIEW,
        Recommendation.REVIEW,
        Recommendation.HOLD,
    ]


def test_rank_tie_breaks(settings) -> None:
    flat = with_weights(
        settings,
        points_per_year=0.0,
        per_credential=0.0,
        per_coding_system=0.0,
        accuracy_at_standard=0.0,
        indicator={Level.JUNIOR: 0.0, Level.MID: 0.0, Level.SENIOR: 0.0},
        flag_penalty=settings.scoring.weights.flag_penalty.model_copy(
            update={"no_hipaa": 0.0, "no_certification": 0.0, "limited_terminology": 0.0}
        ),
    )
    result = score_candidates(
        candidates(
            {"certifications": "CPC", "hipaa": "no", "years_experience": 2.0},  # 1 flag
            {"certifications": "CPC", "hipaa": "yes", "years_experience": 1.0},
            {"certifications": "CPC", "hipaa": "yes", "years_experience": 3.0},
            {"certifications": "CPC", "hipaa": "yes", "years_experience": 3.0},
            {"certifications": "CPC", "hipaa": "yes"},
            {"resume_text": "Front desk receptionist", "hipaa": "no"},  # 3 flags
        ),
        flat,
    ).select("rank", "source_row", "score")
    expected = pl.DataFrame(
        {
            "rank": [1, 2, 3, 4, 5, 6],
            "source_row": [3, 4, 2, 5, 1, 6],
            "score": [0.0] * 6,
        }
    )
    assert_frame_equal(result, expected)


def test_rank_follows_score(settings) -> None:
    result = score_candidates(
        candidates(
            {"years_experience": 1.0, "hipaa": "yes", "certifications": "CPC"},
            {},
            {"years_experience": 9.0, "hipaa": "yes", "certifications": "CPC"},
        ),
        settings,
    ).select("rank", "source_row")
    expected = pl.DataFrame({"rank": [1, 2, 3], "source_row": [3, 1, 2]})
    assert_frame_equal(result, expected)


def test_explanation_lists_what_moved_the_score(settings) -> None:
    weights = settings.scoring.weights
    words = settings.scoring.explanation
    labels = settings.scoring.red_flags.labels
    result = scored(
        settings,
        {"years_experience": 7.0, "certifications": "CPC, CCS", "accuracy": 98.0, "hipaa": "no"},
        {"resume_text": "8 years of experience"},
        {},
    )["explanation"].to_list()
    years_points = f"{7 * weights.points_per_year:g}"
    credential_points = f"{min(2 * weights.per_credential, weights.credentials_cap):g}"
    assert result[0].startswith(f"7 {words.years} (+{years_points}){words.separator}")
    assert f"CPC, CCS (+{credential_points})" in result[0]
    assert f"{words.accuracy} 98% (+{weights.accuracy_at_standard:g})" in result[0]
    no_hipaa = f"{words.red_flag}: {labels.no_hipaa} (-{weights.flag_penalty.no_hipaa:g})"
    assert result[0].endswith(no_hipaa)
    assert result[1].startswith(f"8 {words.years} {words.from_resume} (+")
    facts = settings.scoring.red_flags.facts
    assert result[2].startswith(f"{words.not_stated}: {facts.no_certification}")
    assert labels.no_certification not in result[2] and str(words.years) not in result[2]


def test_explanation_when_nothing_moved_the_score(settings) -> None:
    words = settings.scoring.explanation
    no_credit = with_weights(
        settings,
        per_credential=0.0,
        accuracy_at_standard=0.0,
        indicator={Level.JUNIOR: 0.0, Level.MID: 0.0, Level.SENIOR: 0.0},
    )
    result = scored(
        no_credit,
        {"hipaa": "yes", "certifications": "CPC", "accuracy": 97.0},
        {"hipaa": "yes", "education": "Completed medical coding certificate program"},
    )["explanation"].to_list()
    training = f"{words.formal_training} (+{settings.scoring.weights.formal_training:g})"
    assert result[0] == words.nothing
    assert result[1].startswith(training)


def test_row_with_only_a_name_scores(settings) -> None:
    result = scored(settings, {"full_name": "Only Name"})
    assert result.height == 1
    row = result.row(0, named=True)
    assert row["rank"] == 1
    assert row["level"] == Level.UNKNOWN and row["level_basis"] == "none"
    assert row["recommendation"] == Recommendation.HOLD
    assert row["explanation"] and row["score"] == 0.0
    assert row["credentials"] is None and row["accuracy_pct"] is None


def test_frame_with_missing_columns_and_no_rows(settings) -> None:
    empty = score_candidates(candidates().head(0), settings)
    assert empty.columns == list(SCORED_COLUMNS) and empty.height == 0
    minimal = score_candidates(pl.DataFrame({"source_row": [7], "full_name": ["X"]}), settings)
    assert minimal["source_row"].to_list() == [7] and minimal["rank"].to_list() == [1]


def test_output_contract_and_carried_columns(settings) -> None:
    frame = candidates(
        {
            "candidate_id": "c1",
            "job": "Coder II",
            "applied_at": datetime(2024, 5, 1),
            "resume_text": "CPC",
            "Referral Code": "R-9",
            "score": "88",
        },
        {"Referral Code": None, "score": None},
    )
    result = score_candidates(frame, settings).sort("source_row")
    assert result.columns == [*SCORED_COLUMNS, "Referral Code", "score (input)"]
    carried = result.select(
        "candidate_id", "job", "applied_at", "resume_text", "Referral Code", "score (input)"
    )
    expected = pl.DataFrame(
        {
            "candidate_id": ["c1", None],
            "job": ["Coder II", None],
            "applied_at": [datetime(2024, 5, 1), None],
            "resume_text": ["CPC", None],
            "Referral Code": ["R-9", None],
            "score (input)": ["88", None],
        },
        schema_overrides={"applied_at": pl.Datetime("us")},
    )
    assert_frame_equal(carried, expected)
    dtypes = dict(result.schema)
    assert dtypes["rank"] == pl.Int64 and dtypes["red_flag_count"] == pl.Int64
    assert dtypes["team_size"] == pl.Int64 and dtypes["score"] == pl.Float64
    assert all(dtypes[c] == pl.Boolean for c in result.columns if c.startswith(("ind_", "flag_")))


def test_carried_columns_do_not_change_scores(settings) -> None:
    rows = [{"years_experience": 3.0, "certifications": "CPC"}, {}]
    plain = score_candidates(candidates(*rows), settings)
    with_extra = score_candidates(
        candidates(*({**row, "gender": "F", "Notes": "CPC CCS RHIA 30 years"} for row in rows)),
        settings,
    )
    assert_frame_equal(with_extra.select(plain.columns), plain)


@pytest.mark.parametrize("forbidden", ["prefect", "openpyxl"])
def test_scoring_imports_neither_prefect_nor_openpyxl(forbidden: str) -> None:
    package = Path(__file__).resolve().parents[2] / "pipelines" / "scoring"
    imported = set()
    for path in package.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module:
                imported.add(node.module.split(".")[0])
    assert "polars" in imported and forbidden not in imported


def test_output_passes_the_scored_contract(settings) -> None:
    from schemas.scored import validate_scored

    rows = [
        {
            "years_experience": 7.0,
            "certifications": "CPC",
            "accuracy": 98.0,
            "hipaa": "yes",
            "resume_text": " ".join(SEED_LINES),
        },
        {"resume_text": "60 years of experience; accuracy of 140%; HIPPA", "email": "x@"},
        {"accuracy": 94.9, "hipaa": "no"},
        {},
    ]
    result = score_candidates(candidates(*rows), settings)
    assert_frame_equal(validate_scored(result, settings.scoring.weights.score_max), result)


@pytest.mark.parametrize("rows", [[0], [1, 2], [0, 1, 2]], ids=["ascii", "other", "mixed"])
def test_text_numbers_in_any_script(settings, rows: list[int]) -> None:
    texts = [
        ("7 years of experience in coding", 7.0),
        ("7 years of experience – coding", 7.0),
        ("٧5 years of experience in coding", None),
    ]
    result = scored(settings, *({"resume_text": texts[i][0]} for i in rows))

    assert result.get_column("years_experience").to_list() == [texts[i][1] for i in rows]


def test_input_in_several_chunks_scores_as_one(settings) -> None:
    frame = candidates(
        *({"resume_text": line, "certifications": "CPC", "hipaa": "Yes"} for line in SEED_LINES)
    )
    chunked = pl.concat([frame[:1], frame[1:1], frame[1:]], rechunk=False)

    result = score_candidates(chunked, settings)

    assert_frame_equal(result, score_candidates(frame.rechunk(), settings))
