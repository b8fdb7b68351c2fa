"""The content/furniture model at run time: exported weights scored with numpy.

The shipped model (`pagevet/data/content_model.json`) holds weights only, no page text; it is
read once, on first use. Training (`scripts/train_roles.py`) needs scikit-learn, scoring does
not.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np

from pagevet.pages.features import FEATURES

MODEL_FILE = "content_model.json"


class ContentModel:
    """P(content) for feature rows: a logistic regression or a forest of boosted trees.
    `features`: the columns the rows hold (the line FEATURES; the smoother has its own)."""

    def __init__(self, weights: dict[str, Any], features: Sequence[str] = FEATURES) -> None:
        if list(weights["features"]) != list(features):
            raise ValueError(f"model features differ from the {len(features)} expected")
        self.weights = weights
        self.kind = weights["kind"]
        if self.kind == "trees":
            self._trees = [
                (
                    np.asarray(t["feature"], dtype=np.int64),
                    np.asarray(t["threshold"], dtype=np.float64),
                    np.asarray(t["left"], dtype=np.int64),
                    np.asarray(t["right"], dtype=np.int64),
                    np.asarray(t["leaf"], dtype=bool),
                    np.asarray(t["value"], dtype=np.float64),
                    np.asarray(t["nan_left"], dtype=bool),
                )
                for t in weights["trees"]
            ]

    def score(self, x: np.ndarray) -> np.ndarray:
        """Probability that each row (a line's FEATURES) is main content."""
        if x.shape[0] == 0:
            return np.zeros(0)
        if self.kind == "logistic":
            w = self.weights
            if "lo" in w:
                x = np.clip(x, np.asarray(w["lo"]), np.asarray(w["hi"]))
            z = ((x - np.asarray(w["mean"])) / np.asarray(w["std"])) @ np.asarray(w["coef"])
            z = z + w["intercept"]
        else:
            z = np.full(x.shape[0], self.weights["baseline"], dtype=np.float64)
            n = x.shape[0]
            # feature-major, so a row's value of a node's feature is one flat index away
            flat = np.ascontiguousarray(x.T).ravel()
            has_nan = bool(np.isnan(flat).any())
            for feature, threshold, left, right, leaf, value, nan_left in self._trees:
                if leaf[0]:
                    z += value[0]
                    continue
                # the rows still walking the tree and the node each has reached; a row
                # leaves the walk at its leaf
                node = np.zeros(n, dtype=np.int64)
                idx = np.arange(n, dtype=np.int64)
                cur = node.copy()
                offset = feature * n
                while idx.size:
                    v = flat[offset[cur] + idx]
                    go_left = v <= threshold[cur]
                    if has_nan:
                        go_left = np.where(np.isnan(v), nan_left[cur], go_left)
                    cur = np.where(go_left, left[cur], right[cur])
                    done = leaf[cur]
                    if done.any():
                        node[idx[done]] = cur[done]
                        walking = ~done
                        idx, cur = idx[walking], cur[walking]
                z += value[node]
        return 1.0 / (1.0 + np.exp(-z))


@lru_cache(maxsize=1)
def default_model() -> ContentModel | None:
    """The shipped model, or None when the package has none (then the rules decide alone)."""
    path = resources.files("pagevet.data").joinpath(MODEL_FILE)
    if not path.is_file():
        return None
    return ContentModel(json.loads(path.read_text("utf-8")))
