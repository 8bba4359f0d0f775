"""Config texts with `{name}` places filled row by row from polars expressions."""

from __future__ import annotations

import polars as pl


def fill(template: str, values: dict[str, pl.Expr]) -> pl.Expr:
    """`template` with each `{name}` replaced by the expression's text; null if a value is."""
    pieces: list[pl.Expr] = []
    rest = template
    while "{" in rest:
        before, _, after = rest.partition("{")
        name, _, rest = after.partition("}")
        pieces += [pl.lit(before), values[name].cast(pl.String)]
    pieces.append(pl.lit(rest))
    return pl.concat_str(pieces)


def file_name(path: pl.Expr) -> pl.Expr:
    """The last part of a path (either separator)."""
    return path.str.extract(r"([^/\\]+)$", 1)
