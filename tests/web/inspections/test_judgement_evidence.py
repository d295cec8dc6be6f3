"""A judgement standard's register of evidence is written only through its three services:
each refuses a person who may not manage inspections and a published inspection (writing
nothing, not even an audit-trail row), and records who changed what, before and after."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from tests.web.inspections.publishing import make_ready_to_publish

from yjqa.web.audit.models import AuditEvent
from yjqa.web.audit.trail import Actor
from yjqa.web.demo import DEMO_INSPECTION_TITLE
from yjqa.web.inspections import history
from yjqa.web.inspections.guards import ReadOnly
from yjqa.web.inspections.judgement_evidence import (
    do_add_judgement_evidence,
    do_change_judgement_evidence,
    do_remove_judgement_evidence,
    evidence_counts,
    evidence_for,
    report_evidence,
)
from yjqa.web.inspections.models import Inspection, JudgementEvidence
from yjqa.web.inspections.services import do_change_status
from yjqa.web.tenancy.models import Membership

pytestmark = pytest.mark.django_db

MINUTES: dict[str, Any] = {
    "kind": "meeting",
    "title": "Management board minutes, January 2026",
    "summary": "The board reviewed reoffending and agreed a health pathway.",
    "dated": date(2026, 1, 21),
    "figure": "board_attendance",
}


def actor(local: str, slug: str = "northshire") -> Actor:
    return Actor.member(
        Membership.objects.select_related("user", "service").get(
            user__email=f"{local}@{slug}.example", service__slug=slug
        )
    )


def demo() -> Inspection:
    return Inspection.objects.get(service__slug="northshire", title=DEMO_INSPECTION_TITLE)


def counts() -> tuple[int, int]:
    return JudgementEvidence.objects.count(), AuditEvent.objects.count()


def refused(write: Callable[[], Any], error: type[Exception] = PermissionDenied) -> None:
    before = counts()
    with pytest.raises(error):
        write()
    assert counts() == before


def latest(action: str) -> AuditEvent:
    return AuditEvent.objects.filter(action=action).order_by("-id")[0]


def added() -> JudgementEvidence:
    return do_add_judgement_evidence(actor("manager"), demo(), "1.1", **MINUTES)


def published() -> Inspection:
    inspection = make_ready_to_publish(demo())
    do_change_status(Actor.operator(), inspection, Inspection.Status.PUBLISHED)
    return inspection


# Adding


@pytest.mark.parametrize("who", ["qa", "board", "casemanager", "inspector"])
def test_adding_evidence_is_refused_to_those_who_may_not_manage_inspections(who: str) -> None:
    refused(lambda: do_add_judgement_evidence(actor(who), demo(), "1.1", **MINUTES))


def test_adding_evidence_is_refused_to_another_services_manager() -> None:
    refused(
        lambda: do_add_judgement_evidence(actor("manager", "southvale"), demo(), "1.1", **MINUTES)
    )


def test_adding_evidence_records_who_added_what_to_which_standard() -> None:
    by = actor("manager")
    item = do_add_judgement_evidence(by, demo(), "1.1", **MINUTES)
    assert item.added_by == by.user
    assert list(evidence_for(demo(), "1.1"))[-1] == item
    event = latest("add_judgement_evidence")
    assert event.actor == by.user and event.inspection_id == demo().pk
    assert event.service_id == demo().service_id
    assert event.object_label == "Evidence for 1.1: Management board minutes, January 2026"
    assert event.changes["standard"] == {"before": None, "after": "1.1"}
    assert event.changes["dated"] == {"before": None, "after": "2026-01-21"}
    assert event.changes["figure"] == {"before": None, "after": "board_attendance"}
    assert history.describe(event).what == "Added evidence for 1.1: " + MINUTES["title"]


def test_evidence_is_counted_per_standard() -> None:
    before = evidence_counts(demo())
    added()
    added()
    do_add_judgement_evidence(actor("manager"), demo(), "1.2", kind="survey", title="Staff survey")
    after = evidence_counts(demo())
    assert after["1.1"] == before.get("1.1", 0) + 2
    assert after["1.2"] == before.get("1.2", 0) + 1


@pytest.mark.parametrize(
    ("standard_id", "fields", "field"),
    [
        ("2.1", MINUTES, None),  # a case standard has no judgement
        ("9.9", MINUTES, None),
        ("1.1", {**MINUTES, "kind": "rumour"}, "kind"),
        ("1.1", {**MINUTES, "title": "   "}, "title"),
        ("1.1", {**MINUTES, "title": "x" * 201}, "title"),
        ("1.1", {**MINUTES, "figure": "indicator:nothing"}, "figure"),
        ("1.1", {**MINUTES, "dated": "21/01/2026"}, "dated"),
    ],
)
def test_adding_wrong_evidence_is_refused_with_its_field(
    standard_id: str, fields: dict[str, Any], field: str | None
) -> None:
    before = counts()
    with pytest.raises(ValidationError) as refusal:
        do_add_judgement_evidence(actor("manager"), demo(), standard_id, **fields)
    assert counts() == before
    if field:
        assert field in refusal.value.error_dict


# Changing and removing


@pytest.mark.parametrize("who", ["qa", "board"])
def test_changing_evidence_is_refused_to_those_who_may_not_manage_inspections(who: str) -> None:
    item = added()
    refused(lambda: do_change_judgement_evidence(actor(who), item, title="Changed"))
    item.refresh_from_db()
    assert item.title == MINUTES["title"]


def test_changing_evidence_records_each_field_before_and_after() -> None:
    item = added()
    by = actor("lead")
    do_change_judgement_evidence(
        by, item, title="Board minutes, February 2026", dated=date(2026, 2, 18), figure=""
    )
    item.refresh_from_db()
    assert (item.title, item.dated, item.figure) == (
        "Board minutes, February 2026",
        date(2026, 2, 18),
        "",
    )
    assert item.summary == MINUTES["summary"]  # what was not given stays
    event = latest("change_judgement_evidence")
    assert event.actor == by.user and event.inspection_id == item.inspection_id
    assert event.changes == {
        "title": {"before": MINUTES["title"], "after": "Board minutes, February 2026"},
        "dated": {"before": "2026-01-21", "after": "2026-02-18"},
        "figure": {"before": "board_attendance", "after": ""},
    }


def test_changing_nothing_records_nothing() -> None:
    item = added()
    before = counts()
    do_change_judgement_evidence(actor("manager"), item, title=MINUTES["title"])
    assert counts() == before


def test_a_wrong_change_is_refused_and_changes_nothing() -> None:
    item = added()
    before = counts()
    with pytest.raises(ValidationError):
        do_change_judgement_evidence(actor("manager"), item, kind="gossip")
    assert counts() == before
    item.refresh_from_db()
    assert item.kind == "meeting"


@pytest.mark.parametrize("who", ["qa", "board", "inspector"])
def test_removing_evidence_is_refused_to_those_who_may_not_manage_inspections(who: str) -> None:
    item = added()
    refused(lambda: do_remove_judgement_evidence(actor(who), item))
    assert JudgementEvidence.objects.filter(pk=item.pk).exists()


def test_removing_evidence_records_what_was_removed() -> None:
    item = added()
    pk, by = item.pk, actor("manager")
    do_remove_judgement_evidence(by, item)
    assert not JudgementEvidence.objects.filter(pk=pk).exists()
    event = latest("remove_judgement_evidence")
    assert event.actor == by.user and event.inspection_id == item.inspection_id
    assert event.object_id == str(pk)
    assert event.changes["title"] == {"before": MINUTES["title"], "after": None}
    assert event.changes["standard"] == {"before": "1.1", "after": None}
    assert history.describe(event).removed


# Published


def test_every_evidence_write_is_refused_once_the_inspection_is_published() -> None:
    item = added()
    inspection = published()
    item.refresh_from_db()
    manager = actor("manager")
    refused(lambda: do_add_judgement_evidence(manager, inspection, "1.1", **MINUTES), ReadOnly)
    refused(lambda: do_change_judgement_evidence(manager, item, title="Later"), ReadOnly)
    refused(lambda: do_remove_judgement_evidence(manager, item), ReadOnly)


# The report's register


def test_the_report_gets_each_standards_register_with_its_figures_in_words() -> None:
    item = added()
    do_add_judgement_evidence(
        actor("manager"), demo(), "1.2", kind="survey", title="Staff survey", figure="staff_survey"
    )
    found = report_evidence(demo())
    minutes = found["1.1"][-1]
    assert (minutes.kind, minutes.title, minutes.dated) == (
        "Meeting or observation",
        item.title,
        item.dated,
    )
    assert minutes.figure_text.startswith("Board attendance (KPI 7): ")
    staff = found["1.2"][-1]
    # The demo's staff survey, named once (its title already says what it is).
    assert staff.figure_text.startswith(
        "Staff survey: working in the youth justice service (2025 to 2026): "
    )
    assert "responses" in staff.figure_text
    assert "2.1" not in found
