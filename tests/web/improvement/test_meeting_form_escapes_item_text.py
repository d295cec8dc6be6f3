"""Issue 18: a plan item's wording rendered as HTML on the board meeting form.

The item's text was each decision field's hint, and hints are written unescaped (they may hold
our own markup), so `<script>` in an item ran on the form of everyone recording a meeting.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from yjqa.web.demo import DEMO_INSPECTION_TITLE
from yjqa.web.improvement.models import BoardMeeting, PlanItem

ClientFor = Callable[[str], Client]
pytestmark = pytest.mark.django_db
MANAGER = "manager@northshire.example"
WORDING = '<b>x</b> and <script>alert("item")</script> & <img src=x onerror=alert(1)>'


def worded_item() -> PlanItem:
    item = PlanItem.objects.filter(
        plan__inspection__service__slug="northshire",
        plan__inspection__title=DEMO_INSPECTION_TITLE,
    ).first()
    assert item is not None
    item.text = WORDING
    item.save()
    return item


def assert_shown_as_text(page: str) -> None:
    assert "<b>x</b>" not in page
    assert "<script>alert(" not in page
    assert "<img src=x" not in page
    assert "&lt;b&gt;x&lt;/b&gt;" in page
    assert "&lt;script&gt;alert(&quot;item&quot;)&lt;/script&gt; &amp; &lt;img" in page


def test_item_text_is_escaped_on_the_form_to_record_a_meeting(client_for: ClientFor) -> None:
    worded_item()
    response = client_for(MANAGER).get(reverse("meeting_create", args=["northshire"]))
    assert response.status_code == 200
    assert_shown_as_text(response.content.decode())


def test_item_text_is_escaped_on_the_form_to_change_a_meeting(client_for: ClientFor) -> None:
    worded_item()
    meeting = BoardMeeting.objects.filter(service__slug="northshire").first()
    assert meeting is not None
    response = client_for(MANAGER).get(reverse("meeting_edit", args=["northshire", meeting.pk]))
    assert response.status_code == 200
    assert_shown_as_text(response.content.decode())
