"""Match documents to candidates with joins on file-name keys and emails; never guess.

Rules, in order; the first rule that matches a document to anyone decides:
1. id: the candidate id, as whole words, in the file name (`10023_resume.pdf`, `CV-GH552.docx`).
2. name: the file name, less ignored words (`Resume`, `CV`...), numbers and single letters, is
   exactly the candidate's first and last name in either order, or the full name, ignoring case,
   accents, separators (`_ - . space ,`) and CamelCase (`JaneDoe_Resume.pdf`, `Doe, Jane - CV`).
3. email: the candidate's email address appears in the document's text.
A document matching 2+ candidates at that rule is assigned to nobody ("matches N candidates").
A candidate with several documents gets all of them, in file-name order.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from pipelines.settings.documents import DocumentsConfig, MatchingRules

CANDIDATE_COLUMNS = ("source_row", "candidate_id", "first_name", "last_name", "full_name", "email")
DOCUMENT_COLUMNS = ("file", "text", "reason")
RULES = {1: "candidate id", 2: "name", 3: "email"}
NO_MATCH = "matches no candidate"
# A file name's extension: what follows its last dot, when short and plain.
EXTENSION = r"\.[A-Za-z0-9]{1,5}$"
NUMBER = r"^\p{N}+$"


@dataclass(frozen=True)
class MatchResult:
    """What matching decided.

    - `candidates`: one row per input candidate (input order): `source_row`, `resume_file`,
      `resume_document_text`, `document_issues` (each null when there is nothing).
    - `documents`: one row per document, without text: `file`, `reason`, `rule`, `source_row`
      (null when not assigned), `matches` (candidates the deciding rule found).
    - `unmatched`: `file`, `reason` for each document assigned to nobody.
    """

    candidates: pl.DataFrame
    documents: pl.DataFrame
    unmatched: pl.DataFrame


def words(text: pl.Expr) -> pl.Expr:
    """Lower-case, accent-free words of `text`, split at separators, CamelCase and digits."""
    return (
        text.str.normalize("NFKD")
        .str.replace_all(r"\p{M}", "")
        .str.replace_all(r"(\p{Ll})(\p{Lu})", "${1} ${2}")
        .str.replace_all(r"(\p{Lu})(\p{Lu}\p{Ll})", "${1} ${2}")
        .str.replace_all(r"(\p{L})(\p{N})", "${1} ${2}")
        .str.replace_all(r"(\p{N})(\p{L})", "${1} ${2}")
        .str.to_lowercase()
        .str.replace_all(r"[^\p{L}\p{N}]+", " ")
        .str.strip_chars()
        .str.split(" ")
        .list.eval(pl.element().filter(pl.element() != ""))
    )


def name_words(text: pl.Expr, rules: MatchingRules) -> pl.Expr:
    """The words of `text` that can be a name: not ignored words, numbers or single letters."""
    element = pl.element()
    return words(text).list.eval(
        element.filter(
            ~element.is_in(rules.ignore_words)
            & ~element.str.contains(NUMBER)
            & (element.str.len_chars() >= rules.min_word_chars)
        )
    )


def _stem(file: pl.Expr) -> pl.Expr:
    """A document's base name without folders and extension."""
    return file.str.replace(r"^.*/", "").str.replace(EXTENSION, "")


def _id_hits(
    candidates: pl.DataFrame, documents: pl.DataFrame, rules: MatchingRules
) -> pl.DataFrame:
    """(file, source_row) where the candidate id's words occur consecutively in the file name."""
    ids = (
        candidates.select(
            "source_row",
            key=words(pl.col("candidate_id")),
            chars=pl.col("candidate_id").str.replace_all(r"[^\p{L}\p{N}]", "").str.len_chars(),
        )
        .filter(pl.col("chars") >= rules.min_id_chars, pl.col("key").list.len() > 0)
        .with_columns(size=pl.col("key").list.len(), key=pl.col("key").list.join(" "))
    )
    if ids.is_empty():
        return pl.DataFrame(
            schema={"file": pl.String, "source_row": candidates["source_row"].dtype}
        )
    longest = int(ids["size"].max())
    pieces = (
        documents.select("file", piece=words(_stem(pl.col("file"))))
        .explode("piece")
        .drop_nulls("piece")
    )
    grams = pl.concat(
        [
            pieces.select(
                "file",
                key=pl.concat_str(
                    [pl.col("piece").shift(-offset).over("file") for offset in range(size)],
                    separator=" ",
                ),
            ).drop_nulls("key")
            for size in range(1, longest + 1)
        ]
    ).unique()
    return grams.join(ids.select("key", "source_row"), on="key").select("file", "source_row")


def _name_keys(candidates: pl.DataFrame, rules: MatchingRules) -> pl.DataFrame:
    """(source_row, key): each way the candidate's name may be written, words run together."""
    first = name_words(pl.col("first_name"), rules)
    last = name_words(pl.col("last_name"), rules)
    full = name_words(pl.col("full_name"), rules)
    named = candidates.select("source_row", first=first, last=last, full=full)
    both = (pl.col("first").list.len() > 0) & (pl.col("last").list.len() > 0)
    enough = pl.col("first").list.len() + pl.col("last").list.len() >= rules.min_name_words
    first_key = pl.col("first").list.join("")
    last_key = pl.col("last").list.join("")
    full_ok = pl.col("full").list.len() >= rules.min_name_words
    full_key = pl.col("full").list.join("")
    rotated = pl.concat_str(
        [
            pl.col("full").list.last(),
            pl.col("full").list.head(pl.col("full").list.len() - 1).list.join(""),
        ]
    )
    keys = named.select(
        "source_row",
        key=pl.concat_list(
            pl.when(both & enough).then(pl.concat_str([first_key, last_key])),
            pl.when(both & enough).then(pl.concat_str([last_key, first_key])),
            pl.when(full_ok).then(full_key),
            pl.when(full_ok).then(rotated),
        ),
    )
    return keys.explode("key").drop_nulls("key").unique()


