"""Drawing an inspection's sample, its balance table, replacements and auditor assignment."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from yjqa.web.accounts.models import User
from yjqa.web.audit.trail import Actor
from yjqa.web.inspections.models import CaseAudit, Inspection, InspectionSample, SampledCase
from yjqa.web.inspections.services import do_create_inspection
from yjqa.web.tenancy.models import Service

ClientFor = Callable[[str], Client]
pytestmark = pytest.mark.django_db


def new_inspection() -> Inspection:
    service = Service.objects.get(slug="northshire")
    qa = User.objects.get(email="qa@northshire.example")
    return do_create_inspection(
        Actor.operator(),
        service,
        title="Mock inspection",
        framework_id="hmip-youth-2021",
        kind=Inspection.Kind.MOCK,
        court_window_start=date(2025, 4, 1),
        court_window_end=date(2026, 3, 31),
        oocd_window_start=date(2025, 4, 1),
        oocd_window_end=date(2026, 3, 31),
        team=[qa],
    )


def draw(client: Client, inspection: Inspection, **fields: str) -> str:
    data = {"domain": "oocd", "plan_id": "hmip-2018", "seed": "42", **fields}
    response = client.post(
        reverse("draw_sample", args=["northshire", inspection.pk]), data, follow=True
    )
    return response.content.decode()


def test_drawing_a_sample_puts_its_cases_in_the_inspection(client_for: ClientFor) -> None:
    inspection = new_inspection()
    page = draw(client_for("manager@northshire.example"), inspection)
    sample = inspection.samples.get()
    assert f"{sample.sample_size} cases drawn from {sample.population} eligible" in page
    assert "Balance" in page and "Expected" in page and "Reserve list" in page
    assert sample.plan_id == "hmip-2018" and sample.seed == 42 and len(sample.fingerprint) == 64
    sampled = set(
        sample.entries.filter(role=SampledCase.Role.SAMPLE).values_list("case_id", flat=True)
    )
    assert set(inspection.audits.values_list("case_id", flat=True)) == sampled
    assert all(a.domain_id == "3" for a in inspection.audits.all())
    assert sample.entries.filter(role=SampledCase.Role.RESERVE).exists()
    assert "z for 80% confidence" in sample.working


def test_the_same_seed_draws_the_same_sample(client_for: ClientFor) -> None:
    client = client_for("manager@northshire.example")
    first, second = new_inspection(), new_inspection()
    draw(client, first)
    draw(client, second)
    refs = [
        list(
            i.samples.get()
            .entries.order_by("role", "position")
            .values_list("case__case_ref", flat=True)
        )
        for i in (first, second)
    ]
    assert refs[0] == refs[1]


def test_replacing_a_case_records_the_reason_and_takes_a_reserve(client_for: ClientFor) -> None:
    inspection = new_inspection()
    client = client_for("manager@northshire.example")
    draw(client, inspection)
    sample = inspection.samples.get()
    entry = sample.entries.filter(role=SampledCase.Role.SAMPLE).first()
    assert entry is not None
    url = reverse("replace_case", args=["northshire", inspection.pk, sample.pk, entry.pk])
    page = client.post(
        url, {"reason": "case_manager_unavailable", "detail": "On leave"}, follow=True
    ).content.decode()
    entry.refresh_from_db()
    assert entry.replaced and entry.replacement is not None
    assert entry.replacement.role == SampledCase.Role.SAMPLE
    assert f"{entry.case.case_ref} was replaced by {entry.replacement.case.case_ref}" in page
    assert "Case manager unavailable: On leave" in page
    assert not inspection.audits.filter(case=entry.case).exists()
    assert inspection.audits.filter(case=entry.replacement.case).exists()
    assert inspection.audits.count() == sample.sample_size


def test_a_case_whose_audit_has_started_is_not_replaced(client_for: ClientFor) -> None:
    inspection = new_inspection()
    client = client_for("manager@northshire.example")
    draw(client, inspection)
    sample = inspection.samples.get()
    entry = sample.entries.filter(role=SampledCase.Role.SAMPLE).first()
    assert entry is not None
    CaseAudit.objects.filter(inspection=inspection, case=entry.case).update(status="draft")
    url = reverse("replace_case", args=["northshire", inspection.pk, sample.pk, entry.pk])
    page = client.post(url, {"reason": "case_transferred"}).content.decode()
    assert "has started, so the case cannot be replaced" in page
    entry.refresh_from_db()
    assert not entry.replaced
    redraw = draw(client, inspection, seed="7")
    assert "Audits have started on this sample" in redraw
    assert inspection.samples.get().seed == 42


def test_another_reason_needs_detail(client_for: ClientFor) -> None:
    inspection = new_inspection()
    client = client_for("manager@northshire.example")
    draw(client, inspection)
    sample = inspection.samples.get()
    entry = sample.entries.filter(role=SampledCase.Role.SAMPLE).first()
    assert entry is not None
    url = reverse("replace_case", args=["northshire", inspection.pk, sample.pk, entry.pk])
    assert (
        "Say why the case is being replaced."
        in client.post(url, {"reason": "other"}).content.decode()
    )


def test_redrawing_before_any_audit_starts_replaces_the_sample(client_for: ClientFor) -> None:
    inspection = new_inspection()
    client = client_for("manager@northshire.example")
    draw(client, inspection)
    draw(client, inspection, seed="43")
    sample = inspection.samples.get()
    assert sample.seed == 43
    assert inspection.audits.count() == sample.sample_size


def test_a_window_must_be_set_to_draw(client_for: ClientFor) -> None:
    inspection = new_inspection()
    page = draw(client_for("manager@northshire.example"), inspection, domain="resettlement")
    assert "Set the inspection&#x27;s window for resettlement before drawing its sample." in page
    assert not InspectionSample.objects.filter(inspection=inspection).exists()


def test_assign_auditors(client_for: ClientFor) -> None:
    inspection = new_inspection()
    client = client_for("manager@northshire.example")
    draw(client, inspection, plan_id="fixed", fixed_size="3")
    qa = User.objects.get(email="qa@northshire.example")
    audits = list(inspection.audits.all())
    assert len(audits) == 3
    data = {f"auditor-{a.pk}": str(qa.pk) for a in audits}
    client.post(reverse("assign_auditors", args=["northshire", inspection.pk]), data)
    assert set(inspection.audits.values_list("auditor", flat=True)) == {qa.pk}
