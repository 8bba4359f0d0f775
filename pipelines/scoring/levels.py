"""Level expressions: the years band, the level the indicators support, strong evidence."""

from __future__ import annotations

import polars as pl

from pipelines.scoring.patterns import bounded
from pipelines.settings.scoring import KeywordLists, LevelsConfig, StrongEvidence
from schemas.names import Level


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
    return chain.otherwise(pl.lit(Level.UNKNOWN.value))


def _keyword_list(lists: KeywordLists) -> str:
    """A regex for one line that is only a list of short items ("Skills: Epic, Excel, CPT")."""
    item = rf"[^\s,;|•·:]+(?:[ \t]+[^\s,;|•·:]+){{0,{lists.max_words - 1}}}"
    separator = r"[ \t]*[,;|•·][ \t]*"
    label = r"(?:[^\n:,;|]{1,40}:[ \t]*)?"
    return rf"(?m)^[ \t]*{label}(?:{item}{separator}){{{lists.min_items - 1},}}{item}[ \t.]*$"


def experience_text(text: pl.Expr, levels: LevelsConfig) -> pl.Expr:
    """The candidate's own experience: `text` without its keyword-list lines (skills lists)."""
    return text.str.replace_all(_keyword_list(levels.keyword_lists), "")


def strong_evidence_level(
    counts: dict[str, pl.Expr], title: pl.Expr, levels: LevelsConfig
) -> pl.Expr:
    """Level without years: the highest `without_years` rule that holds, else Unknown.

    `counts` are per-level indicator hits in the `experience_text` (not a skills column);
    `title` is the candidate's title text (current title, job titles), lowercased.
    """
    rank = {band.name: band.min_years for band in levels.bands}
    rules = sorted(levels.without_years, key=lambda rule: rank.get(rule.level, 0), reverse=True)
    if not rules:
        return pl.lit(Level.UNKNOWN.value)

    def holds(rule: StrongEvidence) -> pl.Expr:
        enough = counts.get(rule.level, pl.lit(0)) >= rule.min_indicators
        if rule.title_patterns:
            enough = enough & title.str.contains(bounded(rule.title_patterns))
        return enough.fill_null(False)

    chain = pl.when(holds(rules[0])).then(pl.lit(rules[0].level))
    for rule in rules[1:]:
        chain = chain.when(holds(rule)).then(pl.lit(rule.level))
    return chain.otherwise(pl.lit(Level.UNKNOWN.value))
