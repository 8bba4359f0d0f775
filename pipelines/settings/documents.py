"""Model of config/documents.toml: resume document limits, matching words, protected lines."""

from __future__ import annotations

from pydantic import Field, PositiveInt, field_validator, model_validator

from pipelines.settings.base import StrictModel
from pipelines.settings.vocabulary import Regex, Word


class ArchiveLimits(StrictModel):
    """Guards for a zip (the resumes .zip, or one DOCX), checked before anything is inflated."""

    max_members: PositiveInt
    max_total_uncompressed_bytes: PositiveInt
    max_ratio: float = Field(gt=1)
    ratio_min_bytes: PositiveInt
    scan_chunk_bytes: PositiveInt


class MatchingRules(StrictModel):
    """How a document's file name and text are matched to one candidate."""

    min_id_chars: PositiveInt
    min_name_words: int = Field(ge=2)
    min_word_chars: PositiveInt
    file_separator: str = Field(min_length=1)
    text_separator: str = Field(min_length=1)
    ignore_words: list[Word]
    email_pattern: Regex

    @field_validator("ignore_words")
    @classmethod
    def _single_words(cls, value: list[str]) -> list[str]:
        """Each ignored word is one lower-case word (file names are compared word by word)."""
        bad = [word for word in value if word != word.strip().lower() or " " in word]
        if bad:
            raise ValueError(f"ignore_words must be single lower-case words, got {bad}")
        return value


class ProtectedContent(StrictModel):
    """Lines of document text that state protected attributes, removed before scoring sees text."""

    line_patterns: list[Regex] = Field(min_length=1)


class DocumentsConfig(StrictModel):
    """Everything in config/documents.toml."""

    max_documents: PositiveInt
    max_file_bytes: PositiveInt
    max_pages: PositiveInt
    max_text_chars: PositiveInt
    min_text_chars: PositiveInt
    fallback_encoding: str
    max_control_ratio: float = Field(ge=0, le=1)
    max_xml_depth: PositiveInt
    skip_names: list[Word]
    text_extensions: list[Word] = Field(min_length=1)
    rtf_extensions: list[Word] = Field(min_length=1)
    pdf_extensions: list[Word] = Field(min_length=1)
    docx_extensions: list[Word] = Field(min_length=1)
    bundle_names: list[Word] = Field(default_factory=list)
    archive: ArchiveLimits
    docx: ArchiveLimits
    matching: MatchingRules
    protected: ProtectedContent

    @field_validator("fallback_encoding")
    @classmethod
    def _known_encoding(cls, value: str) -> str:
        """The fallback encoding is one Python knows."""
        try:
            "".encode(value)
        except LookupError as exc:
            raise ValueError(f"unknown encoding {value!r}") from exc
        return value

    @model_validator(mode="after")
    def _extensions_distinct(self) -> DocumentsConfig:
        """No extension is listed under two document types."""
        lists = (self.text_extensions, self.rtf_extensions, self.pdf_extensions)
        names = [ext.lower() for group in (*lists, self.docx_extensions) for ext in group]
        duplicates = sorted({name for name in names if names.count(name) > 1})
        if duplicates:
            raise ValueError(f"extensions listed twice: {duplicates}")
        return self