def _name_hits(
    candidates: pl.DataFrame, documents: pl.DataFrame, rules: MatchingRules
) -> pl.DataFrame:
    """(file, source_row) where the file name, less ignored words, is the candidate's name."""
    files = documents.select(
        "file", key=name_words(_stem(pl.col("file")), rules).list.join("")
    ).filter(pl.col("key") != "")
    return files.join(_name_keys(candidates, rules), on="key").select("file", "source_row")


def _email_hits(
    candidates: pl.DataFrame, documents: pl.DataFrame, rules: MatchingRules
) -> pl.DataFrame:
    """(file, source_row) where the candidate's email address occurs in the document's text."""
    found = (
        documents.select("file", email=pl.col("text").str.extract_all(rules.email_pattern))
        .explode("email")
        .drop_nulls("email")
        .with_columns(pl.col("email").str.to_lowercase())
        .unique()
    )
    emails = candidates.select(
        "source_row", email=pl.col("email").str.strip_chars().str.to_lowercase()
    ).drop_nulls("email")
    return found.join(emails, on="email").select("file", "source_row")


def _decisions(hits: pl.DataFrame, documents: pl.DataFrame) -> pl.DataFrame:
    """Per document: the deciding rule, how many candidates it found, the one assigned (or null)."""
    deciding = (
        hits.unique()
        .filter(pl.col("rule") == pl.col("rule").min().over("file"))
        .group_by("file")
        .agg(
            pl.col("rule").first(),
            pl.col("source_row").n_unique().alias("matches"),
            pl.col("source_row").first(),
        )
        .with_columns(
            pl.when(pl.col("matches") == 1).then(pl.col("source_row")).alias("source_row"),
            pl.col("rule").replace_strict(RULES, return_dtype=pl.String),
        )
    )
    return (
        documents.select("file", "reason")
        .join(deciding, on="file", how="left")
        .with_columns(pl.col("matches").fill_null(0).cast(pl.Int32))
        .sort("file")
    )


def _candidate_columns(
    candidates: pl.DataFrame, assigned: pl.DataFrame, rules: MatchingRules
) -> pl.DataFrame:
    """Per candidate: files read, their texts joined, and an issue for each file not read."""
    read = pl.col("reason").is_null()
    issue = pl.format("resume {}: {}, skipped", pl.col("file"), pl.col("reason"))
    per_candidate = (
        assigned.sort("file")
        .group_by("source_row", maintain_order=True)
        .agg(
            pl.col("file").filter(read).str.join(rules.file_separator).alias("resume_file"),
            pl.col("text")
            .filter(read)
            .str.join(rules.text_separator)
            .alias("resume_document_text"),
            issue.filter(~read).str.join("; ").alias("document_issues"),
        )
        .with_columns(
            pl.col(name).replace("", None)
            for name in ("resume_file", "resume_document_text", "document_issues")
        )
    )
    return candidates.select("source_row").join(
        per_candidate, on="source_row", how="left", maintain_order="left"
    )


def match_documents(
    candidates: pl.DataFrame, documents: pl.DataFrame, config: DocumentsConfig
) -> MatchResult:
    """Assign each document to at most one candidate (rules in the module docstring).

    `candidates` needs CANDIDATE_COLUMNS (id, names, email nullable, read as text; `source_row`
    unique);
    `documents` needs DOCUMENT_COLUMNS (`text` null and `reason` set when the file was not read).
    A document that was not read can still be matched by its file name: its reason becomes a
    data issue on that candidate. Pure polars; nothing is logged.
    """
    rules = config.matching
    candidates = candidates.select(CANDIDATE_COLUMNS).with_columns(
        pl.col("candidate_id", "first_name", "last_name", "full_name", "email").cast(pl.String)
    )
    documents = documents.select(DOCUMENT_COLUMNS)
    hits = pl.concat(
        [
            _id_hits(candidates, documents, rules).with_columns(rule=pl.lit(1)),
            _name_hits(candidates, documents, rules).with_columns(rule=pl.lit(2)),
            _email_hits(candidates, documents, rules).with_columns(rule=pl.lit(3)),
        ]
    )
    decided = _decisions(hits, documents)
    assigned = decided.filter(pl.col("source_row").is_not_null()).join(
        documents.select("file", "text"), on="file"
    )
    unread = pl.format(" ({}, not read)", pl.col("reason"))
    why = (
        pl.when(pl.col("matches") == 0)
        .then(pl.lit(NO_MATCH))
        .otherwise(pl.format("matches {} candidates", pl.col("matches")))
    )
    unmatched = decided.filter(pl.col("source_row").is_null()).select(
        "file",
        reason=pl.concat_str(
            [why, pl.when(pl.col("reason").is_not_null()).then(unread)], ignore_nulls=True
        ),
    )
    return MatchResult(
        candidates=_candidate_columns(candidates, assigned, rules),
        documents=decided,
        unmatched=unmatched,
    )
