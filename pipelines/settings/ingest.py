"""Model of config/ingest.toml: file guards, size limits, header search and CSV sniffing."""

from __future__ import annotations

from pydantic import Field, PositiveInt, field_validator

from pipelines.settings.base import StrictModel


class ZipLimits(StrictModel):
    """Guards for zip-based workbooks (.xlsx, .xlsm, .ods), checked before any parsing."""

    max_members: PositiveInt
    max_total_uncompressed_bytes: PositiveInt
    max_ratio: float = Field(gt=1)
    ratio_min_bytes: PositiveInt
    scan_chunk_bytes: PositiveInt
    max_sheet_cells: PositiveInt


class TextFormat(StrictModel):
    """How delimited text (.csv, .tsv, .txt) is decoded and split."""

    delimiters: list[str] = Field(min_length=1)
    sniff_bytes: PositiveInt
    fallback_encoding: str
    max_field_chars: PositiveInt
    max_control_ratio: float = Field(ge=0, le=1)

    @field_validator("delimiters")
    @classmethod
    def _single_chars(cls, value: list[str]) -> list[str]:
        """Each delimiter is one character."""
        bad = [d for d in value if len(d) != 1]
        if bad:
            raise ValueError(f"delimiters must be single characters, got {bad}")
        return value


class IngestConfig(StrictModel):
    """Everything in config/ingest.toml."""

    max_file_bytes: PositiveInt
    max_rows: PositiveInt
    max_columns: PositiveInt
    header_scan_rows: PositiveInt
    header_min_matches: PositiveInt
    header_examples: list[str] = Field(min_length=1)
    max_listed_rows: PositiveInt
    text_extensions: list[str] = Field(min_length=1)
    workbook_extensions: list[str] = Field(min_length=1)
    legacy_formats: dict[str, str]
    zip: ZipLimits
    text: TextFormat
