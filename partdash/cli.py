"""The ``partdash`` console script: validate a file, print its key figures, make datasets.

Exit codes: 0 when the file is usable (even with rejected rows), 2 when it cannot be
used at all or a command fails, with one sentence on stderr and never a traceback.
Text from the data is printed without its control characters, so that a cell holding a
terminal escape sequence cannot rewrite the screen.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from pathlib import Path

from partdash.analysis.figures import key_figures
from partdash.analysis.quality import DEFAULT_STALE_MONTHS
from partdash.i18n import LANGS, format_number, format_percent
from partdash.inventory.filters import apply_filters
from partdash.inventory.loader import load_inventory
from partdash.inventory.parsing import CONTROL_CHARS
from partdash.inventory.report import InventoryError
from partdash.outputs import export_cli
from partdash.outputs.changes import diff_command
from partdash.outputs.quality_report import quality_command
from partdash.outputs.reports.cli import UsageError, parse_filters
from partdash.outputs.reports.cli import add_parser as add_report_parser
from partdash.store.cli import add_commands as add_db_commands

# Escape sequences (CSI, OSC and two-character ones) go whole; stray control characters after.
_ESCAPES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-_]?|\x9b[0-?]*[ -/]*[@-~]")
_C1 = re.compile(r"[\x80-\x9f]")


def terminal_safe(text: str) -> str:
    return CONTROL_CHARS.sub("", _ESCAPES.sub("", str(text)))


def num(value, decimals: int = 0) -> str:
    """A number in the CLI's English (en_IE, CLDR)."""
    return format_number(value, "en", decimals)


def _say(text: str) -> None:
    print(terminal_safe(text))


def _say_json(value) -> None:
    """JSON escapes C0 controls itself; C1 controls (U+009B is a one-character escape on
    some terminals) are escaped here, which keeps the document identical once parsed."""
    text = json.dumps(value, ensure_ascii=False, indent=2)
    print(_C1.sub(lambda m: f"\\u{ord(m[0]):04x}", text))


def _validate(args) -> int:
    inventory = load_inventory(args.file)
    report = inventory.report
    if args.json:
        _say_json(report.as_dict("en"))
        return 0
    _say("\n".join(report.text_lines("en")))
    return 0


def _figures(args) -> int:
    inventory = load_inventory(args.file)
    figures = key_figures(apply_filters(inventory.data, parse_filters(args.filter)))
    if args.json:
        _say_json(figures)
        return 0
    pct = lambda v: format_percent(v, "en", 1)  # noqa: E731
    duration = figures["duration_months"]
    _say(f"initiatives                {num(figures['n_initiatives'])}")
    _say(f"started 2019-2023          {pct(figures['share_start_2019_2023'])}")
    _say(f"top theme                  {figures['top_theme']} ({pct(figures['theme_share'].get(figures['top_theme']))})")
    _say(f"urban_planning theme       {pct(figures['theme_share']['urban_planning'])}")
    for level, share in figures["level_share"].items():
        _say(f"organiser level {level:<10} {pct(share)}")
    for level, share in figures["participation_level_share"].items():
        _say(f"participation {level:<12} {pct(share)}")
    _say(f"sortition (known selection) {pct(figures['share_sortition'])}")
    _say(
        f"duration months            median {num(duration['median'], 1)}, "
        f"p25 {num(duration['p25'], 1)}, p75 {num(duration['p75'], 1)} (n = {num(duration['n'])})"
    )
    _say(f"recurring or permanent     {pct(figures['share_recurring'])}")
    for field, value in figures["followup"].items():
        _say(f"{field:<26} {pct(value['share'])} (known: {num(value['known'])})")
    _say(f"region-wide initiatives    {num(figures['region_wide'])}")
    return 0


def _demo(args) -> int:
    from partdash.demo.generator import write_demo

    write_demo(Path(args.output), n=args.n, seed=args.seed, later=args.later)
    print(f"wrote {args.n} demonstration initiatives to {args.output}")
    return 0


def _template(args) -> int:
    from partdash.i18n import LANGS
    from partdash.outputs.template import build_template, template_name, write_codebook

    out = Path(args.output)
    out.mkdir(parents=True, exist_ok=True)
    for lang in LANGS:
        build_template(out / template_name(lang), lang)
    write_codebook(out / "codebook.md")
    print(f"wrote the template and the codebook to {out}")
    return 0


def _output_options(cmd: argparse.ArgumentParser, func) -> None:
    cmd.add_argument("--json", action="store_true", help="machine-readable output")
    cmd.add_argument("--lang", choices=LANGS, default="en", help="language of the text output")
    cmd.set_defaults(func=func)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="partdash", description="Brussels participation inventory: validate, figures, export, datasets."
    )
    sub = parser.add_subparsers(dest="command", required=True)
    commands = {}
    for name, func, helptext in (
        ("validate", _validate, "print the validation report of an inventory file"),
        ("figures", _figures, "print the key figures of an inventory file"),
    ):
        cmd = commands[name] = sub.add_parser(name, help=helptext)
        cmd.add_argument("file")
        cmd.add_argument("--json", action="store_true", help="machine-readable output")
        cmd.set_defaults(func=func)
    commands["figures"].add_argument(
        "--filter", action="append", default=[], metavar="FIELD=VALUE", help="as in a link"
    )
    demo = sub.add_parser("demo", help="generate a seeded demonstration inventory")
    demo.add_argument("--seed", type=int, default=2025)
    demo.add_argument("--n", type=int, default=148)
    demo.add_argument("-o", "--output", required=True)
    demo.add_argument("--later", action="store_true", help="also write a later edition (<stem>_2025b.csv)")
    demo.set_defaults(func=_demo)
    template = sub.add_parser("template", help="write the XLSX template and the codebook")
    template.add_argument("-o", "--output", default="data/template")
    template.set_defaults(func=_template)
    export_cli.add_parser(sub)
    add_report_parser(sub)
    diff = sub.add_parser("diff", help="what changed between two editions of an inventory, matched on id")
    diff.add_argument("old")
    diff.add_argument("new")
    _output_options(diff, diff_command)
    quality = sub.add_parser("quality", help="completeness, organiser scores and records to look at")
    quality.add_argument("file")
    quality.add_argument("--stale-months", type=int, default=DEFAULT_STALE_MONTHS, help="update too old after")
    quality.add_argument("--todo", metavar="ZIP", help="also write one to-do workbook per organiser into this ZIP")
    _output_options(quality, quality_command)
    add_db_commands(sub)
    return parser


def _fail(sentence: str) -> int:
    print(f"partdash: {terminal_safe(sentence)}", file=sys.stderr)
    return 2


def main(argv: list[str] | None = None) -> int:
    """Every command ends in its output or in one sentence and exit 2: a file error, a
    folder where a file was expected, an output that cannot be written, or a failure
    nobody foresaw, whose type is named so that it can be reported."""
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except (InventoryError, UsageError) as exc:
        return _fail(exc.message("en"))
    except BrokenPipeError:
        # The output went to a reader that stopped early (`| head`): not an error.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as exc:
        target = f" ({exc.filename})" if exc.filename else ""
        return _fail(f"{exc.strerror or type(exc).__name__}{target}.")
    except Exception as exc:  # noqa: BLE001 - the last resort that keeps tracebacks from users
        first_line = (str(exc).splitlines() or [""])[0][:160]
        return _fail(f"the command failed ({type(exc).__name__}{': ' + first_line if first_line else ''}).")


if __name__ == "__main__":
    sys.exit(main())
