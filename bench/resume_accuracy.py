"""`python bench/resume_accuracy.py`: how well the scorer reads realistic resumes, against truth.

The resumes are this project's realistic sample (data/samples/<stem>-resumes.zip: dated job
lines, capitals, one-word skill lists, acronym traps; truth in data/samples/truth/). Step 1
(`export`, needs the current code) writes the readable resumes' text into a plain CSV export
(Candidate ID, names, email, Resume Text), so any version of the scorer can read the same text;
step 2 (`score`, runs on whatever `pipelines` is on PYTHONPATH, old or new) scores that export and
prints level / years-within-a-year / credentials-exact / wrongly-Senior against the truth.

    python bench/resume_accuracy.py export /tmp/resumes-export.csv
    python bench/resume_accuracy.py score /tmp/resumes-export.csv          # this checkout
    PYTHONPATH=<old checkout> python bench/resume_accuracy.py score /tmp/resumes-export.csv
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

import polars as pl

REPO = Path(__file__).resolve().parents[1]
STEM = "greenhouse_questions_medical_coder"
ZIP = REPO / "data" / "samples" / f"{STEM}-resumes.zip"
TRUTH = REPO / "data" / "samples" / "truth" / f"{STEM}-resumes.csv"
YEARS_TOLERANCE = 1.0
HEADER = ["Candidate ID", "First Name", "Last Name", "Email", "Resume Text"]


def _truth() -> pl.DataFrame:
    """One row per resume that can be read and belongs to a candidate (not the cover letter)."""
    truth = pl.read_csv(TRUTH, schema_overrides={"candidate_id": pl.String})
    return truth.filter(
        pl.col("candidate_id").is_not_null(),
        pl.col("expected_reason").is_null(),
        pl.col("naming") != "cover_letter",
    )


def export(target: Path) -> int:
    """Write the readable resumes as a CSV export (one row per candidate)."""
    from pipelines.documents import read_documents
    from pipelines.settings import load_settings

    documents = read_documents(ZIP, load_settings().documents).documents
    rows = _truth().join(documents.select("file", "text"), on="file", how="inner")
    with target.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for row in rows.iter_rows(named=True):
            writer.writerow(
                [
                    row["candidate_id"],
                    row["first_name"],
                    row["last_name"],
                    row["email"],
                    row["text"],
                ]
            )
    print(f"{rows.height} resumes written to {target}")
    return 0


def _screen(path: Path):
    """The scorer of whatever checkout is on the path (the entry point moved over time)."""
    from pipelines.settings import load_settings

    try:
        from pipelines.screening.stages import screen_file
    except ImportError:  # before the screening package
        from pipelines.screen import screen_file
    return screen_file(path, load_settings()).scored


def score(source: Path) -> int:
    """Score the export and print the four figures against the truth."""
    scored = _screen(source).select(
        pl.col("candidate_id").cast(pl.String),
        "level",
        "years_experience",
        pl.col("credentials").fill_null(""),
    )
    truth = _truth().select(
        "candidate_id",
        pl.col("level").alias("true_level"),
        pl.col("years").alias("true_years"),
        pl.col("credentials").fill_null("").alias("true_credentials"),
    )
    both = truth.join(scored, on="candidate_id", how="left")
    as_set = lambda column: (  # noqa: E731 - a one-line helper
        pl.col(column).str.split(",").list.eval(pl.element().str.strip_chars()).list.sort()
    )
    figures = both.select(
        pl.len().alias("resumes"),
        (pl.col("level") == pl.col("true_level")).sum().alias("level right"),
        ((pl.col("years_experience") - pl.col("true_years")).abs() <= YEARS_TOLERANCE)
        .fill_null(False)
        .sum()
        .alias("years within a year"),
        (as_set("credentials").list.join(",") == as_set("true_credentials").list.join(","))
        .sum()
        .alias("credentials exact"),
        ((pl.col("level") == "Senior") & (pl.col("true_level") != "Senior"))
        .sum()
        .alias("wrongly Senior"),
    ).row(0, named=True)
    total = figures.pop("resumes")
    for name, count in figures.items():
        print(f"{name:>20}: {count} of {total}")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Dispatch `export` or `score`."""
    parser = argparse.ArgumentParser(prog="python bench/resume_accuracy.py", description=__doc__)
    parser.add_argument("step", choices=["export", "score"])
    parser.add_argument("csv", type=Path)
    args = parser.parse_args(argv)
    return export(args.csv) if args.step == "export" else score(args.csv)


if __name__ == "__main__":
    sys.exit(main())
