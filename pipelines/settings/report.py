"""Model of config/report.toml: workbook sheet names, texts, colours, limits, interview guide."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import Field, field_validator, model_validator

from pipelines.settings.base import StrictModel

HexColour = str
ColumnKind = Literal[
    "text", "wrap", "integer", "decimal", "percent", "date", "datetime", "yesno", "flag", "email"
]
ColumnCue = Literal["bar", "level", "recommendation", "flag", "count", "decision"]

_HEX = re.compile(r"^[0-9A-Fa-f]{6}$")
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_SHEET_NAME_MAX = 31  # Excel's limit on sheet names


def _check_hex(value: str | None) -> str | None:
    """Accept RRGGBB colours only."""
    if value is not None and not _HEX.match(value):
        raise ValueError(f"colour must be 6 hex digits RRGGBB, got {value!r}")
    return value


class LimitsConfig(StrictModel):
    """Excel limits and sizes."""

    max_rows_per_sheet: int = Field(ge=4, le=1_048_576)
    max_cell_chars: int = Field(ge=64, le=32_767)
    max_link_chars: int = Field(ge=16, le=2_079)
    max_header_chars: int = Field(ge=8, le=255)
    snippet_chars: int = Field(ge=0)
    top_candidates: int = Field(ge=1)
    write_chunk_rows: int = Field(ge=1)
    histogram_bin_width: int = Field(ge=1)
    score_max: int = Field(ge=1)


class PackageConfig(StrictModel):
    """How the workbook's zip package is written."""

    deflate_level: int = Field(ge=0, le=9)


class SheetNames(StrictModel):
    """Names of the workbook's sheets."""

    ranked: str
    summary: str
    guide: str
    rejected: str
    duplicates: str
    about: str
    all_jobs: str

    @model_validator(mode="after")
    def _valid_names(self) -> SheetNames:
        names = list(self.model_dump().values())
        for name in names:
            if not name or len(name) > _SHEET_NAME_MAX or _SHEET_FORBIDDEN.search(name):
                raise ValueError(f"invalid Excel sheet name {name!r}")
        if len({n.casefold() for n in names}) != len(names):
            raise ValueError("sheet names must be unique")
        return self


class TextConfig(StrictModel):
    """Words and patterns the workbook uses."""

    yes: str
    ask_prefix: str = Field(min_length=1)
    list_separator: str
    truncation_marker: str
    snippet_marker: str
    rows_left_out: str
    no_rows: str
    mailto_prefix: str
    email_pattern: str
    footer_left: str
    footer_center: str
    footer_right: str

    @field_validator("email_pattern")
    @classmethod
    def _compiles(cls, value: str) -> str:
        re.compile(value)
        return value


class FormatsConfig(StrictModel):
    """Excel number formats by column kind."""

    integer: str
    decimal: str
    percent: str
    date: str
    datetime: str


class ValueStyle(StrictModel):
    """Look of one category value (a level or a recommendation)."""

    fill: HexColour | None = None
    font: HexColour = "000000"
    bold: bool = False
    italic: bool = False

    @field_validator("fill", "font")
    @classmethod
    def _hex(cls, value: str | None) -> str | None:
        return _check_hex(value)


class StyleConfig(StrictModel):
    """Colours and widths."""

    table_style: str
    font_name: str
    font_size: float = Field(gt=0)
    line_height: float = Field(gt=0)
    chars_per_width: float = Field(gt=0)
    max_lines: int = Field(ge=1)
    default_width: float = Field(gt=0)
    min_width: float = Field(gt=0)
    max_width: float = Field(gt=0)
    header_fill: HexColour
    header_font_colour: HexColour
    section_fill: HexColour
    link_font_colour: HexColour
    score_bar_colour: HexColour
    flag_fill: HexColour
    flag_font_colour: HexColour
    ask_fill: HexColour
    ask_font_colour: HexColour
    legend_font_colour: HexColour
    title_font_size: float = Field(gt=0)
    level: dict[str, ValueStyle]
    recommendation: dict[str, ValueStyle]

    @field_validator(
        "header_fill",
        "header_font_colour",
        "section_fill",
        "link_font_colour",
        "score_bar_colour",
        "flag_fill",
        "flag_font_colour",
        "ask_fill",
        "ask_font_colour",
        "legend_font_colour",
    )
    @classmethod
    def _hex(cls, value: str) -> str:
        return _check_hex(value) or value


class RecruiterConfig(StrictModel):
    """The columns the recruiter fills in."""

    decision_choices: list[str] = Field(min_length=1)
    decision_prompt_title: str
    decision_prompt: str
    decision_error: str

    @field_validator("decision_choices")
    @classmethod
    def _no_commas(cls, value: list[str]) -> list[str]:
        if any("," in c or '"' in c for c in value):
            raise ValueError("decision choices cannot contain commas or quotes")
        return value


class ColumnSpec(StrictModel):
    """One column of the Ranked sheet."""

    key: str
    header: str
    kind: ColumnKind = "text"
    width: float | None = Field(default=None, gt=0)
    cue: ColumnCue | None = None
    about: str = ""


class EvidencePart(StrictModel):
    """One column's value in the one-line "Key evidence" summary."""

    key: str
    prefix: str = ""
    suffix: str = ""


class IndicatorGroup(StrictModel):
    """Indicators of one level: column key -> its name in the "Indicators" list."""

    level: str
    labels: dict[str, str] = Field(min_length=1)


class IndicatorsConfig(StrictModel):
    """One text column listing the indicators found, in place of one Yes column per indicator."""

    key: str
    prefix: str = Field(min_length=1)
    level_separator: str
    label_separator: str
    groups: list[IndicatorGroup]


