"""A long answers file (one row per application and question) pivoted to one row per application.

JazzHR's full export has `candidate_questionnaires.csv` (`application_id, questionnaire_name,
question, answer`). `read_answers_file` reads such a file (CSV or workbook, through the same
guards and readers as an export) and `pivot_answers` turns it into one row per application with
one column per question, headed by the question text, so it joins the export on the id column
and its headers are classified like question columns (pipelines/ingest/questions.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polars as pl

from pipelines.ingest.cleaning import value_columns
from pipelines.ingest.delimited import read_delimited
from pipelines.ingest.errors import IngestError
from pipelines.ingest.guards import FileKind, classify, read_guarded
from pipelines.ingest.headers import fold, match_headers
from pipelines.ingest.workbook import read_workbook
from pipelines.settings.ingest import IngestConfig
from pipelines.settings.questions import AnswersFileConfig

QUESTION, ANSWER = "question", "answer"
_ROW = "_row"
_CLASH_SUFFIX = " (question)"


@dataclass(frozen=True)
class AnswersFile:
    """A pivoted answers file: the wide frame and what was learned reading it."""

    frame: pl.DataFrame
    questions: list[str]
    warnings: list[str]
    rows_read: int
    path: Path


def answers_aliases(config: AnswersFileConfig) -> pl.DataFrame:
    """Alias table (`key`, `canonical`, `priority`, `protected`) of the three long columns."""
    names = {config.id_column: config.id_aliases, QUESTION: config.question_aliases}
    names[ANSWER] = config.answer_aliases
    rows = [
        (alias, canonical, priority)
        for canonical, aliases in names.items()
        for priority, alias in enumerate(aliases)
    ]
    frame = pl.DataFrame(
        rows,
        schema={"alias": pl.String, "canonical": pl.String, "priority": pl.Int64},
        orient="row",
    )
    return (
        frame.with_columns(key=fold(pl.col("alias")), protected=pl.lit(False))
        .unique("key", keep="first", maintain_order=True)
        .select("canonical", "priority", "protected", "key")
    )


def pivot_answers(long: pl.DataFrame, config: AnswersFileConfig) -> pl.DataFrame:
    """One row per id, one String column per question (first-seen order); answers of one id to
    one question are joined with `joiner`, blanks dropped (all blank -> null)."""
    id_column = config.id_column
    text = [pl.col(c).cast(pl.String).str.strip_chars() for c in (id_column, QUESTION, ANSWER)]
    grouped = (
        long.select(text)
        .with_columns(
            pl.when(pl.col(c).str.len_chars() > 0).then(pl.col(c)).alias(c)
            for c in (id_column, QUESTION, ANSWER)
        )
        .drop_nulls([id_column, QUESTION])
        .with_columns(
            # A question worded like the id column must not overwrite it.
            pl.when(pl.col(QUESTION) == id_column)
            .then(pl.concat_str([pl.col(QUESTION), pl.lit(_CLASH_SUFFIX)]))
            .otherwise(pl.col(QUESTION))
            .alias(QUESTION)
        )
        .group_by(id_column, QUESTION, maintain_order=True)
        .agg(pl.col(ANSWER).drop_nulls().str.join(config.joiner))
        .with_columns(
            pl.when(pl.col(ANSWER).str.len_chars() > 0).then(pl.col(ANSWER)).alias(ANSWER)
        )
    )
    if grouped.height == 0:
        return pl.DataFrame(schema={id_column: pl.String})
    return grouped.pivot(on=QUESTION, index=id_column, values=ANSWER)


def _listed(rows: list[int], limit: int) -> str:
    """Row numbers for a message: `5, 9, 12` or `5, 9, 12 and 40 more`."""
    shown = ", ".join(str(row) for row in rows[:limit])
    return shown if len(rows) <= limit else f"{shown} and {len(rows) - limit} more"


def read_answers_file(
    path: Path | str, config: AnswersFileConfig, ingest: IngestConfig, sheet: str | None = None
) -> AnswersFile:
    """Read a long answers file and pivot it; IngestError names the file when it cannot."""
    path = Path(path)
    data = read_guarded(path, ingest)
    aliases = answers_aliases(config)
    if classify(path, data, ingest) is FileKind.TEXT:
        grid, header = (text := read_delimited(path, data, aliases, ingest)).grid, text.header
    else:
        grid, header = (book := read_workbook(path, aliases, ingest, sheet)).grid, book.header
    wanted = [config.id_column, QUESTION, ANSWER]
    cells = value_columns(grid)
    found: dict[str, str] = {}
    if header is not None:
        line = grid.row(header.index, named=True)
        matched = match_headers([line[cell] for cell in cells], aliases)
        for position, canonical in matched.select("position", "canonical").rows():
            if canonical is not None:
                found.setdefault(canonical, cells[position])
    missing = [name for name in wanted if name not in found]
    if missing or header is None:
        raise IngestError(
            path,
            f"not an answers file: no column for {', '.join(missing)} "
            f"(expected columns such as {config.id_aliases[0]}, {config.question_aliases[0]}, "
            f"{config.answer_aliases[0]})",
        )
    body = grid.slice(header.index + 1).select(
        pl.col(_ROW).cast(pl.Int64), *(pl.col(found[name]).alias(name) for name in wanted)
    )
    body = body.filter(pl.any_horizontal(pl.col(wanted).is_not_null()))
    unusable = body.filter(pl.col(config.id_column).is_null() | pl.col(QUESTION).is_null())
    warnings = []
    if unusable.height:
        rows = unusable[_ROW].to_list()
        warnings.append(
            f"{len(rows)} rows have no {config.id_column} or no {QUESTION} and were skipped "
            f"(rows {_listed(rows, ingest.max_listed_rows)})"
        )
    frame = pivot_answers(body.drop(_ROW), config)
    return AnswersFile(
        frame=frame,
        questions=[c for c in frame.columns if c != config.id_column],
        warnings=warnings,
        rows_read=body.height,
        path=path,
    )
