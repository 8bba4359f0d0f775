"""Evidence expressions over the candidate's text: terms, credentials, stated numbers."""

from __future__ import annotations

from collections.abc import Callable

import polars as pl

from pipelines.scoring.columns import LIST_SEPARATOR
from pipelines.scoring.patterns import alternation, bounded, word_alternation
from pipelines.scoring.prefilter import (
    Dialect,
    as_written,
    masked,
    may_hold_space_run,
    only_where,
)
from pipelines.settings.scoring import MetricRule, TextConfig
from pipelines.settings.vocabulary import Negations, Term

# A whitespace run of two or more, or one whitespace character other than a space: replacing
# only these with a space equals replacing every `\s+` run, without rewriting the single spaces.
_SPACES = r"\s{2,}|[^\S ]"
# Joins found pieces; whitespace in the text is collapsed to single spaces, so it never occurs.
_PIECE = "\n"
_PARENTHESISED_ABBREVIATION = r"(?:\s*\([a-z-]+\))?"
_NEGATION_JOINER = r"\s*[(\[:,–—-]?\s*"


def joined_text(
    columns: list[str],
    text: TextConfig,
    replaced: dict[str, pl.Expr] | None = None,
    only: pl.Expr | None = None,
) -> pl.Expr:
    """The candidate's own text fields joined once (`text.separator`); `replaced` reads some
    fields through an expression instead of the column itself; with `only`, the rows where it
    does not hold join "" (cheap, for a text built again on a few rows)."""
    replaced = replaced or {}
    parts = [
        replaced[field]
        if field in replaced
        else pl.col(field)
        if field in columns
        else pl.lit(None, pl.String)
        for field in text.fields
    ]
    if only is not None:
        parts = [masked(only, part) for part in parts]
    return pl.concat_str(parts, separator=text.separator, ignore_nulls=True)


def holds_link(joined: pl.Expr, text: TextConfig) -> pl.Expr:
    """True for text holding a link."""
    return joined.str.contains(text.link_pattern)


def lowered_text(joined: pl.Expr, text: TextConfig, linked: pl.Expr | None = None) -> pl.Expr:
    """The joined text with links cut out (a URL is never searched for terms), lowercased once;
    `linked` (a column: `holds_link`) limits the cutting to the rows holding a link."""
    if linked is None:
        unlinked = joined.str.replace_all(text.link_pattern, " ")
    else:
        unlinked = only_where(
            linked, joined, lambda value: value.str.replace_all(text.link_pattern, " ")
        )
    return unlinked.str.to_lowercase()


def collapsed_spaces(lowered: pl.Expr) -> pl.Expr:
    """The lowercased text (a column) with every whitespace run as one space, "" for none: the
    candidate's text every term is searched in. Only rows holding a run are rewritten."""
    collapsed = only_where(
        may_hold_space_run(lowered), lowered, lambda value: value.str.replace_all(_SPACES, " ")
    )
    return collapsed.fill_null("")


def states_something(value: pl.Expr, text: TextConfig, may_link: bool = True) -> pl.Expr:
    """True when a column holds something besides links, whitespace and answers that say
    nothing ("N/A", "unknown"); `may_link=False` when no value of the column holds a link."""
    raw = value.cast(pl.String)
    if not may_link:
        return _says(raw, text.not_stated_values).fill_null(False)
    linked = raw.str.contains(text.link_pattern)
    # Only values holding a link are copied without it.
    unlinked = masked(linked, raw).str.replace_all(text.link_pattern, "")
    says = pl.when(linked).then(_says(unlinked, text.not_stated_values))
    return says.otherwise(_says(raw, text.not_stated_values)).fill_null(False)


def _says(text: pl.Expr, values: list[str]) -> pl.Expr:
    """True when the text, trimmed, is not empty and not one of `values` (compared lowercased,
    like `in_list`); one regex per text, and only a text short enough to be one of `values` is
    trimmed and lowercased."""
    folded = [value.strip().lower() for value in values]
    # A character lowercases to one or more, so a longer trimmed text is none of the values.
    longest = max((len(value) for value in folded), default=0)
    short = text.str.extract(rf"(?s)^\s*(.{{0,{longest}}}?)\s*$", 1)
    named = (short != "") & ~short.str.to_lowercase().is_in(folded)
    return text.is_not_null() & (short.is_null() | named)


def contains_any(text: pl.Expr, fragments: list[str], dialect: Dialect = as_written) -> pl.Expr:
    """True when any fragment occurs as whole words; False when there are no fragments.
    `dialect` reads the pattern (pipelines/scoring/prefilter.py), as in the functions below."""
    if not fragments:
        return pl.lit(False)
    return text.str.contains(dialect(bounded(fragments)))


def affirmed(
    text: pl.Expr,
    fragments: list[str],
    negations: list[str],
    within_words: int,
    exceptions: list[str],
    dialect: Dialect = as_written,
) -> pl.Expr:
    """True when a mention is not negated: "no HIPAA training" is, "no HIPAA violations" is not."""
    mention = alternation(fragments)
    gap = rf"(?:\w+\s+){{0,{within_words}}}"
    negated = rf"\b{alternation(negations)}\s+{gap}{mention}\b"
    mentions = text.str.count_matches(dialect(bounded(fragments)))
    denied = text.str.count_matches(dialect(negated))
    if exceptions:
        kept = text.str.count_matches(dialect(rf"{negated}\s+{alternation(exceptions)}\b"))
        denied = denied - kept
    return mentions > denied