class RankedConfig(StrictModel):
    """Column order and layout of the Ranked sheet."""

    freeze_after: str
    print_through: str
    omit: list[str]
    indicators: IndicatorsConfig
    prefix_kinds: dict[str, ColumnKind]
    prefix_about: dict[str, str]
    evidence: list[EvidencePart]
    columns: list[ColumnSpec] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique(self) -> RankedConfig:
        keys = [c.key for c in self.columns]
        headers = [c.header.casefold() for c in self.columns]
        if len(set(keys)) != len(keys) or len(set(headers)) != len(headers):
            raise ValueError("column keys and headers must be unique")
        for anchor in (self.freeze_after, self.print_through):
            if anchor not in keys:
                raise ValueError(f"{anchor!r} is not a configured column")
        return self


class FlagConfig(StrictModel):
    """A red flag's name in sentences, what to probe in the interview, and what to ask when
    the export did not state its fact."""

    label: str
    ask: str
    probe: str


class Question(StrictModel):
    """One interview question from the seed."""

    id: str
    level: str
    short: str
    question: str
    good_answer: str


class AskDefault(StrictModel):
    """Questions for a level not listed in ask_by_level."""

    ids: list[str]


class GuideConfig(StrictModel):
    """The Interview guide sheet and which questions each level gets."""

    title: str
    intro: str
    probe_title: str
    questions: list[Question] = Field(min_length=1)
    ask_by_level: dict[str, list[str]]
    ask_default: AskDefault

    @model_validator(mode="after")
    def _known_ids(self) -> GuideConfig:
        ids = [q.id for q in self.questions]
        if len(set(ids)) != len(ids):
            raise ValueError("question ids must be unique")
        asked = [i for v in self.ask_by_level.values() for i in v] + self.ask_default.ids
        unknown = sorted(set(asked) - set(ids))
        if unknown:
            raise ValueError(f"unknown question ids {unknown}")
        return self


class JobsConfig(StrictModel):
    """Sheets of an export holding several jobs: limits, marks and texts."""

    per_job_min: int = Field(ge=2)
    per_job_max: int = Field(ge=2)
    no_job: str = Field(min_length=1)
    lead_columns: list[str]
    too_many: str
    mark_when: str
    mark_columns: list[str]
    mark: ValueStyle
    legend_mark: str
    summary_title: str
    summary_flagged: str
    summary_marked: str
    top_per_job: int = Field(ge=1)
    top_title: str
    about_title: str
    about_header: str
    about_row: str

    @model_validator(mode="after")
    def _ordered(self) -> JobsConfig:
        if self.per_job_max < self.per_job_min:
            raise ValueError("per_job_max must be at least per_job_min")
        return self


class SummaryConfig(StrictModel):
    """Titles of the Summary sheet."""

    title: str
    run_title: str
    accounting_title: str
    level_title: str
    recommendation_title: str
    flag_title: str
    histogram_title: str
    top_title: str
    count_header: str
    accounting_mismatch: str
    evidence_title: str
    evidence_header: str
    evidence_note: str
    evidence_labels: dict[str, str]
    chart_width_cm: float = Field(gt=0)
    chart_height_cm: float = Field(gt=0)


class AboutConfig(StrictModel):
    """Texts of the About sheet."""

    title: str
    how_title: str
    how: list[str]
    legend_title: str
    legend_score: str
    legend_flag: str
    config_title: str
    config_missing: str
    glossary_title: str
    glossary_other: str
    run_title: str
    hashes_title: str
    versions_title: str
    rule_hits_title: str
    rule_hits_note: str
    code_hash_label: str
    columns_title: str
    columns_header: list[str] = Field(min_length=3, max_length=3)
    columns_how: dict[str, str]
    columns_note: str
    documents_title: str
    documents_source: str
    documents_unmatched: str
    documents_none: str


class LabelsConfig(StrictModel):
    """Labels and table headers of the Summary, Interview guide and About sheets."""

    level: str
    recommendation: str
    red_flag: str
    score: str
    probe: str
    question_id: str
    question: str
    good_answer: str
    input_file: str
    input_path: str
    input_sha256: str
    sheet: str
    header_row: str
    run_started: str
    run_finished: str
    seconds: str
    rows_read: str
    ranked: str
    rejected: str
    duplicates: str
    blank_rows: str
    accounted: str
    warnings: str
    setting: str
    value: str
    column: str
    meaning: str
    file: str
    sha256: str
    component: str
    version: str
    job: str
    profile: str


class ReportConfig(StrictModel):
    """Everything config/report.toml holds."""

    limits: LimitsConfig
    package: PackageConfig
    sheets: SheetNames
    text: TextConfig
    formats: FormatsConfig
    style: StyleConfig
    recruiter: RecruiterConfig
    jobs: JobsConfig
    ranked: RankedConfig
    extra_columns: list[ColumnSpec]
    flags: dict[str, FlagConfig]
    guide: GuideConfig
    summary: SummaryConfig
    about: AboutConfig
    labels: LabelsConfig

    @model_validator(mode="after")
    def _asks_marked(self) -> ReportConfig:
        """Every flag's `ask` starts with `text.ask_prefix` (its cells are styled by it)."""
        unmarked = sorted(
            k for k, f in self.flags.items() if not f.ask.startswith(self.text.ask_prefix)
        )
        if unmarked:
            raise ValueError(
                f"flags.<name>.ask must start with {self.text.ask_prefix!r}: {unmarked}"
            )
        return self
