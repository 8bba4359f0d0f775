"""CLI: `python -m pipelines.synthetic samples|requisitions|bulk` (regenerate samples, write
benchmark data)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pipelines.synthetic.generator import DEFAULT_SEED, generate_candidates

FORMATS = ("xlsx", "csv")


def _parser() -> argparse.ArgumentParser:
    """Argument parser for both commands."""
    parser = argparse.ArgumentParser(prog="python -m pipelines.synthetic")
    commands = parser.add_subparsers(dest="command", required=True)
    samples = commands.add_parser("samples", help="regenerate the committed sample exports")
    samples.add_argument("--out", type=Path, default=Path("data/samples"))
    requisitions = commands.add_parser(
        "requisitions", help="regenerate the three-requisition Workday sample"
    )
    requisitions.add_argument("--out", type=Path, default=Path("data/samples"))
    bulk = commands.add_parser("bulk", help="write N synthetic candidates for benchmarks")
    bulk.add_argument("--rows", type=int, required=True)
    bulk.add_argument("--format", choices=FORMATS, required=True)
    bulk.add_argument("--out", type=Path, required=True)
    bulk.add_argument("--seed", type=int, default=DEFAULT_SEED)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one command; prints the paths written (never candidate data)."""
    args = _parser().parse_args(argv)
    if args.command == "samples":
        from pipelines.synthetic.samples import write_samples

        paths = write_samples(args.out)
    elif args.command == "requisitions":
        from pipelines.synthetic.requisitions import write_requisitions

        paths = [write_requisitions(args.out)]
    else:
        candidates = generate_candidates(args.rows, seed=args.seed)
        args.out.parent.mkdir(parents=True, exist_ok=True)
        if args.format == "xlsx":
            from pipelines.synthetic.xlsx_export import write_xlsx

            paths = [write_xlsx(candidates, args.out)]
        else:
            from pipelines.synthetic.csv_export import write_csv

            paths = [write_csv(candidates, args.out)]
    for path in paths:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
