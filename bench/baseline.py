"""The plain baseline: what a competent analyst writes with pandas and openpyxl (normal mode).

Same input, same config (header aliases, vocabulary, indicator patterns, weights) and the same
Ranked columns and styles as the pipeline; pandas `.str` methods instead of polars, openpyxl's
normal (in-memory) workbook instead of write-only mode. Returns seconds per phase.
"""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from pipelines.scoring.patterns import alternation, bounded
from pipelines.settings import Settings
from pipelines.settings.columns import fold_header

_NUMBER = r"(\d+(?:\.\d+)?)"
_RANKED_OMIT_PREFIX = "__"


def _read(source: Path, settings: Settings) -> pd.DataFrame:
    """Every cell as text, headers renamed to canonical columns through the config's aliases."""
    if source.suffix.lower() == ".csv":
        frame = pd.read_csv(source, dtype=str, keep_default_na=False)
    else:
        frame = pd.read_excel(source, engine="openpyxl", dtype=str)
    aliases = {}
    for canonical, names in {**settings.columns.aliases, **settings.columns.protected}.items():
        for name in [canonical, *names]:
            aliases.setdefault(fold_header(name), canonical)
    renamed = {c: aliases.get(fold_header(str(c)), c) for c in frame.columns}
    frame = frame.rename(columns=renamed)
    frame = frame.loc[:, ~frame.columns.duplicated()]
    return frame.replace(r"^\s*$", np.nan, regex=True)


def _validate(frame: pd.DataFrame, settings: Settings) -> pd.DataFrame:
    """Drop rows without identity, parse numbers and dates, blank out-of-range values, dedupe."""
    identity = [c for c in settings.validation.rejection.identity_columns if c in frame.columns]
    frame = frame[frame[identity].notna().any(axis=1)].copy()
    frame["source_row"] = frame.index + 2
    for column, rule in settings.validation.ranges.model_dump().items():
        if column in frame.columns:
            values = pd.to_numeric(frame[column].str.extract(_NUMBER, expand=False), "coerce")
            frame[column] = values.where(values.between(rule["min"], rule["max"]))
    if "applied_at" in frame.columns:
        frame["applied_at"] = pd.to_datetime(frame["applied_at"], errors="coerce")
        frame = frame.sort_values("applied_at", na_position="first")
    if "email" in frame.columns:
        key = frame["email"].str.strip().str.lower()
        frame = frame[key.isna() | ~key.duplicated(keep="last")]
    return frame.sort_values("source_row")


def _names(text: pd.Series, terms: list) -> pd.Series:
    """`, `-joined names of the terms mentioned in the text (pandas .str.contains per term)."""
    joined = pd.Series("", index=text.index)
    for term in terms:
        hit = text.str.contains(bounded(term.patterns), regex=True)
        joined = joined + np.where(hit, term.name + ", ", "")
    joined = joined.str.removesuffix(", ")
    return joined.where(joined != "")


