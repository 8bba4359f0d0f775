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


def join_present(parts: list[pl.Expr], separator: str) -> pl.Expr:
    """The non-null parts joined by `separator`; null when every part is null."""
    # concat_str skipping nulls equals dropping them from a list and joining it, without the list.
    present = pl.any_horizontal([part.is_not_null() for part in parts])
    return pl.when(present).then(pl.concat_str(parts, separator=separator, ignore_nulls=True))


def joined(phrases: list[pl.Expr], separator: str, nothing: str) -> pl.Expr:
    """The non-null phrases joined; `nothing` when none."""
    return join_present(phrases, separator).fill_null(pl.lit(nothing))
