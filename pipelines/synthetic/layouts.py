"""ATS export layouts: headers and how each is filled from the generated candidate frame."""

from __future__ import annotations

import polars as pl

DATETIME_TEXT = "%Y-%m-%d %H:%M:%S"
DATE_TEXT = "%Y-%m-%d"


def number_text(column: str) -> pl.Expr:
    """A number as plain text: `3` for 3.0, `3.5` for 3.5, null stays null."""
    value = pl.col(column).cast(pl.Float64)
    return (
        pl.when(value == value.floor())
        .then(value.cast(pl.Int64).cast(pl.String))
        .otherwise(value.cast(pl.String))
    )


def percent_text(column: str) -> pl.Expr:
    """A percentage as recruiters type it: `97.5%`."""
    return pl.format("{}%", number_text(column))


def greenhouse(candidates: pl.DataFrame) -> pl.DataFrame:
    """Greenhouse candidate export: typed cells (ids, dates, years) as Excel would hold them."""
    return candidates.select(
        pl.col("candidate_id").alias("Candidate ID"),
        pl.col("first_name").alias("First Name"),
        pl.col("last_name").alias("Last Name"),
        pl.col("email").alias("Email"),
        pl.col("phone").alias("Phone"),
        pl.col("job").alias("Job"),
        pl.col("applied_at").alias("Applied On"),
        pl.col("source").alias("Source"),
        pl.col("current_company").alias("Current Company"),
        pl.col("current_title").alias("Title"),
        pl.col("years_experience").alias("Years of Experience"),
        pl.col("certifications").alias("Certifications"),
        percent_text("accuracy").alias("Coding Accuracy"),
        pl.col("hipaa").alias("HIPAA Training"),
        pl.col("specialties").alias("Specialties"),
        pl.col("resume_text").alias("Resume Text"),
        pl.col("gender").alias("Gender"),
        pl.col("race").alias("Race"),
        pl.col("veteran_status").alias("Veteran Status"),
        pl.col("disability_status").alias("Disability Status"),
    )


def lever(candidates: pl.DataFrame) -> pl.DataFrame:
    """Lever candidate export: every value as text."""
    return candidates.select(
        pl.col("full_name").alias("Full Name"),
        pl.col("email").alias("Email"),
        pl.col("phone").alias("Phone"),
        pl.col("current_company").alias("Current company"),
        pl.col("location").alias("Current Location"),
        pl.col("source").alias("Sources"),
        pl.col("resume_text").alias("Resume"),
        pl.col("applied_at").dt.strftime(DATETIME_TEXT).alias("Date-Added"),
        pl.col("stage").alias("Stage"),
        number_text("years_experience").alias("Years Experience"),
        pl.col("certifications").alias("Credentials"),
        percent_text("accuracy").alias("Accuracy Rate"),
        pl.col("records_per_day").cast(pl.String).alias("Charts per Day"),
    )


def bullhorn(candidates: pl.DataFrame) -> pl.DataFrame:
    """Bullhorn candidate export: text, HTML description, demographics and date of birth."""
    return candidates.select(
        pl.col("first_name").alias("firstName"),
        pl.col("last_name").alias("lastName"),
        pl.col("email").alias("email"),
        pl.col("phone").alias("mobile"),
        pl.col("current_title").alias("occupation"),
        pl.format("{} years", number_text("years_experience")).alias("experience"),
        pl.col("certifications").alias("certifications"),
        pl.col("skills").alias("skillSet"),
        pl.format("<p>{}</p>", pl.col("resume_text")).alias("description"),
        pl.col("gender").alias("gender"),
        pl.col("race").alias("ethnicity"),
        pl.col("date_of_birth").dt.strftime(DATE_TEXT).alias("dateOfBirth"),
    )


def plain(candidates: pl.DataFrame) -> pl.DataFrame:
    """Benchmark layout with common custom-question headers, every value as text."""
    return candidates.select(
        pl.col("candidate_id").cast(pl.String).alias("Candidate ID"),
        pl.col("full_name").alias("Name"),
        pl.col("email").alias("Email Address"),
        pl.col("phone").alias("Phone Number"),
        pl.col("current_title").alias("Current Title"),
        pl.col("current_company").alias("Current Company"),
        pl.col("applied_at").dt.strftime(DATETIME_TEXT).alias("Applied On"),
        pl.col("source").alias("Source"),
        number_text("years_experience").alias("Years of Experience"),
        pl.col("certifications").alias("Certifications"),
        percent_text("accuracy").alias("Coding Accuracy"),
        pl.col("records_per_day").cast(pl.String).alias("Charts per Day"),
        pl.col("hipaa").alias("HIPAA Training"),
        pl.col("specialties").alias("Specialties"),
        pl.col("skills").alias("Skills"),
        pl.col("education").alias("Education"),
        pl.col("resume_text").alias("Resume Text"),
    )
