"""Models of the workbook's config: config/report.toml (layout and the words on it) and, with it,
config/interview_guide.toml (the guide's content) and the score maximum of config/scoring.toml."""

from __future__ import annotations

import difflib
import re
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator, model_validator

from pipelines.settings.base import StrictModel, load_model
from pipelines.settings.guide import GuideConfig
from schemas.names import FLAG_COLUMNS, INDICATOR_COLUMNS, LEVELS, RECOMMENDATIONS
from schemas.workbook import ranked_keys

REPORT_FILE = "report.toml"
GUIDE_FILE = "interview_guide.toml"

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
    level: dict[Literal[LEVELS], ValueStyle]
    recommendation: dict[Literal[RECOMMENDATIONS], ValueStyle]

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

    level: Literal[LEVELS]
    labels: dict[Literal[INDICATOR_COLUMNS], str] = Field(min_length=1)


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

    @model_validator(mode="after")
    def _known_keys(self) -> RankedConfig:
        """Every column and evidence key names a column the Ranked sheet can have (a key that
        names none would be left off the sheet without a word)."""
        known = ranked_keys(self.indicators.key)
        named = [(f"columns[{i}].key", c.key) for i, c in enumerate(self.columns)]
        named += [(f"evidence[{i}].key", p.key) for i, p in enumerate(self.evidence)]
        for where, key in named:
            if key not in known:
                near = difflib.get_close_matches(key, sorted(known), n=1)
                hint = f"; did you mean {near[0]!r}?" if near else ""
                raise ValueError(f"{where} {key!r} names no column of the Ranked sheet{hint}")
        return self


class FlagConfig(StrictModel):
    """A red flag's name in sentences, and what its cell shows when the export did not state
    its fact (`ask`)."""

    label: str
    ask: str


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


class ReportLayout(StrictModel):
    """Everything config/report.toml holds: sheets, columns, widths, colours, limits, package,
    and the words that label them (they are laid out with the columns they name)."""

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
    flags: dict[Literal[FLAG_COLUMNS], FlagConfig]
    summary: SummaryConfig
    about: AboutConfig
    labels: LabelsConfig

    @model_validator(mode="after")
    def _every_flag(self) -> ReportLayout:
        missing = [flag for flag in FLAG_COLUMNS if flag not in self.flags]
        if missing:
            raise ValueError(f"flags: missing {missing}")
        return self

    @model_validator(mode="after")
    def _asks_marked(self) -> ReportLayout:
        """Every flag's `ask` starts with `text.ask_prefix` (its cells are styled by it)."""
        prefix = self.text.ask_prefix
        unmarked = sorted(k for k, f in self.flags.items() if not f.ask.startswith(prefix))
        if unmarked:
            raise ValueError(f"flags.<name>.ask must start with {prefix!r}: {unmarked}")
        return self


class ReportConfig(ReportLayout):
    """What the workbook is written from: report.toml's layout, interview_guide.toml's content,
    and the score maximum (scoring.toml `weights.score_max`, set once there)."""

    guide: GuideConfig
    score_max: int | float

    @field_validator("score_max", mode="before")
    @classmethod
    def _whole(cls, value: float) -> int | float:
        """A whole maximum as an int: the data bar and the histogram show 100, not 100.0."""
        return int(value) if isinstance(value, float) and value.is_integer() else value


def load_report(directory: Path, score_max: float) -> ReportConfig:
    """report.toml and interview_guide.toml from `directory`; ConfigError names file and key."""
    layout = load_model(directory / REPORT_FILE, ReportLayout)
    guide = load_model(directory / GUIDE_FILE, GuideConfig)
    return ReportConfig(**dict(layout), guide=guide, score_max=score_max)
