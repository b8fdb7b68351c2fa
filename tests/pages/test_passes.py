"""The parse passes one by one, the shipped model, and linear time (pages written here)."""

import json
from importlib import resources

import numpy as np

import pagevet.pages.parse as parse_mod
from pagevet.pages.markers import load_markers
from pagevet.pages.model import ContentModel, default_model
from pagevet.pages.parse import (
    PageInput,
    ParseParams,
    content_pass,
    parse_page,
    parse_pages,
    rule_pass,
)
from pagevet.pages.title import title_variants

PARA = (
    "The council voted on Tuesday to build forty kilometres of protected cycling lanes over "
    "the next three years, officials said after a long debate in the chamber."
)
PARA2 = (
    "The plan, which was debated for months, will be funded by a mix of local taxes and "
    "national grants, according to the council's published budget documents."
)


def test_rule_pass_alone_gives_the_rule_roles():
    text = "City approves cycling lanes\n\n" + PARA + "\nPhoto: A cyclist at dawn.\n" + PARA2
    rules = rule_pass(text, None, load_markers())
    assert rules.lines.roles == ["title", "blank", "lead", "caption", "body"]
    learned_off = parse_page(text, params=ParseParams(learned=False))
    assert learned_off.roles == rules.lines.roles


def test_the_model_never_overrides_the_finer_roles():
    text = "\n".join([
        "City approves cycling lanes", PARA, "Photo: A cyclist at dawn.", "By Jane Roe",
        "XSMB hôm nay: kết quả xổ số miền Bắc", "Related articles", "Bus fares to rise",
    ])  # fmt: skip
    rules = rule_pass(text, None, load_markers())
    fine = {i: r for i, r in enumerate(rules.lines.roles) if r in ("caption", "byline", "spam")}
    assert set(fine.values()) == {"caption", "byline", "spam"}
    everything = content_pass(rules, np.ones(len(rules.lines.s)), 0.5)
    nothing = content_pass(rules, np.zeros(len(rules.lines.s)), 0.5)
    for i, role in fine.items():
        assert everything[i] == nothing[i] == role
    assert everything[1] == "lead" and nothing[1] in ("nav", "related")


def test_shipped_model_holds_weights_only():
    raw = resources.files("pagevet.data").joinpath("content_model.json").read_text("utf-8")
    weights = json.loads(raw)
    # 150 boosted trees of at most 31 leaves: small, numbers only
    assert len(raw) < 400_000
    assert set(weights) >= {"kind", "features", "title"}
    assert weights["kind"] == "trees"
    strings = [x for x in json.dumps(weights).split('"')[1::2]]
    assert set(strings) <= set(weights) | set(weights["features"]) | {
        "feature", "threshold", "left", "right", "leaf", "value", "nan_left", "trees",
        "baseline", "mean", "std", "coef", "intercept", "threshold_low", "margin", "lo", "hi",
        *weights["title"]["features"],
    }  # fmt: skip
    model = default_model()
    assert isinstance(model, ContentModel)
    assert model.score(np.zeros((2, len(weights["features"])))).shape == (2,)


def test_trees_score_like_their_definition():
    from pagevet.pages.features import FEATURES

    tree = {"feature": [0, 0, 0], "threshold": [1.0, 0, 0], "left": [1, 0, 0],
            "right": [2, 0, 0], "leaf": [0, 1, 1], "value": [0, -2.0, 2.0],
            "nan_left": [1, 0, 0]}  # fmt: skip
    model = ContentModel({"kind": "trees", "features": list(FEATURES), "baseline": 0.0,
                          "trees": [tree]})  # fmt: skip
    x = np.zeros((3, len(FEATURES)))
    x[1, 0], x[2, 0] = 5.0, np.nan
    p = model.score(x)
    assert p[0] < 0.5 < p[1] and p[2] == p[0]


MENU = ["Home", "News", "Sport", "Weather", "Opinion", "Sign in"]


def test_title_is_the_headline_not_a_menu_item():
    text = "\n".join([*MENU, "Council approves forty kilometres of cycling lanes", PARA, PARA2,
                      "Share this article", "Contact us"])  # fmt: skip
    page = parse_page(text, url="https://news.example/2024/council-approves-cycling-lanes")
    assert page.title == "Council approves forty kilometres of cycling lanes"
    assert page.title_line == len(MENU) + 1
    assert page.title_from == "page" and 0 < page.title_confidence <= 1
    assert page.roles[: len(MENU)] == ["nav"] * len(MENU)
    assert page.text.split("\n") == [PARA, PARA2]


def test_no_good_candidate_no_title():
    page = parse_page("\n".join([*MENU, PARA, PARA2]))
    assert page.title not in MENU
    if page.title is None:
        assert page.title_line is None and page.title_confidence is None


def test_metadata_title_is_kept_with_full_confidence():
    page = parse_page(PARA + "\n" + PARA2, title="Council approves lanes - Example News")
    assert page.title == "Council approves lanes - Example News"
    assert page.title_from == "metadata" and page.title_confidence == 1.0


def test_title_variants_drop_the_site_name():
    assert title_variants("Council approves lanes - Example News") >= {
        "council approves lanes - example news", "council approves lanes"}  # fmt: skip
    assert title_variants(None) == set()


def test_batch_equals_pages_one_by_one_without_a_shared_source():
    pages = [PageInput("Headline one\n\n" + PARA), PageInput("Another headline\n\n" + PARA2)]
    together = parse_pages(pages)
    alone = [parse_pages([p])[0] for p in pages]
    assert [p.roles for p in together] == [p.roles for p in alone]


def test_parse_is_linear_in_the_lines_of_a_page(monkeypatch):
    """Paragraph tests run once per paragraph, teaser-block walks never revisit a line:
    counted, not timed. (The quadratic parser took minutes on 25k lines.)"""
    calls = {"prose": 0}
    real = parse_mod._prose_body

    def counting(line: str, words: int) -> tuple[bool, bool]:
        calls["prose"] += 1
        return real(line, words)

    monkeypatch.setattr(parse_mod, "_prose_body", counting)
    wrapped = "\n".join(["one line of a paragraph wrapped by hand and"] * 10_000)
    blocks = "\n".join(["Tin liên quan", "a short teaser line here"] * 5_000)
    n = parse_page(wrapped + "\n" + PARA + "\n" + blocks, params=ParseParams(learned=False))
    assert len(n.roles) == 20_001
    assert 0 < calls["prose"] <= 20_001


def test_a_page_of_50k_short_lines_parses():
    # finishes in seconds; the quadratic parser (15 s at 5k lines) would take half an hour
    text = "\n".join(f"item {i % 97} of the list" for i in range(50_000))
    page = parse_page(text)
    assert len(page.roles) == 50_000
