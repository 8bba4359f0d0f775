"""Why a document was not read: a closed set, shown to recruiters as written here."""

from __future__ import annotations

from enum import StrEnum


class Reason(StrEnum):
    """The one reason a document's text is not used."""

    NO_TEXT = "no text layer"
    ENCRYPTED = "encrypted"
    DAMAGED = "damaged"
    TOO_LARGE = "too large"
    TOO_MANY_PAGES = "too many pages"
    UNSAFE = "unsafe"
    UNSUPPORTED = "unsupported type"
