"""The smoothing pass: a second, fitted stage over the content model's p (an article is a run).

The content model (`pagevet.pages.model`) scores each line from its own features and a few
of its neighbours'. The smoother reads each line's p beside the p of the lines around it —
the previous and next three non-blank lines, rolling mean/max/min over 3, 7 and 15 lines,
how far the nearest likely-content line is before and after, the line's rank in its page,
the share of the page's likely-content words before and after it, the length of the run of
likely-content (or likely-furniture) lines it sits in — and a few of its line features, and
gives a new p (a stacked model, fitted on out-of-fold first-stage p: `training.fit_smoother`).
Every feature is a polars expression over the batch (no per-line Python loop).

Weights would ship as `pagevet/data/smoother_model.json` (`scripts/train_roles.py --smoother`),
read once, on first use, and applied with the shipped content model. None ships: fitted on
out-of-fold p and judged on held-out sites (`scripts/smooth_loop.py`), the smoother raised
content-line precision but lost more recall, and clean-text F1 fell (aeb 0.890 -> 0.888,
cleaning 0.847 -> 0.842, readability 0.838 -> 0.808), so the parser uses the first-stage p
as it is. Held-out text F1 aeb/cleaning/readability (`smooth_loop.py --fast`, 2 site folds):
none 0.890/0.847/0.838; stacked trees 0.888/0.842/0.808; stacked logistic 0.903/0.845/0.828;
two-state Viterbi (fitted switch cost) 0.881/0.844/0.842; rolling median 0.888/0.843/0.833.
The title finder reads the first-stage p in any case: only content vs furniture
(`parse.content_pass`) would read the smoothed one.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np
import polars as pl

from pagevet.pages.model import ContentModel

SMOOTHER_FILE = "smoother_model.json"

# p from which a line counts as likely content for the run and distance features
HIGH = 0.5
_SHIFTS = (1, 2, 3)
_WINDOWS = (3, 7, 15)
# first-stage line features the smoother also reads (columns `parse.model_pass` keeps)
LINE_COLUMNS = ("words_log", "end_sentence", "short_run_log", "template_any", "rule_nav")

SMOOTH_FEATURES = (
    "p",
    *(f"p_prev{k}" for k in _SHIFTS),
    *(f"p_next{k}" for k in _SHIFTS),
    *(f"{agg}{w}" for w in _WINDOWS for agg in ("mean", "max", "min")),
    "gap_before_log", "gap_after_log", "rank_pct", "mass_before_p", "mass_after_p",
    "run_high_log", "run_low_log", "page_mean_p", "page_high_share", "pos_rel",
    *LINE_COLUMNS,
)  # fmt: skip


def smooth_features(page: np.ndarray, p: np.ndarray, line: dict[str, np.ndarray]) -> pl.DataFrame:
    """The smoother's inputs for a batch of non-blank lines in page order (`page`: each
    row's page, rows of a page contiguous and in line order; `p`: first-stage p; `line`:
    the LINE_COLUMNS). Returns the SMOOTH_FEATURES columns, one row per line."""
    frame = pl.DataFrame(
        {"page": page, "p": p.astype(np.float64)}
        | {c: np.asarray(line[c], dtype=np.float64) for c in LINE_COLUMNS}
    )
    p_col = pl.col("p")
    over = "page"
    pos = pl.int_range(pl.len()).over(over)
    count = pl.len().over(over)
    high = (p_col >= HIGH).cast(pl.Int32)
    # words of a line (words_log is log1p of them), weighted by p for the mass features
    weighted = (pl.col("words_log").exp() - 1.0).clip(0.0) * p_col
    frame = frame.with_columns(
        pos.alias("_pos"), count.alias("_count"), high.alias("_high"), weighted.alias("_w")
    )
    pos_c, high_c = pl.col("_pos"), pl.col("_high")
    # runs of lines on the same side of HIGH: a new run starts where the side changes
    run_id = (high_c != high_c.shift(1)).fill_null(True).cum_sum().over(over)
    frame = frame.with_columns(
        run_id.alias("_run"), pl.when(high_c == 1).then(pos_c).otherwise(None).alias("_lh")
    )
    last_high = pl.col("_lh")
    far = 1000.0
    cols: list[pl.Expr] = []
    for k in _SHIFTS:
        cols.append(p_col.shift(k).over(over).fill_null(0.0).alias(f"p_prev{k}"))
        cols.append(p_col.shift(-k).over(over).fill_null(0.0).alias(f"p_next{k}"))
    for w in _WINDOWS:
        kw = {"window_size": w, "center": True, "min_samples": 1}
        cols += [
            p_col.rolling_mean(**kw).over(over).alias(f"mean{w}"),
            p_col.rolling_max(**kw).over(over).alias(f"max{w}"),
            p_col.rolling_min(**kw).over(over).alias(f"min{w}"),
        ]
    total_w = pl.col("_w").sum().over(over)
    cum_w = pl.col("_w").cum_sum().over(over)
    cols += [
        (pos_c - last_high.shift(1).forward_fill().over(over))
        .fill_null(far).log1p().alias("gap_before_log"),
        (last_high.shift(-1).backward_fill().over(over) - pos_c)
        .fill_null(far).log1p().alias("gap_after_log"),
        (p_col.rank("average").over(over) / pl.col("_count")).alias("rank_pct"),
        ((cum_w - pl.col("_w")) / total_w).fill_nan(0.0).fill_null(0.0).alias("mass_before_p"),
        ((total_w - cum_w) / total_w).fill_nan(0.0).fill_null(0.0).alias("mass_after_p"),
        pl.when(high_c == 1).then(pl.len().over(over, "_run")).otherwise(0)
        .cast(pl.Float64).log1p().alias("run_high_log"),
        pl.when(high_c == 0).then(pl.len().over(over, "_run")).otherwise(0)
        .cast(pl.Float64).log1p().alias("run_low_log"),
        p_col.mean().over(over).alias("page_mean_p"),
        high_c.mean().over(over).alias("page_high_share"),
        (pos_c / pl.max_horizontal(pl.col("_count") - 1, 1)).alias("pos_rel"),
    ]  # fmt: skip
    return frame.with_columns(cols).select(SMOOTH_FEATURES)


class Smoother:
    """The fitted second stage: a new p for each line from `smooth_features`."""

    def __init__(self, weights: dict[str, Any]) -> None:
        self.weights = weights
        self.model = ContentModel(weights, SMOOTH_FEATURES)

    def score(self, page: np.ndarray, p: np.ndarray, line: dict[str, np.ndarray]) -> np.ndarray:
        if p.size == 0:
            return np.zeros(0)
        x = smooth_features(page, p, line).to_numpy().astype(np.float64)
        return self.model.score(x)


@lru_cache(maxsize=1)
def default_smoother() -> Smoother | None:
    """The shipped smoother, or None when the package has none (then p is used as is)."""
    path = resources.files("pagevet.data").joinpath(SMOOTHER_FILE)
    if not path.is_file():
        return None
    return Smoother(json.loads(path.read_text("utf-8")))
