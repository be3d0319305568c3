"""Every user-visible string ships translated in fa, ar and en: no empty, fuzzy or missing entry."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
LANGS = ("fa", "ar", "en")
KEYWORDS = {"_": None, "_l": None, "gettext": None, "lazy_gettext": None, "ngettext": (1, 2),
            "lazy_ngettext": (1, 2), "pgettext": ((1, "c"), 2), "lazy_pgettext": ((1, "c"), 2)}
METHOD_MAP = [("**.py", "python"), ("**.html", "jinja2")]


def catalog(lang):
    with open(ROOT / "translations" / lang / "LC_MESSAGES" / "messages.po", "rb") as handle:
        return read_po(handle, locale=lang)


def _not_hidden(path: str) -> bool:
    # Unlike Babel's default, look into templates/_macros and _partials too.
    name = Path(path).name
    return not name.startswith(".") and name != "__pycache__"


def extracted_ids() -> set[str]:
    ids = set()
    for folder in ("coordinator", "templates"):
        for _name, _line, message, _comments, _context in extract_from_dir(
            ROOT / folder, METHOD_MAP, keywords=KEYWORDS, directory_filter=_not_hidden
        ):
            ids.add(message[0] if isinstance(message, tuple) else message)
    return ids


@pytest.mark.parametrize("lang", LANGS)
def test_catalog_has_no_untranslated_or_fuzzy_entry(lang):
    problems = []
    for message in catalog(lang):
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(s and s.strip() for s in strings):
            problems.append(message.id)
    assert not problems, f"{lang}: untranslated or fuzzy: {problems[:10]}"


@pytest.mark.parametrize("lang", LANGS)
def test_catalog_has_every_string_the_code_uses(lang):
    known = {m.id[0] if isinstance(m.id, tuple) else m.id for m in catalog(lang) if m.id}
    missing = sorted(extracted_ids() - known)
    assert not missing, f"{lang} lacks {len(missing)} strings, e.g. {missing[:5]}; run `flask translate update`"


@pytest.mark.parametrize("lang", ("fa", "ar"))
def test_translations_keep_placeholders(lang):
    import re

    for message in catalog(lang):
        if not message.id:
            continue
        source = message.id[0] if isinstance(message.id, tuple) else message.id
        wanted = sorted(set(re.findall(r"%\(\w+\)s", source)))
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for string in strings:
            found = set(re.findall(r"%\(\w+\)s", string))
            # A plural form may drop the number ("one record"), never invent a placeholder.
            assert found <= set(wanted), (lang, source, string)
            if not isinstance(message.id, tuple):
                assert sorted(found) == wanted, (lang, source, string)


def test_persian_uses_persian_letters():
    for message in catalog("fa"):
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        # Arabic words the source itself quotes (an import's accepted spellings, أنثى / ذكر) stay Arabic.
        quoted = "".join(message.id) if isinstance(message.id, tuple) else message.id
        for string in strings:
            for letter in "يك":
                assert letter not in string or letter in quoted, (message.id, string)
