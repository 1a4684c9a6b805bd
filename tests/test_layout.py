"""Rules of the code base that a reader can't see on screen: the core stays free of
Streamlit, pages show only catalogue texts, and the catalogue is complete."""

from __future__ import annotations

import ast
import string
from pathlib import Path

import pytest

from partdash.i18n import LANGS, catalogue, plural_keys

ROOT = Path(__file__).resolve().parents[1]
# The benchmark drives the app through Streamlit's AppTest: a developer's tool beside the core, not part of it.
STREAMLIT_AWARE = ("ui", "bench")
CORE = sorted(
    p for p in (ROOT / "partdash").rglob("*.py") if p.relative_to(ROOT / "partdash").parts[0] not in STREAMLIT_AWARE
)
PAGES = sorted((ROOT / "pages").glob("*.py"))
SOURCES = sorted((ROOT / "partdash").rglob("*.py")) + PAGES
# Streamlit calls whose text reaches the user: the first positional argument, and these keywords.
SHOWN = {
    "title",
    "header",
    "subheader",
    "caption",
    "markdown",
    "write",
    "text",
    "info",
    "warning",
    "error",
    "success",
    "toast",
    "button",
    "download_button",
    "link_button",
    "page_link",
    "metric",
    "expander",
    "popover",
    "tabs",
    "selectbox",
    "multiselect",
    "radio",
    "checkbox",
    "toggle",
    "slider",
    "select_slider",
    "text_input",
    "number_input",
    "segmented_control",
    "pills",
    "file_uploader",
    "spinner",
    "status",
}
SHOWN_KEYWORDS = {"label", "help", "placeholder", "body", "text", "caption"}
# Calls whose first argument is not shown: a page to link to (its label is a keyword).
TARGET_FIRST = {"page_link"}
TRANSLATORS = {"t", "translate"}


def tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def rel(path: Path) -> str:
    return str(path.relative_to(ROOT))


def func_name(call: ast.Call) -> str | None:
    func = call.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def is_translation(node: ast.AST) -> bool:
    """A t()/translate() call, possibly wrapped (``plain(t(...))``)."""
    if not isinstance(node, ast.Call):
        return False
    return func_name(node) in TRANSLATORS or (bool(node.args) and is_translation(node.args[0]))


def has_letters(text: str) -> bool:
    return any(ch.isalpha() for ch in text)


