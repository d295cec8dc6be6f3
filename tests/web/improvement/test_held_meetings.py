"""Board packs as they were: a meeting marked held keeps its pack as the board saw it, and a
pack reports the inspection chosen for it, by default the latest published HMIP inspection."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from datetime import date, timedelta

import docx
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader
from tests.document_downloads import download

from report_2025 import create_2025_inspection
from yjqa.web.audit.models import AuditEvent
from yjqa.web.demo import DEMO_INSPECTION_TITLE, DEMO_MOCK_2025_TITLE
from yjqa.web.improvement.board_pack import latest_inspection
from yjqa.web.improvement.models import Action, BoardMeeting
from yjqa.web.inspections.models import Inspection
from yjqa.web.tenancy.models import Service

ClientFor = Callable[[str], Client]
pytestmark = pytest.mark.django_db
MANAGER, BOARD = "manager@northshire.example", "board@northshire.example"


def url(name: str, *args: object) -> str:
    return reverse(name, args=["northshire", *args])


def northshire() -> Service:
    return Service.objects.get(slug="northshire")


def latest_meeting() -> BoardMeeting:
    found = northshire().board_meetings.order_by("-date", "-id").first()
    assert found is not None and found.held_at is None
    return found


def words(client: Client, meeting: BoardMeeting, fmt: str) -> str:
    response = download(client, url("board_pack", meeting.pk, fmt))
    assert response.status_code == 200
    if fmt == "pdf":
        text = " ".join(
            p.extract_text() or "" for p in PdfReader(io.BytesIO(response.content)).pages
        )
    elif fmt == "docx":
        document = docx.Document(io.BytesIO(response.content))
        text = " ".join(
            [p.text for p in document.paragraphs]
            + [c.text for t in document.tables for row in t.rows for c in row.cells]
        )
    else:
        text = re.sub(r"<[^>]+>", " ", response.content.decode()).replace("&#39;", "'")
    return " ".join(text.split())


def ratings(text: str) -> str:
    """The pack's ratings section, from its heading to the next section's."""
    start = text.rindex("The latest inspection ratings") + len("The latest inspection ratings")
    return text[start : text.index("Performance indicators", start)].strip()


def mark_held(client: Client, meeting: BoardMeeting, **data: str) -> object:
    return client.post(url("meeting_mark_held", meeting.pk), data)


def test_a_held_meetings_pack_never_changes_when_newer_records_appear(
    client_for: ClientFor, monkeypatch: pytest.MonkeyPatch
) -> None:
    manager, board = client_for(MANAGER), client_for(BOARD)
    meeting = latest_meeting()
    page = manager.get(url("meeting_detail", meeting.pk)).content.decode()
    assert "Mark the meeting held and freeze its pack" in page
    response = mark_held(manager, meeting, confirm="on")
    assert response.status_code == 302  # type: ignore[attr-defined]
    meeting.refresh_from_db()
    assert meeting.held_at is not None and meeting.pack is not None
    assert AuditEvent.objects.filter(action="mark_meeting_held", object_id=str(meeting.pk)).exists()
    presented = f"As presented to the board on {meeting.date.day} {meeting.date:%B %Y}"
    before = {fmt: words(board, meeting, fmt) for fmt in ("html", "pdf", "docx")}
    html_before = board.get(url("board_pack", meeting.pk, "html")).content
    for fmt, text in before.items():
        assert presented in text, fmt
        assert DEMO_INSPECTION_TITLE in text, fmt
    assert presented in board.get(url("meeting_detail", meeting.pk)).content.decode()

    # Newer records: a published HMIP inspection, a changed plan, new indicators' figures.
    newer = create_2025_inspection(
        "northshire", "children_and_victims", title="HMIP inspection 2027", kind="hmip_inspection"
    )
    Inspection.objects.filter(pk=newer.pk).update(status=Inspection.Status.PUBLISHED)
    action = Action.objects.filter(item__plan__service=meeting.service).first()
    assert action is not None
    Action.objects.filter(item__plan__service=meeting.service).update(
        status="on_track", due_date=timezone.localdate() - timedelta(days=300)
    )
    item = action.item
    item.text = "A wholly new wording of the item"
    item.save()
    from yjqa.web.improvement import board_pack

    def newer_figures(_: Service) -> tuple[dict[str, object], str]:
        return {"fte": {"count": 777, "population": 1, "rate_per_100k": 1.0}}, "A newer year"

    monkeypatch.setattr(board_pack, "service_indicators", newer_figures)

    assert board.get(url("board_pack", meeting.pk, "html")).content == html_before
    after = {fmt: words(board, meeting, fmt) for fmt in ("html", "pdf", "docx")}
    assert after == before
    assert "HMIP inspection 2027" not in after["html"]
    assert "A wholly new wording" not in after["html"]
    assert "777" not in after["html"] and "A newer year" not in after["html"]
    # Marking it held again changes nothing either.
    mark_held(manager, meeting, confirm="on")
    assert board.get(url("board_pack", meeting.pk, "html")).content == html_before
    # A meeting not held still follows the records.
    live = BoardMeeting.objects.create(service=meeting.service, date=meeting.date)
    assert "HMIP inspection 2027" in words(board, live, "html")
    assert "A newer year" in words(board, live, "html")
    assert "As presented" not in words(board, live, "html")


def test_marking_held_needs_confirming_and_the_meetings_day(client_for: ClientFor) -> None:
    manager = client_for(MANAGER)
    meeting = latest_meeting()
    unconfirmed = mark_held(manager, meeting)
    page = unconfirmed.content.decode()  # type: ignore[attr-defined]
    assert unconfirmed.status_code == 200  # type: ignore[attr-defined]
    assert "Error:" in page and "govuk-error-summary" in page
    assert "Confirm that the board saw this pack at the meeting" in page
    assert 'class="govuk-error-message"' in page
    future = BoardMeeting.objects.create(
        service=meeting.service, date=timezone.localdate() + timedelta(days=10)
    )
    assert "It can be marked held" in manager.get(url("meeting_detail", future.pk)).content.decode()
    early = mark_held(manager, future, confirm="on")
    assert "mark it held on or after that day" in early.content.decode()  # type: ignore[attr-defined]
    for one in (meeting, future):
        one.refresh_from_db()
        assert one.held_at is None and one.pack is None


def test_a_board_member_reads_a_held_pack_but_cannot_mark_a_meeting_held(
    client_for: ClientFor,
) -> None:
    board = client_for(BOARD)
    meeting = latest_meeting()
    assert (
        "Mark the meeting held" not in board.get(url("meeting_detail", meeting.pk)).content.decode()
    )
    refused = mark_held(board, meeting, confirm="on")
    assert refused.status_code == 403  # type: ignore[attr-defined]
    meeting.refresh_from_db()
    assert meeting.held_at is None


def test_the_demos_earlier_meeting_is_held_and_read_as_presented(client_for: ClientFor) -> None:
    past = northshire().board_meetings.filter(date__lt=timezone.localdate())
    held = past.exclude(held_at=None).order_by("-date")
    assert held.count() == past.count() - 1  # all but the latest, still to be marked
    meeting = held[0]
    text = words(client_for(BOARD), meeting, "html")
    assert f"As presented to the board on {meeting.date.day} {meeting.date:%B %Y}" in text


def test_by_default_a_pack_reports_the_latest_published_hmip_inspection_only(
    client_for: ClientFor,
) -> None:
    board = client_for(BOARD)
    meeting = latest_meeting()
    BoardMeeting.objects.filter(pk=meeting.pk).update(inspection=None)
    # The demo's HMIP inspection is in fieldwork and its mock is newer: neither is shown.
    assert latest_inspection(northshire()) is None
    text = ratings(words(board, meeting, "html"))
    assert text.startswith("No published inspection")
    assert DEMO_MOCK_2025_TITLE not in text and DEMO_INSPECTION_TITLE not in text
    hmip = Inspection.objects.get(service=northshire(), title=DEMO_INSPECTION_TITLE)
    Inspection.objects.filter(pk=hmip.pk).update(status=Inspection.Status.PUBLISHED)
    # A newer mock, even published, and a newer HMIP draft do not displace it.
    Inspection.objects.filter(service=northshire(), title=DEMO_MOCK_2025_TITLE).update(
        status=Inspection.Status.PUBLISHED
    )
    create_2025_inspection("northshire", "full", title="HMIP draft 2027", kind="hmip_inspection")
    text = ratings(words(board, meeting, "html"))
    assert DEMO_INSPECTION_TITLE in text and "No published inspection" not in text
    assert "HMIP draft 2027" not in text and DEMO_MOCK_2025_TITLE not in text


def meeting_data(meeting: BoardMeeting, **changes: str) -> dict[str, str]:
    data = {
        "date_0": str(meeting.date.day),
        "date_1": str(meeting.date.month),
        "date_2": str(meeting.date.year),
        "notes": meeting.notes,
        "inspection": "latest",
    }
    data |= changes
    return data


def test_the_meeting_form_chooses_the_inspection_its_pack_reports(client_for: ClientFor) -> None:
    manager = client_for(MANAGER)
    meeting = latest_meeting()
    mock = Inspection.objects.get(service=northshire(), title=DEMO_MOCK_2025_TITLE)
    form = manager.get(url("meeting_edit", meeting.pk)).content.decode()
    assert "Which inspection&#x27;s ratings should the pack report?" in form
    assert "The latest published HMIP inspection (none is published yet)" in form
    saved = manager.post(
        url("meeting_edit", meeting.pk), meeting_data(meeting, inspection=str(mock.pk))
    )
    assert saved.status_code == 302
    meeting.refresh_from_db()
    assert meeting.inspection == mock
    assert mock.title in words(client_for(BOARD), meeting, "html")
    # A default again, then wrong values: errors on the field, never a server error.
    manager.post(url("meeting_edit", meeting.pk), meeting_data(meeting))
    meeting.refresh_from_db()
    assert meeting.inspection is None
    southvale = Inspection.objects.filter(service__slug="southvale").first()
    assert southvale is not None
    for wrong in ("abc", "999999999", str(southvale.pk)):
        page = manager.post(
            url("meeting_edit", meeting.pk), meeting_data(meeting, inspection=wrong)
        )
        assert page.status_code == 200
        assert "Select an inspection from the list" in page.content.decode()
    meeting.refresh_from_db()
    assert meeting.inspection is None


def test_a_held_meetings_date_and_inspection_stay_but_its_notes_can_be_completed(
    client_for: ClientFor,
) -> None:
    manager = client_for(MANAGER)
    meeting = latest_meeting()
    mark_held(manager, meeting, confirm="on")
    meeting.refresh_from_db()
    pack = meeting.pack
    form = manager.get(url("meeting_edit", meeting.pk)).content.decode()
    assert 'id="held-note"' in form and 'name="inspection"' not in form
    response = manager.post(
        url("meeting_edit", meeting.pk),
        meeting_data(meeting, notes="Minutes approved.", date_2=str(date.today().year + 3)),
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.notes == "Minutes approved." and meeting.date.year < date.today().year + 3
    assert meeting.pack == pack
