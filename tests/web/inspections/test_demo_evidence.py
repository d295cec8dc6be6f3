"""The demo's registers of evidence: each judgement standard of the demo HMIP inspection
gets its items, linked to figures yjqa defines, written by the inspection's lead once."""

from __future__ import annotations

import pytest

from yjqa.web.audit.models import AuditEvent
from yjqa.web.demo import DEMO_INSPECTION_TITLE, DEMO_MOCK_2025_TITLE
from yjqa.web.inspections.demo_evidence import DEMO_EVIDENCE, seed_demo_judgement_evidence
from yjqa.web.inspections.judgement_figures import FigureReader, is_figure
from yjqa.web.inspections.models import Inspection, JudgementEvidence
from yjqa.web.tenancy.models import Service

pytestmark = pytest.mark.django_db


def test_every_judgement_standard_of_the_demo_inspection_gets_its_register() -> None:
    service = Service.objects.get(slug="northshire")
    inspection = Inspection.objects.get(service=service, title=DEMO_INSPECTION_TITLE)
    JudgementEvidence.objects.filter(inspection__service=service).delete()
    last = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    added = seed_demo_judgement_evidence(service)
    judged = [s for s in inspection.framework.iter_standards() if s.kind == "judgement"]
    assert {s.id for s in judged} == {"1.1", "1.2", "1.3", "1.4", "3.4", "4.1"}
    items = JudgementEvidence.objects.filter(inspection=inspection)
    assert added == items.count() == sum(len(DEMO_EVIDENCE[s.title]) for s in judged)
    for standard in judged:
        assert items.filter(standard_id=standard.id).exists(), standard.id
    assert items.filter(standard_id="1.1", figure="board_attendance").exists()
    assert items.filter(standard_id="1.2", figure="staff_survey").exists()
    assert all(is_figure(item.figure) for item in items if item.figure)
    # Written by the inspection's lead, as the demo's.
    events = AuditEvent.objects.filter(
        action="add_judgement_evidence", inspection_id=inspection.pk, pk__gt=last
    )
    assert events.count() == added
    assert {e.via for e in events} == {AuditEvent.Via.DEMO}
    assert {e.actor_id for e in events} == {inspection.lead_id}
    # The children's survey is one the demo holds: its figure reads, not "no data".
    reader = FigureReader(inspection)
    children = reader.read("children_survey")
    assert children is not None and children.text and not children.missing


def test_the_2025_mock_without_organisational_standards_gets_none() -> None:
    service = Service.objects.get(slug="northshire")
    mock = Inspection.objects.get(service=service, title=DEMO_MOCK_2025_TITLE)
    JudgementEvidence.objects.filter(inspection__service=service).delete()
    seed_demo_judgement_evidence(service)
    assert not any(
        s.kind == "judgement" for s in mock.framework.standards_for(mock.inspection_type)
    )
    assert not JudgementEvidence.objects.filter(inspection=mock).exists()


def test_seeding_again_adds_nothing() -> None:
    service = Service.objects.get(slug="northshire")
    JudgementEvidence.objects.filter(inspection__service=service).delete()
    seed_demo_judgement_evidence(service)
    before = JudgementEvidence.objects.count()
    assert seed_demo_judgement_evidence(service) == 0
    assert JudgementEvidence.objects.count() == before
