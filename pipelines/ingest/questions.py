"""Application-question headers by meaning: alias first, then ordered rules from config.

`map_headers` says, per header of an export, which canonical field it fills and how:

- `alias`     an exact alias of config/columns.toml (a user's mapping, always wins);
- `rule:<n>`  rule <n> of config/questions.toml classified the question as evidence;
- `carried`   not evidence (work authorization, salary, ...) or unknown: carried, never scored;
- `protected` a protected attribute (alias or rule): set aside, never scored.

Classifying is all this module does with answers' headers; `combine_answers` says how the answers
of several headers meaning one field become one value (texts joined with "; ", numbers: the
first answered header wins), and `mapping_report` prints the mapping with the lines to paste
into config/columns.toml.
"""

from __future__ import annotations

import json
from dataclasses import replace

import polars as pl

from pipelines.ingest.headers import alias_table, match_headers
from pipelines.ingest.result import IngestResult
from pipelines.scoring.patterns import bounded, format_number
from pipelines.settings.columns import ColumnsConfig
from pipelines.settings.questions import QuestionRule, QuestionsConfig
from pipelines.settings.vocabulary import VocabularyConfig
from pipelines.validate.parsing import parse_count, parse_percent, parse_years
from schemas.candidates import NUMERIC

HOW_ALIAS = "alias"
HOW_CARRIED = "carried"
HOW_PROTECTED = "protected"
RULE_PREFIX = "rule:"
JOINER = "; "
_SPACES = r"\s+"

MAPPING_SCHEMA = {
    "position": pl.Int64,
    "header": pl.String,
    "field": pl.String,
    "how": pl.String,
    "rule": pl.String,
    "scale": pl.Float64,
}
_NUMBER_PARSERS = {
    "years_experience": parse_years,
    "accuracy": parse_percent,
    "records_per_day": parse_count,
}


def header_text(expr: pl.Expr) -> pl.Expr:
    """A header as the rules read it: lowercased, whitespace runs as one space, trimmed."""
    return expr.str.to_lowercase().str.replace_all(_SPACES, " ").str.strip_chars()


def rule_matches(text: pl.Expr, rule: QuestionRule, vocabulary: VocabularyConfig) -> pl.Expr:
    """True when the header text holds every `all`, one `any` (or term), and no `none` word."""
    conditions = [text.str.contains(bounded([pattern])) for pattern in rule.all_of]
    anywhere = [
        *rule.any_of,
        *(p for group in rule.terms for term in getattr(vocabulary, group) for p in term.patterns),
    ]
    if anywhere:
        conditions.append(text.str.contains(bounded(anywhere)))
    if rule.none_of:
        conditions.append(~text.str.contains(bounded(rule.none_of)))
    return pl.all_horizontal(conditions).fill_null(False)


def _rules_table(questions: QuestionsConfig) -> pl.DataFrame:
    """One row per rule: `_rule_index`, `rule`, `kind`, `field`, `scale`."""
    rules = questions.rules
    return pl.DataFrame(
        {
            "_rule_index": list(range(len(rules))),
            "rule": [rule.name for rule in rules],
            "kind": [rule.kind for rule in rules],
            "field": [rule.field for rule in rules],
            "scale": [rule.scale for rule in rules],
        },
        schema={
            "_rule_index": pl.Int64,
            "rule": pl.String,
            "kind": pl.String,
            "field": pl.String,
            "scale": pl.Float64,
        },
    )


def classify_questions(
    headers: list[str | None], questions: QuestionsConfig, vocabulary: VocabularyConfig
) -> pl.DataFrame:
    """Per header (rules only, no aliases): `position`, `header`, `field`, `how`, `rule`, `scale`.

    The first matching rule decides; a header no rule matches is `carried` with a null rule.
    """
    text = header_text(pl.col("header"))
    matches = [rule_matches(text, rule, vocabulary) for rule in questions.rules]
    first = pl.when(matches[0]).then(pl.lit(0, pl.Int64))
    for index, match in enumerate(matches[1:], start=1):
        first = first.when(match).then(pl.lit(index, pl.Int64))
    how = (
        pl.when(pl.col("kind") == "evidence")
        .then(pl.concat_str([pl.lit(RULE_PREFIX), pl.col("rule")]))
        .when(pl.col("kind") == "protected")
        .then(pl.lit(HOW_PROTECTED))
        .otherwise(pl.lit(HOW_CARRIED))
    )
    frame = pl.DataFrame(
        {"position": list(range(len(headers))), "header": headers},
        schema={"position": pl.Int64, "header": pl.String},
    )
    return (
        frame.with_columns(_rule_index=first.otherwise(pl.lit(None, pl.Int64)))
        .join(_rules_table(questions), on="_rule_index", how="left")
        .sort("position")
        .select(
            "position",
            "header",
            "field",
            how.alias("how"),
            "rule",
            pl.when(pl.col("kind") == "evidence").then(pl.col("scale")).alias("scale"),
        )
    )


