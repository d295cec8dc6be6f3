"""The two seed reports, as the parser reads them."""

from __future__ import annotations

import pytest

from yjqa.core.published_reports.parsing import read_report
from yjqa.core.published_reports.records import ImportedReport

from helpers import seed_path


@pytest.fixture(scope="module")
def westmorland_report() -> ImportedReport:
    return read_report(seed_path("000"))


@pytest.fixture(scope="module")
def warwickshire_report() -> ImportedReport:
    return read_report(seed_path("004"))
