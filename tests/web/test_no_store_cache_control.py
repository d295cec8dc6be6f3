"""Issue 18: signed-in pages carried no Cache-Control, so a browser or a proxy could keep a
copy of a child's record and show it to the next person at a shared computer.

Every response Django makes carries `Cache-Control: no-store, private`: pages, downloads,
errors and the API. Static assets, which hold no one's data, keep their caching.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from yjqa.web.accounts.models import User
from yjqa.web.accounts.services import do_create_api_token
from yjqa.web.audit.trail import Actor
from yjqa.web.caseload.models import CaseRecord
from yjqa.web.demo import DEMO_INSPECTION_TITLE
from yjqa.web.improvement.models import ImprovementPlan
from yjqa.web.inspections.models import Inspection

ClientFor = Callable[[str], Client]
pytestmark = pytest.mark.django_db
MANAGER = "manager@northshire.example"


def assert_not_stored(response: object, what: str) -> None:
    cache_control = response.get("Cache-Control", "")  # type: ignore[attr-defined]
    directives = {part.strip().split("=")[0] for part in cache_control.split(",")}
    assert {"no-store", "private"} <= directives, f"{what}: Cache-Control {cache_control!r}"
    assert "public" not in directives, what


def signed_in_pages() -> dict[str, str]:
    case = CaseRecord.objects.filter(service__slug="northshire").first()
    inspection = Inspection.objects.get(service__slug="northshire", title=DEMO_INSPECTION_TITLE)
    plan = ImprovementPlan.objects.get(inspection=inspection)
    assert case is not None
    return {
        "home": reverse("home"),
        "service home": reverse("service_home", args=["northshire"]),
        "caseload": reverse("case_list", args=["northshire"]),
        "a child's case": reverse("case_detail", args=["northshire", case.case_ref]),
        "inspection": reverse("inspection_detail", args=["northshire", inspection.pk]),
        "indicators": reverse("indicators", args=["northshire"]),
        "indicators CSV": reverse("indicators_export", args=["northshire", "csv"]),
        "plan": reverse("improvement_plan_detail", args=["northshire", plan.pk]),
        "plan Excel": reverse("improvement_plan_export", args=["northshire", plan.pk]),
        "not found": reverse("case_detail", args=["northshire", "NS-999999"]),
    }


def test_every_page_to_a_signed_in_person_is_not_stored(client_for: ClientFor) -> None:
    client = client_for(MANAGER)
    for what, url in signed_in_pages().items():
        response = client.get(url)
        assert response.status_code in (200, 404), (what, response.status_code)
        assert_not_stored(response, what)


def test_the_administrators_pages_are_not_stored(client_for: ClientFor) -> None:
    client = client_for("admin@northshire.example")
    for name in ("people", "access_log"):
        response = client.get(reverse(name, args=["northshire"]))
        assert response.status_code == 200, name
        assert_not_stored(response, name)


def test_a_refused_page_is_not_stored_either(client_for: ClientFor) -> None:
    response = client_for("board@northshire.example").get(
        reverse("caseload_import", args=["northshire"])
    )
    assert response.status_code == 403
    assert_not_stored(response, "refused")


def test_the_api_is_not_stored() -> None:
    token = do_create_api_token(Actor.operator(), User.objects.get(email=MANAGER))
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    inspection = Inspection.objects.get(service__slug="northshire", title=DEMO_INSPECTION_TITLE)
    for url in ("/api/v1/inspections/", f"/api/v1/inspections/{inspection.pk}/ratings"):
        response = Client().get(url, **headers)
        assert response.status_code == 200, url
        assert_not_stored(response, url)
    assert_not_stored(Client().get("/api/v1/inspections/"), "API refused without a token")


def test_the_sign_in_page_is_not_stored() -> None:
    assert_not_stored(Client().get(reverse("sign_in")), "sign in")


def test_static_assets_keep_their_caching() -> None:
    response = Client().get("/static/yjqa/yjqa.css")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
    assert "max-age" in response.get("Cache-Control", "")
    response.close()
