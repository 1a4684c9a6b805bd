"""The ``partdash`` console script: validate a file, print its key figures, make datasets.

Exit codes: 0 when the file is usable (even with rejected rows), 2 when it cannot be
used at all, with the one clear sentence on stderr.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from partdash.analysis.figures import key_figures
from partdash.i18n import format_number, format_percent
from partdash.inventory.loader import load_inventory
from partdash.inventory.report import InventoryError


def num(value, decimals: int = 0) -> str:
    """A number in the CLI's English (en_IE, CLDR)."""
    return format_number(value, "en", decimals)


def _validate(args) -> int:
    inventory = load_inventory(args.file)
    report = inventory.report
    if args.json:
        print(json.dumps(report.as_dict("en"), ensure_ascii=False, indent=2))
        return 0
    print(
        f"{report.source}: rows in {num(report.rows_in)}, loaded {num(report.rows_loaded)}, "
        f"rejected {num(report.rows_rejected)}, warnings {num(len(report.warnings))}"
    )
    for finding in report.errors:
        print(f"  rejected  row {finding.row:>6}  {finding.field:<22} {finding.message('en')}")
    for finding in report.warnings:
        print(f"  warning   row {finding.row:>6}  {finding.field:<22} {finding.message('en')}")
    return 0


def _figures(args) -> int:
    inventory = load_inventory(args.file)
    figures = key_figures(inventory.data)
    if args.json:
        print(json.dumps(figures, ensure_ascii=False, indent=2))
        return 0
    pct = lambda v: format_percent(v, "en", 1)  # noqa: E731
    duration = figures["duration_months"]
    print(f"initiatives                {num(figures['n_initiatives'])}")
    print(f"started 2019-2023          {pct(figures['share_start_2019_2023'])}")
    print(
        f"top theme                  {figures['top_theme']} ({pct(figures['theme_share'].get(figures['top_theme']))})"
    )
    print(f"urban_planning theme       {pct(figures['theme_share']['urban_planning'])}")
    for level, share in figures["level_share"].items():
        print(f"organiser level {level:<10} {pct(share)}")
    for level, share in figures["participation_level_share"].items():
        print(f"participation {level:<12} {pct(share)}")
    print(f"sortition (known selection) {pct(figures['share_sortition'])}")
    print(
        f"duration months            median {num(duration['median'], 1)}, "
        f"p25 {num(duration['p25'], 1)}, p75 {num(duration['p75'], 1)} (n = {num(duration['n'])})"
    )
    print(f"recurring or permanent     {pct(figures['share_recurring'])}")
    for field, value in figures["followup"].items():
        print(f"{field:<26} {pct(value['share'])} (known: {num(value['known'])})")
    print(f"region-wide initiatives    {num(figures['region_wide'])}")
    return 0


def _demo(args) -> int:
    from partdash.demo.generator import write_demo

    write_demo(Path(args.output), n=args.n, seed=args.seed)
    print(f"wrote {args.n} demonstration initiatives to {args.output}")
    return 0


def _template(args) -> int:
    from partdash.outputs.template import build_template, write_codebook

    out = Path(args.output)
    out.mkdir(parents=True, exist_ok=True)
    build_template(out / "partdash_template.xlsx")
    write_codebook(out / "codebook.md")
    print(f"wrote the template and the codebook to {out}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="partdash", description="Brussels participation inventory: validate, figures, datasets."
    )
    sub = parser.add_subparsers(dest="command", required=True)
    for name, func, helptext in (
        ("validate", _validate, "print the validation report of an inventory file"),
        ("figures", _figures, "print the key figures of an inventory file"),
    ):
        cmd = sub.add_parser(name, help=helptext)
        cmd.add_argument("file")
        cmd.add_argument("--json", action="store_true", help="machine-readable output")
        cmd.set_defaults(func=func)
    demo = sub.add_parser("demo", help="generate a seeded demonstration inventory")
    demo.add_argument("--seed", type=int, default=2025)
    demo.add_argument("--n", type=int, default=148)
    demo.add_argument("-o", "--output", required=True)
    demo.set_defaults(func=_demo)
    template = sub.add_parser("template", help="write the XLSX template and the codebook")
    template.add_argument("-o", "--output", default="data/template")
    template.set_defaults(func=_template)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except InventoryError as exc:
        print(f"partdash: {exc.message('en')}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # The output went to a reader that stopped early (`| head`): not an error.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
