"""The question-header sample's resume documents: one zip whose resumes agree with the answers.

`python -m pipelines.synthetic.question_resumes` writes
`data/samples/greenhouse_questions_medical_coder-resumes.zip` (picked up by `make run` as that
export's resume bundle) and `data/samples/truth/greenhouse_questions_medical_coder-resumes.csv`.
Each candidate's resume states the years and credentials the export's answers give (a candidate
who did not answer the years question gets `DEFAULT_YEARS` of dated coding jobs, so the job
history is the only source of their years).
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from pipelines.synthetic.questions_sample import SAMPLES_DIR, load_spec, question_sample
from pipelines.synthetic.resume_documents import write_resume_zip

DEFAULT_YEARS = 4.0
# Years bands of config/scoring.toml [levels], for the truth file's level.
LEVEL_FROM = (("Senior", 5.0), ("Mid", 2.0), ("Junior", 0.0))


def _level(years: pl.Expr) -> pl.Expr:
    """The band a number of years falls in."""
    chain = pl.when(years >= LEVEL_FROM[0][1]).then(pl.lit(LEVEL_FROM[0][0]))
    for name, low in LEVEL_FROM[1:]:
        chain = chain.when(years >= low).then(pl.lit(name))
    return chain


def candidates_with_truth() -> tuple[pl.DataFrame, str]:
    """The sample's candidates with the level, years and credentials their answers state."""
    spec = load_spec()
    export, truth = question_sample(spec)
    answers = truth.filter(pl.col("field").is_in(["years_experience", "certifications"]))
    wide = answers.pivot(on="field", index="candidate_id", values="expected")
    years = pl.col("years_experience").cast(pl.Float64, strict=False).fill_null(DEFAULT_YEARS)
    people = export.select(
        pl.col("Candidate ID").alias("candidate_id"),
        pl.col("First Name").alias("first_name"),
        pl.col("Last Name").alias("last_name"),
        pl.col("Email").alias("email"),
    ).join(wide, on="candidate_id", how="left", maintain_order="left")
    people = people.with_columns(
        years_experience=years,
        certifications=pl.when(~pl.col("certifications").is_in(["", "none"])).then(
            pl.col("certifications").str.replace_all(r"\|", ", ")
        ),
    ).with_columns(level=_level(pl.col("years_experience")))
    return people, Path(spec.file).stem


def main() -> int:
    """Write the zip and its truth file; print their paths (never candidate data)."""
    people, stem = candidates_with_truth()
    for path in write_resume_zip(people, SAMPLES_DIR / f"{stem}-resumes.zip"):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
