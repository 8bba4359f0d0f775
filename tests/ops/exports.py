"""Small ATS exports for the nightly tests, written with an old enough mtime to be settled."""

from __future__ import annotations

import os
import time
from pathlib import Path

HEADER = (
    "Candidate Name,Email Address,Job,Years of Experience,Certifications,HIPAA Training,"
    "Coding Accuracy,Resume Text"
)
ANA = (
    "Ana Diaz,ana@example.com,Coder II,7 years,CPC,Yes,98%,Supervised team of 5 coders; ICD-10 CPT"
)
BO = "Bo Li,bo@example.com,Coder II,1.5,,,90,Basic medical terminology"
CY = "Cy Ode,,Coder II,3,CCS,Yes,,"
BLANK = ",,,,,,,"
SETTLED_AGE_SECONDS = 3600


def export_text(*rows: str) -> str:
    """A CSV export: the header, then the given rows (blank cells are nulls)."""
    return "\n".join([HEADER, *rows]) + "\n"


def drop(folder: Path, name: str, content: str | bytes, age: float = SETTLED_AGE_SECONDS) -> Path:
    """Write a file into `folder` as if it had landed `age` seconds ago."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    data = content.encode("utf-8") if isinstance(content, str) else content
    path.write_bytes(data)
    landed = time.time() - age
    os.utime(path, (landed, landed))
    return path
