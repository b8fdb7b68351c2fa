"""Save suite results beside a built version: `validation/<suite>.json`, optional Data Docs."""

from __future__ import annotations

import copy
import json
from collections.abc import Sequence
from pathlib import Path

from pagevet.errors import PagevetError
from pagevet.suites import _gx
from pagevet.suites.model import SuiteResult, plain_value


def save_results(
    results: Sequence[SuiteResult], folder: str | Path, *, docs: bool = False
) -> list[Path]:
    """Write `folder/validation/<suite>.json` (== `SuiteResult.to_dict()`) for each result and,
    with `docs=True`, GX Data Docs pages `folder/validation/docs/<suite>.html`.

    The Data Docs page is rendered by GX's own renderer straight from the validation result (no
    file-backed context needed). Caveat: GX's HTML loads Bootstrap, jQuery, Font Awesome and Vega
    from public CDNs and its logo from S3, so offline it shows unstyled, and its links to GX's
    `index.html` and suite pages lead nowhere outside a GX project.
    """
    target = Path(folder) / "validation"
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for result in results:
        path = target / f"{result.suite}.json"
        text = json.dumps(result.to_dict(), indent=2, ensure_ascii=False)
        path.write_text(text + "\n", encoding="utf-8")
        written.append(path)
        if docs:
            written.append(_write_data_docs(result, target / "docs"))
    return written


def _write_data_docs(result: SuiteResult, folder: Path) -> Path:
    if result.gx_result is None:
        raise PagevetError(
            f"suite {result.suite}: no GX validation result to render Data Docs "
            "from (results read back from JSON carry none). Fix: re-run the "
            "validation with docs enabled."
        )
    _gx.gx()
    from great_expectations.render.renderer import ValidationResultsPageRenderer
    from great_expectations.render.view import DefaultJinjaPageView

    gx_result = copy.deepcopy(result.gx_result)
    for item in gx_result.results:
        # GX's renderer refuses numpy scalars such as a mean's float64.
        if item.result and "observed_value" in item.result:
            item.result["observed_value"] = plain_value(item.result["observed_value"])
    with _gx.captured_gx_logs():
        html = DefaultJinjaPageView().render(ValidationResultsPageRenderer().render(gx_result))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{result.suite}.html"
    path.write_text(html, encoding="utf-8")
    return path
