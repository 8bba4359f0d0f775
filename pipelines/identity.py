"""Who a candidate is: the dedupe keys, the job a row belongs to, and their SHA-256 digests."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

import polars as pl

# The columns that hold a job and a candidate's identity as digests (history, decisions log).
JOB_KEY = "job_key"
CANDIDATE_KEY = "candidate_key"


def folded(text: pl.Expr) -> pl.Expr:
    """Lower-cased text with inner whitespace collapsed; empty becomes null."""
    return text.str.to_lowercase().str.replace_all(r"\s+", " ").str.strip_chars().replace("", None)


def _trimmed(text: pl.Expr) -> pl.Expr:
    """Text without surrounding whitespace; empty becomes null."""
    return text.str.strip_chars().replace("", None)


def _digits(text: pl.Expr) -> pl.Expr:
    """The digits of the text; none becomes null."""
    return text.str.replace_all(r"\D", "").replace("", None)


# Each dedupe key: the columns it reads, each with how it is folded; several parts are joined.
KEY_PARTS: dict[str, tuple[tuple[str, Callable[[pl.Expr], pl.Expr]], ...]] = {
    "email": (("email", folded),),
    "candidate_id": (("candidate_id", _trimmed),),
    "name_phone": (("full_name", folded), ("phone", _digits)),
}


def joined_parts(parts: list[pl.Expr]) -> pl.Expr:
    """One key from its folded parts (null when any part is)."""
    return parts[0] if len(parts) == 1 else pl.concat_str(parts, separator="|")


def key_expr(key: str) -> pl.Expr:
    """The identity key of one dedupe pass; null when the row lacks it."""
    return joined_parts([fold(pl.col(column)) for column, fold in KEY_PARTS[key]])


def identity(keys: list[str]) -> pl.Expr:
    """The same identity dedupe uses, in the configured key order, tagged with the key's name."""
    return pl.coalesce([pl.concat_str([pl.lit(f"{key}:"), key_expr(key)]) for key in keys])


def job_key(file_stem: str | pl.Expr) -> pl.Expr:
    """The requisition a row belongs to: its `job` folded, else the export's file stem."""
    job = pl.col("job").str.to_lowercase().str.replace_all(r"\s+", " ").str.strip_chars()
    stem = pl.lit(file_stem) if isinstance(file_stem, str) else file_stem
    return pl.coalesce(pl.when(job.str.len_chars() > 0).then(job), stem)


def job_scope(columns: list[str]) -> pl.Expr:
    """The job an application is for, folded like `job_key`; "" for an export without a job
    column or a row without a job (the export is then one job)."""
    if "job" not in columns:
        return pl.lit("")
    return scoped_job(pl.col("job"))


def scoped_job(job: pl.Expr) -> pl.Expr:
    """A job text folded like `job_key`; "" when blank."""
    return folded(job).fill_null("")


def sha256_hex(values: pl.Series) -> pl.Series:
    """SHA-256 hex of each text value, nulls kept (polars has no stable cryptographic hash).

    Runs once per scored row per night, off the scoring path; the history then holds no names,
    emails or phones, only these digests.
    """
    digests = [None if v is None else hashlib.sha256(v.encode("utf-8")).hexdigest() for v in values]
    return pl.Series(values.name, digests, dtype=pl.String)
