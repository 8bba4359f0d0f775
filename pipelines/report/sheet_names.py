"""Sheet names Excel accepts, made from any text: allowed characters, 31 at most, unique."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from pipelines.report.safety import XML_ILLEGAL_CHARS

MAX_TITLE_CHARS = 31  # Excel refuses longer sheet names
FORBIDDEN_CHARS = r"[\[\]:*?/\\]"  # Excel refuses these anywhere in a sheet name
_FORBIDDEN_RE = re.compile(f"{FORBIDDEN_CHARS}|{XML_ILLEGAL_CHARS}")
EDGE_CHARS = "' "  # a sheet name may not start or end with an apostrophe; spaces go with them
RESERVED_TITLES = ("History",)  # Excel keeps this name for its change-tracking sheet
DEFAULT_TITLE = "Sheet"


def _tidy(name: str) -> str:
    """`name` with forbidden characters as spaces ("Coder I/II" stays two words), on one line,
    cut to Excel's limit, edges trimmed."""
    text = " ".join(_FORBIDDEN_RE.sub(" ", name).split()).strip(EDGE_CHARS)
    return text[:MAX_TITLE_CHARS].strip(EDGE_CHARS)


def sheet_title(name: str, taken: Iterable[str], default: str = DEFAULT_TITLE) -> str:
    """A sheet name Excel accepts for `name`, unique (case-insensitively) among `taken`.

    Forbidden characters (`[ ] : * ? / \\` and control characters) become spaces, leading and
    trailing apostrophes stripped, the name cut to 31 characters; an empty result falls back to
    `default`. A name already taken (or reserved by Excel) gets ` (2)`, ` (3)`, ... within 31.
    """
    used = {title.casefold() for title in (*taken, *RESERVED_TITLES)}
    base = _tidy(name) or _tidy(default) or DEFAULT_TITLE
    title, number = base, 2
    while title.casefold() in used:
        suffix = f" ({number})"
        title = base[: MAX_TITLE_CHARS - len(suffix)].strip(EDGE_CHARS) + suffix
        number += 1
    return title


def sheet_titles(
    names: Iterable[str | None], reserved: Iterable[str], default: str = DEFAULT_TITLE
) -> list[str]:
    """One `sheet_title` per name, in order, unique among themselves and `reserved` (the fixed
    sheet names); a missing or unusable name gets `default`."""
    taken = list(reserved)
    titles = []
    for name in names:
        title = sheet_title(name or "", taken, default)
        taken.append(title)
        titles.append(title)
    return titles


def new_sheet(workbook: Any, name: str, default: str = DEFAULT_TITLE) -> Any:
    """A new sheet at the end of `workbook` (normal or write-only), named by `sheet_title`."""
    return workbook.create_sheet(sheet_title(name, workbook.sheetnames, default))