def map_headers(
    headers: list[str | None],
    columns: ColumnsConfig,
    questions: QuestionsConfig,
    vocabulary: VocabularyConfig,
) -> pl.DataFrame:
    """Per header: `position`, `header`, `field`, `how`, `rule`, `scale`; an alias always wins."""
    aliased = match_headers(headers, alias_table(columns)).select(
        "position",
        "header",
        pl.col("canonical").alias("field"),
        pl.when(pl.col("canonical").is_null())
        .then(None)
        .when(pl.col("protected"))
        .then(pl.lit(HOW_PROTECTED))
        .otherwise(pl.lit(HOW_ALIAS))
        .alias("how"),
        pl.lit(None, pl.String).alias("rule"),
        pl.lit(None, pl.Float64).alias("scale"),
    )
    ruled = classify_questions(headers, questions, vocabulary)
    result = (
        aliased.join(ruled, on="position", how="left", suffix="_rule")
        .with_columns(
            [
                pl.when(pl.col("how").is_null())
                .then(pl.col(f"{name}_rule"))
                .otherwise(pl.col(name))
                .alias(name)
                for name in ("field", "how", "rule", "scale")
            ]
        )
        .select(list(MAPPING_SCHEMA))
        .sort("position")
    )
    return result.cast(MAPPING_SCHEMA)


def combine_answers(
    mapping: pl.DataFrame, vocabulary: VocabularyConfig, joiner: str = JOINER
) -> dict[str, pl.Expr]:
    """Per evidence field with rule-mapped headers, one String expression over the frame.

    The frame holds the canonical columns plus each rule-mapped header as a column named by the
    header (as the reader carries unknown headers). Text fields join every filled answer with
    `joiner`, the alias column first; numeric fields take the first filled answer (alias column
    first, then headers in order), a header with a `scale` giving its parsed number x scale.
    """
    ruled = mapping.filter(pl.col("how").str.starts_with(RULE_PREFIX)).sort("position")
    combined: dict[str, pl.Expr] = {}
    for (field,), group in ruled.group_by("field", maintain_order=True):
        name = str(field)
        parts = [pl.col(name)]
        for header, scale in group.select("header", "scale").rows():
            part = pl.col(header).cast(pl.String)
            if scale is not None and name in _NUMBER_PARSERS:
                number = _NUMBER_PARSERS[name](part, vocabulary) * scale
                part = format_number(number, vocabulary.parsing.decimals)
            parts.append(part)
        if name in NUMERIC:
            combined[name] = pl.coalesce(parts)
        else:
            joined = pl.concat_str(parts, separator=joiner, ignore_nulls=True)
            combined[name] = pl.when(joined.str.len_chars() > 0).then(joined)
    return combined


def _toml_string(text: str) -> str:
    """A TOML basic string (JSON string escapes are valid TOML escapes)."""
    return json.dumps(text, ensure_ascii=False)


def _toml_line(name: str, aliases: list[str]) -> str:
    """`name = ["alias", ...]` on one line."""
    return f"{name} = [{', '.join(_toml_string(alias) for alias in aliases)}]"


def _described(how: str, field: str | None, rule: str | None, scale: float | None) -> str:
    """How one header maps, in words."""
    if how == HOW_ALIAS:
        return f"{field} (alias)"
    if how == HOW_PROTECTED:
        source = f"rule:{rule}" if rule else "alias"
        return f"{field} (protected, {source}; set aside, never scored)"
    if how.startswith(RULE_PREFIX):
        times = f", answers x {scale:g}" if scale is not None else ""
        return f"{field} ({how}{times})"
    reason = f"rule:{rule}" if rule else "no rule matched"
    return f"carried, not scored ({reason})"


