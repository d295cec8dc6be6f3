"""Improvement plans and board meetings in the web app, and `yjqa improvement-plan export`."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader
from tests.document_downloads import download

from jobs_helpers import post_and_run
from yjqa.web.demo import DEMO_INSPECTION_TITLE
from yjqa.web.improvement.demo import seed_demo_improvement
from yjqa.web.improvement.models import (
    Action,
    ActionChange,
    Attendance,
    BoardMeeting,
    Evidence,
    ImprovementPlan,
    ItemReview,
)
from yjqa.web.improvement.spreadsheet import COLUMNS
from yjqa.web.inspections.models import Inspection, Recommendation
from yjqa.web.tenancy.models import Service

ClientFor = Callable[[str], Client]
pytestmark = pytest.mark.django_db
MANAGER, BOARD = "manager@northshire.example", "board@northshire.example"
SLUG = "northshire"


def inspection() -> Inspection:
    return Inspection.objects.get(service__slug=SLUG, title=DEMO_INSPECTION_TITLE)


@pytest.fixture
def plan(db: None) -> ImprovementPlan:
    """The demo plan: made from the demo inspection's three recommendations."""
    service = Service.objects.get(slug=SLUG)
    people = {
        m.user.email.split("@")[0]: m.user for m in service.memberships.select_related("user")
    }
    seed_demo_improvement(service, people, inspection())
    return ImprovementPlan.objects.get(inspection=inspection())


def url(name: str, *args: object) -> str:
    return reverse(name, args=[SLUG, *args])


def every_url(plan: ImprovementPlan) -> dict[str, tuple[str, bool]]:
    """Every page of the app, as (url, is a write page)."""
    item = plan.items.first()
    action = Action.objects.filter(item__plan=plan).first()
    meeting = BoardMeeting.objects.filter(service=plan.service).first()
    assert item is not None and action is not None and meeting is not None
    evidence = Evidence.objects.create(
        action=action, note="", file=SimpleUploadedFile("x.txt", b"x"), file_name="x.txt"
    )
    return {
        "improvement_plan_list": (url("improvement_plan_list"), False),
        "improvement_plan_create": (url("improvement_plan_create"), True),
        "improvement_plan_detail": (url("improvement_plan_detail", plan.pk), False),
        "improvement_plan_history": (url("improvement_plan_history", plan.pk), False),
        "improvement_plan_export": (url("improvement_plan_export", plan.pk), False),
        "improvement_plan_import": (url("improvement_plan_import", plan.pk), True),
        "action_create": (url("action_create", plan.pk, item.pk), True),
        "action_history": (url("action_history", plan.pk, action.pk), False),
        "action_edit": (url("action_edit", plan.pk, action.pk), True),
        "evidence_add": (url("evidence_add", plan.pk, action.pk), True),
        "evidence_file": (url("evidence_file", plan.pk, evidence.pk), False),
        "meeting_list": (url("meeting_list"), False),
        "meeting_create": (url("meeting_create"), True),
        "meeting_detail": (url("meeting_detail", meeting.pk), False),
        "meeting_edit": (url("meeting_edit", meeting.pk), True),
        "board_pack": (url("board_pack", meeting.pk, "html"), False),
    }


