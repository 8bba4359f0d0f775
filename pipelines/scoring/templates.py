"""Plain-words templates from config ("records/day {value} is outside {min}-{max}") as polars."""

from __future__ import annotations

import re

import polars as pl

_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def filled(template: str, **values: pl.Expr | str | float) -> pl.Expr:
    """The template with each {name} replaced by its value (an expression or a constant); null
    when an expression value is null."""
    parts: list[pl.Expr] = []
    position = 0
    for match in _PLACEHOLDER.finditer(template):
        if match.start() > position:
            parts.append(pl.lit(template[position : match.start()]))
        value = values[match.group(1)]
        parts.append(value if isinstance(value, pl.Expr) else pl.lit(_text(value)))
        position = match.end()
    if position < len(template):
        parts.append(pl.lit(template[position:]))
    return pl.concat_str(parts) if parts else pl.lit(template)


def _text(value: str | float) -> str:
    """A constant as short text: 15.0 -> "15"."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
