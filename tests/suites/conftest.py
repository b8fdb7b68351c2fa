"""Suite fixtures shared across modules: GX is slow, so each validation runs once per session."""

from __future__ import annotations

import pytest

from pagevet.suites import Suite, SuiteResult, load_suite, run_suite

from .frames import AS_OF, PAGES_SUITE, Defects, clean_pages, with_defects


@pytest.fixture(scope="session")
def pages_suite() -> Suite:
    return load_suite(PAGES_SUITE)


@pytest.fixture(scope="session")
def defects() -> Defects:
    return with_defects(clean_pages())


@pytest.fixture(scope="session")
def clean_result(pages_suite: Suite) -> SuiteResult:
    return run_suite(clean_pages(), pages_suite, as_of=AS_OF)


@pytest.fixture(scope="session")
def defect_result(pages_suite: Suite, defects: Defects) -> SuiteResult:
    return run_suite(defects.frame, pages_suite, as_of=AS_OF)