def _score(frame: pd.DataFrame, settings: Settings) -> pd.DataFrame:
    """Evidence with pandas `.str`, then indicators, flags, points, rank and an explanation."""
    scoring, vocabulary = settings.scoring, settings.vocabulary
    fields = [c for c in scoring.text.fields if c in frame.columns]
    text = frame[fields].fillna("").agg(scoring.text.separator.join, axis=1)
    text = text.str.lower().str.replace(r"\s+", " ", regex=True)
    frame["credentials"] = _names(text, vocabulary.credentials)
    frame["coding_systems"] = _names(text, vocabulary.coding_systems)
    frame["specialties"] = _names(text, vocabulary.specialties)
    metrics = scoring.metrics
    for column, rule in (("accuracy_pct", metrics.accuracy), ("team_size", metrics.team_size)):
        stated = pd.concat(
            [pd.to_numeric(text.str.extract(p, expand=False), "coerce") for p in rule.patterns],
            axis=1,
        ).max(axis=1)
        frame[column] = stated.where(stated.between(rule.min, rule.max))
    if "accuracy" in frame.columns:
        frame["accuracy_pct"] = frame["accuracy"].fillna(frame["accuracy_pct"])
    weights = scoring.weights
    points = pd.Series(0.0, index=frame.index)
    for name, rule in scoring.indicators.items():
        hit = text.str.contains(bounded(rule.patterns), regex=True) if rule.patterns else False
        frame[f"ind_{name}"] = hit
        points += hit * weights.indicator[rule.level]
    n_creds = frame["credentials"].str.count(",").add(1).fillna(0)
    n_systems = frame["coding_systems"].str.count(",").add(1).fillna(0)
    points += np.minimum(n_creds * weights.per_credential, weights.credentials_cap)
    points += np.minimum(n_systems * weights.per_coding_system, weights.coding_systems_cap)
    trained = text.str.contains(alternation(scoring.red_flags.formal_training_patterns))
    hipaa = text.str.contains(bounded(vocabulary.hipaa_mentions))
    accuracy = frame["accuracy_pct"]
    flags = {
        "flag_no_certification": (n_creds == 0) & ~trained,
        "flag_limited_terminology": ~frame["ind_medical_terminology"] & (n_systems == 0),
        "flag_poor_attention_to_detail": text.str.contains(bounded(vocabulary.misspellings)),
        "flag_no_hipaa": ~hipaa,
        "flag_below_accuracy_standard": accuracy < scoring.red_flags.accuracy_standard_pct,
    }
    penalties = weights.flag_penalty.model_dump()
    for name, hit in flags.items():
        frame[name] = hit
        points -= hit * penalties[name.removeprefix("flag_")]
    frame["red_flag_count"] = pd.DataFrame(flags).sum(axis=1)
    frame["score"] = points.clip(0, 100).round(1)
    cut = scoring.recommendation
    frame["recommendation"] = np.select(
        [frame["score"] >= cut.advance_min, frame["score"] >= cut.review_min],
        ["Advance", "Review"],
        "Hold",
    )
    years = frame.get("years_experience", pd.Series(np.nan, index=frame.index))
    frame["level"] = pd.cut(years, [-1, 2, 5, 100], labels=["Junior", "Mid", "Senior"])
    frame["explanation"] = (
        "score "
        + frame["score"].astype(str)
        + "; "
        + frame["red_flag_count"].astype(str)
        + " flags"
    )
    frame = frame.sort_values(["score", "red_flag_count"], ascending=[False, True])
    frame["rank"] = np.arange(1, len(frame) + 1)
    return frame


def _workbook(frame: pd.DataFrame, target: Path, settings: Settings) -> None:
    """Ranked sheet in openpyxl's normal mode: configured headers, widths, formats, cue fills."""
    config = settings.report
    style = config.style
    specs = [s for s in config.ranked.columns if s.key in frame.columns]
    rest = [c for c in frame.columns if c not in {s.key for s in specs}]
    rest = [c for c in rest if c not in config.ranked.omit]
    book = Workbook()
    sheet = book.active
    sheet.title = config.sheets.ranked
    header_font = Font(bold=True, color=style.header_font_colour, name=style.font_name)
    header_fill = PatternFill("solid", fgColor=style.header_fill)
    flag_fill = PatternFill("solid", fgColor=style.flag_fill)
    flag_font = Font(bold=True, color=style.flag_font_colour)
    wrap = Alignment(wrap_text=True, vertical="top")
    headers = [s.header for s in specs] + rest
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font, cell.fill = header_font, header_fill
    for row in frame[[s.key for s in specs] + rest].itertuples(index=False):
        sheet.append([None if pd.isna(v) else v for v in row])
    for index, spec in enumerate(specs, start=1):
        letter = sheet.cell(row=1, column=index).column_letter
        sheet.column_dimensions[letter].width = spec.width or style.default_width
        for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
            if spec.kind == "wrap":
                cell.alignment = wrap
            elif spec.kind in ("integer", "decimal"):
                cell.number_format = getattr(config.formats, spec.kind)
            elif spec.kind == "flag" and cell.value is True:
                cell.fill, cell.font = flag_fill, flag_font
    sheet.freeze_panes = "C2"
    sheet.auto_filter.ref = sheet.dimensions
    book.save(target)


def run_baseline(source: Path, out_dir: Path, settings: Settings) -> dict[str, float]:
    """Read, validate, score, write the workbook and the Parquet; seconds per phase."""
    phases = {}
    started = mark = time.perf_counter()
    frame = _read(source, settings)
    phases["read"], mark = time.perf_counter() - mark, time.perf_counter()
    frame = _validate(frame, settings)
    phases["validate"], mark = time.perf_counter() - mark, time.perf_counter()
    frame = _score(frame, settings)
    phases["evidence_score"], mark = time.perf_counter() - mark, time.perf_counter()
    phases["core"] = mark - started
    _workbook(frame, Path(out_dir) / "baseline-ranked.xlsx", settings)
    phases["workbook"], mark = time.perf_counter() - mark, time.perf_counter()
    frame.astype({c: str for c in frame.select_dtypes("category").columns}).to_parquet(
        Path(out_dir) / "baseline-scored.parquet"
    )
    phases["parquet"] = time.perf_counter() - mark
    phases["total"] = time.perf_counter() - started
    return phases
