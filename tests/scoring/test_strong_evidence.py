"""Level without years: Unknown unless the candidate's own experience is strong evidence."""

from __future__ import annotations

import polars as pl
from polars.testing import assert_frame_equal

from pipelines.scoring.levels import experience_text, strong_evidence_level


def test_keyword_lists_are_not_experience(settings) -> None:
    levels = settings.scoring.levels
    text = [
        "Skills: Auditing, Training, Leadership, Compliance",
        "Supervised a team of 6 coders, trained new hires, led RAC audits",
        "Led RAC audits\nEpic | Cerner | 3M Encoder\nMentored two junior coders",
        "Auditing, training",
        None,
    ]
    result = pl.DataFrame({"text": text}).select(experience_text(pl.col("text"), levels))
    expected = pl.DataFrame(
        {
            "text": [
                "",
                "Supervised a team of 6 coders, trained new hires, led RAC audits",
                "Led RAC audits\n\nMentored two junior coders",
                "Auditing, training",
                None,
            ]
        }
    )
    assert_frame_equal(result, expected)


def test_strong_evidence_needs_enough_indicators_and_a_title(settings) -> None:
    levels = settings.scoring.levels
    frame = pl.DataFrame(
        {
            "senior": [3, 3, 4, 2, 0, 0, None],
            "mid": [0, 4, 0, 4, 3, 4, None],
            "title": [
                "lead coder",
                "medical coder",
                "coding auditor",
                "coding supervisor",
                "coder",
                None,
                None,
            ],
        }
    )
    counts = {"Senior": pl.col("senior"), "Mid": pl.col("mid")}
    result = frame.select(level=strong_evidence_level(counts, pl.col("title"), levels))
    expected = pl.DataFrame(
        {"level": ["Senior", "Mid", "Senior", "Mid", "Unknown", "Mid", "Unknown"]}
    )
    assert_frame_equal(result, expected)


def test_no_rules_means_unknown(settings) -> None:
    levels = settings.scoring.levels.model_copy(update={"without_years": []})
    result = pl.select(level=strong_evidence_level({"Senior": pl.lit(4)}, pl.lit("lead"), levels))
    assert result.item() == "Unknown"
