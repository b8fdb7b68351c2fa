"""The rule engine: select/ignore, severity overrides, parameters, unknown ids, flag columns."""

from __future__ import annotations

import json

import polars as pl
import pytest
from helpers import VI_ARTICLE, parsed, raw

from pagevet.config import Config
from pagevet.errors import PagevetError
from pagevet.pages.fields import PAGE_FIELDS, with_page_fields
from pagevet.pages.table import PAGE_SCHEMA
from pagevet.rules.engine import apply_rules, rule_findings, select_rules
from pagevet.rules.registry import RULES, RULES_BY_ID

# Two menu lines above a one-sentence brief: nav-spam (info, line 1) and too-short (no line).
BRIEF = "Trang chủ\nThời sự\nTin ngắn\n\nHà Nội mưa lớn, nhiều phố ngập sâu chiều nay, giao thông ùn tắc.\n"


@pytest.fixture(scope="module")
def frame() -> pl.DataFrame:
    return parsed(raw("brief", BRIEF), raw("clean", VI_ARTICLE))


def ids(rules) -> list[str]:
    return [r.id for r in rules]


def findings_of(pages: pl.DataFrame, page_id: str) -> list[tuple]:
    row = pages.filter(pl.col("id") == page_id).row(0, named=True)
    return [(f["rule"], f["severity"], f["line"]) for f in row["findings"]]


def test_registry_ids_are_unique_kebab_case_and_rules_are_complete() -> None:
    assert len(RULES_BY_ID) == len(RULES)
    for rule in RULES:
        assert rule.id == rule.id.lower() and " " not in rule.id and "_" not in rule.id
        assert rule.severity in ("info", "warning", "error")
        assert rule.scope in ("page", "corpus")
        assert rule.description
        assert "id" in rule.columns
        assert set(rule.columns) <= set(PAGE_SCHEMA.names) | set(PAGE_FIELDS), rule.id


def test_every_rule_runs_on_an_empty_frame() -> None:
    empty = with_page_fields(pl.from_arrow(PAGE_SCHEMA.empty_table()))
    for rule in RULES:
        assert rule.run(empty).is_empty(), rule.id


def test_default_selection_is_every_rule_in_registry_order() -> None:
    assert ids(select_rules(Config())) == ids(RULES)


def test_select_and_ignore() -> None:
    assert ids(select_rules(Config(select=["too-short", "nav-spam"]))) == ["nav-spam", "too-short"]
    ignored = ids(select_rules(Config(ignore=["near-duplicate", "nav-spam"])))
    assert ignored == [r.id for r in RULES if r.id not in ("near-duplicate", "nav-spam")]
    assert ids(select_rules(Config(select=["nav-spam"], ignore=["nav-spam"]))) == []


def test_scope() -> None:
    corpus = ids(select_rules(Config(), "corpus"))
    assert {"exact-duplicate", "near-duplicate", "language-mismatch"} <= set(corpus)
    assert set(corpus).isdisjoint(ids(select_rules(Config(), "page")))
    assert ids(select_rules(Config(select=["nav-spam"]), "corpus")) == []


@pytest.mark.parametrize(
    "config",
    [
        Config(select=["nav-spamm"]),
        Config(ignore=["nav-spamm"]),
        Config(severity={"nav-spamm": "error"}),
        Config(params={"nav-spamm": {"warning_share": 0.1}}),
    ],
    ids=["select", "ignore", "severity", "params"],
)
def test_unknown_rule_ids_are_refused_with_the_known_ones(config: Config) -> None:
    with pytest.raises(PagevetError) as raised:
        select_rules(config)
    message = str(raised.value)
    assert "unknown rule 'nav-spamm'" in message
    assert all(r.id in message for r in RULES)


