"""The seed reports, and the 2025 reports written for the tests, as the parser reads them."""

from __future__ import annotations

import pytest

from yjqa.core.published_reports.parsing import read_report
from yjqa.core.published_reports.records import ImportedReport

from helpers import PUBLISHED, seed_path


@pytest.fixture(scope="module")
def westmorland_report() -> ImportedReport:
    return read_report(seed_path("000"))


@pytest.fixture(scope="module")
def warwickshire_report() -> ImportedReport:
    return read_report(seed_path("004"))


@pytest.fixture(scope="module")
def eastmoor_report() -> ImportedReport:
    """A 2025 inspection of work with children and victims (written for the tests)."""
    return read_report(PUBLISHED / "005_eastmoor-children-and-victims-2025.txt")


@pytest.fixture(scope="module")
def westhaven_report() -> ImportedReport:
    """A full 2025 inspection, under the earlier frameworks' title (written for the tests)."""
    return read_report(PUBLISHED / "006_westhaven-full-2025.txt")
