"""Sample resume documents (PDF, DOCX, TXT, MD, RTF) in a zip, with a truth file.

`write_resume_zip(candidates, out)` takes a frame with `candidate_id, first_name, last_name, email`
and the truth it must agree with: `level`, `years_experience` (years of medical coding, the sum of
the coding jobs' date ranges), `certifications` (held credentials, comma-separated, or null). It
writes one resume per candidate in the real styles (file named by candidate id, `FirstLast_Resume`,
`First Last - Resume`, or an opaque name whose text holds the email), plus a cover letter for one
candidate and the hostile cases: a scanned PDF without a text layer, an encrypted PDF, a damaged
DOCX, and a resume of someone who is not a candidate. Dated job lines use the three usual styles
(`MEDICAL CODER 01/2012 to Current`, `Jan 2015 - Mar 2018`, `2016 - Present`); traps are placed
on purpose: CPC as air-traffic controller or cost per click, CCA as Citrix, CIC as insurance,
`RHIT pending`, `CPC exam scheduled`, `eligible for CCS`, `95% production goal`, `100% on the
final exam`, and protected lines (date of birth, marital status, nationality) to be stripped.

Truth CSV columns (one row per document): `file`, `row` (the candidate's position in the input
frame), `candidate_id`, `first_name`, `last_name`, `email` (null id and row: the nobody resume),
`naming` (id / first_last / first_last_dash / opaque / cover_letter), `format`, `level`, `years`,
`credentials` (held, comma-separated), `expected_reason` (why it cannot be read, else null),
`traps` (trap names placed in the text, `;`-separated), `protected_lines` (lines that must be cut).
Needs fpdf2 and Pillow (the `dev` extra): samples and tests only, never the pipeline.

    python -m pipelines.synthetic.resume_documents --rows 28 --stem bulk   # generated candidates
    python -m pipelines.synthetic.question_resumes   # the committed sample's resumes
"""

from __future__ import annotations

import argparse
import io
import random
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from xml.sax.saxutils import escape

import polars as pl

REFERENCE = (2026, 11)  # "Current" / "Present" is this month
FIXED_TIME = (2026, 11, 20, 9, 0, 0)
DEFAULT_SEED = 20261201
AREA_CODES = ("212", "312", "415", "614", "713")  # with 555-01xx: numbers kept for fiction
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
CODING_TITLES = {
    "Junior": ["MEDICAL CODER I", "CODING SPECIALIST", "MEDICAL RECORDS CODER"],
    "Mid": ["MEDICAL CODER II", "OUTPATIENT CODER", "PROFESSIONAL FEE CODER"],
    "Senior": ["SENIOR MEDICAL CODER", "INPATIENT CODING LEAD", "CODING AUDITOR"],
}
COMPANIES = [
    ("Riverside Health System", "Columbus, OH"),
    ("Northgate Medical Group", "Houston, TX"),
    ("Lakeview Orthopedics", "Phoenix, AZ"),
    ("Summit Billing Services", "Atlanta, GA"),
    ("Harbor Regional Hospital", "Seattle, WA"),
    ("Bayview Oncology Center", "Miami, FL"),
]
SKILLS = [
    "ICD-10-CM",
    "CPT",
    "HCPCS",
    "Epic",
    "Cerner",
    "Encoder",
    "HIPAA",
    "Auditing",
    "E/M",
    "Modifiers",
    "Denials",
    "Excel",
    "Compliance",
    "Abstracting",
]
# Trap name -> (job line or None, lines placed in the resume).
TRAPS = {
    "cpc_controller": (
        ("AIR TRAFFIC CONTROLLER", "Federal Aviation Administration", "Denver, CO"),
        ["CPC - Certified Professional Controller, FAA (2004)"],
    ),
    "cpc_cost_per_click": (
        ("MARKETING ASSOCIATE", "Brightline Digital", "Chicago, IL"),
        ["Managed CPC campaigns and lowered cost per click by 20%"],
    ),
    "cca_citrix": (None, ["CCA - Citrix Certified Associate (virtualization)"]),
    "cic_insurance": (None, ["Processed CIC insurance claims for commercial clients"]),
    "rhit_pending": (None, ["RHIT pending"]),
    "cpc_exam_scheduled": (None, ["CPC exam scheduled for January"]),
    "eligible_ccs": (None, ["Eligible for CCS"]),
    "production_goal": (None, ["Met 95% production goal every quarter"]),
    "final_exam": (None, ["Scored 100% on the final exam of the coding course"]),
}
PROTECTED_LINES = [
    "Date of Birth: 03/14/1988",
    "Marital Status: Married",
    "Nationality: Canadian",
]
NOBODY = {"first": "Quentin", "last": "Abernathy", "email": "q.abernathy@example.net"}


