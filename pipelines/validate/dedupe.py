"""Find the same person applying twice to one job, keep the newest application, and note the
other jobs a person applied to (a person applying to two jobs is one candidate in each)."""

from __future__ import annotations

from collections.abc import Callable

import polars as pl

from pipelines.identity import KEY_PARTS, joined_parts, scoped_job
from pipelines.settings.validation import ValidationConfig
from pipelines.validate.distinct import FOLD_SHARE, per_distinct

KEPT = "kept_source_row"
CROSS_JOB = "cross_job_applications"
_JOB_JOIN = "\x1f"
MATCH_LABELS = {"email": "email", "candidate_id": "candidate id", "name_phone": "name + phone"}
DUPLICATE_HEAD = ["source_row", "source_file", KEPT, "matched_on"]
# Columns of the narrow table dedupe works on (besides source_row, applied_at and one identity
# column per key, named by the key): the row's position, its job folded and as shown, and per
# key whether the row's identity hash repeats.
_AT = "_dedupe_at"
_ROW = "_dedupe_kept_row"
_SCOPE = "_dedupe_job"
_SHOWN = "_dedupe_shown"
_OTHER = "_dedupe_other_job"
_SHARED = "_dedupe_shared_"


def _identities(candidates: pl.DataFrame, keys: list[str]) -> pl.DataFrame:
    """Each key's identity per row (null without one); each column is folded once, per
    distinct value when its values repeat."""
    parts: dict[str, pl.Series] = {}
    for key in keys:
        for column, fold in KEY_PARTS[key]:
            name = _part(column, fold)
            if name not in parts:
                parts[name] = per_distinct(candidates.get_column(column), fold, FOLD_SHARE)
    table = pl.DataFrame([part.alias(name) for name, part in parts.items()])
    return table.select(
        joined_parts([pl.col(_part(column, fold)) for column, fold in KEY_PARTS[key]]).alias(key)
        for key in keys
    )


def _part(column: str, fold: Callable[[pl.Expr], pl.Expr]) -> str:
    """The name of a folded key part: `email.folded`."""
    return f"{column}.{fold.__name__}"


def _narrow(candidates: pl.DataFrame, keys: list[str]) -> pl.DataFrame:
    """Position, source row, date, job (folded and as shown), identities and `_SHARED` flags of
    every row."""
    height = candidates.height
    if "job" in candidates.columns:
        job = candidates.get_column("job")
        jobs = [
            per_distinct(job, scoped_job, FOLD_SHARE).alias(_SCOPE),
            job.str.strip_chars().alias(_SHOWN),
        ]
    else:
        jobs = [pl.repeat("", height, dtype=pl.String, eager=True).alias(_SCOPE)]
    rows = pl.int_range(height, dtype=pl.UInt32, eager=True).alias(_AT)
    dates = candidates.select("source_row", "applied_at").get_columns()
    narrow = pl.DataFrame([rows, *dates, *jobs], height=height)
    if not keys:
        return narrow
    identities = _identities(candidates, keys)
    shared = [_repeated(identities.get_column(key)).alias(_SHARED + key) for key in keys]
    return narrow.hstack(identities).hstack(shared)


def _repeated(identity: pl.Series) -> pl.Series:
    """True for the rows whose identity's hash occurs more than once (never for a null)."""
    # A person found twice under a key has the same identity, so the same hash, twice: only
    # these rows (a few more where hashes collide) can be in a group of more than one row.
    # Sorting the hashes finds the repeats several times faster than `is_duplicated`.
    hashes = identity.hash()
    ordered = hashes.sort()
    repeats = ordered.filter(ordered == ordered.shift(1))
    return identity.is_not_null() & hashes.is_in(repeats.implode())


