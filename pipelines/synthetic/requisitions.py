"""The three-requisition Workday-shaped sample: applications to three coding jobs in one export."""

from __future__ import annotations

import csv
import io
import random
from datetime import date, timedelta
from pathlib import Path

from pydantic import Field, model_validator

from pipelines.settings.base import StrictModel, load_model
from pipelines.synthetic.csv_export import WINDOWS_NEWLINE
from pipelines.synthetic.profile import load_profile

SPEC_PATH = Path(__file__).with_name("requisitions.toml")
ENCODING = "utf-8"


class Job(StrictModel):
    """One requisition."""

    id: str
    title: str


class Archetype(StrictModel):
    """The cells one kind of applicant fills ({years} in the resume is the years cell)."""

    title: str
    years: list[int] = Field(min_length=2, max_length=2)
    certifications: str
    expires: str = ""
    accuracy: str
    charts: str
    hipaa: str
    resume: str


class Row(StrictModel):
    """One application: a job and an archetype, or the same person as an earlier row."""

    job: str
    archetype: str | None = None
    stage: str | None = None
    same_as: int | None = Field(default=None, ge=0)

    @model_validator(mode="after")
    def _one_source(self) -> Row:
        if (self.archetype is None) == (self.same_as is None):
            raise ValueError("a row needs exactly one of archetype and same_as")
        return self


class RequisitionsSpec(StrictModel):
    """Everything in requisitions.toml."""

    file: str
    seed: int
    title_row: str
    header: list[str]
    stages: list[str] = Field(min_length=1)
    sources: list[str] = Field(min_length=1)
    applied_from: date
    applied_days: int = Field(gt=0)
    jobs: dict[str, Job]
    archetypes: dict[str, Archetype]
    rows: list[Row] = Field(min_length=1)


def _person(index: int, rng: random.Random, first: list[str], last: list[str]) -> dict[str, str]:
    """Identity cells of a new person (fictional 555-01xx phones, example.* emails)."""
    given, family = rng.choice(first), rng.choice(last)
    return {
        "Candidate_ID": f"C{70100 + index}",
        "Candidate_Name": f"{given} {family}",
        "Email_Address": f"{given.lower()}.{family.lower()}{index}@example.com",
        "Phone_Number": f"(614) 555-01{index % 100:02d}",
    }


def requisition_rows(spec: RequisitionsSpec) -> list[dict[str, str]]:
    """The sample's data rows, one dict per application, deterministic for the spec's seed."""
    names = load_profile().identity
    rng = random.Random(spec.seed)
    rows: list[dict[str, str]] = []
    for index, row in enumerate(spec.rows):
        job = spec.jobs[row.job]
        applied = spec.applied_from + timedelta(days=rng.randrange(spec.applied_days))
        if row.same_as is not None:
            if row.same_as >= index:
                raise ValueError(f"rows[{index}].same_as must name an earlier row")
            cells = dict(rows[row.same_as])
        else:
            kind = spec.archetypes[row.archetype]
            years = rng.randint(*kind.years)
            cells = {
                **_person(index, rng, names.first_names, names.last_names),
                "Source": rng.choice(spec.sources),
                "Current_Job_Title": kind.title,
                "Years_of_Medical_Coding_Experience": str(years) if years else "",
                "Certifications": kind.certifications,
                "Certification_Expiration": kind.expires,
                "Coding_Accuracy": kind.accuracy,
                "Charts_per_Day": kind.charts,
                "HIPAA_Training": kind.hipaa,
                "Resume_Text": kind.resume.format(years=years),
            }
        cells.update(
            {
                "Job_Requisition_ID": job.id,
                "Job_Posting_Title": job.title,
                "Candidate_Stage": row.stage or rng.choice(spec.stages),
                "Date_Applied": applied.strftime("%m/%d/%Y"),
            }
        )
        rows.append(cells)
    return rows


def write_requisitions(out_dir: Path, spec: RequisitionsSpec | None = None) -> Path:
    """Write the sample CSV (report-title row, header, rows; UTF-8, CRLF) and return its path."""
    spec = spec or load_model(SPEC_PATH, RequisitionsSpec)
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator=WINDOWS_NEWLINE)
    writer.writerow([spec.title_row])
    writer.writerow(spec.header)
    writer.writerows(
        [[row.get(name, "") for name in spec.header] for row in requisition_rows(spec)]
    )
    path = Path(out_dir) / spec.file
    path.write_bytes(buffer.getvalue().encode(ENCODING))
    return path
