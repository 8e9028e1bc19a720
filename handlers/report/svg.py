"""Inline SVG charts for the readiness pack: no scripts, no network, readable when printed."""
from __future__ import annotations

from html import escape

from governance.brag import NOT_RATED_RATING, BragKey
from governance.readiness import IndicatorReading, Readiness, format_value, target_shown


def brag_bar(readiness: Readiness, width: int = 480, height: int = 22) -> str:
    """One stacked bar of the BRAG spread, with the counts written on it."""
    total = len(readiness.states)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img" '
             f'aria-label="BRAG spread: {escape(_spread_words(readiness))}">']
    x = 0.0
    for code, count in readiness.spread.items():
        if not count:
            continue
        rating = readiness.key.get(code)
        w = width * count / total
        parts.append(f'<rect x="{x:.1f}" y="0" width="{w:.1f}" height="{height}" fill="{rating.colour}">'
                     f'<title>{escape(rating.label)}: {count}</title></rect>')
        if w >= 18:
            parts.append(f'<text x="{x + w / 2:.1f}" y="{height / 2 + 4:.1f}" font-size="12" text-anchor="middle" '
                         f'fill="#fff" font-family="sans-serif">{count}</text>')
        x += w
    if not total:
        parts.append(f'<rect width="{width}" height="{height}" fill="#eee"/>')
    parts.append("</svg>")
    return "".join(parts)


def _spread_words(readiness: Readiness) -> str:
    return ", ".join(f"{readiness.key.label(code)} {count}" for code, count in readiness.spread.items())


def trend_line(reading: IndicatorReading, width: int = 260, height: int = 70) -> str:
    """The indicator's monthly values as a line, with its target as a dashed line; each figure is named with the
    mark when it is illustrative."""
    values = [v.value for v in reading.history]
    if not values:
        return '<span class="muted">no data</span>'
    target = reading.indicator.target
    scale_points = values + ([target] if target is not None else [])
    low, high = min(scale_points), max(scale_points)
    span = (high - low) or 1.0
    pad = 8

    def y(value: float) -> float:
        return pad + (height - 2 * pad) * (1 - (value - low) / span)

    step = (width - 2 * pad) / max(len(values) - 1, 1)
    points = " ".join(f"{pad + i * step:.1f},{y(v):.1f}" for i, v in enumerate(values))
    label = escape(f"{reading.indicator.name}: " + ", ".join(
        f"{v.month:%b %y} {format_value(reading.indicator, v.value, v.provenance.mark)}" for v in reading.history))
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img" '
             f'aria-label="{label}">']
    if target is not None:
        parts.append(f'<line x1="{pad}" x2="{width - pad}" y1="{y(target):.1f}" y2="{y(target):.1f}" '
                     f'stroke="#555" stroke-dasharray="4 3"><title>target {escape(target_shown(reading.indicator))}'
                     f'</title></line>')
    colour = {"green": "#2e7d32", "amber": "#e69500", "red": "#c62828"}.get(reading.status or "", "#1f5fbf")
    parts.append(f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2"/>')
    for i, v in enumerate(reading.history):
        figure = format_value(reading.indicator, v.value, v.provenance.mark)
        parts.append(f'<circle cx="{pad + i * step:.1f}" cy="{y(v.value):.1f}" r="2.5" fill="{colour}">'
                     f'<title>{v.month:%b %Y}: {figure}</title></circle>')
    parts.append("</svg>")
    return "".join(parts)


def legend(key: BragKey) -> str:
    items = [*key.ratings, NOT_RATED_RATING]
    return " ".join(f'<span class="chip" style="background:{r.colour}">{escape(r.label)}</span> '
                    f'{escape(r.meaning)}' for r in items)
