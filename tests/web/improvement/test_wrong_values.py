"""No server error from the improvement plan's and board meetings' forms: a wrong value gets
the GOV.UK error message on its field; an address that names nothing is not found."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from jobs_helpers import post_and_run
from yjqa.web.improvement.models import Action, BoardMeeting, ImprovementPlan
from yjqa.web.inspections.models import Inspection

ClientFor = Callable[[str], Client]
pytestmark = pytest.mark.django_db
MANAGER = "manager@northshire.example"
HUGE = 10**20


def url(name: str, *args: object) -> str:
    return reverse(name, args=["northshire", *args])


def plan() -> ImprovementPlan:
    found = ImprovementPlan.objects.filter(service__slug="northshire").first()
    assert found is not None
    return found


def errors_on_fields(response: object, *messages: str, on_a_field: bool = True) -> None:
    page = response.content.decode().replace("&#x27;", "'")  # type: ignore[attr-defined]
    assert response.status_code == 200, response.status_code  # type: ignore[attr-defined]
    assert "govuk-error-summary" in page
    assert ("govuk-error-message" in page) == on_a_field
    for message in messages:
        assert message in page, message


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"due_date_0": "31", "due_date_1": "2", "due_date_2": "2026"}, ""),
        ({"due_date_0": "1", "due_date_1": "13", "due_date_2": "20266"}, ""),
        ({"due_date_0": "x", "due_date_1": "", "due_date_2": ""}, ""),
        ({"status": "lost"}, "Select a valid choice"),
        ({"version": "abc"}, "The form is out of date: open the action again"),
    ],
)
def test_an_actions_wrong_values_are_errors_on_its_fields(
    client_for: ClientFor, values: dict[str, str], message: str
) -> None:
    action = Action.objects.filter(item__plan=plan()).first()
    assert action is not None
    data = {
        "version": str(action.version),
        "description": action.description,
        "owner": action.owner,
        "due_date_0": "1",
        "due_date_1": "1",
        "due_date_2": "2027",
        "status": action.status,
    } | values
    response = client_for(MANAGER).post(url("action_edit", plan().pk, action.pk), data)
    errors_on_fields(response, message, on_a_field="version" not in values)  # a hidden field
    before = action.version
    action.refresh_from_db()
    assert action.version == before


@pytest.mark.parametrize(
    "values",
    [
        {"date_0": "30", "date_1": "2", "date_2": "2026"},
        {"date_0": "1", "date_1": "1", "date_2": "99999"},
        {"attended": "lost"},
        {"inspection": "-1"},
        {"rep_police": "x" * 201},
    ],
)
def test_a_meetings_wrong_values_are_errors_on_its_fields(
    client_for: ClientFor, values: dict[str, str]
) -> None:
    data = {"date_0": "1", "date_1": "3", "date_2": "2026", "inspection": "latest"} | values
    before = BoardMeeting.objects.count()
    errors_on_fields(client_for(MANAGER).post(url("meeting_create"), data))
    assert BoardMeeting.objects.count() == before


def test_a_plan_from_a_wrong_or_another_services_inspection_is_an_error(
    client_for: ClientFor,
) -> None:
    other = Inspection.objects.filter(service__slug="southvale").first()
    assert other is not None
    for wrong in ("abc", str(HUGE), str(other.pk)):
        response = client_for(MANAGER).post(url("improvement_plan_create"), {"inspection": wrong})
        errors_on_fields(response, "Select a valid choice")


def test_an_import_of_something_not_a_workbook_is_an_error(client_for: ClientFor) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = post_and_run(
        client_for(MANAGER),
        url("improvement_plan_import", plan().pk),
        {"file": SimpleUploadedFile("plan.xlsx", b"not a workbook")},
    )
    assert response.status_code == 200
    assert "cannot be read as an Excel workbook" in response.content.decode()


def test_addresses_naming_nothing_are_not_found(client_for: ClientFor) -> None:
    client = client_for(MANAGER)
    p = plan().pk
    for address in (
        url("improvement_plan_detail", HUGE),
        url("action_history", p, HUGE),
        url("action_edit", p, HUGE),
        url("meeting_detail", HUGE),
        url("board_pack", HUGE, "pdf"),
        url("youth_justice_plan", 32768),
        url("youth_justice_plan", HUGE),
    ):
        assert client.get(address).status_code == 404, address
    assert client.post(url("meeting_mark_held", HUGE), {"confirm": "on"}).status_code == 404
