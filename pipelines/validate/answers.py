"""Application-question answers by shape: yes/no, years, percentages, counts, multi-select lists.

Every function takes a String expression (one answer per row) and returns a typed expression;
null means not stated or unreadable. Words come from config/vocabulary.toml ([answers],
[parsing], [negations], the credential and code-set terms).
"""

from __future__ import annotations

import polars as pl

from pipelines.scoring.evidence import term_names
from pipelines.scoring.patterns import alternation, bounded, word_alternation
from pipelines.settings.vocabulary import Term, VocabularyConfig
from pipelines.validate.parsing import parse_count, parse_percent, parse_years

# Multi-select items are re-joined with this before splitting (answers never hold a NUL).
_ITEM = "\x00"
# The rest of an answer after a leading yes/no word: nothing, or a non-letter ("Yes - CPC").
_WORD_END = r"(?:$|[^a-z0-9])"
# A bare completion date: "2025", "March 2025", "03/2025", "3/14/2025".
_DATE_ONLY = r"^(?:[a-z]+\.?,?\s+|(?:\d{1,2}/){1,2})?(?:19|20)\d{2}$"


def _clean(expr: pl.Expr) -> pl.Expr:
    """Trimmed, lowercased text; empty -> null."""
    text = expr.cast(pl.String).str.strip_chars().str.to_lowercase()
    return pl.when(text.str.len_chars() > 0).then(text)


def _starts_with(text: pl.Expr, words: list[str]) -> pl.Expr:
    """True when the text starts with one of the words, as a whole word."""
    return text.str.contains(rf"^{word_alternation(words)}{_WORD_END}")


def pending_words(vocabulary: VocabularyConfig) -> list[str]:
    """Words that say a credential or training is not held yet (negations + answers.pending)."""
    negations = vocabulary.negations
    return list(dict.fromkeys([*negations.before, *negations.after, *vocabulary.answers.pending]))


def yes_no(expr: pl.Expr, vocabulary: VocabularyConfig) -> pl.Expr:
    """Boolean: `Y`, `yes - annually`, `Completed 2025`, `2025` -> true; `N/A`, `Not yet`, a
    pending answer ("Yes - scheduled for March") -> false; anything else or blank -> null."""
    words = vocabulary.answers
    text = _clean(expr)
    pending = text.str.contains(bounded(pl.escape_regex(w) for w in pending_words(vocabulary)))
    return (
        pl.when(_starts_with(text, words.no))
        .then(pl.lit(False))
        .when(pending)
        .then(pl.lit(False))
        .when(_starts_with(text, words.yes) | text.str.contains(_DATE_ONLY))
        .then(pl.lit(True))
        .otherwise(pl.lit(None, pl.Boolean))
    )


def years_answer(expr: pl.Expr, vocabulary: VocabularyConfig) -> pl.Expr:
    """Float64 years: `3-5 years` -> 3, `10+ years` -> 10, `Less than 1 year` -> 0,
    `2 years 6 months` -> 2.5, `Six years` -> 6, `None` -> 0, unreadable -> null."""
    text = _clean(expr)
    zero = text.is_in([w.lower() for w in vocabulary.answers.zero_years])
    return pl.when(zero).then(pl.lit(0.0)).otherwise(parse_years(text, vocabulary))


def percent_answer(expr: pl.Expr, vocabulary: VocabularyConfig) -> pl.Expr:
    """Float64 percent: `95%+` -> 95, `over 97 percent` -> 97, `0.96` -> 96, unreadable -> null."""
    return parse_percent(_clean(expr), vocabulary)


def count_answer(expr: pl.Expr, vocabulary: VocabularyConfig) -> pl.Expr:
    """Float64 count: `25-30` -> 25, `About 120 encounters` -> 120, `40+` -> 40."""
    return parse_count(_clean(expr), vocabulary)


def _separators(vocabulary: VocabularyConfig) -> str:
    """One regex matching any multi-select separator (a word only as a whole word)."""
    parts = [
        rf"\s*\b{pl.escape_regex(sep)}\b\s*" if sep.isalnum() else rf"\s*{pl.escape_regex(sep)}\s*"
        for sep in vocabulary.answers.list_separators
    ]
    return alternation(parts)


def list_items(expr: pl.Expr, vocabulary: VocabularyConfig) -> pl.Expr:
    """List[String] of a multi-select answer's items (split on `,` `;` line breaks, `and`...),
    trimmed, blanks dropped, case kept; null when the answer is blank."""
    text = expr.cast(pl.String).str.strip_chars()
    items = (
        text.str.replace_all(_separators(vocabulary), _ITEM)
        .str.split(_ITEM)
        .list.eval(pl.element().str.strip_chars().filter(pl.element().str.len_chars() > 0))
    )
    return pl.when(text.str.len_chars() > 0).then(items)


def _items_text(expr: pl.Expr, vocabulary: VocabularyConfig) -> pl.Expr:
    """Lowercased answer with every separator as `;` (so a regex can keep to one item)."""
    return _clean(expr).str.replace_all(_separators(vocabulary), ";")


def terms_answer(expr: pl.Expr, terms: list[Term]) -> pl.Expr:
    """List[String] of the term names an answer names ("ICD-10-CM, CPT"), in config order."""
    text = _clean(expr)
    return pl.when(text.is_not_null()).then(term_names(text, terms))


def _pending_item(vocabulary: VocabularyConfig) -> str:
    """A regex for one multi-select item that holds a pending word."""
    pending = bounded(pl.escape_regex(w) for w in pending_words(vocabulary))
    return rf"[^;]*{pending}[^;]*"


def credentials_answer(expr: pl.Expr, vocabulary: VocabularyConfig) -> pl.Expr:
    """List[String] of the credentials HELD: `Yes - CPC` -> [CPC], `COC and CPC` -> [CPC, COC].

    An item with a pending word (`Not yet - sitting for the CPC exam`, `CRC (pending)`,
    `CPC eligible`) holds no credential; CPB and other non-coding credentials are not terms.
    Blank -> null, `No` -> [].
    """
    text = _items_text(expr, vocabulary)
    held = text.str.replace_all(_pending_item(vocabulary), ";")
    return pl.when(text.is_not_null()).then(term_names(held, vocabulary.credentials))


def pending_credentials(expr: pl.Expr, vocabulary: VocabularyConfig) -> pl.Expr:
    """List[String] of credentials named only as pending (in progress, scheduled, eligible...)."""
    text = _items_text(expr, vocabulary)
    pending = text.str.extract_all(_pending_item(vocabulary)).list.join(";")
    return pl.when(text.is_not_null()).then(term_names(pending, vocabulary.credentials))
