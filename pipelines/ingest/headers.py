"""Header matching: fold ATS headers, find the header row, map headers to canonical columns."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from pipelines.ingest.cleaning import value_columns
from pipelines.settings.columns import FOLD_PATTERN, ColumnsConfig


@dataclass(frozen=True)
class HeaderMatch:
    """The best header row of a grid: its position among the grid's rows and how many matched."""

    index: int
    matches: int


def fold(expr: pl.Expr) -> pl.Expr:
    """The match key of a header: lower-case letters and digits only."""
    return expr.str.to_lowercase().str.replace_all(FOLD_PATTERN, "")


def alias_table(columns: ColumnsConfig) -> pl.DataFrame:
    """One row per alias: folded `key`, `canonical`, `priority` (lower wins), `protected`."""
    parts = [
        pl.DataFrame(
            {
                "alias": [name, *aliases],
                "canonical": name,
                "priority": list(range(len(aliases) + 1)),
                "protected": protected,
            },
            schema={
                "alias": pl.String,
                "canonical": pl.String,
                "priority": pl.Int64,
                "protected": pl.Boolean,
            },
        )
        for protected, table in ((False, columns.aliases), (True, columns.protected))
        for name, aliases in table.items()
    ]
    return (
        pl.concat(parts)
        .with_columns(key=fold(pl.col("alias")))
        .unique("key", keep="first", maintain_order=True)
        .drop("alias")
    )


def find_header(grid: pl.DataFrame, aliases: pl.DataFrame, scan_rows: int) -> HeaderMatch | None:
    """The row among the first `scan_rows` naming the most known columns (earliest wins)."""
    cells = value_columns(grid)
    if not cells or grid.height == 0:
        return None
    scores = (
        grid.head(scan_rows)
        .select(cells)
        .with_row_index("index")
        .unpivot(index="index", on=cells, value_name="text")
        .drop_nulls("text")
        .with_columns(key=fold(pl.col("text")))
        .join(aliases, on="key", how="inner")
        .group_by("index")
        .agg(matches=pl.col("canonical").n_unique())
        .sort(["matches", "index"], descending=[True, False])
    )
    if scores.height == 0:
        return None
    return HeaderMatch(index=int(scores["index"][0]), matches=int(scores["matches"][0]))


def match_headers(headers: list[str | None], aliases: pl.DataFrame) -> pl.DataFrame:
    """Per header position: `position`, `header`, `canonical`, `priority`, `protected`."""
    frame = pl.DataFrame(
        {"position": list(range(len(headers))), "header": headers},
        schema={"position": pl.Int64, "header": pl.String},
    )
    return (
        frame.with_columns(key=fold(pl.col("header")))
        .join(aliases, on="key", how="left")
        .sort("position")
        .drop("key")
    )
