"""The evaluation harness on the sample's labels: the targets of the rules issue hold in CI."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from pagevet.evaluate import evaluate_labels, role_scores, shingle_prf

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "datasets" / "sample-news"
TARGET = 0.95


@pytest.fixture(scope="module")
def labels() -> dict:
    return evaluate_labels(SAMPLE)


def test_every_rule_meets_the_precision_and_recall_target(labels):
    assert labels["pages"] == 200
    below = {
        rule: (v["precision"], v["recall"])
        for rule, v in labels["rules"].items()
        if v["precision"] < TARGET or v["recall"] < TARGET
    }
    assert not below
    expected = {"title-slug-mismatch", "date-range-inconsistent", "nav-spam", "gambling-spam",
                "encoding-error", "exact-duplicate", "near-duplicate", "too-short",
                "missing-title", "date-implausible", "language-mismatch"}  # fmt: skip
    assert expected <= set(labels["rules"])


def test_line_roles_per_role(labels):
    roles = labels["line_roles"]
    assert roles["accuracy"] >= 0.97 and labels["text_f1"] >= 0.95
    for role in ("title", "lead", "body", "caption", "byline", "related", "nav", "artifact",
                 "spam"):  # fmt: skip
        assert roles["roles"][role]["precision"] >= 0.9, role
        assert roles["roles"][role]["recall"] >= 0.9, role


def test_a_handful_of_pages_role_by_role():
    from pagevet.config import Config
    from pagevet.pipeline import run
    from pagevet.store.recipe import load_recipe

    recipe = load_recipe(SAMPLE)
    gold = {r["id"]: r for r in map(json.loads, (SAMPLE / "labels.jsonl").read_text().splitlines())}
    pages = run(recipe.sources, Config(select=["nav-spam"])).pages
    picked = {}
    for site in ("thoibaohoanvu", "tinsongnam", "dailyexample"):
        ids = sorted(i for i, r in gold.items() if r["site"] == site and "nav" in r["line_roles"])
        picked |= {i: gold[i] for i in ids[:2]}
    rows = {r["id"]: r for r in pages.iter_rows(named=True) if r["id"] in picked}
    for page_id, label in picked.items():
        got = [x["role"] for x in rows[page_id]["line_roles"]]
        assert got == label["line_roles"], page_id
        assert rows[page_id]["title"] == label["title"]


def test_scores_helpers():
    assert shingle_prf("a b c d e", "a b c d e") == (1.0, 1.0, 1.0)
    p, r, f = shingle_prf("a b c d e f", "a b c d x y")
    assert p == r == 1 / 3 and f == pytest.approx(1 / 3)
    scores = role_scores([(["title", "body", "nav"], ["title", "body", "body"])])
    assert scores["accuracy"] == pytest.approx(2 / 3, abs=1e-4)
    assert scores["roles"]["body"] == {"tp": 1, "fp": 0, "fn": 1, "precision": 1.0,
                                       "recall": 0.5, "f1": pytest.approx(2 / 3, abs=1e-4)}  # fmt: skip


def test_evaluate_script_checks_targets():
    out = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "evaluate.py"), str(SAMPLE), "--check-targets"],
        capture_output=True, text=True,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert "line roles: accuracy" in out.stdout and "title-slug-mismatch" in out.stdout


EVAL = REPO.parent / "shared" / "eval"


@pytest.mark.skipif(not (EVAL / "danes").is_dir(), reason="no ../shared/eval beside the repo")
def test_rules_raise_no_false_alarms_on_clean_news():
    from pagevet.evaluate import FALSE_ALARM_RULES, rule_false_alarm_rates

    result = rule_false_alarm_rates(EVAL)
    assert {"dantri", "danes", "baomoi", "danes_slug_pairs"} <= set(result)
    for name in ("dantri", "danes", "baomoi"):
        assert result[name]["pages"] >= 200, name
        for rule in FALSE_ALARM_RULES:
            v = result[name]["rules"][rule]
            assert v["false"] == 0, (name, rule, v["flags"])
    pairs = result["danes_slug_pairs"]
    assert pairs["pages"] >= 280
    assert pairs["error_rate"] <= 0.01, pairs["error_flags"]
    assert pairs["shuffled"] >= 280
    assert pairs["shuffled_found_rate"] == 1.0, pairs["shuffled_missed"]


# Floors a little under the measured cross-site figures (held-out sites, first 120 pages of
# each set, 2 site folds; see the closing note of issue 10): a parser change that makes
# pages of sites it was not fitted on worse fails here.
# Measured (2026-11-29, session 5, softmax title finder over a wider window): aeb F1 0.891 /
# title 0.589, cleaning 0.886 / 0.244, readability 0.852 / 0.274 (session 4: titles 0.516,
# 0.227, 0.291; with 120 pages a set the folds fit on far fewer pages than the full sets').
CROSS_SITE_FLOORS = {
    "aeb": {"text_f1": 0.87, "title_accuracy": 0.55},
    "cleaning": {"text_f1": 0.86, "title_accuracy": 0.22},
    "readability": {"text_f1": 0.83, "title_accuracy": 0.25},
}


@pytest.mark.skipif(not (EVAL / "cleaning").is_dir(), reason="no ../shared/eval beside the repo")
def test_cross_site_figures_hold_on_sites_not_fitted():
    pytest.importorskip("sklearn")
    from pagevet.evaluate import cross_site

    result = cross_site(EVAL, None, max_pages=120, kind="hgb", compare=False)
    held_out = result["cross_site"]
    for name, floors in CROSS_SITE_FLOORS.items():
        for key, floor in floors.items():
            assert held_out[name][key] >= floor, (name, key, held_out[name][key])


@pytest.mark.skipif(not (EVAL / "cleaning").is_dir(), reason="no ../shared/eval beside the repo")
def test_marker_verdicts_searched_all_at_once_equal_line_by_line_on_every_real_line():
    """The rule pass searches a batch's marker patterns with polars (`Markers.many`); on every
    distinct line of the real pages it answers as Python's regex engine does line by line."""
    import json

    from pagevet.pages.markers import fold_forms, load_markers

    lines: set[str] = set()
    for path in sorted(EVAL.rglob("*.jsonl")):
        with path.open(encoding="utf-8") as fh:
            for record in fh:
                text = json.loads(record).get("text") or ""
                lines.update(x.strip() for x in text.split("\n"))
    lines.discard("")
    folds = [fold_forms(x) for x in sorted(lines)]
    assert len(folds) > 50_000
    markers = load_markers()
    one = {"nav": markers.is_nav, "related": markers.related, "caption": markers.caption,
           "byline": markers.byline}  # fmt: skip
    for kind, single in one.items():
        texts = [f[0] if kind == "nav" else f[1] for f in folds]
        many = markers.many(kind, texts)
        assert sum(many) > 10, kind
        assert many == [single(x) for x in texts], kind
