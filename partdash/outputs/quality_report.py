"""``partdash quality FILE [--json] [--lang L]``: completeness, scores and records to look at."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from partdash.analysis.quality import (
    DEFAULT_STALE_MONTHS,
    completeness_by_field,
    organiser_scores,
    reason_counts,
    records_to_check,
)
from partdash.i18n import format_number, format_percent, translate
from partdash.inventory.loader import load_inventory
from partdash.inventory.schema import FIELD_BY_NAME
from partdash.outputs.todo import checks_table, todo_zip


def _json_records(frame) -> list[dict]:
    return frame.astype(object).where(frame.notna(), None).to_dict("records")


def quality_report(data, lang: str, stale_months: int = DEFAULT_STALE_MONTHS) -> dict:
    flags = records_to_check(data, stale_months)
    return {
        "score_definition": translate("quality.score_definition", lang),
        "completeness": _json_records(completeness_by_field(data)),
        "organisers": _json_records(organiser_scores(data, flags)),
        "reasons": {k: int(v) for k, v in reason_counts(flags).items()},
        "records_to_check": _json_records(flags),
    }


def quality_command(args) -> int:
    inventory = load_inventory(args.file)
    lang, data = args.lang, inventory.data
    if args.todo:
        try:
            Path(args.todo).write_bytes(todo_zip(data, lang, inventory.is_demo, inventory.organisers))
        except OSError as exc:
            print(
                f"partdash: {translate('quality.todo_failed', lang, path=args.todo, reason=exc.strerror)}",
                file=sys.stderr,
            )
            return 2
        print(translate("quality.todo_written", lang, path=args.todo), file=sys.stderr)
    if args.json:
        print(json.dumps(quality_report(data, lang, args.stale_months), ensure_ascii=False, indent=2))
        return 0
    say = lambda key, **p: translate(f"quality.{key}", lang, **p)  # noqa: E731
    if inventory.is_demo:
        print(say("workbook.demo"))
    print(say("score_definition"), "", say("completeness_title"), sep="\n")
    for row in completeness_by_field(data).itertuples():
        share = format_percent(row.share, lang)
        print(f"  {FIELD_BY_NAME[row.field].label(lang):<34} {share:>6}  ({format_number(row.expected, lang)})")
    print("", say("scores_title"), sep="\n")
    flags = records_to_check(data, args.stale_months)
    for row in organiser_scores(data, flags).itertuples():
        to_check = translate("editions.list_line", lang, name=say("col_to_check"), items=row.to_check)
        print(f"  {row.organiser:<40} {format_percent(row.score, lang):>6}  {to_check}")
    print("", say("checks_title"), sep="\n")
    for row in checks_table(data, flags, lang).itertuples():
        print(f"  {row.id:<12} {row.reason}" + (f" ({row.detail})" if row.detail else ""))
    return 0
