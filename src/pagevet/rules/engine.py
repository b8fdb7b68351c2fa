"""Run the selected rules over a frame of pages and merge their findings into the rows."""

from __future__ import annotations

import polars as pl

from pagevet.config import Config
from pagevet.errors import PagevetError
from pagevet.rules.base import Rule
from pagevet.rules.registry import RULES, RULES_BY_ID

FINDING_DTYPE = pl.Struct(
    {
        "rule": pl.String,
        "severity": pl.String,
        "line": pl.Int32,
        "message": pl.String,
        "evidence": pl.String,
    }
)


def check_rule_ids(ids: list[str], origin: str | None = None) -> None:
    """Refuse rule ids the registry does not know, saying where they were written."""
    for rid in ids:
        if rid not in RULES_BY_ID:
            raise PagevetError(
                f"{origin + ': ' if origin else ''}unknown rule {rid!r}; "
                f"known rules: {', '.join(sorted(RULES_BY_ID))}"
            )


def select_rules(config: Config, scope: str | None = None) -> list[Rule]:
    """The rules `select`/`ignore` leave, in registry order, of one `scope` ("page",
    "corpus") or both; unknown ids are refused."""
    for rid in [*(config.select or []), *config.ignore, *config.params, *config.severity]:
        check_rule_ids([rid], config.rule_origins.get(rid))
    return [
        r
        for r in RULES
        if (config.select is None or r.id in config.select)
        and r.id not in config.ignore
        and scope in (None, r.scope)
    ]


def rule_findings(pages: pl.DataFrame, rules: list[Rule], config: Config) -> pl.DataFrame:
    """Every finding of `rules` on `pages`: id, rule, severity, line, message, evidence."""
    return labelled_findings(
        [(rule, rule.run(pages, config.params.get(rule.id))) for rule in rules], config
    )


def labelled_findings(found: list[tuple[Rule, pl.DataFrame]], config: Config) -> pl.DataFrame:
    """Rules' findings with their rule id and configured severity, in one frame."""
    frames = []
    for rule, rows in found:
        severity = config.severity.get(rule.id)
        frames.append(
            rows.with_columns(
                pl.lit(rule.id).alias("rule"),
                (pl.lit(severity) if severity else pl.col("severity").fill_null(rule.severity))
                .cast(pl.String)
                .alias("severity"),
            )
        )
    if not frames:
        return pl.DataFrame(schema={"id": pl.String, **FINDING_DTYPE.to_schema()})
    return pl.concat(frames).select("id", "rule", "severity", "line", "message", "evidence")


def merge_findings(pages: pl.DataFrame, found: pl.DataFrame, rules: list[Rule]) -> pl.DataFrame:
    """Append findings to each page's `findings` list (sorted by line, rule) and set one
    boolean `flag__<rule>` column per rule that ran: true for a finding of that rule at
    severity warning or error."""
    per_page = (
        found.sort(["id", "line", "rule", "message"], nulls_last=False)
        .group_by("id", maintain_order=True)
        .agg(pl.struct("rule", "severity", "line", "message", "evidence").alias("_new"))
    )
    out = pages.join(per_page, on="id", how="left", maintain_order="left")
    out = out.with_columns(
        pl.concat_list(
            pl.col("findings")
            .fill_null(pl.lit([], pl.List(FINDING_DTYPE)))
            .cast(pl.List(FINDING_DTYPE)),
            pl.col("_new").fill_null(pl.lit([], pl.List(FINDING_DTYPE))),
        ).alias("findings")
    ).drop("_new")
    # A flag is a finding at warning or above: info findings are for the report, so the
    # suites' caps on flag rates count only what needs acting on.
    out = out.with_columns(
        pl.col("findings")
        .list.eval(
            (pl.element().struct.field("rule") == rule.id)
            & (pl.element().struct.field("severity") != "info")
        )
        .list.any()
        .alias(f"flag__{rule.id}")
        for rule in rules
    )
    # Every registered rule has its flag column, so tables keep one schema whatever
    # --select/--ignore say; a rule that did not run flags nothing.
    return out.with_columns(
        pl.lit(False).alias(f"flag__{r.id}") for r in RULES if f"flag__{r.id}" not in out.columns
    )


def apply_rules(pages: pl.DataFrame, config: Config) -> pl.DataFrame:
    """`pages` with the findings and flags of every rule `config` selects."""
    rules = select_rules(config)
    return merge_findings(pages, rule_findings(pages, rules, config), rules)