def mapping_report(mapping: pl.DataFrame, columns: ColumnsConfig) -> list[str]:
    """Lines of `coder-screen columns EXPORT`: each header's mapping, then TOML to override.

    The TOML lines replace the matching lines of config/columns.toml: each adds the rule-mapped
    headers to the field's existing aliases, which then win over the rules on the next run.
    """
    lines = ["Header mapping (nothing is scored):"]
    rows = mapping.sort("position").select("header", "field", "how", "rule", "scale").rows()
    for header, field, how, rule, scale in rows:
        shown = "(no header)" if header is None else _toml_string(header)
        lines.append(f"  {shown} -> {_described(how, field, rule, scale)}")
    overrides: dict[str, dict[str, list[str]]] = {"aliases": {}, "protected": {}}
    for header, field, how, rule, _ in rows:
        if header is None or rule is None or field is None:
            continue
        table = "protected" if how == HOW_PROTECTED else "aliases"
        overrides[table].setdefault(field, []).append(header)
    if not any(overrides.values()):
        lines.append("Every header is an alias or carried; nothing to paste.")
        return lines
    lines += [
        "",
        "To keep or change a rule's choice, edit these lines and paste them over the same lines",
        "of config/columns.toml (an alias always wins over config/questions.toml):",
    ]
    scaled = mapping.filter(pl.col("scale").is_not_null()).select("header", "scale").rows()
    for table, fields in overrides.items():
        if not fields:
            continue
        existing = getattr(columns, table)
        lines.append(f"[{table}]")
        for field, headers in fields.items():
            lines.append(_toml_line(field, [*existing.get(field, []), *headers]))
    lines += [
        f"# {_toml_string(header)}: the rule multiplies its answers by {scale:g}; "
        "as an alias they are read as written"
        for header, scale in scaled
    ]
    return lines


# The column telling the scorer a canonical numeric field was filled by an answer, not a column.
ANSWERED_SUFFIX = "_answered"


def applied_mapping(ingested: IngestResult, columns: ColumnsConfig, ruled: pl.DataFrame) -> list:
    """Every header of the export with how it was read: alias / protected (columns.toml), then
    the question rules' verdict on the headers no alias names."""
    protected = set(columns.protected_columns)
    rows = [
        {
            "header": header,
            "field": canonical,
            "how": HOW_PROTECTED if canonical in protected else HOW_ALIAS,
            "rule": None,
            "scale": None,
        }
        for header, canonical in ingested.mapping.items()
    ]
    rows += ruled.select("header", "field", "how", "rule", "scale").to_dicts()
    return rows


def mapping_frame(header_mapping: list[dict[str, object]]) -> pl.DataFrame:
    """An export's applied header mapping as the frame `mapping_report` prints."""
    rows = [
        {"position": i, **{k: row.get(k) for k in MAPPING_SCHEMA if k != "position"}}
        for i, row in enumerate(header_mapping)
    ]
    return pl.DataFrame(rows, schema=MAPPING_SCHEMA)


def apply_questions(
    ingested: IngestResult,
    columns: ColumnsConfig,
    questions: QuestionsConfig,
    vocabulary: VocabularyConfig,
) -> IngestResult:
    """Read the headers no alias names by meaning: evidence answers fill their canonical field
    (and stay carried through, so the recruiter sees the answer as given); protected questions
    leave the frame for the protected table; other questions stay carried, never scored."""
    ruled = classify_questions(list(ingested.unknown_headers), questions, vocabulary)
    frame, protected = ingested.frame, ingested.protected
    evidence = ruled.filter(pl.col("how").str.starts_with(RULE_PREFIX))
    answered = {}
    if evidence.height:
        combined = combine_answers(evidence, vocabulary)
        answered = {
            f"{name}{ANSWERED_SUFFIX}": pl.col(name).is_null() & expr.is_not_null()
            for name, expr in combined.items()
            if name in NUMERIC
        }
        frame = frame.with_columns(**answered).with_columns(**combined)
    set_aside = ruled.filter(pl.col("how") == HOW_PROTECTED).select("header", "field").rows()
    if set_aside:
        moved = frame.select("source_row", *(pl.col(h).alias(f"{f}\x00{h}") for h, f in set_aside))
        for header, field in set_aside:
            value = moved.get_column(f"{field}\x00{header}")
            if field in protected.columns:
                protected = protected.with_columns(pl.coalesce(field, value).alias(field))
            else:
                protected = protected.with_columns(value.alias(field))
        frame = frame.drop([header for header, _ in set_aside])
    gone = {header for header, _ in set_aside}
    labels = dict(ingested.mapping) | {
        header: field for header, field in evidence.select("header", "field").rows()
    }
    return replace(
        ingested,
        frame=frame,
        protected=protected,
        extra_columns=[c for c in ingested.extra_columns if c not in gone],
        unknown_headers=[h for h in ingested.unknown_headers if h not in gone],
        mapping=labels,
        header_mapping=applied_mapping(ingested, columns, ruled),
    )
