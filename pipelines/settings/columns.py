"""Model of config/columns.toml: canonical columns, their ATS header aliases, protected columns."""

from __future__ import annotations

import re

from pydantic import Field, model_validator

from pipelines.settings.base import StrictModel
from schemas.candidates import CANONICAL

# Headers match after dropping everything but letters and digits and lower-casing, which folds
# case, spaces, `_`, `-`, `.` and camelCase alike. The polars expression in
# pipelines/ingest/headers.py uses this same pattern.
FOLD_PATTERN = r"[\W_]+"
_FOLD = re.compile(FOLD_PATTERN)
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


def fold_header(text: str) -> str:
    """The match key of a header: lower-case letters and digits only."""
    return _FOLD.sub("", text.lower())


class ColumnsConfig(StrictModel):
    """Canonical column name -> header aliases, for scored and for protected columns."""

    aliases: dict[str, list[str]] = Field(min_length=1)
    protected: dict[str, list[str]] = Field(min_length=1)

    @model_validator(mode="after")
    def _check(self) -> ColumnsConfig:
        """Names are snake_case, the canonical columns are the contract's, the two tables are
        disjoint, no alias means two columns."""
        owner: dict[str, str] = {}
        for table in (self.aliases, self.protected):
            for name, aliases in table.items():
                if not _NAME.match(name):
                    raise ValueError(f"column name {name!r} must be snake_case")
                for alias in [name, *aliases]:
                    key = fold_header(alias)
                    if not key:
                        raise ValueError(f"{name}: alias {alias!r} has no letters or digits")
                    if owner.setdefault(key, name) != name:
                        raise ValueError(f"alias {alias!r} of {name!r} also matches {owner[key]!r}")
        missing = [c for c in CANONICAL if c not in self.aliases]
        unknown = [c for c in self.aliases if c not in CANONICAL]
        if missing or unknown:
            raise ValueError(
                "aliases: must name exactly the canonical columns (schemas/candidates.py); "
                f"missing {missing}, unknown {unknown}"
            )
        both = set(self.aliases) & set(self.protected)
        if both:
            raise ValueError(f"columns both scored and protected: {sorted(both)}")
        return self

    @property
    def canonical_columns(self) -> list[str]:
        """Non-protected canonical columns, in config order."""
        return list(self.aliases)

    @property
    def protected_columns(self) -> list[str]:
        """Protected canonical columns, in config order."""
        return list(self.protected)
