"""Render workbooks to PNG pages for the README (LibreOffice -> PDF, then pdftoppm).

Usage: python docs/render_workbook.py [WORKBOOK.xlsx ...] [--out docs] [--resolution 80]
With no workbook, screens data/samples/greenhouse_medical_coder_ii.xlsx and renders its workbook.
Needs `soffice` and `pdftoppm` (apt-get install libreoffice-calc-nogui poppler-utils).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "samples" / "greenhouse_medical_coder_ii.xlsx"
TIMEOUT_SECONDS = 300


def sample_workbook(directory: Path) -> Path:
    """Screen the committed Greenhouse sample in-process and write its ranked workbook."""
    sys.path.insert(0, str(ROOT))
    from pipelines.screening.publish import publish
    from pipelines.screening.stages import screen_file
    from pipelines.settings import load_settings

    settings = load_settings()
    result = screen_file(SAMPLE, settings)
    return publish(result, directory, settings)["workbook"]


def to_pdf(workbook: Path, directory: Path) -> Path:
    """Convert with headless LibreOffice (its own profile dir, so it never meets a user session)."""
    profile = (directory / "lo-profile").as_uri()
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(directory),
            str(workbook),
        ],
        check=True,
        capture_output=True,
        timeout=TIMEOUT_SECONDS,
    )
    return directory / f"{workbook.stem}.pdf"


def to_png(pdf: Path, out_dir: Path, stem: str, resolution: int, pages: int) -> list[Path]:
    """One PNG per page (the first `pages` pages): <stem>-<n>.png in `out_dir`."""
    for old in out_dir.glob(f"{stem}-*.png"):
        old.unlink()
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            str(resolution),
            "-l",
            str(pages),
            str(pdf),
            str(out_dir / stem),
        ],
        check=True,
        capture_output=True,
        timeout=TIMEOUT_SECONDS,
    )
    return sorted(out_dir.glob(f"{stem}-*.png"))


def main(argv: list[str] | None = None) -> int:
    """Render each workbook given (or the samples, or the demo) to PNGs."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("workbooks", nargs="*", type=Path)
    parser.add_argument("--out", type=Path, default=ROOT / "docs")
    parser.add_argument("--resolution", type=int, default=80)
    parser.add_argument("--pages", type=int, default=12, help="at most this many pages each")
    args = parser.parse_args(argv)
    missing = [tool for tool in ("soffice", "pdftoppm") if shutil.which(tool) is None]
    if missing:
        print(
            f"missing tools: {', '.join(missing)} "
            "(apt-get install libreoffice-calc-nogui poppler-utils)",
            file=sys.stderr,
        )
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as temp:
        work = Path(temp)
        workbooks = args.workbooks or [sample_workbook(work)]
        for workbook in workbooks:
            pdf = to_pdf(workbook, work)
            for page in to_png(pdf, args.out, workbook.stem, args.resolution, args.pages):
                print(page)
    return 0


if __name__ == "__main__":
    sys.exit(main())
