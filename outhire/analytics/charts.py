"""Server-rendered SVG charts (plain Python: no Django, no JavaScript).

Every chart names each bar or point in text and prints its number beside it, so it reads
without colour; bars alternate solid and hatched fills so neighbours differ by pattern too. The
pages also give the numbers as a table. Each SVG has role="img", a <title> and a <desc>.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from django.utils.translation import gettext as _

from outhire.lib import formatting as fmt

WIDTH = 560
ROW = 26
LABEL_WIDTH = 170
INK = "#1f2933"
BAR = "#1d4ed8"


def _svg(
    title: str, desc: str, height: int, body: str, width: int = WIDTH, colour: str = BAR
) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {width} {height}" '
        f'width="100%" class="chart">'
        f"<title>{escape(title)}</title><desc>{escape(desc)}</desc>"
        f'<defs><pattern id="{_hatch_id(colour)}" width="6" height="6" '
        'patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
        '<rect width="6" height="6" fill="#fff"/>'
        f'<line x1="0" y1="0" x2="0" y2="6" stroke="{colour}" stroke-width="3"/></pattern></defs>'
        f"{body}</svg>"
    )


def _hatch_id(colour: str) -> str:
    # One pattern per colour: charts of different colours on one page keep their own.
    return "hatch" if colour == BAR else f"hatch-{colour.lstrip('#').lower()}"


def readable_colour(colour: str | None) -> str:
    """`colour` (#RRGGBB) when bars in it stand out from white (3:1, WCAG's non-text
    contrast), else the default blue."""
    if not colour or len(colour) != 7:
        return BAR
    try:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    except ValueError:
        return BAR
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return colour if 1.05 / (luminance + 0.05) >= 3 else BAR


def _fmt(value: float | None, unit: str = "") -> str:
    if value is None:
        return "no data"
    return f"{fmt.number(value, 0 if float(value).is_integer() else 1)}{unit}"


def bar_chart(
    title: str,
    rows: Sequence[tuple[str, float | None]],
    unit: str = "",
    note: str = "",
    colour: str = BAR,
) -> str:
    """Horizontal bars, one per (label, value), each labelled with its name and number."""
    values = [v for _, v in rows if v is not None]
    top = max([abs(v) for v in values] + [1])
    # Room for the longest label (about 7.5 units a character at this size), within reason.
    longest = max([len(label) for label, _ in rows] + [0])
    label_width = max(LABEL_WIDTH, min(280, int(7.5 * longest) + 16))
    span = WIDTH - label_width - 90
    parts = []
    for n, (label, value) in enumerate(rows):
        y = 8 + n * ROW
        length = 0 if value is None else max(1.0, abs(value) / top * span) if value else 0
        fill = colour if n % 2 == 0 else f"url(#{_hatch_id(colour)})"
        parts.append(
            f'<text x="{label_width - 8}" y="{y + 15}" text-anchor="end" font-size="13" '
            f'fill="{INK}">{escape(label)}</text>'
            f'<rect x="{label_width}" y="{y + 2}" width="{length:.1f}" height="{ROW - 8}" '
            f'fill="{fill}" stroke="{colour}"/>'
            f'<text x="{label_width + length + 6:.1f}" y="{y + 15}" font-size="13" '
            f'fill="{INK}">{escape(_fmt(value, unit))}</text>'
        )
    desc = "; ".join(f"{label}: {_fmt(value, unit)}" for label, value in rows)
    if note:
        desc = f"{note}. {desc}"
    height = 16 + max(1, len(rows)) * ROW
    return _svg(title, desc or _("No data."), height, "".join(parts), colour=colour)


def histogram(values: Sequence[float], edges: Sequence[float]) -> list[tuple[str, int]]:
    """(label, count) per bin [edges[i], edges[i+1]), the last bin open-ended."""
    bins = []
    for n, low in enumerate(edges):
        high = edges[n + 1] if n + 1 < len(edges) else None
        count = sum(1 for v in values if v >= low and (high is None or v < high))
        label = (
            _("%(low)s–%(high)s days") % {"low": f"{low:g}", "high": f"{high:g}"}
            if high is not None
            else _("%(low)s+ days") % {"low": f"{low:g}"}
        )
        bins.append((label, count))
    return bins


def line_chart(
    title: str, points: Sequence[tuple[str, float | None]], low: float, high: float
) -> str:
    """A line through the known points (gaps where None), each point labelled with its number."""
    height, left, bottom, top_pad = 220, 50, 40, 20
    inner_w = WIDTH - left - 20
    inner_h = height - bottom - top_pad
    step = inner_w / max(1, len(points) - 1)

    def y_of(value: float) -> float:
        return top_pad + (high - value) / (high - low) * inner_h

    parts = [
        f'<line x1="{left}" y1="{y_of(0):.1f}" x2="{WIDTH - 20}" y2="{y_of(0):.1f}" '
        'stroke="#9aa5b1" stroke-dasharray="4 3"/>'
        f'<text x="{left - 6}" y="{y_of(0) + 4:.1f}" text-anchor="end" font-size="11" '
        f'fill="{INK}">0</text>'
        f'<text x="{left - 6}" y="{y_of(high) + 4:.1f}" text-anchor="end" font-size="11" '
        f'fill="{INK}">{_fmt(high)}</text>'
        f'<text x="{left - 6}" y="{y_of(low) + 4:.1f}" text-anchor="end" font-size="11" '
        f'fill="{INK}">{_fmt(low)}</text>'
    ]
    path, previous = [], None
    for n, (label, value) in enumerate(points):
        x = left + n * step
        parts.append(
            f'<text x="{x:.1f}" y="{height - 12}" text-anchor="middle" font-size="12" '
            f'fill="{INK}">{escape(label)}</text>'
        )
        if value is None:
            previous = None
            continue
        y = y_of(value)
        path.append(f"{'L' if previous is not None else 'M'}{x:.1f},{y:.1f}")
        previous = value
        parts.append(
            f'<rect x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8" fill="{BAR}"/>'
            f'<text x="{x:.1f}" y="{y - 9:.1f}" text-anchor="middle" font-size="12" '
            f'fill="{INK}">{escape(_fmt(value))}</text>'
        )
    if path:
        parts.insert(1, f'<path d="{" ".join(path)}" fill="none" stroke="{BAR}" stroke-width="2"/>')
    desc = "; ".join(f"{label}: {_fmt(value)}" for label, value in points)
    return _svg(title, desc or _("No data."), height, "".join(parts))
