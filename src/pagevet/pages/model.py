"""The content/furniture model at run time: exported weights scored with numpy.

The shipped model (`pagevet/data/content_model.json`) holds weights only, no page text; it is
read once, on first use. Training (`scripts/train_roles.py`) needs scikit-learn, scoring does
not.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np

from pagevet.pages.features import FEATURES

MODEL_FILE = "content_model.json"


class ContentModel:
    """P(content) for feature rows: a logistic regression or a forest of boosted trees."""

    def __init__(self, weights: dict[str, Any]) -> None:
        if list(weights["features"]) != list(FEATURES):
            raise ValueError("model features differ from pagevet.pages.features.FEATURES")
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
            rows = np.arange(x.shape[0])
            for feature, threshold, left, right, leaf, value, nan_left in self._trees:
                node = np.zeros(x.shape[0], dtype=np.int64)
                active = ~leaf[node]
                while active.any():
                    idx = rows[active]
                    cur = node[idx]
                    v = x[idx, feature[cur]]
                    go_left = np.where(np.isnan(v), nan_left[cur], v <= threshold[cur])
                    node[idx] = np.where(go_left, left[cur], right[cur])
                    active[idx] = ~leaf[node[idx]]
                z += value[node]
        return 1.0 / (1.0 + np.exp(-z))


@lru_cache(maxsize=1)
def default_model() -> ContentModel | None:
    """The shipped model, or None when the package has none (then the rules decide alone)."""
    path = resources.files("pagevet.data").joinpath(MODEL_FILE)
    if not path.is_file():
        return None
    return ContentModel(json.loads(path.read_text("utf-8")))