def term_pieces(text: pl.Expr, terms: list[Term], dialect: Dialect = as_written) -> pl.Expr:
    """Every term mention found in one pass over the text, as newline-framed pieces."""
    # Longest pattern first at each place, so "cpc-a" is not also "cpc". Newlines (the text has
    # none left) frame the pieces so that `names_in_pieces` is a plain string search.
    found = text.str.extract_all(dialect(bounded(p for term in terms for p in term.patterns)))
    return pl.concat_str([pl.lit(_PIECE), found.list.join(_PIECE), pl.lit(_PIECE)])


def names_in_pieces(pieces: pl.Expr, terms: list[Term]) -> pl.Expr:
    """Names of the terms whose patterns match a found piece whole, in config order."""
    # Pass a column as `pieces`, not the `term_pieces` expression: polars does not share that
    # expression between the per-term checks, so the pass over the text would run once per term.
    names = [
        pl.when(pieces.str.contains(f"{_PIECE}{alternation(term.patterns)}{_PIECE}")).then(
            pl.lit(term.name)
        )
        for term in terms
    ]
    return pl.concat_list(names).list.drop_nulls()


def names_lookup(pieces: pl.Series, terms: list[Term], name: str) -> pl.DataFrame:
    """The term names of each distinct value of a pieces column: the pieces column and `name`."""
    # Found pieces repeat across candidates, so the per-term checks run once per distinct value.
    distinct = pieces.unique().to_frame()
    return distinct.with_columns(names_in_pieces(pl.col(pieces.name), terms).alias(name))


def term_names(text: pl.Expr, terms: list[Term]) -> pl.Expr:
    """List of the names of the terms found in `text`, in config order (no duplicates)."""
    return names_in_pieces(term_pieces(text, terms), terms)


def negation_may_apply(
    text: pl.Expr, negations: Negations, dialect: Dialect = as_written
) -> pl.Expr:
    """False when `held_term_pieces` blanks nothing in the text: it holds no lookalike and no
    word that goes before or after a negated credential."""
    needs = []
    if negations.lookalikes:
        needs.append(_lookalike(negations))
    if negations.before:
        needs.append(rf"\b{word_alternation(negations.before)}")
    if negations.after:
        needs.append(rf"{word_alternation(negations.after)}\b")
    # One search per pattern: cheaper than one search for their alternation.
    return pl.any_horizontal(pl.lit(False), *(text.str.contains(dialect(n)) for n in needs))


def _lookalike(negations: Negations) -> str:
    """The lookalikes, with a leading word boundary only: one may end in ")" ("(cpc)")."""
    return rf"\b{alternation(negations.lookalikes)}"


def _blanked(text: pl.Expr, terms: list[Term], negations: Negations, dialect: Dialect) -> pl.Expr:
    """`text` with lookalikes and negated mentions replaced by a space, in that order."""
    term = alternation(p for t in terms for p in t.patterns)
    result = text
    if negations.lookalikes:
        result = result.str.replace_all(dialect(_lookalike(negations)), " ")
    if negations.before:
        gap = rf"(?:[a-z]+\s+){{0,{negations.max_gap_words}}}?"
        before = rf"\b{word_alternation(negations.before)}[\s:]+{gap}{term}\b"
        result = result.str.replace_all(dialect(before), " ")
    if negations.after:
        after = (
            rf"\b{term}\b{_PARENTHESISED_ABBREVIATION}{_NEGATION_JOINER}"
            rf"{word_alternation(negations.after)}\b"
        )
        result = result.str.replace_all(dialect(after), " ")
    return result


def held_term_pieces(
    text: pl.Expr,
    terms: list[Term],
    negations: Negations,
    negated: pl.Expr,
    dialect: Dialect = as_written,
) -> pl.Expr:
    """`term_pieces` of the text with lookalikes ("certified professional controller") and
    negated mentions ("pursuing CPC", "CPC (in progress)") blanked out; `negated` (a column)
    is `negation_may_apply`: only those texts are blanked (a copy of those alone)."""
    held = term_pieces(_blanked(masked(negated, text), terms, negations, dialect), terms, dialect)
    return pl.when(negated).then(held).otherwise(term_pieces(text, terms, dialect))


def joined_or_null(names: pl.Expr) -> pl.Expr:
    """A list of names as one ", "-joined string; null when the list is empty."""
    return pl.when(names.list.len() > 0).then(names.list.join(LIST_SEPARATOR))


def stated_number(text: pl.Expr, rule: MetricRule, dialect: Dialect = as_written) -> pl.Expr:
    """The largest number the text states for a metric (group 1 of any pattern), or null;
    `dialect` reads the patterns (`by_script`)."""
    values = [
        text.str.extract_all(pattern)
        .list.eval(
            pl.element()
            .str.extract(pattern, 1)
            .str.replace_all(",", "")
            .cast(pl.Float64, strict=False)
        )
        .list.max()
        for pattern in map(dialect, rule.patterns)
    ]
    return pl.max_horizontal(values)


def within(value: pl.Expr, rule: MetricRule) -> pl.Expr:
    """The value when inside the rule's range, else null."""
    return pl.when(value.is_between(rule.min, rule.max)).then(value)


def range_issue(value: pl.Expr, rule: MetricRule, shown: Callable[[pl.Expr], pl.Expr]) -> pl.Expr:
    """A data-issue note when a stated value is outside the rule's range, else null; `shown`
    formats the value (on those rows alone)."""
    outside = value.is_not_null() & ~value.is_between(rule.min, rule.max)
    text = shown(pl.when(outside).then(value))
    return pl.when(outside).then(pl.concat_str([pl.lit(f"{rule.issue}: "), text]))


def in_list(expr: pl.Expr, values: list[str]) -> pl.Expr:
    """True when the trimmed, lowercased value is one of `values` (compared lowercased)."""
    folded = [value.strip().lower() for value in values]
    return expr.str.strip_chars().str.to_lowercase().is_in(folded)
