"""Counter-based random numbers as polars expressions: same seed, same numbers, on any machine."""

from __future__ import annotations

import polars as pl

_MASK32 = (1 << 32) - 1
_MOD32 = 1 << 32
_GOLDEN = 0x9E3779B1
_MIX1 = 0x85EBCA6B
_MIX2 = 0xC2B2AE35
_SHIFT16 = 1 << 16
_SHIFT13 = 1 << 13


def _fmix32_int(value: int) -> int:
    """MurmurHash3's 32-bit finaliser on a Python int."""
    value &= _MASK32
    value ^= value >> 16
    value = (value * _MIX1) & _MASK32
    value ^= value >> 13
    value = (value * _MIX2) & _MASK32
    return value ^ (value >> 16)


def _fmix32(expr: pl.Expr) -> pl.Expr:
    """MurmurHash3's 32-bit finaliser on a UInt64 expression holding 32-bit values."""
    expr = expr.xor(expr // _SHIFT16)
    mask = pl.lit(_MASK32, dtype=pl.UInt64)
    expr = (expr * _MIX1).and_(mask)
    expr = expr.xor(expr // _SHIFT13)
    expr = (expr * _MIX2).and_(mask)
    return expr.xor(expr // _SHIFT16)


def uniform(row: pl.Expr, seed: int, stream: int) -> pl.Expr:
    """Uniform floats in [0, 1) for each row index; `stream` gives an independent sequence."""
    multiplier = _fmix32_int(seed * _GOLDEN + stream) | 1
    offset = _fmix32_int(_fmix32_int(seed) + stream * _GOLDEN)
    mixed = _fmix32((row.cast(pl.UInt64) * multiplier + offset) % _MOD32)
    return mixed.cast(pl.Float64) / _MOD32


def pick(u: pl.Expr, values: list[str], weights: list[float] | None = None) -> pl.Expr:
    """The value whose cumulative-weight band holds `u` (uniform without weights); "" -> null."""
    weights = weights if weights is not None else [1.0] * len(values)
    lookup = pl.Series([value if value != "" else None for value in values], dtype=pl.String)
    return pl.lit(lookup).gather(pick_index(u, weights))


def pick_index(u: pl.Expr, weights: list[float]) -> pl.Expr:
    """Index 0..len(weights)-1 chosen by `u` with the given relative weights (null stays null)."""
    total = sum(weights)
    bounds: list[float] = []
    running = 0.0
    for weight in weights[:-1]:
        running += weight
        bounds.append(running / total)
    if not bounds:
        return (u * 0).cast(pl.Int64)
    index = pl.lit(pl.Series(bounds, dtype=pl.Float64)).search_sorted(u, side="right")
    return pl.when(u.is_not_null()).then(index.cast(pl.Int64))


def between(u: pl.Expr, low: float, high: float) -> pl.Expr:
    """Scale `u` from [0, 1) to [low, high)."""
    return u * (high - low) + low
