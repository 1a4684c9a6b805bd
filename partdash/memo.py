"""Builders and analyses remember what they computed, so that a rerun with the same view computes nothing.

A Streamlit page runs top to bottom on every click; without memory every builder would
rebuild its figure (plotly validates every property it is given, which costs more than the
counting behind it). ``@memoised`` keys a builder's result on its arguments:

- a frame registered with ``mark_stable`` (the loaded inventory, or the rows a set of filters
  selects, which the app keeps for as long as those filters are in use) by its identity;
  a frame a builder returned (alone or in a tuple) is registered as it is remembered, so
  that a chain of builders (rows → the rows touching a place → their table) keys on
  identity all along instead of hashing each step's rows again;
- any other frame of up to ``SMALL_ROWS`` rows by its content;
- other arguments (language, codes, periods, dates) by value.

A call with anything else (a large unregistered frame, an unhashable object) is simply not
remembered. Results are shared between sessions and must be treated as read-only: builders
hand them to ``st.plotly_chart``, which only reads them.
"""

from __future__ import annotations

import functools
import hashlib
import pickle
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import fields, is_dataclass
from datetime import date

import pandas as pd

SMALL_ROWS = 2_000
MAX_ENTRIES = 256

_stable: dict[int, weakref.ref] = {}
_lock = threading.Lock()
_results: OrderedDict[tuple, tuple[tuple[weakref.ref, ...], object]] = OrderedDict()


class Unkeyable(Exception):
    """An argument that cannot be part of a key: the call is made without memory."""


def mark_stable(frame: pd.DataFrame) -> pd.DataFrame:
    """Say that ``frame`` will not change while it lives, so builders may key on its identity."""
    key = id(frame)
    with _lock:
        _stable[key] = weakref.ref(frame, lambda _ref: _stable.pop(key, None))
    return frame


def _token(value, held: list[weakref.ref]):
    if isinstance(value, pd.DataFrame | pd.Series):
        ref = _stable.get(id(value))
        if ref is not None and ref() is value:
            held.append(ref)
            return ("frame", id(value))
        if len(value) <= SMALL_ROWS:
            return ("content", hashlib.blake2b(pickle.dumps(value, protocol=5), digest_size=16).digest())
        raise Unkeyable
    if value is None or isinstance(value, str | int | float | bool | date):
        return value
    if isinstance(value, list | tuple):
        return (type(value).__name__, *(_token(v, held) for v in value))
    if isinstance(value, dict):
        return ("dict", *((k, _token(v, held)) for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))))
    if isinstance(value, set | frozenset):
        return ("set", *sorted(map(repr, value)))
    if is_dataclass(value) and not isinstance(value, type):
        return (type(value).__qualname__, *(_token(getattr(value, f.name), held) for f in fields(value)))
    raise Unkeyable


def _mark_frames(result) -> None:
    if isinstance(result, pd.DataFrame | pd.Series):
        mark_stable(result)
    elif isinstance(result, tuple):
        for item in result:
            _mark_frames(item)


def memoised(builder: Callable) -> Callable:
    """Remember ``builder``'s results (see the module's docstring)."""

    @functools.wraps(builder)
    def remembered(*args, **kwargs):
        held: list[weakref.ref] = []
        try:
            key = (builder.__module__, builder.__qualname__, _token(args, held), _token(kwargs, held))
        except Unkeyable:
            return builder(*args, **kwargs)
        with _lock:
            found = _results.get(key)
            if found is not None and all(ref() is not None for ref in found[0]):
                _results.move_to_end(key)
                return found[1]
        result = builder(*args, **kwargs)
        _mark_frames(result)
        with _lock:
            _results[key] = (tuple(held), result)
            while len(_results) > MAX_ENTRIES:
                _results.popitem(last=False)
        return result

    return remembered


class ByIdentity:
    """Values worked out from objects that do not change while they live (a figure, a
    loaded inventory, a deck), keyed by the object's identity and a few plain values; the
    newest ``size`` are kept. An entry leaves when its object dies, so an identity a new
    object takes over never finds the old value."""

    def __init__(self, size: int):
        self._size = size
        self._lock = threading.Lock()
        self._entries: OrderedDict[tuple, tuple[weakref.ref, object]] = OrderedDict()

    def get(self, obj, extra: tuple, make: Callable[[], object]):
        """The value for ``obj`` and ``extra``, made by ``make()`` the first time."""
        key = (id(obj), *extra)
        with self._lock:
            found = self._entries.get(key)
            if found is not None and found[0]() is obj:
                self._entries.move_to_end(key)
                return found[1]
        value = make()
        # No lock in the callback: an object may die while this thread holds it.
        ref = weakref.ref(obj, lambda _ref: self._entries.pop(key, None))
        with self._lock:
            self._entries[key] = (ref, value)
            while len(self._entries) > self._size:
                self._entries.popitem(last=False)
        return value


def forget() -> None:
    """Drop every remembered result (tests; a new catalogue or reference data)."""
    with _lock:
        _results.clear()
