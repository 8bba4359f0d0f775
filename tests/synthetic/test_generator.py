"""Synthetic candidate generator: determinism, shape, ranges, pinned truth values."""

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from pipelines.synthetic import COLUMNS, NULLABLE, generate_candidates, load_profile

ROWS = 3_000


@pytest.fixture(scope="module")
def candidates() -> pl.DataFrame:
    return generate_candidates(ROWS, seed=11)


def test_same_seed_same_frame(candidates):
    result = generate_candidates(ROWS, seed=11)
    assert_frame_equal(result, candidates)


def test_other_seed_other_frame(candidates):
    result = generate_candidates(ROWS, seed=12)
    assert (result["resume_text"] != candidates["resume_text"]).mean() > 0.9


def test_prefix_is_stable_when_more_rows_are_asked_for(candidates):
    result = generate_candidates(50, seed=11)
    expected = candidates.head(50)
    assert_frame_equal(result, expected)


def test_columns_types_and_nulls(candidates):
    assert candidates.columns == list(COLUMNS)
    assert candidates.height == ROWS
    assert candidates.schema["applied_at"] == pl.Datetime("us")
    assert candidates.schema["years_experience"] == pl.Float64
    assert candidates.schema["records_per_day"] == pl.Int64
    assert candidates.schema["date_of_birth"] == pl.Date
    nulls = candidates.null_count().row(0, named=True)
    result = {name for name, count in nulls.items() if count > 0}
    assert result == set(NULLABLE)


def test_levels_in_sensible_proportions(candidates):
    profile = load_profile()
    total = sum(level.weight for level in profile.levels.values())
    shares = candidates["level"].value_counts(normalize=True)
    result = dict(zip(shares["level"], shares["proportion"], strict=True))
    for name, level in profile.levels.items():
        assert abs(result[name] - level.weight / total) < 0.04


def test_numbers_within_each_level_range(candidates):
    profile = load_profile()
    for name, level in profile.levels.items():
        rows = candidates.filter(pl.col("level") == name)
        assert rows["years_experience"].min() >= level.years[0]
        assert rows["years_experience"].max() < level.years[1]
        assert rows["accuracy"].min() >= level.accuracy[0]
        assert rows["accuracy"].max() <= level.accuracy[1]
    seniors = candidates.filter(pl.col("level") == "Senior")
    assert seniors["team_size"].null_count() == 0
    assert candidates.filter(pl.col("level") != "Senior")["team_size"].null_count() > 0


def test_resume_text_length_and_phrasing(candidates):
    lengths = candidates["resume_text"].str.len_chars()
    assert lengths.min() >= 300
    assert lengths.max() <= 800
    text = candidates["resume_text"]
    assert text.str.contains("patient records daily using ICD-10 and CPT").any()
    assert text.str.contains(r"Supervised team of \d+ medical coders").any()
    assert text.str.contains(
        r"Implemented new coding software reducing processing time by \d+%"
    ).any()
    assert not text.str.contains(r"\{|\}").any()
    assert not text.str.contains(r"\b1 years\b").any()


def test_contact_details_are_obviously_fake(candidates):
    assert candidates["email"].str.contains(r"@example\.(com|org)$").all()
    assert candidates["phone"].str.contains(r"^\(\d{3}\) 555-01\d\d$").all()
    assert candidates["email"].n_unique() == ROWS
    assert candidates["candidate_id"].n_unique() == ROWS


def test_credentials_come_from_the_known_list(candidates):
    known = {
        "CPC",
        "CPC-A",
        "CCS",
        "CCS-P",
        "RHIT",
        "RHIA",
        "COC",
        "CIC",
        "CRC",
        "CPMA",
        "CDIP",
        "CCA",
    }
    result = set(candidates["certifications"].drop_nulls().str.split(", ").explode().unique())
    assert result <= known
    assert len(result) >= 10


def test_truth_pins_years_level_accuracy_and_credentials():
    truth = pl.DataFrame(
        {
            "years_experience": [1.9, 5.0, None, 60.0],
            "accuracy": [None, 94.9, None, None],
            "certifications": ["", None, "CPC-A", None],
        },
        schema={
            "years_experience": pl.Float64,
            "accuracy": pl.Float64,
            "certifications": pl.String,
        },
    )
    result = generate_candidates(4, seed=5, truth=truth)
    drawn = generate_candidates(4, seed=5)
    assert result["years_experience"].to_list()[:2] == [1.9, 5.0]
    assert result["years_experience"][2] == drawn["years_experience"][2]
    assert result["level"].to_list()[:2] == ["Junior", "Senior"]
    assert result["level"][3] == "Senior"
    assert result["accuracy"][1] == 94.9
    assert result["certifications"][0] is None
    assert result["certifications"][2] == "CPC-A"
    assert "1.9 years" in result["resume_text"][0]
    assert "94.9%" in result["resume_text"][1]
    assert "CPC-A" in result["resume_text"][2]
