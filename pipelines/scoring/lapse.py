"""Credential expiry: the earliest stated expiry date, and whether it is past."""

from __future__ import annotations

import polars as pl

from pipelines.scoring.patterns import alternation
from pipelines.scoring.prefilter import Dialect, as_written, masked
from pipelines.settings.profiles import LapseRules
from pipelines.settings.vocabulary import Term

_DECEMBER = 12


def _month_end(groups: pl.Expr, pattern: str) -> pl.Expr:
    """The last day of the (month, year) a pattern's named groups hold; December without a month;
    null for a month outside 1-12."""
    year = groups.struct.field("year").cast(pl.Int32, strict=False)
    if "(?P<month>" in pattern:
        month = groups.struct.field("month").cast(pl.Int8, strict=False)
    else:
        month = pl.lit(_DECEMBER, pl.Int8)
    return pl.when(month.is_between(1, _DECEMBER)).then(pl.date(year, month, 1).dt.month_end())


def column_expiry(column: pl.Expr, rules: LapseRules) -> pl.Expr:
    """The expiry date a `credential_expires` value states (first pattern that reads it)."""
    text = column.cast(pl.String)
    dates = [
        pl.when(text.str.contains(pattern)).then(
            _month_end(text.str.extract_groups(pattern), pattern)
        )
        for pattern in rules.column_patterns
    ]
    return pl.coalesce(dates)


def text_expiry(text: pl.Expr, rules: LapseRules, dialect: Dialect = as_written) -> pl.Expr:
    """The earliest expiry date stated in the (lowercased) text: "CPC, exp. 03/2025"; `dialect`
    reads the patterns (`by_script`)."""
    dates = []
    for pattern in rules.text_patterns:
        read = dialect(pattern)
        dates.append(
            text.str.extract_all(read)
            .list.eval(_month_end(pl.element().str.extract_groups(read), pattern))
            .list.min()
        )
    return pl.min_horizontal(dates)


def stated_lapsed(
    text: pl.Expr, rules: LapseRules, credentials: list[Term], dialect: Dialect = as_written
) -> pl.Expr:
    """True when a credential sits within a few words of a lapse word ("CPC (expired)")."""
    names = alternation(p for term in credentials for p in term.patterns)
    words = alternation(rules.lapsed_words)
    gap = rf"(?:\W+\w+){{0,{rules.within_words}}}?\W+"
    after = rf"\b{names}\b{gap}{words}\b"
    before = rf"\b{words}{gap}{names}\b"
    # Both need a lapse word: only texts holding one are searched for a credential near it.
    worded = text.str.contains(dialect(words))
    near = masked(worded, text)
    found = near.str.contains(dialect(after)) | near.str.contains(dialect(before))
    return pl.when(worded).then(found).otherwise(worded)


def credential_lapsed(expiry: pl.Expr, lapsed_word: pl.Expr, reference: pl.Expr) -> pl.Expr:
    """True when a credential is stated as lapsed or its expiry is before the reference date,
    False when an expiry is stated and not past, null when nothing about expiry was stated."""
    return (
        pl.when(lapsed_word.fill_null(False))
        .then(pl.lit(True))
        .when(expiry.is_not_null())
        .then(expiry < reference)
        .otherwise(pl.lit(None, pl.Boolean))
    )