@pytest.fixture
def media(settings, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"
    return tmp_path / "media"


def action_form(action: Action, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "version": action.version,
        "description": action.description,
        "owner": action.owner,
        "due_date_0": action.due_date.day,
        "due_date_1": action.due_date.month,
        "due_date_2": action.due_date.year,
        "status": action.status,
        "closed_reason": action.closed_reason,
        "reopen_reason": "",
        "evidence_note": "",
    }
    data.update(changes)
    return data


# --- Plans from inspections --------------------------------------------------------------------


def test_a_plan_is_made_from_the_inspections_recommendations_once(
    client_for: ClientFor,
) -> None:
    client = client_for(MANAGER)
    demo = inspection()
    response = client.post(url("improvement_plan_create"), {"inspection": demo.pk})
    plan = ImprovementPlan.objects.get(inspection=demo)
    assert response.status_code == 302
    assert response["Location"] == url("improvement_plan_detail", plan.pk)
    texts = list(plan.items.values_list("text", flat=True))
    assert texts == list(demo.recommendations.values_list("text", flat=True))
    assert len(texts) == 3
    assert list(plan.items.values_list("order", flat=True)) == [1, 2, 3]
    client.post(url("improvement_plan_create"), {"inspection": demo.pk})
    assert plan.items.count() == 3
    assert ImprovementPlan.objects.filter(service__slug="northshire").count() == 1
    Recommendation.objects.create(
        inspection=demo, addressee="The police", text="share intelligence promptly", order=4
    )
    follow = client.post(url("improvement_plan_create"), {"inspection": demo.pk}, follow=True)
    assert "1 item added" in follow.content.decode()
    assert plan.items.count() == 4
    page = client.get(url("improvement_plan_detail", plan.pk)).content.decode()
    assert "share intelligence promptly" in page
    assert "Addressed to: The chair of the management board" in page


def test_choosing_no_inspection_is_an_error(client_for: ClientFor) -> None:
    page = client_for(MANAGER).post(url("improvement_plan_create"), {}).content.decode()
    assert "Error:" in page and "Select an inspection" in page


# --- The plan page ------------------------------------------------------------------------------


def test_an_on_track_action_past_its_due_date_shows_overdue_as_its_one_status(
    client_for: ClientFor, plan: ImprovementPlan
) -> None:
    today = timezone.localdate()
    action = Action.objects.filter(item__plan=plan).first()
    assert action is not None
    Action.objects.filter(pk=action.pk).update(
        status="on_track", due_date=today - timedelta(days=21)
    )
    client = client_for(BOARD)
    for on_the_plan, page_url in (
        (True, url("improvement_plan_detail", plan.pk)),
        (False, url("action_history", plan.pk, action.pk)),
    ):
        page = client.get(page_url).content.decode()
        if on_the_plan:
            start = page.index(f'id="action-{action.pk}"')
            page = page[start : page.index("</tr>", start)]
        else:
            start = page.index('id="action-details"')
            page = page[start : page.index("</dl>", start)]
        assert 'govuk-tag--red">Overdue</strong> <span class="govuk-body-s">by 21 days' in page
        assert ">On track<" not in page
    history = client.get(url("improvement_plan_history", plan.pk)).content.decode()
    link = url("action_history", plan.pk, action.pk)
    cell = history[history.index(link) : history.index("</td>", history.index(link))]
    assert 'Now:</span> <strong class="govuk-tag govuk-tag--red">Overdue</strong>' in cell
    form = client_for(MANAGER).get(url("action_edit", plan.pk, action.pk)).content.decode()
    assert "This action shows as overdue by 21 days" in form
    Action.objects.filter(pk=action.pk).update(status="closed", closed_reason="Superseded")
    page = client.get(url("action_history", plan.pk, action.pk)).content.decode()
    start = page.index('id="action-details"')
    details = page[start : page.index("</dl>", start)]
    assert ">Closed<" in details and "Overdue" not in details


def test_overdue_actions_are_tagged_in_words_and_can_be_shown_alone(
    client_for: ClientFor, plan: ImprovementPlan
) -> None:
    client = client_for(BOARD)
    today = timezone.localdate()
    overdue = [
        a
        for a in Action.objects.filter(item__plan=plan)
        if a.due_date < today and a.status not in ("complete", "closed")
    ]
    assert overdue
    page = client.get(url("improvement_plan_detail", plan.pk)).content.decode()
    shown = 'govuk-tag govuk-tag--red">Overdue</strong> <span class="govuk-body-s">by '
    assert page.count(shown) == len(overdue)
    days = (today - overdue[0].due_date).days
    assert f"by {days} days" in page
    only = client.get(url("improvement_plan_detail", plan.pk) + "?show=overdue").content.decode()
    for action in Action.objects.filter(item__plan=plan):
        assert (f'id="action-{action.pk}"' in only) == (action in overdue)


# --- Editing actions -----------------------------------------------------------------------------


def test_a_second_save_from_an_old_form_is_refused(
    client_for: ClientFor, plan: ImprovementPlan
) -> None:
    action = Action.objects.filter(item__plan=plan, status="on_track").first()
    assert action is not None
    first, second = client_for(MANAGER), client_for("admin@northshire.example")
    edit = url("action_edit", plan.pk, action.pk)
    assert first.get(edit).status_code == 200
    form = action_form(action)
    assert first.post(edit, {**form, "owner": "Sam Lee, head of service"}).status_code == 302
    clash = second.post(edit, {**form, "owner": "Someone else"})
    assert clash.status_code == 200
    body = clash.content.decode()
    assert "Your changes were not saved" in body and "Morgan Manager" in body
    action.refresh_from_db()
    assert action.owner == "Sam Lee, head of service"
    assert action.version == form["version"] + 1  # type: ignore[operator]


def test_status_rules_are_enforced_with_clear_errors(
    client_for: ClientFor, plan: ImprovementPlan
) -> None:
    client = client_for(MANAGER)
    action = Action.objects.filter(item__plan=plan, status="on_track", evidence=None).first()
    assert action is not None
    edit = url("action_edit", plan.pk, action.pk)
    complete = client.post(edit, action_form(action, status="complete")).content.decode()
    assert "Error:" in complete
    assert "Add evidence that the action is complete" in complete
    assert 'href="#id_evidence_note"' in complete
    closed = client.post(edit, action_form(action, status="closed")).content.decode()
    assert "Enter why the action is being closed" in closed
    action.refresh_from_db()
    assert action.status == "on_track"
    done = client.post(
        edit, action_form(action, status="complete", evidence_note="Policy signed off")
    )
    assert done.status_code == 302
    action.refresh_from_db()
    assert action.status == "complete" and action.evidence.get().note == "Policy signed off"
    reopen = client.post(edit, action_form(action, status="on_track")).content.decode()
    assert "Enter why the action is being reopened" in reopen
    assert 'id="id_reopen_reason"' in reopen
    back = client.post(
        edit, action_form(action, status="at_risk", reopen_reason="The audit found gaps")
    )
    assert back.status_code == 302
    change = ActionChange.objects.filter(action=action, field="status").first()
    assert change is not None
    assert (change.old_value, change.new_value, change.reason) == (
        "Complete",
        "At risk",
        "The audit found gaps",
    )


def test_every_change_is_recorded_with_who_and_when(
    client_for: ClientFor, plan: ImprovementPlan
) -> None:
    action = Action.objects.filter(item__plan=plan, status="on_track").first()
    assert action is not None
    before = ActionChange.objects.filter(action=action).count()
    due = action.due_date + timedelta(days=28)
    response = client_for(MANAGER).post(
        url("action_edit", plan.pk, action.pk),
        action_form(
            action,
            owner="Priya Shah",
            status="at_risk",
            due_date_0=due.day,
            due_date_1=due.month,
            due_date_2=due.year,
            evidence_note="Draft circulated to partners",
        ),
    )
    assert response.status_code == 302
    new = ActionChange.objects.filter(action=action).order_by("id")[before:]
    assert {c.field for c in new} == {"owner", "due_date", "status", "evidence"}
    assert all(c.user_name == "Morgan Manager" for c in new)
    owner = next(c for c in new if c.field == "owner")
    assert owner.new_value == "Priya Shah"
    page = client_for(BOARD).get(url("action_history", plan.pk, action.pk)).content.decode()
    assert "Priya Shah" in page and f"{due.day} {due:%B %Y}" in page
    assert "Draft circulated to partners" in page
    everything = client_for(BOARD).get(url("improvement_plan_history", plan.pk)).content.decode()
    assert "Draft circulated to partners" in everything
    # Saving with nothing changed records nothing and keeps the version.
    action.refresh_from_db()
    count, version = ActionChange.objects.count(), action.version
    client_for(MANAGER).post(url("action_edit", plan.pk, action.pk), action_form(action))
    action.refresh_from_db()
    assert (ActionChange.objects.count(), action.version) == (count, version)


def test_an_action_is_added_with_its_history(client_for: ClientFor, plan: ImprovementPlan) -> None:
    item = plan.items.get(order=2)
    response = client_for(MANAGER).post(
        url("action_create", plan.pk, item.pk),
        {
            "description": "Secure a seconded speech and language therapist",
            "owner": "Head of commissioning",
            "due_date_0": "31",
            "due_date_1": "3",
            "due_date_2": "2027",
            "status": "not_started",
        },
    )
    assert response.status_code == 302
    action = item.actions.get(description__startswith="Secure a seconded")
    assert action.due_date == date(2027, 3, 31)
    assert ActionChange.objects.filter(action=action, field="created").exists()
    bad = client_for(MANAGER).post(url("action_create", plan.pk, item.pk), {"status": "on_track"})
    body = bad.content.decode()
    for message in ("Enter what the action is", "Enter who owns the action", "Enter the due date"):
        assert message in body


def test_evidence_files_are_kept_and_served_only_to_the_service(
    client_for: ClientFor, plan: ImprovementPlan, media: Path
) -> None:
    action = Action.objects.filter(item__plan=plan).first()
    assert action is not None
    upload = SimpleUploadedFile("minutes.pdf", b"%PDF-1.4 minutes", content_type="application/pdf")
    response = client_for(MANAGER).post(
        url("evidence_add", plan.pk, action.pk), {"note": "Minutes of the group", "file": upload}
    )
    assert response.status_code == 302
    evidence = action.evidence.get(file_name="minutes.pdf")
    stored = Path(evidence.file.path)
    assert stored.is_relative_to(media) and stored.name != "minutes.pdf"
    download = client_for(BOARD).get(url("evidence_file", plan.pk, evidence.pk))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert 'filename="minutes.pdf"' in download["Content-Disposition"]
    assert b"".join(download.streaming_content) == b"%PDF-1.4 minutes"  # type: ignore[attr-defined]
    outsider = client_for("admin@southvale.example")
    assert outsider.get(url("evidence_file", plan.pk, evidence.pk)).status_code == 404
    assert Client().get(f"/media/{evidence.file.name}").status_code in (302, 404)
    empty = client_for(MANAGER).post(url("evidence_add", plan.pk, action.pk), {"note": ""})
    assert "Enter a note or upload a file" in empty.content.decode()
    script = SimpleUploadedFile("x.html", b"<script>", content_type="text/html")
    refused = client_for(MANAGER).post(
        url("evidence_add", plan.pk, action.pk), {"note": "n", "file": script}
    )
    assert "must be a PDF, Word" in refused.content.decode()


# --- Excel export and import ---------------------------------------------------------------------


def export(client: Client, plan: ImprovementPlan) -> bytes:
    response = client.get(url("improvement_plan_export", plan.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    return response.content


def upload(client: Client, plan: ImprovementPlan, content: bytes) -> str:
    """Upload through the page: it queues a job, which runs here; the job's page, then."""
    response = post_and_run(
        client,
        url("improvement_plan_import", plan.pk),
        {"file": SimpleUploadedFile("plan.xlsx", content)},
    )
    return response.content.decode()


def edited(content: bytes, change: Callable[..., None]) -> bytes:
    from openpyxl import load_workbook as load

    book = load(io.BytesIO(content))
    change(book["Actions"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def column(name: str) -> int:
    return [header for _, header in COLUMNS].index(name) + 1


def snapshot(plan: ImprovementPlan) -> list[tuple[object, ...]]:
    return list(
        Action.objects.filter(item__plan=plan)
        .order_by("pk")
        .values_list("description", "owner", "due_date", "status", "closed_reason", "version")
    )


def test_export_then_import_changes_nothing_then_applies_edits(
    client_for: ClientFor, plan: ImprovementPlan
) -> None:
    client = client_for(MANAGER)
    content = export(client, plan)
    before, changes = snapshot(plan), ActionChange.objects.count()
    page = upload(client, plan, content)
    assert "0 actions added, 0 changed, 9 unchanged" in page
    assert snapshot(plan) == before and ActionChange.objects.count() == changes
    action = Action.objects.filter(item__plan=plan, status="not_started").get()

    def change(sheet) -> None:  # type: ignore[no-untyped-def]
        for row in sheet.iter_rows(min_row=2):
            if row[column("Action ID") - 1].value == action.pk:
                row[column("Owner") - 1].value = "Mark Ellis, CAMHS"
                row[column("Status") - 1].value = "On track"
        sheet.append(
            [
                2,
                "",
                "",
                None,
                "Agree a neurodiversity pathway",
                "Head of SEND",
                date(2027, 1, 31),
                "Not started",
            ]
        )

    page = upload(client, plan, edited(content, change))
    assert "1 action added, 1 changed, 8 unchanged" in page
    action.refresh_from_db()
    assert (action.owner, action.status) == ("Mark Ellis, CAMHS", "on_track")
    assert ActionChange.objects.filter(action=action, source="spreadsheet import").count() == 2
    assert plan.items.get(order=2).actions.filter(owner="Head of SEND").exists()
    # Importing the old file again is refused: the action has changed since it was exported.
    stale = upload(client, plan, edited(content, change))
    assert "changed this action after the file was exported" in stale


def test_the_export_shows_the_one_status_and_imports_the_recorded_one(
    client_for: ClientFor, plan: ImprovementPlan
) -> None:
    today = timezone.localdate()
    late = Action.objects.filter(item__plan=plan).order_by("pk").first()
    assert late is not None
    Action.objects.filter(pk=late.pk).update(status="on_track", due_date=today - timedelta(days=21))
    client = client_for(MANAGER)
    content = export(client, plan)
    sheet = load_workbook(io.BytesIO(content))["Actions"]
    for row in sheet.iter_rows(min_row=2, values_only=True):
        if row[column("Action ID") - 1] == late.pk:
            assert row[column("Status") - 1] == "On track"
            assert row[column("Status shown") - 1] == "Overdue by 21 days"
        elif row[column("Status") - 1] in ("Complete", "Closed"):
            assert row[column("Status shown") - 1] == row[column("Status") - 1]
    assert "0 changed" in upload(client, plan, content)


def test_an_import_with_problems_changes_nothing_and_names_rows_and_columns(
    client_for: ClientFor, plan: ImprovementPlan
) -> None:
    client = client_for(MANAGER)
    content = export(client, plan)
    before, changes = snapshot(plan), ActionChange.objects.count()

    def change(sheet) -> None:  # type: ignore[no-untyped-def]
        sheet.cell(row=2, column=column("Owner")).value = "A valid new owner"
        sheet.cell(row=3, column=column("Due date")).value = "next spring"
        sheet.cell(row=4, column=column("Status")).value = "Finished"
        sheet.cell(row=5, column=column("Action")).value = ""
        sheet.cell(row=6, column=column("Action ID")).value = 99999
        for row in sheet.iter_rows(min_row=2):
            if row[column("Status") - 1].value == "Not started":
                row[column("Status") - 1].value = "Complete"

    page = upload(client, plan, edited(content, change))
    assert "The file was not imported" in page and "Nothing has been changed" in page
    for problem in (
        "row 3, column Due date: enter the due date as a date, like 31/03/2026",
        "row 4, column Status: must be one of Not started, On track, At risk, Complete, Closed",
        "row 5, column Action: enter what the action is",
        "row 6, column Action ID: this plan has no action 99999",
        "column New evidence note: add evidence that the action is complete",
    ):
        assert problem in page.replace("&#x27;", "'"), problem
    assert snapshot(plan) == before and ActionChange.objects.count() == changes
    broken = upload(client, plan, b"not a workbook")
    assert "cannot be read as an Excel workbook" in broken


# --- Board meetings and the board pack ---------------------------------------------------------


def test_a_board_meeting_is_recorded_with_attendance_and_decisions(
    client_for: ClientFor, plan: ImprovementPlan
) -> None:
    item = plan.items.get(order=2)
    response = client_for(MANAGER).post(
        url("meeting_create"),
        {
            "date_0": "12",
            "date_1": "3",
            "date_2": "2026",
            "attended": ["local_authority", "police", "health", "yjs"],
            "rep_police": "Inspector Jo Patel",
            "rep_probation": "should not be kept: absent",
            f"decision_{item.pk}": "Escalate to the integrated care board",
            "notes": "Quorate.",
        },
    )
    meeting = BoardMeeting.objects.get(service=plan.service, date=date(2026, 3, 12))
    assert response["Location"] == url("meeting_detail", meeting.pk)
    records = {a.agency: (a.attended, a.representative) for a in meeting.attendance.all()}
    assert len(records) == 7
    assert records["police"] == (True, "Inspector Jo Patel")
    assert records["probation"] == (False, "")
    review = ItemReview.objects.get(meeting=meeting)
    assert (review.item, review.status_at_review) == (item, "at_risk")
    page = client_for(BOARD).get(url("meeting_detail", meeting.pk)).content.decode()
    assert "4 of 7 partner agencies attended" in page
    assert "Escalate to the integrated care board" in page
    assert Attendance.objects.filter(meeting=meeting, attended=True).count() == 4
    missing = client_for(MANAGER).post(url("meeting_create"), {}).content.decode()
    assert "Enter the date of the meeting" in missing
    listed = client_for(BOARD).get(url("meeting_list")).content.decode()
    dates = [m.date for m in BoardMeeting.objects.filter(service=plan.service)]
    shown = sorted(dates, key=lambda d: listed.index(f"{d.day} {d:%B %Y}</a>"))
    assert shown == sorted(dates, reverse=True)  # newest first


@pytest.mark.parametrize(
    ("fmt", "content_type"),
    [
        ("pdf", "application/pdf"),
        ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("html", "text/html; charset=utf-8"),
    ],
)
def test_the_board_pack_downloads(
    client_for: ClientFor, plan: ImprovementPlan, fmt: str, content_type: str
) -> None:
    meeting = BoardMeeting.objects.filter(service=plan.service).order_by("-date").first()
    assert meeting is not None
    response = download(client_for(BOARD), url("board_pack", meeting.pk, fmt))
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    if fmt == "pdf":
        assert response["Content-Disposition"].startswith("attachment")
        text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    elif fmt == "docx":
        document = docx.Document(io.BytesIO(response.content))
        text = " ".join(
            [p.text for p in document.paragraphs]
            + [c.text for t in document.tables for row in t.rows for c in row.cells]
        )
    else:
        text = response.content.decode().replace("&#39;", "'")
    text = " ".join(text.split())
    for words in (
        "Overdue actions",
        "Attendance",
        "Probation",
        "Children's social care",
        "First time entrants",
        "HMIP inspection 2026 (demo)",
    ):
        assert words in text, (fmt, words)
    assert client_for(BOARD).get(url("board_pack", meeting.pk, "txt")).status_code == 404


def test_the_board_pack_summarises_the_latest_surveys_without_comments(
    client_for: ClientFor, plan: ImprovementPlan
) -> None:
    from yjqa.web.surveys.demo import seed_demo_surveys
    from yjqa.web.surveys.models import Survey

    service = plan.service
    seed_demo_surveys(service, 2026)
    latest = Survey.objects.filter(service=service).order_by("-created_at").first()
    assert latest is not None
    meeting = BoardMeeting.objects.filter(service=service).first()
    assert meeting is not None
    page = client_for(BOARD).get(url("board_pack", meeting.pk, "html")).content.decode()
    page = page.replace("&#39;", "'")
    assert f"{latest.title} ({latest.period})" in page
    assert "out of 10" in page and "answered 9 or 10" in page
    assert "My worker listened to me" not in page  # comments never reach the pack
    assert "No summary of feedback" not in page


def test_progress_rows_for_the_youth_justice_plan(plan: ImprovementPlan) -> None:
    from yjqa.web.improvement.queries import improvement_plan_progress_rows

    rows = improvement_plan_progress_rows(plan.service, timezone.localdate())
    assert [r[0] for r in rows] == list(plan.items.values_list("text", flat=True))
    assert rows[0][1:] == ("At risk", "1 of 3 actions complete or closed; 1 overdue")
    ImprovementPlan.objects.filter(service__slug="southvale").delete()  # a service without one
    assert improvement_plan_progress_rows(Service.objects.get(slug="southvale"), date.today()) == []


# --- Who may do what ----------------------------------------------------------------------------


def test_a_board_member_reads_everything_and_changes_nothing(
    client_for: ClientFor, plan: ImprovementPlan, media: Path
) -> None:
    board = client_for(BOARD)
    urls = every_url(plan)
    for name, (address, write) in urls.items():
        status = board.get(address).status_code
        assert status == (403 if write else 200), (name, status)
        if write:
            assert board.post(address, {"inspection": inspection().pk}).status_code == 403, name
    for name in (
        "improvement_plan_detail",
        "action_history",
        "meeting_detail",
        "meeting_list",
        "improvement_plan_list",
    ):
        page = board.get(urls[name][0]).content.decode()
        for control in ('/edit/"', '/new/"', '/import/"', '/evidence/"', '<form method="post" nov'):
            assert control not in page, (name, control)
    assert ImprovementPlan.objects.filter(service__slug="northshire").count() == 1


def test_another_services_people_get_404(
    client_for: ClientFor, plan: ImprovementPlan, media: Path
) -> None:
    for email in ("admin@southvale.example", "board@southvale.example"):
        outsider = client_for(email)
        for name, (address, _write) in every_url(plan).items():
            assert outsider.get(address).status_code == 404, (email, name)
            assert outsider.post(address).status_code == 404, (email, name)


def test_managers_see_the_edit_controls(client_for: ClientFor, plan: ImprovementPlan) -> None:
    page = client_for(MANAGER).get(url("improvement_plan_detail", plan.pk)).content.decode()
    assert "Add an action" in page and "Import changes from Excel" in page
    assert ">Change<span" in page


# --- The command line -----------------------------------------------------------------------------


def test_plan_export_writes_the_workbook(run_cli, plan: ImprovementPlan, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "plan.xlsx"
    result = run_cli("plan", "export", "northshire", "--format", "xlsx", "--output", target)
    assert result.exit_code == 0, result.stderr
    assert "9 actions" in result.stdout
    sheet = load_workbook(target)["Actions"]
    header = [cell.value for cell in sheet[1]]
    assert header == [h for _, h in COLUMNS]
    ids = {row[column("Action ID") - 1] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert ids == set(Action.objects.filter(item__plan=plan).values_list("pk", flat=True))
    missing = run_cli("plan", "export", "nowhere", "--output", target)
    assert missing.exit_code == 2 and "no service called nowhere" in missing.stderr


def test_improvement_plan_export_is_the_same_command_as_plan_export(  # type: ignore[no-untyped-def]
    run_cli, plan: ImprovementPlan, tmp_path: Path
) -> None:
    rows = {}
    for command in ("plan", "improvement-plan"):
        target = tmp_path / f"{command}.xlsx"
        result = run_cli(command, "export", "Northshire YJS", "--output", target)
        assert result.exit_code == 0, result.stderr
        assert f"{target}: {plan.title} (Northshire YJS), 9 actions" in " ".join(
            result.stdout.split()
        )
        rows[command] = list(load_workbook(target)["Actions"].iter_rows(values_only=True))
    assert rows["plan"] == rows["improvement-plan"]
    missing = run_cli("improvement-plan", "export", "northshire", "--plan", "99999")
    assert missing.exit_code == 2 and "Northshire YJS has no improvement plan 99999" in (
        " ".join(missing.stderr.split())
    )