def literal_text(node: ast.AST) -> str | None:
    """The user-visible literal text in an argument, if any: a string constant with letters,
    or an f-string with letters outside its t() calls or with a value that is not a t() call."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value if has_letters(node.value) else None
    if isinstance(node, ast.JoinedStr):
        for part in node.values:
            if isinstance(part, ast.Constant) and has_letters(part.value):
                return ast.unparse(node)
            if isinstance(part, ast.FormattedValue) and not is_translation(part.value):
                return ast.unparse(node)
        return None
    if isinstance(node, ast.BinOp):
        return literal_text(node.left) or literal_text(node.right)
    return None


def shown_literals(path: Path) -> list[str]:
    """Every literal text a Streamlit call of ``path`` would show, as "line call(text)"."""
    found = []
    for node in ast.walk(tree(path)):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in SHOWN):
            continue
        candidates = ([] if node.func.attr in TARGET_FIRST else node.args[:1]) + [
            k.value for k in node.keywords if k.arg in SHOWN_KEYWORDS
        ]
        for arg in candidates:
            text = literal_text(arg)
            if text:
                found.append(f"{node.lineno} {node.func.attr}({text!r})")
    return found


def translation_calls(path: Path):
    """(line, key or f-string prefix, is_prefix, keyword names or None when **params are passed)."""
    for node in ast.walk(tree(path)):
        if not (isinstance(node, ast.Call) and func_name(node) in TRANSLATORS and node.args):
            continue
        key = node.args[0]
        names = None if any(k.arg is None for k in node.keywords) else {k.arg for k in node.keywords}
        if isinstance(key, ast.Constant) and isinstance(key.value, str):
            yield node.lineno, key.value, False, names
        elif isinstance(key, ast.JoinedStr) and key.values and isinstance(key.values[0], ast.Constant):
            yield node.lineno, key.values[0].value, True, names


def placeholders(text: str | dict[str, str]) -> set[str]:
    """The placeholders of a message, or of every plural form of it."""
    forms = text.values() if isinstance(text, dict) else [text]
    return {name for form in forms for _, name, _, _ in string.Formatter().parse(form) if name}


def test_the_scans_see_the_code():
    assert len(CORE) > 10 and len(PAGES) >= 3
    assert (ROOT / "partdash" / "inventory" / "filters.py") in CORE and (
        ROOT / "partdash" / "ui" / "shell.py"
    ) not in CORE
    calls = [c for p in SOURCES for c in translation_calls(p)]
    assert len(calls) > 100


@pytest.mark.parametrize("path", CORE, ids=rel)
def test_core_never_imports_streamlit(path):
    for node in ast.walk(tree(path)):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = [node.module or ""]
        else:
            continue
        # partdash.ui imports Streamlit: reaching it from the core would pull Streamlit in too.
        assert not any(n.split(".")[0] == "streamlit" or n.startswith("partdash.ui") for n in names), (
            f"{rel(path)}:{node.lineno}"
        )


@pytest.mark.parametrize("path", PAGES, ids=rel)
def test_pages_show_only_catalogue_texts(path):
    assert shown_literals(path) == [], rel(path)


def test_the_literal_scan_flags_literals_and_passes_translations(tmp_path):
    page = tmp_path / "page.py"
    page.write_text(
        "st.title('Overview')\n"
        "col.metric(f'Total {n}', 3)\n"
        "st.caption(t('a') + ' more words')\n"
        "st.button(t('b'), help='Click here')\n"
        'st.markdown(f\'**{t("c")}** · {t("d", n=1)}\')\n'
        "st.markdown('---')\n"
        "st.metric(t('e'), format_number(3, 'fr'))\n"
        "st.markdown(f'**{plain(t(\"f\"))}**')\n"
        "st.page_link('pages/x.py', label=t('g'))\n"
        "st.page_link('pages/x.py', label='Go')\n",
        encoding="utf-8",
    )
    assert [int(f.split()[0]) for f in shown_literals(page)] == [1, 2, 3, 4, 10]


def test_every_literal_key_is_in_the_catalogue_with_its_placeholders():
    entries = catalogue()
    problems = []
    for path in SOURCES:
        for line, key, is_prefix, names in translation_calls(path):
            where = f"{rel(path)}:{line}"
            if is_prefix:
                if not any(k.startswith(key) for k in entries):
                    problems.append(f"{where} no key starts with {key!r}")
                continue
            if key not in entries:
                problems.append(f"{where} unknown key {key!r}")
                continue
            # Called without parameters, t() hands back the template for a chart to fill in.
            needed = set().union(*(placeholders(entries[key][lang]) for lang in LANGS))
            if names and not needed <= names:
                problems.append(f"{where} {key!r} needs {sorted(needed - names)}")
            if key in plural_keys() and names is not None and "count" not in names:
                problems.append(f"{where} {key!r} has plural forms: call it with count=")
    assert problems == [], "\n".join(problems)


def test_every_catalogue_entry_has_the_three_languages_with_the_same_placeholders():
    entries = catalogue()
    assert len(entries) > 100
    for key, entry in entries.items():
        assert set(entry) == set(LANGS), key
        forms = [
            f for lang in LANGS for f in (entry[lang].values() if isinstance(entry[lang], dict) else [entry[lang]])
        ]
        assert all(f.strip() for f in forms), key
        assert placeholders(entry["fr"]) == placeholders(entry["nl"]) == placeholders(entry["en"]), key
