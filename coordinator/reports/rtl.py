"""Persian and Arabic lines for renderers that cannot shape (reportlab): join the letters, then reorder.

reportlab draws the characters of a string left to right, one glyph each, with no OpenType shaping.
So a line is first given its contextual letter forms (arabic-reshaper: Arabic Presentation Forms,
which every Arabic-script font maps) and then put in visual order (python-bidi). Wrap in logical
order first and shape each line afterwards: shaping a paragraph and then cutting it would put the
end of the sentence on the first line.
"""

from __future__ import annotations

from collections.abc import Callable

from arabic_reshaper import ArabicReshaper
from arabic_reshaper.ligatures import SENTENCES_LIGATURES, WORDS_LIGATURES

# `bidi.algorithm.get_display` (python-bidi's Python implementation) mirrors brackets; the Rust-backed
# `bidi.get_display` of python-bidi 0.5+ does not, so "(۱۲)" would come out as ")۱۲(".
from bidi.algorithm import get_display

from ..l10n.digits import BIDI_MARKS

RTL = "R"
LTR = "L"
LRE, PDF = "\u202a", "\u202c"
_DROP_MARKS = str.maketrans("", "", BIDI_MARKS)

_CONFIG = {
    # Harakat are part of what was written (names, Qur'anic phrases on certificates): keep them. They
    # stay after their letter, so after reordering each one is drawn just before (left of) its letter
    # with zero advance, which is where the font's zero-width marks expect their base.
    "delete_harakat": False,
    "shift_harakat_position": False,
    "delete_tatweel": False,
    "support_zwj": True,
    # Lam-alef must become its ligature (a font without GSUB has no other way to draw it);
    # whole-word ligatures must not: "ریال" would become the ﷼ sign and "الله" a single glyph,
    # changing what is printed and what a reader copies out of the PDF.
    "support_ligatures": True,
    **{name: False for name, _replacement in (*SENTENCES_LIGATURES, *WORDS_LIGATURES)},
}
_reshaper = ArabicReshaper(configuration=_CONFIG)


def shape(line: str, base_dir: str | None = None) -> str:
    """One line in drawing order with joined letters; base_dir 'R' or 'L' forces the paragraph direction
    (Persian and Arabic blocks pass 'R', so a line that starts with a code still reads right to left)."""
    if not line:
        return ""
    if "\n" in line:
        raise ValueError("shape() takes one line; wrap the text first (wrap_logical)")
    if base_dir not in (RTL, LTR, None):
        raise ValueError(f"base_dir must be 'R', 'L' or None, not {base_dir!r}")
    visual = get_display(_reshaper.reshape(line), base_dir=base_dir)
    # Marks have done their work once the line is in visual order, and have no glyph to draw.
    return visual.translate(_DROP_MARKS)


def ltr(text: str) -> str:
    """Keep a code or number left to right inside Persian/Arabic text.

    After an Arabic-script letter the bidi algorithm reads digits as Arabic numbers, and a hyphen
    between those is no longer part of the number: "استاندارد 7212-01" would be drawn "01-7212"
    (browsers do the same). An embedding (LRE … PDF) keeps the run whole; python-bidi's
    algorithm.get_display knows embeddings, not the newer isolates.
    """
    return f"{LRE}{text}{PDF}" if text else ""


def wrap_logical(
    text: str,
    width_fn: Callable[[str], float],
    max_width: float,
    base_dir: str | None = None,
) -> list[str]:
    """Lines of `text`, each shaped, no wider than max_width as measured by width_fn on the shaped line.

    Words are collected in logical (reading) order; explicit newlines start a new line. A single word
    wider than max_width is left on a line of its own rather than cut inside a joined word.
    """
    lines: list[str] = []
    for paragraph in (text or "").split("\n"):
        words = paragraph.split()
        if not words:
            lines.append("")
            continue
        current: list[str] = []
        for word in words:
            candidate = " ".join([*current, word])
            if current and width_fn(shape(candidate, base_dir)) > max_width:
                lines.append(" ".join(current))
                current = [word]
            else:
                current.append(word)
        lines.append(" ".join(current))
    return [shape(line, base_dir) for line in lines]
