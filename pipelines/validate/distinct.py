"""Row-wise work on a column done once per distinct value and mapped back to the rows."""

from __future__ import annotations

from collections.abc import Callable

import polars as pl

# Work per distinct value only when at most this share of the rows are distinct. Mapping the
# results back costs a hash lookup per row: that pays for a regex parse unless most rows differ,
# but for a cheap fold (lowercase, trim) only when each value repeats many times (on a million
# rows a fold per distinct value was already slower at 5% distinct). A speed choice only: both
# ways give the same values.
PARSE_SHARE = 0.3
FOLD_SHARE = 0.02
_VALUE = "_distinct_value"


def per_distinct(values: pl.Series, expr: Callable[[pl.Expr], pl.Expr], share: float) -> pl.Series:
    """`expr(pl.col(name))` of a column (a row-wise expression: each output row depends on its
    input row alone), worked out on the distinct values when at most `share` of the rows are
    distinct; named like `values`."""
    name = values.name
    if values.is_empty() or values.approx_n_unique() > share * values.len():
        return values.to_frame().select(expr(pl.col(name)).alias(name)).to_series()
    lookup = values.unique().to_frame().with_columns(expr(pl.col(name)).alias(_VALUE))
    joined = values.to_frame().join(
        lookup, on=name, how="left", nulls_equal=True, maintain_order="left"
    )
    return joined.get_column(_VALUE).alias(name)
