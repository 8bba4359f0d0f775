"""Every corpus file (peers + hostile) ends scored or refused as the committed table says."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from pipelines.devtools.corpus import (
    TABLE_SCHEMA,
    Outcome,
    corpus_files,
    outcome_table,
    peak_memory_mb,
    run_corpus,
)
from pipelines.settings import Settings

pytestmark = pytest.mark.corpus
EXPECTED = Path(__file__).with_name("expected_outcomes.csv")
# The bound for one file; a file running longer fails the run (no timing assertion).
FILE_SECONDS = 30.0
OUTCOMES = {"scored", "refused"}


@pytest.fixture(scope="module")
def corpus(shared_dir: Path) -> Path:
    """The corpus directory of the shared workplace."""
    return shared_dir / "corpus"


@pytest.fixture(scope="module")
def outcomes(corpus: Path, settings: Settings, tmp_path_factory) -> list[Outcome]:
    """Every corpus file through `score_one`, in this process, each under the time limit."""
    out = tmp_path_factory.mktemp("corpus-out")
    return run_corpus(corpus, out, settings, FILE_SECONDS)


def test_every_input_is_listed(corpus):
    expected = pl.read_csv(EXPECTED, schema=TABLE_SCHEMA)
    result = sorted(path.relative_to(corpus).as_posix() for path in corpus_files(corpus))
    assert result == sorted(expected["file"].to_list())


def test_outcomes_match_the_committed_table(outcomes, capsys):
    expected = pl.read_csv(EXPECTED, schema=TABLE_SCHEMA).sort("file")
    result = outcome_table(outcomes).sort("file")
    slowest = max(outcomes, key=lambda outcome: outcome.seconds)
    with capsys.disabled():
        print(
            f"\ncorpus: {len(outcomes)} files; slowest {slowest.file} {slowest.seconds:.2f} s; "
            f"peak memory {peak_memory_mb():.0f} MB"
        )
    assert_frame_equal(result.fill_null(""), expected.fill_null(""))


def test_every_outcome_is_scored_or_one_line_refusal(outcomes):
    assert {outcome.outcome for outcome in outcomes} <= OUTCOMES
    refusals = [outcome for outcome in outcomes if outcome.outcome == "refused"]
    assert refusals
    assert all(o.reason and "\n" not in o.reason and o.category for o in refusals)
    assert all(o.reason == "" for o in outcomes if o.outcome == "scored")


def test_hostile_files_are_refused_before_parsing(outcomes):
    hostile = {o.file: o.category for o in outcomes if o.file.startswith("hostile/")}
    result = {
        name: hostile[name]
        for name in sorted(hostile)
        if name.endswith(".xlsx") and "inj" not in name
    }
    expected = {
        "hostile/billion_laughs.xlsx": "unsafe file",
        "hostile/xxe.xlsx": "unsafe file",
        "hostile/zipbomb_ws.xlsx": "too large",
    }
    assert result == expected
