"""Evidence expressions over the candidate's text: terms, credentials, stated numbers."""

from __future__ import annotations

import polars as pl

from pipelines.scoring.columns import LIST_SEPARATOR
from pipelines.scoring.patterns import alternation, bounded, word_alternation
from pipelines.settings.scoring import MetricRule, TextConfig
from pipelines.settings.vocabulary import Negations, Term

# A whitespace run of two or more, or one whitespace character other than a space: replacing
# only these with a space equals replacing every `\s+` run, without rewriting the single spaces.
_SPACES = r"\s{2,}|[^\S ]"
# Joins found pieces; whitespace in the text is collapsed to single spaces, so it never occurs.
_PIECE = "\n"
_PARENTHESISED_ABBREVIATION = r"(?:\s*\([a-z-]+\))?"
_NEGATION_JOINER = r"\s*[(\[:,–—-]?\s*"


def candidate_text(
    columns: list[str], text: TextConfig, replaced: dict[str, pl.Expr] | None = None
) -> pl.Expr:
    """The candidate's own text fields joined once, lowercased once, whitespace collapsed;
    links are cut out (a URL is never searched for terms). `replaced` reads some fields
    through an expression instead of the column itself."""
    replaced = replaced or {}
    parts = [
        replaced[name]
        if name in replaced
        else pl.col(name)
        if name in columns
        else pl.lit(None, pl.String)
        for name in text.fields
    ]
    joined = pl.concat_str(parts, separator=text.separator, ignore_nulls=True)
    lowered = joined.str.replace_all(text.link_pattern, " ").str.to_lowercase()
    return lowered.str.replace_all(_SPACES, " ").fill_null("")


def states_something(value: pl.Expr, text: TextConfig) -> pl.Expr:
    """True when a column holds something besides links, whitespace and answers that say
    nothing ("N/A", "unknown")."""
    rest = value.cast(pl.String).str.replace_all(text.link_pattern, "").str.strip_chars()
    silent = in_list(rest, text.not_stated_values)
    return ((rest.str.len_chars() > 0) & ~silent).fill_null(False)


def contains_any(text: pl.Expr, fragments: list[str]) -> pl.Expr:
    """True when any fragment occurs as whole words; False when there are no fragments."""
    if not fragments:
        return pl.lit(False)
    return text.str.contains(bounded(fragments))


def affirmed(
    text: pl.Expr,
    fragments: list[str],
    negations: list[str],
    within_words: int,
    exceptions: list[str],
) -> pl.Expr:
    """True when a mention is not negated: "no HIPAA training" is, "no HIPAA violations" is not."""
    mention = alternation(fragments)
    gap = rf"(?:\w+\s+){{0,{within_words}}}"
    negated = rf"\b{alternation(negations)}\s+{gap}{mention}\b"
    mentions = text.str.count_matches(bounded(fragments))
    denied = text.str.count_matches(negated)
    if exceptions:
        kept = text.str.count_matches(rf"{negated}\s+{alternation(exceptions)}\b")
        denied = denied - kept
    return mentions > denied


def term_pieces(text: pl.Expr, terms: list[Term]) -> pl.Expr:
    """Every term mention found in one pass over the text, as newline-framed pieces."""
    # Longest pattern first at each place, so "cpc-a" is not also "cpc". Newlines (the text has
    # none left) frame the pieces so that `names_in_pieces` is a plain string search.
    found = text.str.extract_all(bounded(p for term in terms for p in term.patterns))
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


def without_negated(text: pl.Expr, terms: list[Term], negations: Negations) -> pl.Expr:
    """`text` with lookalikes ("certified professional controller") and negated mentions
    ("pursuing CPC", "CPC (in progress)") blanked out."""
    term = alternation(p for t in terms for p in t.patterns)
    result = text
    if negations.lookalikes:
        # Leading word boundary only: a lookalike may end in ")" ("... controller (cpc)").
        result = result.str.replace_all(rf"\b{alternation(negations.lookalikes)}", " ")
    if negations.before:
        gap = rf"(?:[a-z]+\s+){{0,{negations.max_gap_words}}}?"
        before = rf"\b{word_alternation(negations.before)}[\s:]+{gap}{term}\b"
        result = result.str.replace_all(before, " ")
    if negations.after:
        after = (
            rf"\b{term}\b{_PARENTHESISED_ABBREVIATION}{_NEGATION_JOINER}"
            rf"{word_alternation(negations.after)}\b"
        )
        result = result.str.replace_all(after, " ")
    return result


def joined_or_null(names: pl.Expr) -> pl.Expr:
    """A list of names as one ", "-joined string; null when the list is empty."""
    return pl.when(names.list.len() > 0).then(names.list.join(LIST_SEPARATOR))


def stated_number(text: pl.Expr, rule: MetricRule) -> pl.Expr:
    """The largest number the text states for a metric (group 1 of any pattern), or null."""
    values = [
        text.str.extract_all(pattern)
        .list.eval(
            pl.element()
            .str.extract(pattern, 1)
            .str.replace_all(",", "")
            .cast(pl.Float64, strict=False)
        )
        .list.max()
        for pattern in rule.patterns
    ]
    return pl.max_horizontal(values)


def within(value: pl.Expr, rule: MetricRule) -> pl.Expr:
    """The value when inside the rule's range, else null."""
    return pl.when(value.is_between(rule.min, rule.max)).then(value)


def range_issue(value: pl.Expr, rule: MetricRule, shown: pl.Expr) -> pl.Expr:
    """A data-issue note when a stated value is outside the rule's range, else null."""
    outside = value.is_not_null() & ~value.is_between(rule.min, rule.max)
    return pl.when(outside).then(pl.concat_str([pl.lit(f"{rule.issue}: "), shown]))


def in_list(expr: pl.Expr, values: list[str]) -> pl.Expr:
    """True when the trimmed, lowercased value is one of `values` (compared lowercased)."""
    folded = [value.strip().lower() for value in values]
    return expr.str.strip_chars().str.to_lowercase().is_in(folded)
