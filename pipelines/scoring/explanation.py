"""The plain-words explanation: one phrase per fact that moved the score."""

from __future__ import annotations

import polars as pl

from pipelines.scoring.patterns import format_number


def points_text(points: pl.Expr, decimals: int, *, sign: str) -> pl.Expr:
    """The points of one fact as text: " (+21)" or " (-10)"."""
    return pl.concat_str([pl.lit(f" ({sign}"), format_number(points, decimals), pl.lit(")")])


def gain(condition: pl.Expr, phrase: pl.Expr, points: pl.Expr, decimals: int) -> pl.Expr:
    """The phrase with its points, "<phrase> (+N)", when it earned points; else null."""
    earned = condition.fill_null(False) & (points > 0)
    return pl.when(earned).then(pl.concat_str([phrase, points_text(points, decimals, sign="+")]))


def loss(flag: pl.Expr, phrase: pl.Expr, penalty: float, decimals: int) -> pl.Expr:
    """The phrase with its penalty, "<phrase> (-N)", when the red flag is raised; else null."""
    return pl.when(flag).then(
        pl.concat_str([phrase, points_text(pl.lit(penalty), decimals, sign="-")])
    )


def joined(phrases: list[pl.Expr], separator: str, nothing: str) -> pl.Expr:
    """The non-null phrases joined; `nothing` when none."""
    listed = pl.concat_list(phrases).list.drop_nulls()
    return (
        pl.when(listed.list.len() > 0).then(listed.list.join(separator)).otherwise(pl.lit(nothing))
    )
