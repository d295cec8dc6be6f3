"""The register of evidence on a judgement standard's pages: a manager adds (by the form or
a suggestion in one click), changes and removes items; everyone who reads inspections sees
the register with the rating; a published inspection's register is read-only."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from yjqa.web.audit.trail import Actor
from yjqa.web.demo import DEMO_INSPECTION_TITLE
from yjqa.web.inspections.judgement_evidence import do_add_judgement_evidence
from yjqa.web.inspections.models import Inspection, JudgementEvidence

pytestmark = pytest.mark.django_db
ClientFor = Callable[[str], Client]
MANAGER = "manager@northshire.example"


def demo() -> Inspection:
    return Inspection.objects.get(service__slug="northshire", title=DEMO_INSPECTION_TITLE)


def url(name: str, standard_id: str = "1.1", *more: int) -> str:
    return reverse(name, args=["northshire", demo().pk, standard_id, *more])


def an_item(standard_id: str = "1.1", **fields: str) -> JudgementEvidence:
    values = {"kind": "document", "title": "Youth justice plan 2025 to 2026", **fields}
    return do_add_judgement_evidence(Actor.operator(), demo(), standard_id, **values)


def text(response: Any) -> str:
    return str(response.content.decode())


def test_a_manager_adds_evidence_with_a_uk_date_and_sees_it_on_the_judgement_page(
    client_for: ClientFor,
) -> None:
    client = client_for(MANAGER)
    response = client.post(
        url("judgement_evidence_add"),
        {
            "kind": "meeting",
            "title": "Management board minutes, January 2026",
            "dated": "21/1/2026",
            "summary": "The board challenged the partners on health provision.",
            "figure": "board_attendance",
        },
    )
    assert response.status_code == 302 and response["Location"] == url("judgement")
    item = JudgementEvidence.objects.get(
        inspection=demo(), title="Management board minutes, January 2026"
    )
    assert (item.standard_id, item.kind, item.dated) == ("1.1", "meeting", date(2026, 1, 21))
    page = text(client.get(url("judgement")))
    assert "has been added to the evidence" in page
    assert "Management board minutes, January 2026" in page
    assert "21 January 2026" in page
    assert "Board attendance (KPI 7)" in page
    assert reverse("meeting_list", args=["northshire"]) in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Select what kind of evidence it is"),
        ({"kind": "document"}, "Enter a title for the evidence"),
        ({"kind": "gossip", "title": "x"}, "Select one of the kinds of evidence listed"),
        ({"kind": "document", "title": "x", "dated": "31/02/2026"}, "for example 27/03/2026"),
        ({"kind": "document", "title": "x", "dated": "2/3/26"}, "for example 27/03/2026"),
        ({"kind": "document", "title": "x", "figure": "guesswork"}, "Select one of the figures"),
    ],
)
def test_wrong_evidence_is_a_govuk_error_and_nothing_is_added(
    client_for: ClientFor, data: dict[str, str], message: str
) -> None:
    before = JudgementEvidence.objects.count()
    response = client_for(MANAGER).post(url("judgement_evidence_add"), data)
    page = text(response)
    assert response.status_code == 200
    assert page.count("<title>Error: ") == 1
    assert "govuk-error-summary" in page and message in page
    assert JudgementEvidence.objects.count() == before


def test_a_suggestion_is_added_in_one_click_and_then_no_longer_offered(
    client_for: ClientFor,
) -> None:
    JudgementEvidence.objects.filter(inspection=demo(), standard_id="1.2").delete()  # the demo's
    client = client_for(MANAGER)
    page = text(client.get(url("judgement", "1.2")))
    assert 'name="suggestion" value="staff_survey"' in page
    response = client.post(
        url("judgement_evidence_suggested", "1.2"), {"suggestion": "staff_survey"}
    )
    assert response.status_code == 302
    item = JudgementEvidence.objects.get(
        inspection=demo(), standard_id="1.2", figure="staff_survey"
    )
    assert (item.kind, item.title) == ("survey", "Staff survey")
    page = text(client.get(url("judgement", "1.2")))
    assert 'name="suggestion" value="staff_survey"' not in page
    # The demo's staff survey, run before fieldwork, is what the item reads.
    assert "Staff survey: working in the youth justice service (2025 to 2026)" in page


def test_an_unknown_suggestion_is_not_found(client_for: ClientFor) -> None:
    before = JudgementEvidence.objects.count()
    response = client_for(MANAGER).post(url("judgement_evidence_suggested"), {"suggestion": "x"})
    assert response.status_code == 404
    assert JudgementEvidence.objects.count() == before


def test_a_manager_changes_an_item(client_for: ClientFor) -> None:
    item = an_item()
    client = client_for(MANAGER)
    form = text(client.get(url("judgement_evidence_edit", "1.1", item.pk)))
    assert 'value="Youth justice plan 2025 to 2026"' in form
    response = client.post(
        url("judgement_evidence_edit", "1.1", item.pk),
        {"kind": "document", "title": "Youth justice plan 2026", "dated": "2026-04-01"},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.title, item.dated) == ("Youth justice plan 2026", date(2026, 4, 1))


def test_removing_asks_first_then_takes_the_item_off(client_for: ClientFor) -> None:
    item = an_item()
    client = client_for(MANAGER)
    ask = client.get(url("judgement_evidence_remove", "1.1", item.pk))
    assert "Remove “Youth justice plan 2025 to 2026” from the evidence?" in text(ask)
    assert JudgementEvidence.objects.filter(pk=item.pk).exists()
    response = client.post(url("judgement_evidence_remove", "1.1", item.pk))
    assert response.status_code == 302
    assert not JudgementEvidence.objects.filter(pk=item.pk).exists()


def test_an_item_is_found_only_under_its_own_standard(client_for: ClientFor) -> None:
    item = an_item("1.2")
    client = client_for(MANAGER)
    assert client.get(url("judgement_evidence_edit", "1.1", item.pk)).status_code == 404
    assert client.post(url("judgement_evidence_remove", "1.1", item.pk)).status_code == 404
    assert JudgementEvidence.objects.filter(pk=item.pk).exists()


def test_a_case_standard_has_no_register(client_for: ClientFor) -> None:
    client = client_for(MANAGER)
    assert client.get(url("judgement_evidence", "2.1")).status_code == 404
    assert client.get(url("judgement_evidence_add", "2.1")).status_code == 404


def test_the_ratings_page_says_how_many_items_each_judgement_rests_on(
    client_for: ClientFor,
) -> None:
    an_item()
    an_item(title="Board minutes")
    counted = JudgementEvidence.objects.filter(inspection=demo(), standard_id="1.1").count()
    page = text(
        client_for("board@northshire.example").get(
            reverse("ratings", args=["northshire", demo().pk])
        )
    )
    assert f"{counted} items of evidence" in page
    assert url("judgement_evidence") in page


def test_a_board_member_reads_the_register_with_the_rating_but_cannot_change_it(
    client_for: ClientFor,
) -> None:
    item = an_item(figure="indicator:fte")
    client = client_for("board@northshire.example")
    page = text(client.get(url("judgement_evidence")))
    rating = demo().judgements.get(standard_id="1.1").rating
    assert f'id="rating">{rating}<' in page
    assert "Youth justice plan 2025 to 2026" in page
    assert "First time entrants" in page
    assert url("judgement_evidence_edit", "1.1", item.pk) not in page
    assert "Add an item of evidence" not in page
    assert client.get(url("judgement_evidence_add")).status_code == 403
    assert client.post(url("judgement_evidence_remove", "1.1", item.pk)).status_code == 403
    assert JudgementEvidence.objects.filter(pk=item.pk).exists()


def test_a_published_inspections_register_is_read_only(client_for: ClientFor) -> None:
    item = an_item()
    Inspection.objects.filter(pk=demo().pk).update(status=Inspection.Status.PUBLISHED)
    client = client_for(MANAGER)
    page = text(client.get(url("judgement_evidence")))
    assert "Youth justice plan 2025 to 2026" in page
    assert url("judgement_evidence_edit", "1.1", item.pk) not in page
    assert client.get(url("judgement_evidence_add")).status_code == 404
    assert client.post(url("judgement_evidence_remove", "1.1", item.pk)).status_code == 404
    assert JudgementEvidence.objects.filter(pk=item.pk).exists()
