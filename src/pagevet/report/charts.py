"""Charts for the HTML report as inline SVG strings, drawn with matplotlib from small,
already-aggregated data (histogram counts, rates), never from page rows.

Text stays text in the SVG (`svg.fonttype = "none"`): the browser draws it with a local sans
font, so the file is small, works offline and renders Vietnamese. Figures are created with
`matplotlib.figure.Figure` (no pyplot state) on the Agg backend, with a fixed hash salt and no
date in the metadata, so the same data gives the same SVG.
"""

from __future__ import annotations

import functools
import io
import re
from collections.abc import Callable, Sequence
from datetime import date
from typing import ParamSpec

import matplotlib

matplotlib.use("Agg")

from matplotlib import rc_context  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.ticker import FuncFormatter, PercentFormatter  # noqa: E402

VERDICT_COLORS = {
    "match": "#27ae60",
    "truncated": "#82c596",
    "edited": "#f0b429",
    "mismatch": "#c0392b",
    "unknown": "#aab7b8",
}
BAR_COLOR = "#2e86c1"
P = ParamSpec("P")
_STYLE = {
    "svg.fonttype": "none",
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans", "Arial", "Helvetica", "Liberation Sans"],
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titlesize": 10,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.edgecolor": "#7f8c8d",
    "axes.labelcolor": "#2c3e50",
    "xtick.color": "#2c3e50",
    "ytick.color": "#2c3e50",
}


def _to_svg(fig: Figure, name: str, label: str) -> str:
    """The figure as an `<svg>` element: its natural size, shrinking with a narrower container
    (the page's CSS gives `max-width: 100%; height: auto`)."""
    buf = io.StringIO()
    with rc_context({**_STYLE, "svg.hashsalt": f"pagevet-{name}"}):
        fig.savefig(buf, format="svg", metadata={"Date": None}, bbox_inches="tight")
    svg = buf.getvalue()
    svg = svg[svg.index("<svg") :]
    # matplotlib names clip paths by a hash of their box: prefix them per chart so two charts
    # inlined in one page never share an id.
    svg = re.sub(r'id="(p[0-9a-f]+)"', rf'id="{name}-\1"', svg)
    svg = re.sub(r"url\(#(p[0-9a-f]+)\)", rf"url(#{name}-\1)", svg)
    label_attr = label.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
    return svg.replace("<svg", f'<svg role="img" aria-label="{label_attr}"', 1)


def _figure(width: float, height: float) -> Figure:
    with rc_context(_STYLE):
        return Figure(figsize=(width, height), layout="constrained")


def _styled(fn: Callable[P, str]) -> Callable[P, str]:
    """Draw under the report style (fonts, spines) so axes created inside pick it up."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> str:
        with rc_context(_STYLE):
            return fn(*args, **kwargs)

    return wrapper


def _percent(value: float) -> str:
    if value == 0:
        return ""
    if value < 0.01:
        return "<1%"
    return f"{value:.0%}"


@_styled
def rate_heatmap(
    sources: Sequence[str], rules: Sequence[str], rates: Sequence[Sequence[float]]
) -> str:
    """Share of pages flagged per source (rows) and rule (columns), annotated in percent."""
    height = 1.1 + 0.36 * max(len(sources), 1)
    fig = _figure(max(6.0, 2.2 + 0.72 * len(rules)), height + 0.4)
    ax = fig.add_subplot()
    image = ax.imshow(rates, cmap="Reds", vmin=0.0, vmax=1.0, aspect="auto")
    ax.set_xticks(range(len(rules)), list(rules), rotation=35, ha="right", rotation_mode="anchor")
    ax.set_yticks(range(len(sources)), list(sources))
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    for i, row in enumerate(rates):
        for j, value in enumerate(row):
            ax.text(
                j,
                i,
                _percent(value),
                ha="center",
                va="center",
                fontsize=8,
                color="white" if value > 0.55 else "#2c3e50",
            )
    bar = fig.colorbar(image, ax=ax, shrink=0.85, pad=0.01, format=PercentFormatter(1.0))
    bar.outline.set_visible(False)
    ax.set_title("Pages flagged, by source and rule")
    return _to_svg(fig, "rates", "Heat map of the share of pages flagged by each rule per source")


@_styled
def histogram(
    edges: Sequence[float],
    series: dict[str, Sequence[int]],
    *,
    name: str,
    title: str,
    xlabel: str,
    colors: dict[str, str] | None = None,
    log_x: bool = False,
    percent_x: bool = False,
) -> str:
    """Bars over the bins [edges[i], edges[i+1]); several series are stacked (with a legend)."""
    fig = _figure(5.6, 2.7)
    ax = fig.add_subplot()
    lefts, widths = list(edges[:-1]), [b - a for a, b in zip(edges[:-1], edges[1:], strict=True)]
    bottom = [0] * len(lefts)
    for label, counts in series.items():
        color = (colors or {}).get(label, BAR_COLOR)
        ax.bar(lefts, counts, widths, bottom=bottom, align="edge", color=color, label=label,
               edgecolor="white", linewidth=0.5)  # fmt: skip
        bottom = [b + c for b, c in zip(bottom, counts, strict=True)]
    if log_x:
        ax.set_xscale("log")
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}"))
    if percent_x:
        ax.xaxis.set_major_formatter(PercentFormatter(1.0))
    ax.set_xlim(edges[0], edges[-1])
    ax.set_xlabel(xlabel)
    ax.set_ylabel("pages")
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.set_title(title)
    if len(series) > 1:
        ax.legend(frameon=False, fontsize=8, ncols=min(len(series), 5), loc="upper left")
    return _to_svg(fig, name, f"Histogram: {title}")


@_styled
def timeline(starts: Sequence[date], counts: Sequence[int], *, period: str, days: int) -> str:
    """Pages per publication period (bars `days` wide starting at `starts`) on a date axis."""
    fig = _figure(5.6, 2.7)
    ax = fig.add_subplot()
    ax.bar(list(starts), list(counts), width=days * 0.85, align="edge", color=BAR_COLOR)
    ax.set_ylabel("pages")
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.set_title(f"Pages per publication {period}")
    return _to_svg(fig, "timeline", f"Bar chart of pages per publication {period}")
