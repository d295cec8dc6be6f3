"""The board pack when the latest inspection is on the 2025 framework: its areas, activities
and overall rating in the report's words, no score, for either kind of inspection."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader
from tests.document_downloads import download

from report_2025 import create_2025_inspection
from yjqa.web.improvement.board_pack import latest_inspection, meeting_pack_input
from yjqa.web.improvement.models import BoardMeeting
from yjqa.web.inspections.models import Inspection
from yjqa.web.inspections.ratings import inspection_rating

ClientFor = Callable[[str], Client]
pytestmark = pytest.mark.django_db
BOARD = "board@northshire.example"


def meeting() -> BoardMeeting:
    found = BoardMeeting.objects.filter(service__slug="northshire").order_by("-date").first()
    assert found is not None, "the demo records board meetings"
    assert found.held_at is None, "the demo's latest meeting is not held: its pack is live"
    return found


def published_2025_hmip(inspection_type: str) -> Inspection:
    """A 2025 HMIP inspection, published, which the latest meeting's pack reports by default."""
    inspection = create_2025_inspection("northshire", inspection_type, kind="hmip_inspection")
    Inspection.objects.filter(pk=inspection.pk).update(status=Inspection.Status.PUBLISHED)
    BoardMeeting.objects.filter(pk=meeting().pk).update(inspection=None)
    inspection.refresh_from_db()
    return inspection


def pack_text(client: Client, fmt: str) -> str:
    response = download(client, reverse("board_pack", args=["northshire", meeting().pk, fmt]))
    assert response.status_code == 200
    if fmt == "pdf":
        text = " ".join(
            p.extract_text() or "" for p in PdfReader(io.BytesIO(response.content)).pages
        )
    else:
        text = re.sub(r"<[^>]+>", " ", response.content.decode()).replace("&#39;", "'")
    return " ".join(text.split())


@pytest.mark.parametrize("inspection_type", ["children_and_victims", "full"])
def test_the_board_pack_reads_the_latest_2025_inspections_ratings(
    client_for: ClientFor, inspection_type: str
) -> None:
    inspection = published_2025_hmip(inspection_type)
    assert latest_inspection(inspection.service) == inspection
    rating = inspection_rating(inspection)
    text = pack_text(client_for(BOARD), "html")
    assert f"Overall, Northshire YJS was rated as '{rating.overall}'." in text
    for area_id, word in rating.areas.items():
        title = inspection.framework.area(area_id).title
        assert f"{title} was rated '{word}'" in text
    assert "2.1 Assessing" in text and "no score out of 36" in text
    assert ("1.4 Appropriate Adult arrangements" in text) == (inspection_type == "full")
    assert "/36" not in text and "None" not in text


def test_the_board_pack_pdf_of_a_2025_inspection(client_for: ClientFor) -> None:
    inspection = published_2025_hmip("children_and_victims")
    rating = inspection_rating(inspection)
    text = pack_text(client_for(BOARD), "pdf")
    assert f"Overall, Northshire YJS was rated as '{rating.overall}'." in text
    assert "Work with victims" in text


def test_the_pack_input_carries_the_rating_of_the_inspections_kind() -> None:
    inspection = published_2025_hmip("children_and_victims")
    data = meeting_pack_input(meeting(), date(2026, 3, 5))
    assert data.rating is not None
    assert data.rating.inspection_type == "children_and_victims"
    assert data.rating.score is None and data.rating.max_score is None
    assert data.ratings_source.startswith(inspection.title)


def test_a_newer_mock_inspection_does_not_displace_the_hmip_inspection_in_the_pack() -> None:
    from yjqa.web.demo import DEMO_INSPECTION_TITLE, DEMO_MOCK_2025_TITLE
    from yjqa.web.tenancy.models import Service

    northshire = Service.objects.get(slug="northshire")
    mock = Inspection.objects.get(service=northshire, title=DEMO_MOCK_2025_TITLE)
    hmip = Inspection.objects.get(service=northshire, title=DEMO_INSPECTION_TITLE)
    assert mock.created_at >= hmip.created_at
    assert latest_inspection(northshire) is None  # the demo's HMIP inspection is not published
    Inspection.objects.filter(pk=mock.pk).update(status=Inspection.Status.PUBLISHED)
    assert latest_inspection(northshire) is None  # a published mock is never the default
    Inspection.objects.filter(pk=hmip.pk).update(status=Inspection.Status.PUBLISHED)
    assert latest_inspection(northshire) == hmip
