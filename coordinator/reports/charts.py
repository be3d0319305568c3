"""Small bar charts of progress figures, drawn by matplotlib into PNG bytes for PDFs.

matplotlib >= 3.11 shapes Arabic script and orders right-to-left text itself: labels go in as typed
(reshaping them here as for reportlab would draw them backwards). A Figure is made per chart, never
pyplot, so nothing global is shared between the threads of a web server.
"""

from __future__ import annotations

import io
import threading
from dataclasses import dataclass

import matplotlib

matplotlib.use("Agg")

from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.font_manager import FontProperties, fontManager  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402

from ..l10n.digits import localize_digits  # noqa: E402
from . import fonts  # noqa: E402

DPI = 150
COLOURS = ("#0b6e69", "#d08c2c", "#b3261e", "#5b6675")
INK = "#1d2a38"
_lock = threading.Lock()
_font: FontProperties | None = None


@dataclass(frozen=True)
class Series:
    label: str
    values: tuple[int, ...]
    colour: str | None = None


def _font_properties() -> FontProperties:
    """The report's font (Latin and Arabic script), registered once per process; DejaVu Sans (shipped with
    matplotlib) draws what it lacks, such as the arrow of "Khuzestan → Maysan"."""
    global _font
    with _lock:
        if _font is None:
            fontManager.addfont(fonts.font_path())
            _font = FontProperties(family=[fonts.FAMILY, "DejaVu Sans"])
    return _font


def bar_chart(categories: list[str], series: list[Series], lang: str, *, title: str = "",
              size: tuple[float, float] = (3.6, 2.3)) -> bytes:
    """Grouped bars, one group per category, values written on the bars in the language's digits.

    In Persian and Arabic the first category stands on the right and the value axis is on the right too.
    """
    font = _font_properties()
    rtl = lang in ("fa", "ar")
    fig = Figure(figsize=size, dpi=DPI)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    count = len(categories)
    groups = max(len(series), 1)
    width = 0.8 / groups
    positions = [count - 1 - i for i in range(count)] if rtl else list(range(count))
    peak = 0
    for index, s in enumerate(series):
        offset = (index - (groups - 1) / 2) * width * (-1 if rtl else 1)
        xs = [p + offset for p in positions]
        bars = ax.bar(xs, s.values, width * 0.92, label=s.label, color=s.colour or COLOURS[index % len(COLOURS)])
        ax.bar_label(bars, labels=[localize_digits(str(v), lang) for v in s.values], padding=1,
                     fontproperties=_sized(font, 6.5), color=INK)
        peak = max([peak, *s.values])
    ax.set_xticks(positions, categories, fontproperties=_sized(font, 6.5))
    ax.set_xlim(-0.6, max(count, 1) - 0.4)
    top = max(peak, 1) * 1.18  # room for the value above the tallest bar
    ticks = [t for t in MaxNLocator(integer=True, nbins=4).tick_values(0, max(peak, 1)) if 0 <= t <= top]
    if rtl:
        ax.yaxis.tick_right()  # before the labels are set: it re-creates them in the default font
    ax.set_yticks(ticks, [localize_digits(f"{t:g}", lang) for t in ticks])
    # tick_params, not the labels' own properties: ticks made again at drawing time keep these.
    ax.tick_params(axis="y", labelsize=6, labelfontfamily=font.get_family())
    ax.set_ylim(0, top)
    for spine in ("top", "left" if rtl else "right"):
        ax.spines[spine].set_visible(False)
    ax.tick_params(colors=INK, length=2)
    if title:
        ax.set_title(title, fontproperties=_sized(font, 8), color=INK, loc="right" if rtl else "left")
    if len(series) > 1:
        # Under the axis, so long series names never cover a bar.
        handles, labels = ax.get_legend_handles_labels()
        if rtl:  # the first series' entry on the right
            handles, labels = handles[::-1], labels[::-1]
        ax.legend(handles, labels, prop=_sized(font, 6), frameon=False, markerfirst=not rtl, ncol=len(series),
                  loc="upper center", bbox_to_anchor=(0.5, -0.13))
    fig.tight_layout(pad=0.4)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI)
    return buffer.getvalue()


def _sized(font: FontProperties, size: float) -> FontProperties:
    sized = font.copy()
    sized.set_size(size)
    return sized
