"""Claims to check, knockouts to review and ATS rejections: plain words, never scored."""

from __future__ import annotations

import polars as pl

from pipelines.scoring.explanation import join_present
from pipelines.scoring.patterns import format_number, word_alternation
from pipelines.scoring.templates import filled
from pipelines.settings.profiles import AtsRules, MustHave, Profile, ProfileWords

CLAIM_SEPARATOR = "; "
# Each note is written only where it applies: its values are formatted on those rows alone
# (the others are null to the formatting).


def records_per_day_check(
    stated: pl.Expr, profile: Profile, words: ProfileWords, decimals: int
) -> pl.Expr:
    """A note when the stated records/day is outside the profile's plausible range."""
    plausible = profile.records_per_day
    outside = stated.is_not_null() & ~stated.is_between(plausible.min, plausible.max)
    return pl.when(outside).then(
        filled(
            words.records_per_day,
            value=format_number(pl.when(outside).then(stated), decimals),
            min=plausible.min,
            max=plausible.max,
            profile=profile.label,
        )
    )


def accuracy_check(stated: pl.Expr, limit: float, words: ProfileWords, decimals: int) -> pl.Expr:
    """A note when a stated accuracy is over 100 %."""
    over = stated > limit
    return pl.when(over).then(
        filled(words.accuracy_over, value=format_number(pl.when(over).then(stated), decimals))
    )


def lapse_check(
    expiry: pl.Expr, lapsed_word: pl.Expr, reference: pl.Expr, words: ProfileWords
) -> pl.Expr:
    """A note when a credential is stated as lapsed or its expiry date has passed."""
    passed = expiry < reference
    past = filled(
        words.lapsed_date,
        value=pl.when(passed).then(expiry).dt.strftime("%m/%Y"),
        reference=pl.when(passed).then(reference).dt.strftime("%Y-%m-%d"),
    )
    return (
        pl.when(lapsed_word.fill_null(False))
        .then(pl.lit(words.lapsed_word))
        .when(passed)
        .then(past)
    )


def apprentice_checks(
    credentials: pl.Expr,
    years: pl.Expr,
    names: list[str],
    years_min: float,
    words: ProfileWords,
    decimals: int,
) -> list[pl.Expr]:
    """Per apprentice credential held with enough years, a note that it may be removable."""
    notes = []
    for name in names:
        removable = credentials.list.contains(name) & (years >= years_min)
        shown = format_number(pl.when(removable).then(years), decimals)
        notes.append(
            pl.when(removable).then(filled(words.apprentice, credential=name, years=shown))
        )
    return notes


def must_have_missing(
    rules: list[MustHave],
    credentials: pl.Expr,
    systems: pl.Expr,
    credentials_stated: pl.Expr,
    systems_stated: pl.Expr,
    words: ProfileWords,
) -> list[pl.Expr]:
    """Per must-have, a knockout note when the export states the fact and lacks it; null when
    met or not stated (not stated is not a no)."""
    notes = []
    for rule in rules:
        met = pl.lit(False)
        stated = pl.lit(False)
        if rule.credentials:
            met = met | credentials.list.eval(pl.element().is_in(rule.credentials)).list.any()
            stated = stated | credentials_stated
        if rule.coding_systems:
            met = met | systems.list.eval(pl.element().is_in(rule.coding_systems)).list.any()
            stated = stated | systems_stated
        missing = stated.fill_null(False) & ~met.fill_null(False)
        notes.append(pl.when(missing).then(filled(words.must_have, names=rule.label)))
    return notes


def ats_rejected(stage: pl.Expr, rules: AtsRules) -> pl.Expr:
    """True when the status says the ATS already rejected the application, False when it says
    something else, null when it says nothing."""
    text = stage.cast(pl.String).str.strip_chars()
    stated = text.str.len_chars() > 0
    if not rules.rejected_values:
        return pl.when(stated).then(pl.lit(False))
    hit = text.str.to_lowercase().str.contains(
        word_alternation(v.lower() for v in rules.rejected_values)
    )
    return pl.when(stated).then(hit)


def ats_note(stage: pl.Expr, rejected: pl.Expr, words: ProfileWords) -> pl.Expr:
    """The knockout note of an application the ATS already rejected."""
    shown = rejected.fill_null(False)
    return pl.when(shown).then(
        filled(words.ats_rejected, value=pl.when(shown).then(stage).str.strip_chars())
    )


def joined_notes(notes: list[pl.Expr]) -> pl.Expr:
    """The non-null notes joined; null when none."""
    if not notes:
        return pl.lit(None, pl.String)
    return join_present(notes, CLAIM_SEPARATOR)
