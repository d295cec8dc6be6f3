"""Words people use on the sampling and inspection pages: a draw number and a check code,
each explained, never a bare "seed" or "population fingerprint"; a domain with its name; and
the draw page's plan the one that fits the inspection's framework."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from yjqa.core.sampling.sampling_plans import default_plan_id, shipped_plans
from yjqa.web.accounts.models import User
from yjqa.web.audit.trail import Actor
from yjqa.web.inspections import services
from yjqa.web.inspections.models import Inspection
from yjqa.web.tenancy.models import Service

ClientFor = Callable[[str], Client]
pytestmark = pytest.mark.django_db
LEAD = "lead@northshire.example"
WINDOW = {"start": date(2020, 1, 1), "end": date(2027, 12, 31)}


def new_inspection(framework_id: str, inspection_type: str = "") -> Inspection:
    windows = {
        f"{name}_window_{end}": WINDOW[end]
        for name in ("court", "oocd", "resettlement", "children", "victims")
        for end in ("start", "end")
    }
    return services.do_create_inspection(
        Actor.operator(),
        Service.objects.get(slug="northshire"),
        title="Mock inspection for the words",
        framework_id=framework_id,
        inspection_type=inspection_type,
        kind=Inspection.Kind.MOCK,
        **windows,
    )


def visible(html: bytes) -> str:
    """The page's words, as read: no tags, class names or attributes."""
    return " ".join(re.sub(r"<[^>]+>", " ", html.decode()).split())


def checked_plan(page: str) -> str:
    match = re.search(r'name="plan_id" value="([^"]+)"[^>]*checked', page)
    assert match, "no plan is chosen"
    return match.group(1)


@pytest.mark.parametrize(
    ("framework_id", "inspection_type", "plan"),
    [
        ("hmip-youth-2025", "children_and_victims", "hmip-2025"),
        ("hmip-youth-2025", "full", "hmip-2025"),
        ("hmip-youth-2021", "", "hmip-2018"),
        ("hmip-youth-2018", "", "hmip-2018"),
        ("yjb-national-standards-2019", "", "yjb-ns-2019"),
    ],
)
def test_the_draw_page_chooses_the_plan_that_fits_the_framework(
    client_for: ClientFor, framework_id: str, inspection_type: str, plan: str
) -> None:
    inspection = new_inspection(framework_id, inspection_type)
    page = client_for(LEAD).get(reverse("draw_sample", args=["northshire", inspection.pk]))
    assert checked_plan(page.content.decode()) == plan
    assert default_plan_id(framework_id) == plan
    assert plan in shipped_plans()


def test_an_unknown_framework_gets_hmips_plan_for_its_kind_of_sample() -> None:
    assert default_plan_id("a-service-framework") == "hmip-2018"
    assert default_plan_id("a-service-framework", samples_children=True) == "hmip-2025"


def test_the_sample_says_draw_number_and_check_code_with_what_they_mean(
    client_for: ClientFor,
) -> None:
    inspection = new_inspection("hmip-youth-2021")
    client = client_for(LEAD)
    draw = client.get(reverse("draw_sample", args=["northshire", inspection.pk]))
    words = visible(draw.content)
    assert "Draw number" in words
    assert "the number that lets anyone redraw exactly this sample" in words.lower()
    assert "seed" not in words.lower()
    response = client.post(
        reverse("draw_sample", args=["northshire", inspection.pk]),
        {"domain": "court", "plan_id": "hmip-2018", "seed": "42"},
    )
    assert response.status_code == 302
    sample = inspection.samples.get()
    words = visible(client.get(response["Location"]).content)
    assert "Draw number 42" in words
    assert "Check code" in words and sample.fingerprint in words
    assert "a short code that proves the sample was drawn from this caseload, unchanged" in (
        words.lower()
    )
    assert "HM Inspectorate of Probation youth inspections (2018 standards)" in words
    for jargon in ("fingerprint", "seed"):
        assert jargon not in words.lower()
    detail = visible(
        client.get(reverse("inspection_detail", args=["northshire", inspection.pk])).content
    )
    assert "draw number 42" in detail
    assert "seed" not in detail.lower() and "fingerprint" not in detail.lower()
    assert "2: Court disposals" in detail  # a domain with its name
    inspection.team.add(User.objects.get(email=LEAD))
    assign = visible(
        client.get(reverse("assign_auditors", args=["northshire", inspection.pk])).content
    )
    assert "2: Court disposals" in assign


def test_a_wrong_draw_number_gets_its_error_on_the_field(client_for: ClientFor) -> None:
    inspection = new_inspection("hmip-youth-2021")
    response = client_for(LEAD).post(
        reverse("draw_sample", args=["northshire", inspection.pk]),
        {"domain": "court", "plan_id": "hmip-2018", "seed": "forty-two"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="id_seed-error"' in body
    assert "The draw number must be a whole number" in body
    assert not inspection.samples.exists()
