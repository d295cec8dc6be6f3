"""The youth justice plan through the pages: start, write, budget, sign off, download."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from yjqa.core.documents.youth_justice_plan import FUNDING_SOURCES
from yjqa.web.demo import DEMO_INSPECTION_TITLE
from yjqa.web.yjplan.forms import WRITTEN, budget_name, field_name
from yjqa.web.yjplan.models import BudgetLine, YouthJusticePlan

ClientFor = Callable[[str], Client]
pytestmark = pytest.mark.django_db


def start(client: Client, year: int = 2025) -> YouthJusticePlan:
    response = client.post(
        reverse("youth_justice_plan_create", args=["northshire"]), {"start_year": year}
    )
    assert response.status_code == 302
    return YouthJusticePlan.objects.get(service__slug="northshire", start_year=year)


def form_data(**changes: str) -> dict[str, str]:
    data = {field_name(s.id): "" for s in WRITTEN}
    for index in range(len(FUNDING_SOURCES)):
        data[budget_name(index, "cash")] = ""
        data[budget_name(index, "in_kind")] = ""
    data |= {
        "signed_off_by": "",
        "signed_off_on_0": "",
        "signed_off_on_1": "",
        "signed_off_on_2": "",
        "inspection": "latest",
    }
    data |= changes
    return data


def test_write_the_plan_with_its_budget_and_sign_it_off(client_for: ClientFor) -> None:
    client = client_for("manager@northshire.example")
    plan = YouthJusticePlan.objects.get(service__slug="northshire", start_year=2025)  # the demo's
    assert plan.inspection is not None and plan.inspection.title == DEMO_INSPECTION_TITLE
    edit = reverse("youth_justice_plan_edit", args=["northshire", 2025])
    response = client.post(
        edit,
        form_data(
            **{
                field_name("child_first"): "We see children as children.",
                budget_name(0, "cash"): "412000",
                budget_name(1, "cash"): "650500",
                budget_name(1, "in_kind"): "40000",
                "signed_off_by": "Pat Chair",
                "signed_off_on_0": "30",
                "signed_off_on_1": "6",
                "signed_off_on_2": "2025",
                "inspection": str(plan.inspection.pk),
            }
        ),
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.texts["child_first"] == "We see children as children."
    assert BudgetLine.objects.get(plan=plan, source=FUNDING_SOURCES[1]).in_kind == Decimal(40000)
    html = client.get(
        reverse("youth_justice_plan_file", args=["northshire", 2025, "html"])
    ).content.decode()
    assert "We see children as children." in html
    assert "£1,102,500" in html  # 412,000 + 650,500 + 40,000
    assert "Signed on behalf of the management board by Pat Chair on 30 June 2025." in html
    # Filled from the demo's own records: the chosen inspection's ratings, last year's
    # indicators ...
    assert DEMO_INSPECTION_TITLE in html
    assert "Performance indicators, April 2024 to March 2025" in html
    # ... the improvement plan's progress, and what children said in the latest survey.
    assert "develop board members" in html and "actions complete or closed" in html
    assert "How was your time with the youth justice service? (2025 to 2026)" in html
    for fmt, kind in (("pdf", "application/pdf"), ("docx", "wordprocessingml")):
        download = client.get(reverse("youth_justice_plan_file", args=["northshire", 2025, fmt]))
        assert kind in download["Content-Type"] and len(download.content) > 5000


def test_bad_amounts_and_half_a_sign_off_are_refused(client_for: ClientFor) -> None:
    client = client_for("manager@northshire.example")
    plan = start(client, 2026)
    response = client.post(
        reverse("youth_justice_plan_edit", args=["northshire", 2026]),
        form_data(**{budget_name(2, "cash"): "lots", "signed_off_by": "Pat Chair"}),
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Enter the Police cash amount in whole pounds" in body
    assert "Give both the chair&#x27;s name and the date signed, or neither" in body
    plan.refresh_from_db()
    assert plan.signed_off_by == "" and not plan.budget.exists()


def test_board_members_read_but_cannot_change_the_plan(client_for: ClientFor) -> None:
    start(client_for("manager@northshire.example"), 2024)
    board = client_for("board@northshire.example")
    page = board.get(reverse("youth_justice_plan", args=["northshire", 2024])).content.decode()
    assert "Read the plan" in page and "Change the plan" not in page
    assert (
        board.get(reverse("youth_justice_plan_edit", args=["northshire", 2024])).status_code == 403
    )
    assert (
        board.post(
            reverse("youth_justice_plan_create", args=["northshire"]), {"start_year": 2030}
        ).status_code
        == 403
    )
    outsider = client_for("admin@southvale.example")
    assert outsider.get(reverse("youth_justice_plan", args=["northshire", 2024])).status_code == 404


@pytest.mark.parametrize(
    ("year", "message"),
    [
        ("", "Enter the year the plan starts in"),
        ("abc", "Enter the year the plan starts in as a number, like 2026"),
        ("20266", "The year the plan starts in must be between 2000 and "),
        ("1999", "The year the plan starts in must be between 2000 and "),
        ("99999999999999999999", "The year the plan starts in must be between 2000 and "),
        ("2025", "There is already a youth justice plan for 2025 to 2026"),
    ],
)
def test_a_wrong_or_taken_year_is_an_error_on_the_field(
    client_for: ClientFor, year: str, message: str
) -> None:
    client = client_for("manager@northshire.example")
    before = YouthJusticePlan.objects.count()
    response = client.post(
        reverse("youth_justice_plan_create", args=["northshire"]), {"start_year": year}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Error:" in page and 'class="govuk-error-summary"' in page
    assert 'id="id_start_year-error"' in page and message in page.replace("&#x27;", "'")
    assert YouthJusticePlan.objects.count() == before


def test_a_plan_may_start_next_year_but_not_later(client_for: ClientFor) -> None:
    from django.utils import timezone

    from yjqa.core.indicators.engine import financial_year_start

    client = client_for("manager@northshire.example")
    nxt = financial_year_start(timezone.localdate()) + 1
    later = client.post(
        reverse("youth_justice_plan_create", args=["northshire"]), {"start_year": nxt + 1}
    )
    assert f"must be between 2000 and {nxt}" in later.content.decode()
    assert start(client, nxt).start_year == nxt


def test_the_plan_reports_the_inspection_chosen_on_its_form(client_for: ClientFor) -> None:
    from yjqa.web.demo import DEMO_MOCK_2025_TITLE
    from yjqa.web.inspections.models import Inspection

    client = client_for("manager@northshire.example")
    plan = start(client, 2026)
    assert plan.inspection is None
    html = reverse("youth_justice_plan_file", args=["northshire", 2026, "html"])
    # Nothing is published in the demo: the plan says so rather than show a draft or mock.
    text = client.get(html).content.decode()
    assert "No published inspection" in text and DEMO_MOCK_2025_TITLE not in text
    mock = Inspection.objects.get(service__slug="northshire", title=DEMO_MOCK_2025_TITLE)
    edit = reverse("youth_justice_plan_edit", args=["northshire", 2026])
    for wrong in ("abc", "999999999"):
        page = client.post(edit, form_data(inspection=wrong)).content.decode()
        assert "Select an inspection from the list" in page
    assert client.post(edit, form_data(inspection=str(mock.pk))).status_code == 302
    plan.refresh_from_db()
    assert plan.inspection == mock
    assert DEMO_MOCK_2025_TITLE in client.get(html).content.decode()
    detail = client.get(reverse("youth_justice_plan", args=["northshire", 2026])).content.decode()
    assert "chosen for this plan" in detail