def _one_pass(alive: pl.DataFrame, key: str) -> pl.DataFrame:
    """(position, source row, kept source row) of each row one key finds a newer application
    of in its job: the newest of a group (else its last row) is kept."""
    # Two rows with the same job-scoped key have the same identity unless an identity holds the
    # separator; then every row with the key is grouped.
    if alive.get_column(key).str.contains(_JOB_JOIN, literal=True).any():
        grouped = alive.filter(pl.col(key).is_not_null())
    else:
        grouped = alive.filter(pl.col(_SHARED + key))
    within_job = pl.concat_str([pl.col(_SCOPE), pl.col(key)], separator=_JOB_JOIN)
    newest = pl.col("source_row").sort_by(["applied_at", "source_row"], nulls_last=False).last()
    return (
        grouped.select(_AT, "source_row", newest.over(within_job).alias(KEPT))
        .filter(pl.col(KEPT) != pl.col("source_row"))
        .select(_AT, "source_row", KEPT)
    )


def _cross_job_notes(kept: pl.DataFrame, keys: list[str], config: ValidationConfig) -> pl.Series:
    """Per kept row (the narrow table), the other jobs the same person applied to (job titles
    only, never names or emails): "also applied to: Risk Adjustment Coder"; null when none."""
    empty = pl.repeat(None, kept.height, dtype=pl.String, eager=True).alias(CROSS_JOB)
    if _SHOWN not in kept.columns or not keys or not (kept.get_column(_SCOPE) != "").any():
        return empty
    rows = kept.with_row_index(_ROW)
    hits = []
    for key in keys:
        # A person alone under a key has no other job under it.
        shared = rows.filter(pl.col(_SHARED + key))
        jobs = (
            shared.filter(pl.col(_SCOPE) != "").select(key, pl.col(_SHOWN).alias(_OTHER)).unique()
        )
        hits.append(
            shared.select(_ROW, _SHOWN, key).join(jobs, on=key).select(_ROW, _SHOWN, _OTHER)
        )
    others = (
        pl.concat(hits)
        .filter(pl.col(_OTHER).ne_missing(pl.col(_SHOWN)))
        .unique([_ROW, _OTHER])
        .sort([_ROW, _OTHER])
        .group_by(_ROW, maintain_order=True)
        .agg(pl.col(_OTHER).str.join(", "))
    )
    if others.is_empty():
        return empty
    notes = pl.lit(config.dedupe.cross_job_note) + pl.col(_OTHER)
    return empty.scatter(others.get_column(_ROW), others.select(notes).to_series())


def dedupe(candidates: pl.DataFrame, config: ValidationConfig) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Return (kept candidates in input order, duplicates naming the row that was kept).

    Duplicates are looked for within a job only; kept rows get `cross_job_applications`. Each
    pass (config order) groups the rows still kept by one key; the work is done on a narrow
    table of keys, and the wide rows are picked once at the end.
    """
    keys = list(config.dedupe.order)
    narrow = _narrow(candidates, keys)
    alive = narrow
    found = [
        narrow.head(0).select(
            _AT, "source_row", pl.col("source_row").alias(KEPT), matched_on=pl.lit(None, pl.String)
        )
    ]
    for key in keys:
        older = _one_pass(alive, key).with_columns(matched_on=pl.lit(MATCH_LABELS[key]))
        if older.height:
            found.append(older)
            alive = alive.filter(~pl.col(_AT).is_in(older.get_column(_AT).implode()))
    if keys and not alive.get_column("source_row").is_sorted():
        alive = alive.sort("source_row")
    notes = _cross_job_notes(alive, keys, config)
    # The keys are let go before the wide rows are picked, so the two are never held together.
    survivors = None if alive is narrow else alive.get_column(_AT)
    del narrow, alive
    older = pl.concat(found).sort("source_row")
    duplicates = candidates.gather(older.get_column(_AT)).with_columns(
        older.get_column(KEPT), older.get_column("matched_on")
    )
    kept = candidates if survivors is None else candidates.gather(survivors)
    rest = [c for c in duplicates.columns if c not in DUPLICATE_HEAD]
    return kept.with_columns(notes), duplicates.select(*DUPLICATE_HEAD, *rest)
