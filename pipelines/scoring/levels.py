"""Level expressions: the years band, and the level the indicators alone support."""

from __future__ import annotations

import polars as pl

from pipelines.scoring.columns import UNKNOWN_LEVEL
from pipelines.settings.scoring import LevelsConfig


def years_level(years: pl.Expr, levels: LevelsConfig) -> pl.Expr:
    """The band whose range holds `years` (a boundary belongs to the higher band); else null."""
    bands = sorted(levels.bands, key=lambda band: band.min_years, reverse=True)
    chain = pl.when(years >= bands[0].min_years).then(pl.lit(bands[0].name))
    for band in bands[1:]:
        chain = chain.when(years >= band.min_years).then(pl.lit(band.name))
    return chain.otherwise(pl.lit(None, pl.String))


def evidence_level(counts: dict[str, pl.Expr], levels: LevelsConfig) -> pl.Expr:
    """The highest band with at least `evidence_min_indicators` indicator hits, else Unknown."""
    bands = sorted(levels.bands, key=lambda band: band.min_years, reverse=True)
    threshold = levels.evidence_min_indicators
    zero = pl.lit(0)
    chain = pl.when(counts.get(bands[0].name, zero) >= threshold).then(pl.lit(bands[0].name))
    for band in bands[1:]:
        chain = chain.when(counts.get(band.name, zero) >= threshold).then(pl.lit(band.name))
    return chain.otherwise(pl.lit(UNKNOWN_LEVEL))