@dataclass
class Document:
    """One file of the zip and its truth row."""

    file: str
    data: bytes
    truth: dict[str, object] = field(default_factory=dict)


def _month_label(year: int, month: int, style: str) -> str:
    """A job boundary written the way the style writes it."""
    if style == "numeric":
        return f"{month:02d}/{year}"
    if style == "words":
        return f"{MONTHS[month - 1]} {year}"
    return str(year)


def _minus_months(year: int, month: int, months: int) -> tuple[int, int]:
    """The month `months` before (year, month)."""
    index = year * 12 + (month - 1) - months
    return index // 12, index % 12 + 1


def _jobs(level: str, years: float, rng: random.Random) -> list[tuple[str, int, int, bool]]:
    """Coding jobs (title, start index, end index, current) summing to `years`, newest first."""
    total = max(1, round(years * 12))
    count = 1 if total < 24 else (2 if total < 72 else 3)
    cuts = sorted(rng.sample(range(1, total), count - 1)) if count > 1 else []
    lengths = [b - a for a, b in zip([0, *cuts], [*cuts, total], strict=True)]
    end = REFERENCE[0] * 12 + REFERENCE[1] - 1
    jobs = []
    for position, length in enumerate(lengths):
        title = rng.choice(CODING_TITLES.get(level, CODING_TITLES["Mid"]))
        jobs.append((title, end - length, end, position == 0))
        end -= length
    return jobs


