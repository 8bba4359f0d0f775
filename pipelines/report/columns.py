"""Which columns a sheet shows, in what order, with which header, kind and width."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from pipelines.report.safety import clean_frame, clean_text
from pipelines.settings.report import ColumnSpec, ReportConfig


@dataclass(frozen=True)
class Column:
    """One column as written: frame column `key`, shown as `header`."""

    key: str
    header: str
    kind: str
    width: float
    cue: str | None
    about: str
    integer_values: bool = False


def _dtype_kind(dtype: pl.DataType) -> str:
    """Column kind implied by a polars dtype."""
    if dtype.is_integer():
        return "integer"
    if dtype.is_float():
        return "decimal"
    if dtype == pl.Date:
        return "date"
    if isinstance(dtype, pl.Datetime):
        return "datetime"
    if dtype == pl.Boolean:
        return "yesno"
    return "text"


def humanize(key: str, prefix: str) -> str:
    """`ind_team_leadership` -> `Team leadership`."""
    words = key.removeprefix(prefix).replace("_", " ").strip()
    return words[:1].upper() + words[1:] if words else key


def _width(header: str, config: ReportConfig) -> float:
    """A default width that fits a short header."""
    style = config.style
    return float(min(max(len(header) + 2, style.min_width, style.default_width), style.max_width))


def _unique_header(header: str, taken: set[str]) -> str:
    """Make `header` unique among `taken` (case-insensitive), as Excel tables require."""
    candidate = header or "Column"
    number = 2
    while candidate.casefold() in taken:
        candidate = f"{header} ({number})"
        number += 1
    taken.add(candidate.casefold())
    return candidate


def known_specs(config: ReportConfig) -> dict[str, ColumnSpec]:
    """Every configured column spec by key (Ranked columns, then the other sheets' columns)."""
    specs = {spec.key: spec for spec in config.extra_columns}
    specs.update({spec.key: spec for spec in config.ranked.columns})
    return specs


def resolve_columns(
    schema: pl.Schema, config: ReportConfig, order: list[str] | None = None
) -> list[Column]:
    """Columns of `schema` to show: `order` first (when given), then the rest in frame order."""
    specs = known_specs(config)
    ordered = [k for k in (order or []) if k in schema]
    ordered += [k for k in schema if k not in ordered]
    taken: set[str] = set()
    columns = []
    for key in ordered:
        spec = specs.get(key)
        if spec is not None:
            header, kind, width, cue, about = (
                spec.header,
                spec.kind,
                spec.width,
                spec.cue,
                spec.about,
            )
        else:
            prefix = next((p for p in config.ranked.prefix_kinds if key.startswith(p)), None)
            if prefix is not None:
                header = humanize(key, prefix)
                kind = config.ranked.prefix_kinds[prefix]
                about = config.ranked.prefix_about.get(prefix, "")
                cue = "flag" if kind == "flag" else None
            else:
                header = key
                kind = _dtype_kind(schema[key])
                about = config.about.glossary_other
                cue = None
            width = None
        header = " ".join(clean_text(header, config, config.limits.max_header_chars).split())
        header = _unique_header(header, taken)
        columns.append(
            Column(
                key=key,
                header=header,
                kind=kind,
                width=width if width is not None else _width(header, config),
                cue=cue,
                about=about,
                integer_values=schema[key].is_integer(),
            )
        )
    return columns


def _shown(column: Column, config: ReportConfig) -> pl.Expr:
    """A yes/no or flag cell: the configured yes word when true; a flag whose fact was not
    stated (null) shows what to ask; false stays blank."""
    shown = pl.when(pl.col(column.key)).then(pl.lit(config.text.yes))
    flag = config.flags.get(column.key)
    if column.kind == "flag" and flag is not None:
        shown = shown.when(pl.col(column.key).is_null()).then(pl.lit(flag.ask))
    return shown.alias(column.key)


def ready_frame(frame: pl.DataFrame, columns: list[Column], config: ReportConfig) -> pl.DataFrame:
    """`frame` cut to `columns`, true flags as the configured word and not-stated ones as what
    to ask, text cleaned for Excel."""
    frame = frame.with_columns(
        _shown(c, config)
        for c in columns
        if c.kind in ("yesno", "flag") and frame.schema[c.key] == pl.Boolean
    )
    return clean_frame(frame.select(c.key for c in columns), config)