def test_unknown_parameter_is_refused_with_the_rule_s_parameters(frame: pl.DataFrame) -> None:
    config = Config(select=["too-short"], params={"too-short": {"min_char": 10}})
    with pytest.raises(
        PagevetError,
        match=r"rule too-short has no parameter\(s\) min_char; "
        r"its parameters are min_chars",
    ):
        apply_rules(frame, config)
    config = Config(select=["missing-title"], params={"missing-title": {"x": 1}})
    with pytest.raises(PagevetError, match="its parameters are none"):
        apply_rules(frame, config)


def test_findings_take_the_rule_s_own_or_per_finding_severity(frame: pl.DataFrame) -> None:
    out = apply_rules(frame, Config(select=["nav-spam", "too-short"]))
    # Sorted by line, no line first; nav-spam's per-finding severity (info) is kept.
    assert findings_of(out, "brief") == [("too-short", "warning", None), ("nav-spam", "info", 1)]
    assert findings_of(out, "clean") == []


def test_severity_override_wins_over_per_finding_severity(frame: pl.DataFrame) -> None:
    config = Config(select=["nav-spam", "too-short"], severity={"nav-spam": "error"})
    out = apply_rules(frame, config)
    assert findings_of(out, "brief") == [("too-short", "warning", None), ("nav-spam", "error", 1)]


def test_parameters_change_findings(frame: pl.DataFrame) -> None:
    config = Config(select=["too-short"], params={"too-short": {"min_chars": 50}})
    assert rule_findings(frame, select_rules(config), config).is_empty()
    config = Config(select=["too-short"], params={"too-short": {"min_chars": 5000}})
    found = rule_findings(frame, select_rules(config), config)
    assert found["id"].to_list() == ["brief", "clean"]
    assert json.loads(found["evidence"][0]) == {"text_chars": 64, "min_chars": 5000}


def test_rule_findings_schema_without_rules(frame: pl.DataFrame) -> None:
    found = rule_findings(frame, [], Config())
    assert found.is_empty()
    assert found.columns == ["id", "rule", "severity", "line", "message", "evidence"]


def test_flag_columns_exist_for_every_registered_rule(frame: pl.DataFrame) -> None:
    for config in (Config(), Config(select=["nav-spam"]), Config(select=[])):
        out = apply_rules(frame, config)
        assert {f"flag__{r.id}" for r in RULES} <= set(out.columns)
        assert out.height == frame.height
    out = apply_rules(frame, Config(select=["too-short"]))
    brief = out.filter(pl.col("id") == "brief").row(0, named=True)
    assert brief["flag__too-short"] is True
    assert brief["flag__nav-spam"] is False  # it would fire, but did not run
    assert not any(v for k, v in brief.items() if k.startswith("flag__") and k != "flag__too-short")


def test_flags_follow_findings_on_the_full_run(frame: pl.DataFrame) -> None:
    out = apply_rules(frame, Config())
    brief = out.filter(pl.col("id") == "brief").row(0, named=True)
    fired = {f["rule"] for f in brief["findings"]}
    assert fired >= {"nav-spam", "too-short"}
    # a flag is a finding at warning or above: the info nav-spam finding sets none
    flagged = {f["rule"] for f in brief["findings"] if f["severity"] in ("warning", "error")}
    assert "too-short" in flagged and "nav-spam" not in flagged
    assert {
        k.removeprefix("flag__") for k, v in brief.items() if k.startswith("flag__") and v
    } == flagged


def test_findings_of_a_second_pass_are_appended(frame: pl.DataFrame) -> None:
    once = apply_rules(frame, Config(select=["too-short"]))
    twice = apply_rules(once, Config(select=["nav-spam"]))
    assert [f[0] for f in findings_of(twice, "brief")] == ["too-short", "nav-spam"]
    assert twice.filter(pl.col("id") == "brief")["flag__too-short"].item() is True


def test_empty_frame_keeps_the_schema() -> None:
    out = apply_rules(with_page_fields(pl.from_arrow(PAGE_SCHEMA.empty_table())), Config())
    assert out.is_empty()
    flags = {f"flag__{r.id}" for r in RULES}
    assert set(PAGE_SCHEMA.names) | set(PAGE_FIELDS) | flags == set(out.columns)
