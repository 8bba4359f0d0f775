"""The next night's export of the Lever sample, written as the ATS would write it."""

from __future__ import annotations

from pathlib import Path

from tests.carry.recruiter import SAMPLE

ENCODING = "cp1252"
GONE = "Rosa Patel"
TEMPLATE = "Liam Rahimi;liam.rahimi11@example.org;(305) 555-0198"
NEWCOMERS = [
    ("Noor Haddad", "noor.haddad@example.net", "(212) 555-0101"),
    ("Tomas Berg", "tomas.berg@example.net", "(212) 555-0102"),
]
CHANGED = "Maria Adeyemi"
# Maria Adeyemi's stated accuracy falls below the standard: a new red flag, a lower score.
ACCURACY_BEFORE, ACCURACY_AFTER = "95.8%", "88%"


def next_export(target: Path, source: Path = SAMPLE) -> Path:
    """`source` with Rosa Patel gone, two new candidates, Maria Adeyemi's accuracy 88 %."""
    text = source.read_bytes().decode(ENCODING)
    lines = text.split("\r\n") if "\r\n" in text else text.split("\n")
    kept = [line for line in lines if not line.startswith(GONE + ";")]
    (template,) = [line for line in lines if line.startswith(TEMPLATE)]
    added = [
        template.replace(TEMPLATE, f"{name};{email};{phone}") for name, email, phone in NEWCOMERS
    ]
    changed = [
        line.replace(ACCURACY_BEFORE, ACCURACY_AFTER) if line.startswith(CHANGED + ";") else line
        for line in kept
    ]
    body = [line for line in changed if line]
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes("\r\n".join([*body, *added, ""]).encode(ENCODING))
    return target
