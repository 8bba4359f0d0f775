# polars 2.1.0 (Python 3.11, Linux x86_64): `pl.format` panics on a String column with an empty
# chunk between non-empty ones, e.g. what `Series.filter` leaves when it keeps nothing from the
# middle chunk of a multi-chunk column (pl.read_csv hands columns over in several chunks).
#
# Panics with: thread '<unnamed>' panicked at crates/polars-arrow/src/array/binview/mod.rs:413:9:
#   assertion failed: i < self.len()
# raised in Python as pyo3_runtime.PanicException (a BaseException, not an Exception).
# Expected: a 3-row frame "x: p", "x: u", "x: w" (what `kept.rechunk()` gives). On the same
# column `pl.concat_str`, `+` and `str.len_bytes` work; an empty chunk only at the end does not
# panic.
#
# Workaround in coder-screen: columns leave the CSV reader rechunked
# (pipelines/ingest/csv_fast.py) and messages are formatted on one rechunked frame before any
# filter (pipelines/validate/fields.py `_issue_rows`).
import polars as pl

print(pl.__version__)
s = pl.Series("s", ["p"]).append(pl.Series("s", ["q"])).append(pl.Series("s", ["u", "w"]))
kept = s.filter(pl.Series([True, False, True, True]))
print([len(chunk) for chunk in kept.get_chunks()])  # [1, 0, 2]: an empty middle chunk
print(pl.DataFrame(kept).select(pl.format("x: {}", pl.col("s"))))  # panics
