"""Regex builders shared by the scoring expressions (polars / Rust regex syntax)."""

from __future__ import annotations

from collections.abc import Iterable

import polars as pl

# A plain decimal number, optionally signed: "3", "3.5", "-3".
NUMBER = r"-?\d+(?:\.\d+)?"


def alternation(fragments: Iterable[str]) -> str:
    """One non-capturing group of fragments, longest first so "cpc-a" is tried before "cpc"."""
    ordered = sorted(dict.fromkeys(fragments), key=len, reverse=True)
    if not ordered:
        raise ValueError("alternation needs at least one fragment")
    return "(?:" + "|".join(ordered) + ")"


def word_alternation(words: Iterable[str]) -> str:
    """An alternation of literal words (escaped), longest first."""
    return alternation(pl.escape_regex(word) for word in words)


def bounded(fragments: Iterable[str]) -> str:
    """Fragments as whole words: `\\b(?:...)\\b`."""
    return rf"\b{alternation(fragments)}\b"


def format_number(expr: pl.Expr, decimals: int) -> pl.Expr:
    """A number as short text: rounded, without a trailing ".0" (7.0 -> "7", 2.5 -> "2.5")."""
    return (
        expr.cast(pl.Float64)
        .round(decimals, mode="half_away_from_zero")
        .cast(pl.String)
        .str.replace(r"\.0+$", "")
    )