def _range_line(start: int, end: int, current: bool, style: str) -> str:
    """`01/2012 to Current`, `Jan 2015 - Mar 2018` or `2016 - Present`."""
    first = _month_label(start // 12, start % 12 + 1, style)
    last = _month_label(end // 12, end % 12 + 1, style)
    if style == "numeric":
        return f"{first} to {'Current' if current else last}"
    return f"{first} - {'Present' if current else last}"


def resume_lines(
    person: dict[str, object], traps: list[str], protected: bool, style: str, rng: random.Random
) -> list[str]:
    """The lines of one resume, in capitals where resumes use them."""
    name = f"{person['first_name']} {person['last_name']}".upper()
    credentials = [c.strip() for c in str(person["certifications"] or "").split(",") if c.strip()]
    company, city = rng.choice(COMPANIES)
    lines = [name + (", " + ", ".join(credentials) if credentials else ""), f"{city}"]
    lines += [f"{person['email']} | ({rng.choice(AREA_CODES)}) 555-0{rng.randint(100, 199)}"]
    if protected:
        lines += PROTECTED_LINES
    lines += ["", "PROFESSIONAL SUMMARY"]
    lines += [
        f"{person['level']} medical coder experienced in outpatient and inpatient records, "
        "coding from provider documentation with a focus on accuracy and compliance."
    ]
    lines += ["", "EXPERIENCE"]
    for title, start, end, current in _jobs(str(person["level"]), float(person["years"] or 0), rng):
        company, city = rng.choice(COMPANIES)
        lines += [f"{title} {_range_line(start, end, current, style)}", f"{company} {city}"]
        lines += [
            "Assigned ICD-10-CM and CPT codes to professional and facility encounters.",
            "Reviewed documentation and queried providers for missing details.",
        ]
    trap_lines = []
    for trap in traps:
        job, extra = TRAPS[trap]
        if job is not None:
            start = _minus_months(REFERENCE[0] - 22, 1, 0)
            lines += [f"{job[0]} {start[0]} - {start[0] + 3}", f"{job[1]} {job[2]}"]
        trap_lines += extra
    lines += trap_lines
    lines += ["", "SKILLS", " ".join(rng.sample(SKILLS, 8))]
    lines += ["", "CERTIFICATIONS"]
    lines += [f"{c} - active" for c in credentials] or ["None yet"]
    lines += [
        "",
        "EDUCATION",
        f"Medical Coding Certificate, Community College {rng.randint(2000, 2020)}",
    ]
    return lines


def _pdf(lines: list[str], password: str | None = None) -> bytes:
    """A text PDF (Helvetica), optionally encrypted with a user password."""
    from fpdf import FPDF
    from fpdf.enums import EncryptionMethod

    pdf = FPDF()
    pdf.set_creation_date(datetime(*FIXED_TIME))
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    for line in lines:
        text = line.encode("latin-1", "replace").decode("latin-1")
        pdf.multi_cell(0, 5, text or " ", new_x="LMARGIN", new_y="NEXT")
    if password is not None:
        pdf.set_encryption(
            owner_password="owner-" + password,
            user_password=password,
            encryption_method=EncryptionMethod.RC4,
        )
    return bytes(pdf.output())


def _scanned_pdf(lines: list[str]) -> bytes:
    """A PDF holding only a picture of the text: what a scanner makes (no text layer)."""
    from fpdf import FPDF
    from PIL import Image, ImageDraw

    image = Image.new("L", (850, 1100), color=255)
    draw = ImageDraw.Draw(image)
    for row, line in enumerate(lines[:60]):
        draw.text((40, 30 + row * 17), line, fill=0)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    pdf = FPDF()
    pdf.set_creation_date(datetime(*FIXED_TIME))
    pdf.add_page()
    pdf.image(io.BytesIO(buffer.getvalue()), x=0, y=0, w=210)
    return bytes(pdf.output())


_DOCX_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/'
    'vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
_DOCX_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _paragraph(text: str) -> str:
    """One WordprocessingML paragraph."""
    return f'<w:p><w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>'


def docx_bytes(blocks: list[str | list[str]], prolog: str = "") -> bytes:
    """A minimal valid DOCX: a paragraph per string, a one-row table per list of cells.

    `prolog` goes between the XML declaration and the root (tests put a DTD there).
    """
    body = "".join(
        _paragraph(block)
        if isinstance(block, str)
        else "<w:tbl><w:tr>"
        + "".join(f"<w:tc>{_paragraph(cell)}</w:tc>" for cell in block)
        + "</w:tr></w:tbl>"
        for block in blocks
    )
    document = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{prolog}'
        f'<w:document xmlns:w="{W_NS}"><w:body>{body}</w:body></w:document>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in (
            ("[Content_Types].xml", _DOCX_TYPES),
            ("_rels/.rels", _DOCX_RELS),
            ("word/document.xml", document),
        ):
            archive.writestr(zipfile.ZipInfo(name, FIXED_TIME), content)
    return buffer.getvalue()


def rtf_bytes(lines: list[str]) -> bytes:
    """An RTF document, one paragraph per line (non-ASCII as `\\u` escapes)."""

    def encode(line: str) -> str:
        out = line.replace("\\", "\\\\").replace("{", "\\{").replace("}", "\\}")
        return "".join(ch if ord(ch) < 128 else f"\\u{ord(ch)}?" for ch in out)

    body = "".join(f"{encode(line)}\\par\n" for line in lines)
    return (
        "{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0 Helvetica;}}\\f0\\fs20\n" + body + "}"
    ).encode("ascii")


def _file_name(naming: str, person: dict[str, object], extension: str, index: int) -> str:
    """The document's name in one of the real styles."""
    first, last = str(person["first_name"]), str(person["last_name"])
    if naming == "id":
        return f"{person['candidate_id']}.{extension}"
    if naming == "first_last":
        return f"{first}{last}_Resume.{extension}"
    if naming == "first_last_dash":
        return f"{first} {last} - Resume.{extension}"
    if naming == "cover_letter":
        return f"{first} {last} - Cover Letter.{extension}"
    return f"scan_{index:04d}_{(index * 7919) % 10007:05d}.{extension}"


def _encode(lines: list[str], fmt: str) -> bytes:
    """The lines written as one format."""
    if fmt == "pdf":
        return _pdf(lines)
    if fmt == "docx":
        # The skills line becomes a table, as resume templates lay it out.
        blocks: list[str | list[str]] = list(lines)
        if "SKILLS" in lines:
            at = lines.index("SKILLS") + 1
            blocks[at] = lines[at].split()
        return docx_bytes(blocks)
    if fmt == "rtf":
        return rtf_bytes(lines)
    text = "\n".join(lines) + "\n"
    if fmt == "md":
        text = "\n".join(f"## {line}" if line.isupper() and line else line for line in lines)
    return text.encode("utf-8")


NAMINGS = ("id", "first_last", "first_last_dash", "opaque")
FORMATS = ("pdf", "docx", "txt", "pdf", "docx", "txt", "pdf", "docx", "txt", "md", "rtf")


def build_documents(candidates: pl.DataFrame, seed: int = DEFAULT_SEED) -> list[Document]:
    """Every document of the sample zip with its truth row (deterministic for a seed)."""
    people = (
        candidates.with_row_index("row")
        .select(
            pl.col("row").cast(pl.Int64),
            pl.col("candidate_id").cast(pl.String),
            "first_name",
            "last_name",
            "email",
            "level",
            pl.col("years_experience").alias("years"),
            "certifications",
        )
        .to_dicts()
    )
    names = [(str(p["first_name"]).lower(), str(p["last_name"]).lower()) for p in people]
    trap_names = list(TRAPS)
    documents: list[Document] = []
    for index, person in enumerate(people):
        rng = random.Random(seed * 1000 + index)
        naming = NAMINGS[index % len(NAMINGS)]
        if naming in ("first_last", "first_last_dash") and names.count(names[index]) > 1:
            naming = "id"  # a shared name cannot identify anyone
        fmt = FORMATS[index % len(FORMATS)]
        special = {0: "scanned", 1: "encrypted", 2: "damaged"}.get(index)
        if special is not None:
            naming, fmt = "id", ("docx" if special == "damaged" else "pdf")
        traps = [trap_names[(index // 3) % len(trap_names)]] if index % 3 == 0 else []
        protected = index % 4 == 1
        style = ("numeric", "words", "year")[index % 3]
        lines = resume_lines(person, traps, protected, style, rng)
        if special == "scanned":
            data, reason = _scanned_pdf(lines), "no text layer"
        elif special == "encrypted":
            data, reason = _pdf(lines, password="s3cret"), "encrypted"
        elif special == "damaged":
            full = _encode(lines, "docx")
            data, reason = full[: len(full) // 2], "damaged"
        else:
            data, reason = _encode(lines, fmt), None
        documents.append(
            Document(
                _file_name(naming, person, fmt, index),
                data,
                _truth(person, naming, fmt, reason, traps, protected),
            )
        )
    documents += _extras(people, names, seed)
    return documents


def _truth(
    person: dict[str, object],
    naming: str,
    fmt: str,
    reason: str | None,
    traps: list[str],
    protected: bool,
) -> dict[str, object]:
    """The truth row of one document."""
    return {
        "row": person.get("row"),
        "candidate_id": person["candidate_id"],
        "first_name": person["first_name"],
        "last_name": person["last_name"],
        "email": person["email"],
        "naming": naming,
        "format": fmt,
        "level": person["level"],
        "years": person["years"],
        "credentials": person["certifications"],
        "expected_reason": reason,
        "traps": ";".join(traps) or None,
        "protected_lines": len(PROTECTED_LINES) if protected else 0,
    }


def _extras(
    people: list[dict[str, object]], names: list[tuple[str, str]], seed: int
) -> list[Document]:
    """A cover letter for a candidate with a unique name, and a resume of a non-candidate."""
    extras: list[Document] = []
    unique = [i for i, name in enumerate(names) if names.count(name) == 1]
    if unique:
        person = people[unique[-1]]
        letter = [
            f"Dear Hiring Manager, I am applying for the coding position. {person['email']}",
            "I hold the credentials listed in my resume and look forward to talking with you.",
        ]
        truth = _truth(person, "cover_letter", "docx", None, [], False)
        extras.append(
            Document(_file_name("cover_letter", person, "docx", 0), docx_bytes(letter), truth)
        )
    nobody = {
        "candidate_id": None,
        "first_name": NOBODY["first"],
        "last_name": NOBODY["last"],
        "email": NOBODY["email"],
        "level": "Mid",
        "years": 4.0,
        "certifications": "CPC",
    }
    lines = resume_lines(nobody, [], False, "words", random.Random(seed))
    truth = _truth(nobody, "first_last_dash", "pdf", None, [], False)
    extras.append(Document(_file_name("first_last_dash", nobody, "pdf", 0), _pdf(lines), truth))
    return extras


TRUTH_SCHEMA = {
    "file": pl.String,
    "row": pl.Int64,
    "candidate_id": pl.String,
    "first_name": pl.String,
    "last_name": pl.String,
    "email": pl.String,
    "naming": pl.String,
    "format": pl.String,
    "level": pl.String,
    "years": pl.Float64,
    "credentials": pl.String,
    "expected_reason": pl.String,
    "traps": pl.String,
    "protected_lines": pl.Int32,
}


def write_resume_zip(
    candidates: pl.DataFrame, out: Path, truth: Path | None = None, seed: int = DEFAULT_SEED
) -> tuple[Path, Path]:
    """Write the documents zip to `out` and the truth CSV (default `truth/<stem>.csv` beside it)."""
    documents = build_documents(candidates, seed)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for document in sorted(documents, key=lambda d: d.file):
            archive.writestr(zipfile.ZipInfo(document.file, FIXED_TIME), document.data)
    truth_path = Path(truth) if truth is not None else out.parent / "truth" / f"{out.stem}.csv"
    truth_path.parent.mkdir(parents=True, exist_ok=True)
    rows = [{"file": d.file, **d.truth} for d in documents]
    pl.DataFrame(rows, schema=TRUTH_SCHEMA).sort("file").write_csv(truth_path)
    return out, truth_path


def main(argv: list[str] | None = None) -> int:
    """Write `<out>/<stem>-resumes.zip` for generated candidates (prints paths, never data)."""
    from pipelines.synthetic.generator import generate_candidates

    parser = argparse.ArgumentParser(prog="python -m pipelines.synthetic.resume_documents")
    parser.add_argument("--rows", type=int, default=28)
    parser.add_argument("--candidate-seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--stem", required=True, help="the export's file stem")
    parser.add_argument("--out", type=Path, default=Path("data/samples"))
    args = parser.parse_args(argv)
    candidates = generate_candidates(args.rows, seed=args.candidate_seed)
    for path in write_resume_zip(candidates, args.out / f"{args.stem}-resumes.zip", seed=args.seed):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
