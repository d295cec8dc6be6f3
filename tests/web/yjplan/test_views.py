"""The youth justice plan through the pages: start, write, budget, staffing, sign off, reopen,
download."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from tests.document_downloads import download as fetch_file

from yjqa.core.documents.youth_justice_plan import FUNDING_SOURCES
from yjqa.web.demo import DEMO_INSPECTION_TITLE
from yjqa.web.yjplan.forms import BUDGET_COLUMNS, WRITTEN, action_field, budget_name, field_name
from yjqa.web.yjplan.models import BudgetLine, StaffPost, YouthJusticePlan
from yjqa.web.yjplan.sources import national_standards_framework

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
    for domain in national_standards_framework().domains:
        data[action_field(domain.id, "action")] = ""
        data[action_field(domain.id, "details")] = ""
    for index in range(len(FUNDING_SOURCES)):
        for column, _label in BUDGET_COLUMNS:
            data[budget_name(index, column)] = ""
    data |= {"inspection": "latest"}
    data |= changes
    return data


def sign_off(client: Client, year: int = 2025, **changes: str) -> str:
    response = client.post(
        reverse("youth_justice_plan_sign_off", args=["northshire", year]),
        {
            "signed_off_by": "Pat Chair",
            "signed_off_on_0": "30",
            "signed_off_on_1": "6",
            "signed_off_on_2": "2025",
        }
        | changes,
        follow=True,
    )
    return response.content.decode().replace("&#x27;", "'")


def read(client: Client, fmt: str = "html", year: int = 2025) -> str:
    return client.get(
        reverse("youth_justice_plan_file", args=["northshire", year, fmt])
    ).content.decode()


def test_write_the_plan_with_its_budget_and_sign_it_off(client_for: ClientFor) -> None:
    client = client_for("manager@northshire.example")
    plan = YouthJusticePlan.objects.get(service__slug="northshire", start_year=2025)  # the demo's
    assert plan.inspection is not None and plan.inspection.title == DEMO_INSPECTION_TITLE
    edit = reverse("youth_justice_plan_edit", args=["northshire", 2025])
    page = client.get(edit).content.decode()
    assert "Formatting you can use" in page and "a bulleted list item" in page
    response = client.post(
        edit,
        form_data(
            **{
                field_name("child_first"): "We see children as children.\n\n- Strengths\n- Voice",
                action_field("1", "action"): "Targeted auditing of OOCD cases",
                budget_name(0, "cash_staffing"): "400000",
                budget_name(0, "cash_other"): "12000",
                budget_name(1, "cash_staffing"): "650500.50",
                budget_name(1, "in_kind_other"): "40000",
                "inspection": str(plan.inspection.pk),
            }
        ),
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.texts["child_first"].startswith("We see children as children.")
    line = BudgetLine.objects.get(plan=plan, source=FUNDING_SOURCES[1])
    assert (line.cash_staffing, line.in_kind_other) == (Decimal("650500.50"), Decimal(40000))
    html = read(client)
    assert "We see children as children." in html and "<li>Strengths</li>" in html
    assert "Targeted auditing of OOCD cases" in html
    assert "£1,102,501" in html  # 400,000 + 12,000 + 650,500.50 + 40,000, rounded when shown
    assert "Not yet signed off by the chair of the management board." in html
    # Filled from the demo's own records: the chosen inspection's ratings, last year's
    # indicators ...
    assert DEMO_INSPECTION_TITLE in html
    assert "Performance indicators, April 2024 to March 2025" in html
    # ... the improvement plan's progress, and what children said in the latest survey.
    assert "develop board members" in html and "actions complete or closed" in html
    assert "How was your time with the youth justice service? (2025 to 2026)" in html
    page = sign_off(client)
    assert "is signed off: it is kept as signed" in page and "Reopen the plan" in page
    html = read(client)
    assert "Signed on behalf of the management board by Pat Chair on 30 June 2025." in html
    for fmt, kind in (("pdf", "application/pdf"), ("docx", "wordprocessingml")):
        download = fetch_file(
            client, reverse("youth_justice_plan_file", args=["northshire", 2025, fmt])
        )
        assert kind in download["Content-Type"] and len(download.content) > 5000


def test_a_signed_plan_refuses_changes_on_its_pages_until_reopened(client_for: ClientFor) -> None:
    client = client_for("manager@northshire.example")
    sign_off(client)
    plan = YouthJusticePlan.objects.get(service__slug="northshire", start_year=2025)
    edit = reverse("youth_justice_plan_edit", args=["northshire", 2025])
    refused = client.post(edit, form_data(**{field_name("risks"): "Changed"}), follow=True)
    page = refused.content.decode().replace("&#x27;", "'")
    assert "This plan was signed off by Pat Chair on 30 June 2025" in page
    assert "Reopen it first" in page
    plan.refresh_from_db()
    assert plan.texts.get("risks") != "Changed"
    staffing = reverse("youth_justice_plan_staffing", args=["northshire", 2025])
    posts = StaffPost.objects.filter(plan=plan).count()
    client.post(staffing, {"role": "Analyst", "contract": "seconded", "posts": "1", "fte": "1"})
    assert StaffPost.objects.filter(plan=plan).count() == posts
    assert "Add a post" not in client.get(staffing).content.decode()
    again = sign_off(client, signed_off_by="Someone Else")
    assert "This plan was signed off by Pat Chair on 30 June 2025" in again
    reopen = reverse("youth_justice_plan_reopen", args=["northshire", 2025])
    empty = client.post(reopen, {"reason": ""}).content.decode()
    assert "Error:" in empty and "Say why the plan is being reopened" in empty
    done = client.post(reopen, {"reason": "The board changed a priority."}, follow=True)
    assert "is reopened: it can be changed" in done.content.decode()
    plan.refresh_from_db()
    assert plan.signed_off_on is None and plan.signed_document == ""
    assert client.post(edit, form_data(**{field_name("risks"): "Changed"})).status_code == 302


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"signed_off_by": ""}, "Enter the name of the chair who signed the plan"),
        ({"signed_off_on_0": "", "signed_off_on_1": "", "signed_off_on_2": ""}, "Enter the date"),
        ({"signed_off_on_0": "31", "signed_off_on_1": "2"}, "Date signed must be a real date"),
        ({"signed_off_on_2": "2999"}, "The date signed cannot be in the future"),
    ],
)
def test_a_wrong_sign_off_is_an_error_on_its_field(
    client_for: ClientFor, changes: dict[str, str], message: str
) -> None:
    client = client_for("manager@northshire.example")
    page = sign_off(client, **changes)
    assert "Error:" in page and message in page
    plan = YouthJusticePlan.objects.get(service__slug="northshire", start_year=2025)
    assert plan.signed_off_on is None


def test_the_staffing_structure_is_added_to_and_counted(client_for: ClientFor) -> None:
    client = client_for("manager@northshire.example")
    plan = start(client, 2026)
    staffing = reverse("youth_justice_plan_staffing", args=["northshire", 2026])
    for wrong, message in (
        ({"role": "", "contract": "seconded", "posts": "1", "fte": "1"}, "Enter the role"),
        ({"role": "A", "contract": "x", "posts": "1", "fte": "1"}, "Select whether the post"),
        ({"role": "A", "contract": "seconded", "posts": "0", "fte": "0"}, "at least 1 post"),
        ({"role": "A", "contract": "seconded", "posts": "1", "fte": "2"}, "cannot be more"),
        ({"role": "A", "contract": "seconded", "posts": "1", "fte": "a"}, "as a number"),
    ):
        page = client.post(staffing, wrong).content.decode()
        assert "Error:" in page and message in page
    assert not plan.staffing.exists()
    for role, contract, posts, fte in (
        ("Youth justice officer", "directly_employed", "5", "4.5"),
        ("Police officer", "seconded", "1", "1"),
    ):
        response = client.post(
            staffing, {"role": role, "contract": contract, "posts": posts, "fte": fte}
        )
        assert response.status_code == 302
    page = client.get(staffing).content.decode()
    assert 'id="total-posts"><strong>6</strong>' in page
    assert "The service has 6 posts (5.5 full-time equivalent)" in read(client, year=2026)
    post = plan.staffing.get(role="Police officer")
    remove = reverse("youth_justice_plan_staff_post_remove", args=["northshire", 2026, post.pk])
    assert client.get(remove).status_code == 405
    assert client.post(remove).status_code == 302
    assert list(plan.staffing.values_list("role", flat=True)) == ["Youth justice officer"]
    assert client.post(remove).status_code == 404


def test_bad_amounts_are_refused(client_for: ClientFor) -> None:
    client = client_for("manager@northshire.example")
    plan = start(client, 2026)
    response = client.post(
        reverse("youth_justice_plan_edit", args=["northshire", 2026]),
        form_data(
            **{
                budget_name(2, "cash_staffing"): "lots",
                budget_name(2, "cash_other"): "-5",
                budget_name(2, "in_kind_other"): "1.234",
            }
        ),
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Enter the Police cash for staffing amount in pounds" in body
    assert "The Police cash for other costs amount cannot be negative" in body
    assert "Enter the Police in kind, other amount in pounds and pence at most" in body
    plan.refresh_from_db()
    assert not plan.budget.exists()


def test_board_members_read_but_cannot_change_the_plan(client_for: ClientFor) -> None:
    start(client_for("manager@northshire.example"), 2024)
    board = client_for("board@northshire.example")
    page = board.get(reverse("youth_justice_plan", args=["northshire", 2024])).content.decode()
    assert "Read the plan" in page and "Change the plan" not in page
    assert "Sign off the plan" not in page and "Reopen the plan" not in page
    for name in ("youth_justice_plan_sign_off", "youth_justice_plan_reopen"):
        assert board.get(reverse(name, args=["northshire", 2024])).status_code == 403
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


def test_the_preview_shows_the_written_text_as_the_plan_reads_it_and_saves_nothing(
    client_for: ClientFor,
) -> None:
    client = client_for("manager@northshire.example")
    plan = YouthJusticePlan.objects.get(service__slug="northshire", start_year=2025)
    before = dict(plan.texts)
    text = "Two risks:\n\n- Workforce\n- <b>Feedback</b>\n\n| Risk | Action |\n| --- | --- |\n| A | B |"
    response = client.post(
        reverse("youth_justice_plan_edit", args=["northshire", 2025]),
        form_data(**{field_name("risks"): text, "preview": "1"}),
    )
    page = response.content.decode()
    assert response.status_code == 200 and "Preview: not saved yet" in page
    start = page.index('id="preview"')
    preview = page[start : page.index("<form", start)]
    assert "<li>&lt;b&gt;Feedback&lt;/b&gt;</li>" in preview and "<b>Feedback" not in preview
    assert '<th scope="col" class="govuk-table__header">Action</th>' in preview
    assert "Two risks:" in preview
    plan.refresh_from_db()
    assert plan.texts == before
