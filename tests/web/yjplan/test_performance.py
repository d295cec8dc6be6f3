"""The demo service's youth justice plan has its performance tables filled from the service's
own indicator data: disposals, offence types, entrants and custody over time, reoffending by
sex, each with its total, and small numbers hidden (the plan is published)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from yjqa.core.indicators.breakdowns import breakdowns
from yjqa.core.indicators.suppression import Suppressed
from yjqa.web.indicators.dashboard import financial_year
from yjqa.web.indicators.services import service_data
from yjqa.web.yjplan.models import YouthJusticePlan
from yjqa.web.yjplan.performance import PERIODS_OVER_TIME, plan_performance

ClientFor = Callable[[str], Client]
pytestmark = pytest.mark.django_db


def demo_plan() -> YouthJusticePlan:
    return YouthJusticePlan.objects.get(service__slug="northshire", start_year=2025)


def test_the_demo_plan_has_the_breakdowns_of_the_year_before_it_suppressed() -> None:
    plan = demo_plan()
    performance = plan_performance(plan)
    assert performance.period == "April 2024 to March 2025"
    assert performance.rows and performance.breakdowns is not None
    found = performance.breakdowns
    # The same as computed from the service's data directly, then suppressed.
    year = financial_year(2024)
    whole = breakdowns(service_data(plan.service), year, plan.service.name, periods_over_time=12)
    assert found == whole.suppressed()
    assert found.reoffending.period == year and len(found.over_time.rows) == PERIODS_OVER_TIME
    # The demo has boys and girls in the cohort, outcomes of every kind but prevention, and
    # offences of several types: the tables are filled, not empty.
    assert {row.code for row in found.reoffending.rows} >= {"female", "male"}
    assert isinstance(whole.disposals.total, int) and whole.disposals.total > 0
    assert len(found.offences.rows) > 3
    # Nothing below 5 is left in the published tables.
    for row in (*whole.reoffending.rows, whole.reoffending.total):
        shown = next(
            r for r in (*found.reoffending.rows, found.reoffending.total) if r.code == row.code
        )
        if isinstance(row.offenders, int) and row.offenders < 5:
            assert isinstance(shown.offenders, Suppressed)
    for row, shown in zip(whole.offences.rows, found.offences.rows, strict=True):
        assert isinstance(shown.count, Suppressed) or shown.count == row.count >= 5


def test_the_demo_plans_document_shows_the_tables(client_for: ClientFor) -> None:
    client = client_for("manager@northshire.example")
    html = client.get(
        reverse("youth_justice_plan_file", args=["northshire", 2025, "html"])
    ).content.decode()
    for caption in (
        "Performance indicators, April 2024 to March 2025",
        "Disposals by type, April 2024 to March 2025",
        "Disposals by outcome, April 2024 to March 2025",
        "Offence types, April 2024 to March 2025",
        "First time entrants and use of custody, April 2022 to March 2025",
        "First time entrants by first outcome, April 2022 to March 2025",
        "Proven reoffending by sex, children cautioned or sentenced April 2024 to March 2025",
    ):
        assert caption in html, caption
    assert "Violence against the person" in html and "Between April 2024 and March 2025" in html
