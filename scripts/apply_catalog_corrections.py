"""Apply the language pass's corrections (docs/catalog-corrections.json) to the fa and ar catalogs.

The corrections are kept apart from the .po files so that catalogs merged from several branches can be
corrected once, after the merge: `python scripts/apply_catalog_corrections.py` (then `flask translate compile`).
Each correction names its msgid and the new msgstr (a list for plural entries); a msgid no longer in a
catalog is reported and skipped, never added. Running it twice changes nothing the second time.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
CORRECTIONS = ROOT / "docs" / "catalog-corrections.json"


def apply(lang: str, corrections: dict, folder: Path = ROOT / "translations") -> tuple[int, list[str]]:
    """(entries changed, msgids not found) for one language's catalog."""
    path = folder / lang / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    changed, missing = 0, []
    for msgid, new in corrections.items():
        message = catalog.get(msgid)
        if message is None:
            missing.append(msgid)
            continue
        if isinstance(message.string, (list, tuple)):
            strings = list(new) if isinstance(new, list) else [new] * len(message.string)
            strings = (strings + [strings[-1]] * len(message.string))[:len(message.string)]
            new_value = tuple(strings)
        else:
            new_value = new[0] if isinstance(new, list) else new
        if message.string != new_value or message.fuzzy:
            message.string = new_value
            message.flags.discard("fuzzy")
            changed += 1
    if changed:
        with path.open("wb") as handle:
            write_po(handle, catalog)
    return changed, missing


def main() -> int:
    corrections = json.loads(CORRECTIONS.read_text(encoding="utf-8"))
    for lang, entries in corrections.items():
        changed, missing = apply(lang, entries)
        print(f"{lang}: {changed} corrected, {len(missing)} not found")
        for msgid in missing:
            print(f"  not in the {lang} catalog: {msgid!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
