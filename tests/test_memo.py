"""Builders remember their results per view: the same stable frame and arguments give the
same object, anything that differs (the rows, the language, a small table's content) a new
one, and what cannot be keyed is simply computed."""

from __future__ import annotations

import gc

import pandas as pd

from partdash import memo


def _counting():
    calls = []

    @memo.memoised
    def build(df, lang, **options):
        calls.append((len(df), lang))
        return object()

    return build, calls


def test_a_stable_frame_is_remembered_by_identity_and_each_language_apart():
    build, calls = _counting()
    rows = memo.mark_stable(pd.DataFrame({"id": range(5000)}))
    first = build(rows, "fr")
    assert build(rows, "fr") is first
    assert build(rows, "nl") is not first
    assert len(calls) == 2


def test_a_small_frame_is_remembered_by_content_and_a_change_is_seen():
    build, calls = _counting()
    table = pd.DataFrame({"n": [1, 2, 3]})
    first = build(table, "fr")
    assert build(table.copy(), "fr") is first
    changed = table.copy()
    changed.loc[0, "n"] = 9
    assert build(changed, "fr") is not first
    assert len(calls) == 2


def test_a_large_unregistered_frame_is_never_remembered():
    build, calls = _counting()
    rows = pd.DataFrame({"id": range(memo.SMALL_ROWS + 1)})
    assert build(rows, "fr") is not build(rows, "fr")
    assert len(calls) == 2


def test_keyword_options_are_part_of_the_key():
    build, calls = _counting()
    table = pd.DataFrame({"n": [1]})
    assert build(table, "fr", split="level") is not build(table, "fr", split="status")
    assert build(table, "fr", split=["a", "b"]) is build(table, "fr", split=["a", "b"])
    assert len(calls) == 3


def test_a_frame_that_died_is_not_mistaken_for_a_new_one_at_the_same_address():
    build, calls = _counting()
    rows = memo.mark_stable(pd.DataFrame({"id": range(5000)}))
    build(rows, "fr")
    address = id(rows)
    del rows
    gc.collect()
    assert address not in memo._stable
    other = memo.mark_stable(pd.DataFrame({"id": range(4000)}))
    build(other, "fr")
    assert calls == [(5000, "fr"), (4000, "fr")]


def test_a_frame_a_builder_returned_is_keyed_by_identity_downstream():
    rows = memo.mark_stable(pd.DataFrame({"id": range(5000)}))
    calls = []

    @memo.memoised
    def split(df):
        return df[df["id"] % 2 == 0], df[df["id"] % 2 == 1]

    @memo.memoised
    def count(df, lang):
        calls.append(lang)
        return object()

    evens, odds = split(rows)
    assert len(evens) > memo.SMALL_ROWS  # too large to be keyed by content: only its identity can key it
    assert count(evens, "fr") is count(evens, "fr")
    assert count(odds, "fr") is count(odds, "fr")
    assert split(rows)[0] is evens
    assert calls == ["fr", "fr"]


def test_a_returned_frame_stops_being_stable_once_forgotten():
    rows = memo.mark_stable(pd.DataFrame({"id": range(5000)}))

    @memo.memoised
    def head(df):
        return df.head(3000)

    address = id(head(rows))
    assert address in memo._stable
    memo.forget()
    gc.collect()
    assert address not in memo._stable


def test_values_by_identity_are_made_once_per_object_and_leave_with_it():
    """A figure, a deck or a loaded inventory is prepared once per language; once the object
    is gone its value goes too, and the newest few are all that is kept."""
    from partdash.memo import ByIdentity

    cache = ByIdentity(size=2)
    made = []

    class Thing:
        pass

    first, second, third = Thing(), Thing(), Thing()
    make = lambda obj, lang: lambda: made.append((obj, lang)) or f"{id(obj)}-{lang}"  # noqa: E731
    assert cache.get(first, ("fr",), make(first, "fr")) == f"{id(first)}-fr"
    assert cache.get(first, ("fr",), make(first, "fr")) == f"{id(first)}-fr"
    cache.get(first, ("nl",), make(first, "nl"))
    assert made == [(first, "fr"), (first, "nl")]
    cache.get(second, ("fr",), make(second, "fr"))
    cache.get(first, ("fr",), make(first, "fr"))  # pushed out by the two newer entries
    assert len(made) == 4
    del made[:]
    second_id = id(second)
    del second
    gc.collect()
    assert all(key[0] != second_id for key in cache._entries)
    cache.get(third, ("fr",), make(third, "fr"))
    assert made == [(third, "fr")]
