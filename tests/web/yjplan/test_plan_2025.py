"""The youth justice plan when the latest inspection is on the 2025 framework: its areas,
activities and overall rating, in the report's words, and no score."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from report_2025 import create_2025_inspection
from yjqa.web.inspections.models import Inspection
from yjqa.web.inspections.ratings import inspection_rating
from yjqa.web.yjplan.models import YouthJusticePlan
from yjqa.web.yjplan.sources import inspection_summary

ClientFor = Callable[[str], Client]
pytestmark = pytest.mark.django_db


def demo_plan() -> YouthJusticePlan:
    return YouthJusticePlan.objects.get(service__slug="northshire", start_year=2025)


def published_2025_hmip(inspection_type: str) -> Inspection:
    """A published 2025 HMIP inspection, which the demo's plan then reports by default."""
    inspection = create_2025_inspection("northshire", inspection_type, kind="hmip_inspection")
    Inspection.objects.filter(pk=inspection.pk).update(status=Inspection.Status.PUBLISHED)
    YouthJusticePlan.objects.filter(pk=demo_plan().pk).update(inspection=None)
    inspection.refresh_from_db()
    return inspection


@pytest.mark.parametrize("inspection_type", ["children_and_victims", "full"])
def test_the_plan_reads_the_areas_and_activities_of_a_2025_inspection(
    inspection_type: str,
) -> None:
    inspection = published_2025_hmip(inspection_type)
    rating = inspection_rating(inspection)
    found = inspection_summary(demo_plan())
    assert found.label == "Area and activity"
    rows = dict(found.rows)
    assert rows["Overall rating"] == rating.overall
    for area_id, word in rating.areas.items():
        assert rows[inspection.framework.area(area_id).title] == word
    for result in rating.standards:
        title = inspection.framework.standard(result.standard_id).title
        if result.standard_id != "V1":  # work with victims is its one standard
            assert rows[f"{result.standard_id} {title}"] == result.rating
    assert any(label.startswith("1.") for label in rows) == (inspection_type == "full")
    assert found.summary.endswith(f"Overall, Northshire YJS was rated as '{rating.overall}'.")
    assert "score" not in found.summary and "(mock" not in found.summary


def test_the_plan_document_prints_the_2025_ratings(client_for: ClientFor) -> None:
    inspection = published_2025_hmip("children_and_victims")
    rating = inspection_rating(inspection)
    response = client_for("manager@northshire.example").get(
        reverse("youth_justice_plan_file", args=["northshire", 2025, "html"])
    )
    assert response.status_code == 200
    text = " ".join(
        re.sub(r"<[^>]+>", " ", response.content.decode()).replace("&#39;", "'").split()
    )
    assert "Area and activity" in text
    assert f"Overall, Northshire YJS was rated as '{rating.overall}'." in text
    assert "an inspection of youth justice work with children and victims in" in text
    assert "None" not in text and "/36" not in text
