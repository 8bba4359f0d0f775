"""Text -> number expressions for years, percentages and counts (validation uses them too)."""

from __future__ import annotations

import polars as pl

from pipelines.scoring.patterns import NUMBER, word_alternation
from pipelines.settings.vocabulary import VocabularyConfig

# Anything that is not a digit, as little as possible, before the first number ("over 10").
_LEAD = r"^\D*?"
_THOUSANDS = r"(\d),(\d{3})"
_ASCII_BOUNDARY = r"(?-u:\b)"


def _clean(expr: pl.Expr) -> pl.Expr:
    """Trimmed, lowercased text."""
    return expr.cast(pl.String).str.strip_chars().str.to_lowercase()


def word_number(text: pl.Expr, vocabulary: VocabularyConfig) -> pl.Expr:
    """The first number word of lowercased text as Float64 ("six years" -> 6), else null."""
    pairs = vocabulary.parsing.number_words
    words = word_alternation(word for word, _ in pairs)
    # ASCII word boundaries: the Unicode ones cost several times more on a million rows.
    found = text.str.extract(rf"{_ASCII_BOUNDARY}({words}){_ASCII_BOUNDARY}", 1)
    return found.replace_strict(dict(pairs), default=None, return_dtype=pl.Float64)


def _starts_below(text: pl.Expr, vocabulary: VocabularyConfig) -> pl.Expr:
    """True when the text starts with a "less than" word ("Less than 1 year", "< 6 months")."""
    below = word_alternation(vocabulary.parsing.below_words)
    return text.str.contains(rf"^\W*{below}(?:\s|\d|$)")


def parse_years(expr: pl.Expr, vocabulary: VocabularyConfig) -> pl.Expr:
    """Years as Float64: "7+ years" -> 7, "18 months" -> 1.5, "2-3 years" -> 2, "abc" -> null.

    A range gives its lower bound, the sign is kept ("-3" -> -3) for range checks downstream, and
    "5 years 6 months" adds the months. "Six years" reads as 6 and "Less than 1 year" as its
    lower bound, 0.
    """
    words = vocabulary.parsing
    years = word_alternation(words.year_units)
    months = word_alternation(words.month_units)
    separators = word_alternation(words.range_separators)
    pattern = (
        rf"{_LEAD}(?P<number>{NUMBER})\s*\+?"
        rf"(?:\s*{separators}\s*\d+(?:\.\d+)?)?\s*\+?\s*"
        rf"(?:(?P<years>{years})\b|(?P<months>{months})\b)?"
        rf"(?:\s*(?:,|and)?\s*(?P<extra>\d+(?:\.\d+)?)\s*{months}\b)?"
    )
    text = _clean(expr)
    parts = text.str.extract_groups(pattern)
    number = parts.struct.field("number").cast(pl.Float64, strict=False)
    extra = parts.struct.field("extra").cast(pl.Float64, strict=False)
    in_months = parts.struct.field("months").is_not_null()
    from_digits = (
        pl.when(in_months)
        .then(number / words.months_per_year)
        .otherwise(number + (extra / words.months_per_year).fill_null(0))
    )
    spelled = word_number(text, vocabulary)
    spelled_months = text.str.contains(rf"{_ASCII_BOUNDARY}{months}{_ASCII_BOUNDARY}")
    from_words = pl.when(spelled_months).then(spelled / words.months_per_year).otherwise(spelled)
    value = (
        pl.when(_starts_below(text, vocabulary))
        .then(pl.lit(0.0))
        .otherwise(pl.coalesce(from_digits, from_words))
    )
    return value.round(words.decimals)


def parse_percent(expr: pl.Expr, vocabulary: VocabularyConfig) -> pl.Expr:
    """A percentage as Float64: "98%", "96.5 %", "0.96" -> 96 (a bare fraction), "abc" -> null.

    Out-of-range values ("140%") are returned as read; validation range-checks them.
    """
    words = vocabulary.parsing
    signs = word_alternation(words.percent_signs)
    pattern = rf"{_LEAD}(?P<number>{NUMBER})\s*(?P<sign>{signs})?"
    parts = _clean(expr).str.extract_groups(pattern)
    number = parts.struct.field("number").cast(pl.Float64, strict=False)
    is_fraction = parts.struct.field("sign").is_null() & (
        number.abs() <= words.fraction_percent_max
    )
    value = pl.when(is_fraction).then(number * words.percent_scale).otherwise(number)
    return value.round(words.decimals)


def parse_count(expr: pl.Expr, vocabulary: VocabularyConfig) -> pl.Expr:
    """A count as Float64: "50+" -> 50, "25 charts/day" -> 25, "40-50" -> 40, "1,200" -> 1200."""
    words = vocabulary.parsing
    text = _clean(expr).str.replace_all(_THOUSANDS, "${1}${2}")
    number = text.str.extract(rf"{_LEAD}({NUMBER})", 1).cast(pl.Float64, strict=False)
    number = pl.coalesce(number, word_number(text, vocabulary))
    return number.round(words.decimals)
