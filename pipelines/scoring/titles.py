"""Title relevance, and credential acronyms on lines whose title is not coding work."""

from __future__ import annotations

import polars as pl

from pipelines.scoring.patterns import bounded
from pipelines.scoring.prefilter import beyond_ascii, masked, only_where
from pipelines.settings.profiles import Profile, TitleLists
from pipelines.settings.vocabulary import Term

_LINE = "\n"


def line_ends(column: pl.Expr, titles: TitleLists) -> pl.Expr:
    """A text column with HTML line-ending markup (and carriage returns) as line ends ("\\n");
    the other functions here read text through it, as a column of its own."""
    text = column.cast(pl.String)
    breaks = f"(?i){titles.line_breaks}"
    return only_where(
        text.str.contains(breaks), text, lambda value: value.str.replace_all(breaks, _LINE)
    )


def _on_some_line(text: pl.Expr, pattern: str) -> pl.Expr:
    """False when no line of `text` can match `pattern`: a match on a line is a match in the
    whole text (`^` and `$` meeting at line ends)."""
    return text.str.contains(f"(?m){pattern}")


def _unrelated_line(line: pl.Expr, titles: TitleLists) -> pl.Expr:
    """True for a line carrying a title that is not coding work and no coder title."""
    unrelated = line.str.contains(f"(?i){bounded(titles.unrelated)}")
    return unrelated & ~line.str.contains(f"(?i){bounded(titles.coder)}")


def may_name_unrelated(
    lowered: pl.Expr, linked: pl.Expr, lines: list[pl.Expr], titles: TitleLists
) -> pl.Expr:
    """False only when no line of `lines` (`line_ends` columns, part of the own text) carries an
    unrelated title. `lowered` is the own text lowercased with links cut, `linked` whether it
    held a link: for ASCII text without links, a line matching the unrelated titles in any case
    is a lowercase match in it (when the titles are written in lowercase)."""
    pattern = bounded(titles.unrelated)
    if pattern != pattern.lower():
        return pl.any_horizontal(_on_some_line(text, f"(?i){pattern}") for text in lines)
    return linked | beyond_ascii(lowered) | lowered.str.contains(pattern)


def without_unrelated_credentials(
    text: pl.Expr, titles: TitleLists, credentials: list[Term]
) -> pl.Expr:
    """The text (`line_ends`) with credential acronyms blanked on lines that carry an unrelated
    title: "Air Traffic Controller, CPC (2012-2020)" holds no coding credential. Only texts
    naming an unrelated title somewhere are split into lines."""
    acronyms = f"(?i){bounded(p for term in credentials for p in term.patterns)}"
    line = pl.element()

    def cleaned(value: pl.Expr) -> pl.Expr:
        each = value.str.split(_LINE).list.eval(
            pl.when(_unrelated_line(line, titles))
            .then(line.str.replace_all(acronyms, " "))
            .otherwise(line)
        )
        return each.list.join(_LINE)

    unrelated = _on_some_line(text, f"(?i){bounded(titles.unrelated)}")
    return only_where(unrelated, text, cleaned)


def title_relevant(
    current_title: pl.Expr, resume_lines: pl.Expr, titles: TitleLists, profile: Profile
) -> pl.Expr:
    """True when the current title, or a resume job line (a line with a date range), names
    coding work (the coder titles or the profile's titles) and no unrelated title.
    `resume_lines` is the resume as a `line_ends` column; only resumes holding a date range
    somewhere are split into lines."""
    relevant = f"(?i){bounded([*titles.coder, *profile.titles])}"
    unrelated = f"(?i){bounded(titles.unrelated)}"
    job_line = f"(?i){titles.job_line}"

    def names_coding(text: pl.Expr) -> pl.Expr:
        return text.str.contains(relevant) & ~text.str.contains(unrelated)

    line = pl.element()
    dated = _on_some_line(resume_lines, job_line)
    past = (
        masked(dated, resume_lines)
        .str.split(_LINE)
        .list.eval(line.str.contains(job_line) & names_coding(line))
        .list.any()
    )
    return (names_coding(current_title).fill_null(False) | past.fill_null(False)).alias(
        "title_relevant"
    )
