"""The smoothing pass: neighbourhood features of the first-stage p, the second-stage model,
its place between model_pass and content_pass (pages written here)."""

import json
from importlib import resources

import numpy as np
import pytest

from pagevet.pages.markers import load_markers
from pagevet.pages.model import ContentModel, default_model
from pagevet.pages.parse import (
    PageInput,
    ParseParams,
    content_pass,
    feature_pass,
    model_pass,
    parse_page,
    rule_pass,
    smooth_pass,
)
from pagevet.pages.smoothing import (
    LINE_COLUMNS,
    SMOOTH_FEATURES,
    Smoother,
    default_smoother,
    smooth_features,
)


def _lines(n: int) -> dict[str, np.ndarray]:
    return {c: np.full(n, 2.0) for c in LINE_COLUMNS}


def _by_mean3(weight: float = 12.0) -> Smoother:
    """A logistic smoother that reads only the mean of p over three lines."""
    k = len(SMOOTH_FEATURES)
    coef = [weight if f == "mean3" else 0.0 for f in SMOOTH_FEATURES]
    return Smoother({"kind": "logistic", "features": list(SMOOTH_FEATURES), "mean": [0.0] * k,
                     "std": [1.0] * k, "coef": coef, "intercept": -weight / 2})  # fmt: skip


def test_neighbour_features_stay_inside_their_page():
    page = np.array([0, 0, 0, 0, 0, 1, 1, 1])
    p = np.array([0.1, 0.9, 0.2, 0.8, 0.7, 0.3, 0.6, 0.1])
    x = smooth_features(page, p, _lines(8))
    assert x.columns == list(SMOOTH_FEATURES)
    # no neighbour across the page boundary: the first line of page 1 has no previous line
    assert x["p_prev1"].to_list()[5] == 0.0 and x["p_next1"].to_list()[4] == 0.0
    assert x["p_prev2"].to_list()[3] == pytest.approx(0.9)
    assert x["mean3"].to_list()[1] == pytest.approx((0.1 + 0.9 + 0.2) / 3)
    assert x["max7"].to_list()[:5] == [0.9] * 5 and x["max7"].to_list()[5:] == [0.6] * 3
    # lines 3 and 4 (0-based) are a run of two likely-content lines; line 2 sits one line
    # after the likely-content line 1 and one before line 3
    assert x["run_high_log"].to_list()[3] == pytest.approx(np.log(3))
    assert x["run_low_log"].to_list()[2] == pytest.approx(np.log(2))
    assert x["gap_before_log"].to_list()[2] == pytest.approx(np.log(2))
    assert x["gap_after_log"].to_list()[2] == pytest.approx(np.log(2))
    # nothing likely-content before the first line: the distance is "far"
    assert x["gap_before_log"].to_list()[0] > 6
    assert x["rank_pct"].to_list()[1] == 1.0 and x["pos_rel"].to_list()[4] == 1.0
    mass = x["mass_before_p"].to_list()
    assert mass[0] == 0.0 and mass[5] == 0.0 and 0 < mass[3] < 1


def test_smoothed_p_fills_a_dip_inside_a_run_and_drops_a_lone_line():
    page = np.zeros(9, dtype=np.int64)
    p = np.array([0.1, 0.1, 0.9, 0.95, 0.3, 0.9, 0.9, 0.1, 0.1])
    p[[0, 1]] = [0.1, 0.7]  # a lone middling line in the menu
    p[[7, 8]] = [0.05, 0.05]
    q = _by_mean3().score(page, p, _lines(9))
    assert q[4] > 0.5 > p[4]  # the dip between article paragraphs
    assert q[0] < 0.5 and q[8] < 0.5


def _page() -> str:
    para = (
        "The council voted on Tuesday to build forty kilometres of protected cycling lanes "
        "over the next three years, officials said after a long debate in the chamber."
    )
    return "\n".join(["Home", "News", "Sport", "Cycling lanes approved", "", para, "Short line",
                      para.replace("Tuesday", "Monday"), "", "About us", "Contact"])  # fmt: skip


