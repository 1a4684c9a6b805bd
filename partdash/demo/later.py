"""A later edition of the demonstration inventory, so that the Editions view can be tried at once.

It is the first edition a year on (30 June 2025): planned initiatives that started are
ongoing, ongoing ones whose end passed are completed, some open-ended one-offs ended,
organisers answered part of the follow-up questions left open and gave feedback where
they had not, a few initiatives are new and two were withdrawn. Every record touched
gets a 2025 ``updated`` date. Seeded: the same first edition and seed give the same rows.
The first edition is read, never changed.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from partdash.demo.generator import generate_inventory
from partdash.inventory.vocab import FOLLOWUP_FIELDS

LATER_AS_OF = date(2025, 6, 30)
LATER_SUFFIX = "_2025b"
N_NEW, N_REMOVED = 8, 2
ANSWERED_LATER = 0.6  # share of open follow-up answers of completed records filled in
YES_WHEN_ANSWERED = 0.65
FEEDBACK_GIVEN_LATER = 0.25  # share of "no feedback" records that gave it since
OPEN_ONE_OFF_ENDED = 0.5
_SINCE = pd.Timestamp("2024-07-01")


def _dates_between(rng, start: pd.Series, end: pd.Timestamp) -> pd.Series:
    first = start.where(start > _SINCE, _SINCE)
    span = (end - first).dt.days.clip(lower=0)
    return first + pd.to_timedelta((rng.random(len(start)) * span).astype(int), unit="D")


def _new_rows(seed: int, first_number: int, width: int) -> pd.DataFrame:
    """Initiatives started in the year between the editions, drawn by the same generator."""
    pool = generate_inventory(600, seed + 1)
    start = pd.to_datetime(pool["start_date"])
    fresh = pool[(start >= _SINCE) & (start <= pd.Timestamp(LATER_AS_OF))].head(N_NEW).copy()
    fresh["id"] = [f"DEMO-{i:0{width}d}" for i in range(first_number, first_number + len(fresh))]
    end = pd.to_datetime(fresh["end_date"])
    fresh["status"] = np.where(end.notna() & (end < pd.Timestamp(LATER_AS_OF)), "completed", "ongoing")
    return fresh


def later_edition(first: pd.DataFrame, seed: int = 2025) -> pd.DataFrame:
    """The 2025 edition made from the first edition's rows (CSV layout, as ``generate_inventory``)."""
    rng = np.random.default_rng([seed, 2025])
    df = first.copy()
    n = len(df)
    as_of = pd.Timestamp(LATER_AS_OF)
    start, end = pd.to_datetime(df["start_date"]), pd.to_datetime(df["end_date"])
    before = df.copy()

    df.loc[(df["status"] == "planned") & (start <= as_of), "status"] = "ongoing"
    df.loc[(df["status"] == "ongoing") & end.notna() & (end <= as_of), "status"] = "completed"
    open_one_off = (df["status"] == "ongoing") & end.isna() & (df["recurrence"] == "one_off")
    ending = open_one_off & (rng.random(n) < OPEN_ONE_OFF_ENDED)
    df.loc[ending, "end_date"] = _dates_between(rng, start[ending], as_of).dt.strftime("%Y-%m-%d")
    df.loc[ending, "status"] = "completed"

    completed = (df["status"] == "completed").to_numpy()
    for field in FOLLOWUP_FIELDS:
        answer = np.where(rng.random(n) < YES_WHEN_ANSWERED, "yes", "no")
        fill = completed & df[field].isna().to_numpy() & (rng.random(n) < ANSWERED_LATER)
        df.loc[fill, field] = answer[fill]
    gave_feedback = (df["feedback_to_participants"] == "no").to_numpy() & (rng.random(n) < FEEDBACK_GIVEN_LATER)
    df.loc[gave_feedback, "feedback_to_participants"] = "yes"
    counted = completed & df["participants"].isna().to_numpy() & (rng.random(n) < 0.5)
    df.loc[counted, "participants"] = (20 + rng.random(n) * 180).astype(int)[counted]

    touched = (df.astype(object).ne(before.astype(object)) & ~(df.isna() & before.isna())).any(axis=1)
    last_update = pd.to_datetime(before["updated"]) + pd.Timedelta(days=1)
    df.loc[touched, "updated"] = _dates_between(rng, last_update[touched], as_of).dt.strftime("%Y-%m-%d")
    removed = rng.choice(df.index[~touched.to_numpy()], size=N_REMOVED, replace=False)
    width = len(df["id"].iloc[0]) - len("DEMO-")
    new = _new_rows(seed, n + 1, width)
    out = pd.concat([df.drop(index=removed), new], ignore_index=True)
    return out.astype({c: first[c].dtype for c in first.columns})
