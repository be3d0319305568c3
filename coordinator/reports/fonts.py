"""Fonts for PDFs, taken from installed font packages (none are committed to the repository)."""

from __future__ import annotations

import threading

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

# Noto Sans Arabic covers Arabic script (with the presentation forms arabic-reshaper produces) and Latin.
# The package ships one variable TTF; reportlab reads its default instance (weight 400, full width)
# from the glyf table and ignores the variation tables, and subsets and embeds it like a static font.
FAMILY = "Noto Sans Arabic"
REGULAR = "NotoSansArabic"

_lock = threading.Lock()


def font_path() -> str:
    import fontpkg

    return str(fontpkg.path(FAMILY))


def register() -> str:
    """Register the font with reportlab once per process; returns its reportlab name."""
    with _lock:
        if REGULAR not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(REGULAR, font_path()))
    return REGULAR
