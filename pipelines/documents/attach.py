"""Resume documents joined to the candidates they belong to: their text becomes evidence."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polars as pl

from pipelines.documents.match import match_documents
from pipelines.documents.read import DocumentSet
from pipelines.identity import identity
from pipelines.scoring.explanation import join_present
from pipelines.settings.documents import DocumentsConfig

_PERSON = "_document_person"
_MATCHED = ("resume_file", "resume_document_text", "document_issues")
ISSUE_SEPARATOR = "; "
TEXT_SEPARATOR = "\n\n"


def bundle_for(export: Path, config: DocumentsConfig) -> Path | None:
    """The resume bundle delivered beside `export` (config `bundle_names`), if there is one."""
    export = Path(export)
    for pattern in config.bundle_names:
        candidate = export.with_name(pattern.format(stem=export.stem))
        if candidate.exists():
            return candidate
    return None


@dataclass(frozen=True)
class Attached:
    """Candidates with their documents' text and file names, and the documents nobody got."""

    candidates: pl.DataFrame
    unmatched: pl.DataFrame


def attach_documents(
    candidates: pl.DataFrame, documents: DocumentSet, config: DocumentsConfig, keys: list[str]
) -> Attached:
    """Match documents to people (all applications of one person, by the dedupe keys, are one
    candidate for matching, so a person applying to two jobs is never "ambiguous"), then add
    each document's text to `resume_text`, its file name to `resume_file`, and any document that
    could not be read to `data_issues`."""
    person = pl.coalesce(identity(keys), pl.col("source_row").cast(pl.String))
    keyed = candidates.with_columns(person.alias(_PERSON))
    people = keyed.unique(_PERSON, keep="first", maintain_order=True)
    matched = match_documents(people, documents.documents, config)
    by_person = people.select("source_row", _PERSON).join(
        matched.candidates.select("source_row", *_MATCHED), on="source_row", how="left"
    )
    joined = keyed.join(by_person.drop("source_row"), on=_PERSON, how="left", maintain_order="left")
    resume = pl.concat_str(
        [pl.col("resume_text"), pl.col("resume_document_text")],
        separator=TEXT_SEPARATOR,
        ignore_nulls=True,
    )
    result = joined.with_columns(
        resume_text=pl.when(resume.str.len_chars() > 0).then(resume),
        data_issues=join_present(
            [pl.col("data_issues"), pl.col("document_issues")], ISSUE_SEPARATOR
        ),
    ).drop(_PERSON, "resume_document_text", "document_issues")
    return Attached(candidates=result, unmatched=matched.unmatched)
