"""Evidence expressions over the candidate's text: what a column states, negated mentions."""

from __future__ import annotations

import polars as pl
from polars.testing import assert_frame_equal

from pipelines.scoring import evidence as ev


def test_states_something_ignores_links_blanks_and_silent_answers(settings) -> None:
    table = [
        ("CPC", True),
        ("", False),
        ("   ", False),
        (None, False),
        ("N/A", False),
        ("  n/a\t", False),
        ("\u00a0Unknown\u2003", False),
        ("n/a x", True),
        ("unknown" + " " * 40, False),
        ("unknown" + " " * 40 + "x", True),
        ("https://ats.example.com/resume/123", False),
        ("https://ats.example.com/resume/123 N/A", False),
        ("see https://ats.example.com/resume/123", True),
        ("prefer not to say", False),
        ("prefer not to say!", True),
        ("–", True),
    ]
    frame = pl.DataFrame({"value": [value for value, _ in table]}, schema={"value": pl.String})
    expected = pl.DataFrame({"value": [says for _, says in table]})
    for may_link in (True, False):
        links = [value is not None and "https://" in value for value, _ in table]
        if not may_link:
            frame, expected = frame.filter(~pl.Series(links)), expected.filter(~pl.Series(links))
        result = frame.select(ev.states_something(pl.col("value"), settings.scoring.text, may_link))
        assert_frame_equal(result, expected)


def test_held_pieces_blank_negations_only_where_they_may_apply(settings) -> None:
    vocabulary = settings.vocabulary
    table = [
        ("cpc, ccs", "\ncpc\nccs\n"),
        ("pursuing cpc, rhit", "\nrhit\n"),
        ("cpc (in progress) and coc", "\ncoc\n"),
        ("cpc - certified professional controller", "\n\n"),
        ("cost per click cpc campaigns", "\n\n"),
        ("studying for the aapc cpc; crc", "\ncrc\n"),
        ("", "\n\n"),
    ]
    frame = pl.DataFrame({"text": [text for text, _ in table]})
    text = pl.col("text")
    negated = ev.negation_may_apply(text, vocabulary.negations)
    result = frame.select(
        pieces=ev.held_term_pieces(text, vocabulary.credentials, vocabulary.negations, negated)
    )
    expected = pl.DataFrame({"pieces": [pieces for _, pieces in table]})
    assert_frame_equal(result, expected)
