"""Fitting the title finder: a per-page ranking (conditional logit) exported as the weights the
parser scores with (synthetic candidate rows, no page text)."""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("sklearn")

from pagevet.pages.title import TITLE_FEATURES, accepts, score_candidates  # noqa: E402
from pagevet.pages.training import fit_title  # noqa: E402


def _pages(seed: int, n_pages: int = 60) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Pages of 4-12 candidates; the title is the candidate with the largest feature 0 on its
    page, but each page shifts every candidate's feature 0 by its own amount (a page-level
    offset), so a candidate's value alone does not tell a title, its rank on the page does.
    Feature 1 is noise."""
    rng = np.random.default_rng(seed)
    xs, ys, ids = [], [], []
    for page in range(n_pages):
        k = int(rng.integers(4, 13))
        x = np.zeros((k, len(TITLE_FEATURES)))
        x[:, 0] = rng.normal(size=k) + rng.normal(scale=3.0)
        x[:, 1] = rng.normal(size=k)
        # feature 2: the candidate's value minus the page's largest (0 for the top one)
        x[:, 2] = x[:, 0] - x[:, 0].max()
        y = (x[:, 0] == x[:, 0].max()).astype(np.int8)
        xs.append(x)
        ys.append(y)
        ids.append(np.full(k, page))
    return np.vstack(xs), np.concatenate(ys), np.concatenate(ids)


def test_the_softmax_finder_ranks_each_held_out_page_s_title_first():
    x, y, ids = _pages(0)
    weights = fit_title(x, y, ids, int(ids.max()) + 1, "softmax")
    assert weights["features"] == list(TITLE_FEATURES)
    tx, ty, tids = _pages(1)
    right = 0
    for page in np.unique(tids):
        scores = score_candidates(tx[tids == page], weights)
        assert ((scores > 0) & (scores < 1)).all()
        right += bool(ty[tids == page][int(np.argmax(scores))]) and accepts(scores, weights)
    assert right >= 0.9 * np.unique(tids).size


def test_pointwise_and_softmax_fits_export_the_same_fields():
    x, y, ids = _pages(2, 20)
    a = fit_title(x, y, ids, 20, "pointwise")
    b = fit_title(x, y, ids, 20, "softmax")
    assert set(a) == set(b)
    assert 0 < b["threshold_low"] <= b["threshold"] < 1


def test_thresholds_chosen_on_held_out_sites_accept_more_of_a_new_site_s_titles():
    """Fitted scores of the training sites are surer than scores of a new site; thresholds
    chosen on inner site folds' scores are no stricter than thresholds chosen on the
    fitted scores, and the weights are the same."""
    x, y, ids = _pages(3, 80)
    groups = np.array([f"site{page % 10}" for page in ids])
    plain = fit_title(x, y, ids, 80, "softmax")
    inner = fit_title(x, y, ids, 80, "softmax", groups)
    assert inner["coef"] == plain["coef"] and inner["intercept"] == plain["intercept"]
    assert inner["threshold_low"] <= plain["threshold_low"] or (
        inner["threshold"] <= plain["threshold"]
    )
