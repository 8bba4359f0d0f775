"""Title relevance, and credential acronyms on lines whose title is not coding work."""

from __future__ import annotations

import polars as pl

from pipelines.scoring.patterns import bounded
from pipelines.settings.profiles import Profile, TitleLists
from pipelines.settings.vocabulary import Term

_LINE = "\n"


def lines(column: pl.Expr, titles: TitleLists) -> pl.Expr:
    """A text column as a list of lines (HTML line-ending markup counts as a line end)."""
    return (
        column.cast(pl.String).str.replace_all(f"(?i){titles.line_breaks}", _LINE).str.split(_LINE)
    )


def _unrelated_line(line: pl.Expr, titles: TitleLists) -> pl.Expr:
    """True for a line carrying a title that is not coding work and no coder title."""
    unrelated = line.str.contains(f"(?i){bounded(titles.unrelated)}")
    return unrelated & ~line.str.contains(f"(?i){bounded(titles.coder)}")


def without_unrelated_credentials(
    column: pl.Expr, titles: TitleLists, credentials: list[Term]
) -> pl.Expr:
    """The text with credential acronyms blanked on lines that carry an unrelated title:
    "Air Traffic Controller, CPC (2012-2020)" holds no coding credential."""
    acronyms = f"(?i){bounded(p for term in credentials for p in term.patterns)}"
    line = pl.element()
    cleaned = lines(column, titles).list.eval(
        pl.when(_unrelated_line(line, titles))
        .then(line.str.replace_all(acronyms, " "))
        .otherwise(line)
    )
    return pl.when(column.is_not_null()).then(cleaned.list.join(_LINE))


def title_relevant(
    current_title: pl.Expr, resume_text: pl.Expr, titles: TitleLists, profile: Profile
) -> pl.Expr:
    """True when the current title, or a resume job line (a line with a date range), names
    coding work (the coder titles or the profile's titles) and no unrelated title."""
    relevant = f"(?i){bounded([*titles.coder, *profile.titles])}"
    unrelated = f"(?i){bounded(titles.unrelated)}"

    def names_coding(text: pl.Expr) -> pl.Expr:
        return text.str.contains(relevant) & ~text.str.contains(unrelated)

    line = pl.element()
    past = lines(resume_text, titles).list.eval(
        line.str.contains(f"(?i){titles.job_line}") & names_coding(line)
    )
    return (names_coding(current_title).fill_null(False) | past.list.any().fill_null(False)).alias(
        "title_relevant"
    )