def test_smooth_pass_sits_between_the_model_and_the_roles():
    markers = load_markers()
    page = PageInput(_page())
    rules = [rule_pass(page.text, None, markers)]
    features = feature_pass([page], rules, markers)
    model = default_model()
    probs, cols = model_pass(features, model)
    first = cols[0]["content_p"].copy()
    smoothed = smooth_pass(probs, cols, _by_mean3())
    # blank lines stay unscored, the title finder's first-stage p is untouched
    assert np.isnan(smoothed[0][4]) and np.isnan(smoothed[0][8])
    assert np.array_equal(cols[0]["content_p"], first)
    assert not np.array_equal(smoothed[0][cols[0]["n"]], first)
    # the roles read the smoothed p: a smoother that keeps every line makes the short line
    # between the two paragraphs content
    keep_all = Smoother(_by_mean3().weights | {"coef": [0.0] * len(SMOOTH_FEATURES),
                                                "intercept": 5.0})  # fmt: skip
    roles = content_pass(rules[0], smooth_pass(probs, cols, keep_all)[0], 0.5, cols[0])
    assert roles[6] == "body"
    drop_all = Smoother(keep_all.weights | {"intercept": -5.0})
    roles = content_pass(rules[0], smooth_pass(probs, cols, drop_all)[0], 0.5, cols[0])
    assert "body" not in roles and "lead" not in roles


def test_params_choose_the_smoother():
    text = _page()
    keep_all = Smoother(_by_mean3().weights | {"coef": [0.0] * len(SMOOTH_FEATURES),
                                                "intercept": 5.0})  # fmt: skip
    kept = parse_page(text, params=ParseParams(smoother=keep_all))
    assert kept.roles[6] == "body" and "Short line" in kept.text
    off = ParseParams(smoothed=False)
    assert off.resolved_smoother() is None
    # a smoother is fitted over one model's p: another model gets none unless given
    other = ParseParams(model=ContentModel(default_model().weights))
    assert other.resolved_smoother() is None
    assert ParseParams(learned=False).resolved_smoother() is None
    assert ParseParams().resolved_smoother() is default_smoother()


def test_shipped_smoother_holds_weights_only():
    path = resources.files("pagevet.data").joinpath("smoother_model.json")
    if not path.is_file():
        pytest.skip("no smoother shipped")
    weights = json.loads(path.read_text("utf-8"))
    assert weights["features"] == list(SMOOTH_FEATURES)
    assert set(weights) <= {"kind", "features", "baseline", "trees", "mean", "std", "coef",
                            "intercept", "lo", "hi"}  # fmt: skip
    assert path.stat().st_size < 400_000
    smoother = default_smoother()
    assert smoother is not None and default_smoother() is smoother  # read once


def test_smoother_is_fitted_on_out_of_fold_p():
    pytest.importorskip("sklearn")
    import polars as pl

    from pagevet.pages.features import FEATURES
    from pagevet.pages.training import fit_smoother, out_of_fold_p

    rng = np.random.default_rng(0)
    rows = []
    for page in range(60):
        n = 30
        label = np.zeros(n, dtype=np.int8)
        label[8:22] = 1
        noise = rng.normal(0, 1.0, (n, len(FEATURES)))
        x = noise + label[:, None] * 0.8
        rows.append(pl.DataFrame({f: x[:, k] for k, f in enumerate(FEATURES)}).with_columns(
            pl.lit(page, dtype=pl.UInt32).alias("page"), pl.Series("n", np.arange(n)),
            pl.Series("label", label), pl.lit(f"site{page % 12}").alias("group"),
        ))  # fmt: skip
    frame = pl.concat(rows)
    p = out_of_fold_p(frame, "logistic")
    assert not np.isnan(p).any()
    weights = fit_smoother(frame, p, "logistic")
    assert weights["features"] == list(SMOOTH_FEATURES)
    line = {c: frame[c].to_numpy() for c in LINE_COLUMNS}
    q = Smoother(weights).score(frame["page"].to_numpy(), p, line)
    y = frame["label"].to_numpy()
    # the run structure makes the noisy lines right more often than p alone
    assert ((q >= 0.5) == y).mean() > ((p >= 0.5) == y).mean()
    assert fit_smoother(frame, p, "logistic") == weights  # deterministic
