"""Drawing an inspection's sample, its balance table, replacements and auditor assignment."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from yjqa.web.accounts.models import User
from yjqa.web.audit.trail import Actor
from yjqa.web.caseload.models import CaseRecord
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
    page = client.post(url, {"reason": "other"}).content.decode()
    assert "Say why the case is being replaced" in page
    assert 'id="id_detail-error"' in page  # on the field
    assert not SampledCase.objects.get(pk=entry.pk).replaced


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
    data = {f"auditor-{a.pk}": str(qa.pk) for a in audits} | {"save": "1"}
    client.post(reverse("assign_auditors", args=["northshire", inspection.pk]), data)
    assert set(inspection.audits.values_list("auditor", flat=True)) == {qa.pk}


# --- 2025: children by child, victims apart ----------------------------------------------------

YEAR = {"start": date(2025, 4, 1), "end": date(2026, 3, 31)}


def inspection_2025(**windows: date | None) -> Inspection:
    service = Service.objects.get(slug="northshire")
    qa = User.objects.get(email="qa@northshire.example")
    fields: dict[str, date | None] = {
        "children_window_start": YEAR["start"],
        "children_window_end": YEAR["end"],
        "victims_window_start": YEAR["start"],
        "victims_window_end": YEAR["end"],
        **windows,
    }
    return do_create_inspection(
        Actor.operator(),
        service,
        title="Mock inspection 2025",
        framework_id="hmip-youth-2025",
        inspection_type=Inspection.InspectionType.CHILDREN_AND_VICTIMS,
        kind=Inspection.Kind.MOCK,
        team=[qa],
        **fields,
    )


def draw_2025(client: Client, inspection: Inspection, **fields: str) -> str:
    data = {"domain": "children", "plan_id": "hmip-2025", "seed": "42", **fields}
    response = client.post(
        reverse("draw_sample", args=["northshire", inspection.pk]), data, follow=True
    )
    return response.content.decode()


def test_a_2025_inspection_offers_the_children_s_and_victims_samples(
    client_for: ClientFor,
) -> None:
    client = client_for("manager@northshire.example")
    url = reverse("draw_sample", args=["northshire", inspection_2025().pk])
    page = client.get(url).content.decode()
    assert 'value="children"' in page and 'value="victims"' in page
    assert 'value="court"' not in page and 'value="oocd"' not in page
    assert re.search(r'value="hmip-2025"[^>]*checked', page)  # the 2025 programme's plan
    assert 'value="hmip-2018"' not in page  # a plan without children's or victims' samples
    assert "drawn by child" in page
    earlier = client.get(reverse("draw_sample", args=["northshire", new_inspection().pk]))
    body = earlier.content.decode()
    assert 'value="court"' in body and 'value="resettlement"' in body
    assert 'value="children"' not in body and 'value="victims"' not in body
    assert 'value="hmip-2018"' in body and "drawn by child" not in body


def test_the_children_s_sample_takes_each_child_once_over_all_their_work(
    client_for: ClientFor,
) -> None:
    inspection = inspection_2025()
    page = draw_2025(client_for("manager@northshire.example"), inspection)
    sample = inspection.samples.get()
    assert sample.domain == "children" and 14 <= sample.sample_size <= 91
    assert (
        f"{sample.sample_size} children drawn from {sample.population} eligible children." in page
    )
    assert "Children in the sample" in page and "Eligible children" in page
    records = CaseRecord.objects.filter(
        service=inspection.service,
        outcome_date__range=(YEAR["start"], YEAR["end"]),
    ).exclude(outcome="prevention")
    children = {r.child for r in records}
    assert sample.population <= len(children) + 5  # licences from before the window add a few
    assert sample.population < records.count()  # children, fewer than their records
    entries = list(sample.entries.select_related("case"))
    drawn = [e.case.child for e in entries]
    assert len(drawn) == len(set(drawn))  # a child once, in the sample or the reserve
    assert all(e.victim_id is None for e in entries)
    audits = list(inspection.audits.select_related("case"))
    sampled = {e.case_id for e in entries if e.role == SampledCase.Role.SAMPLE}
    assert {a.case_id for a in audits} == sampled and len(audits) == sample.sample_size
    assert {a.domain_id for a in audits} == {"2"} and all(a.victim_id is None for a in audits)


def test_the_victims_sample_is_drawn_from_victims_and_audited_on_the_linked_case(
    client_for: ClientFor,
) -> None:
    inspection = inspection_2025()
    client = client_for("manager@northshire.example")
    draw_2025(client, inspection)
    page = draw_2025(client, inspection, domain="victims")
    sample = inspection.samples.get(domain="victims")
    assert 9 <= sample.sample_size <= 24
    assert f"{sample.sample_size} victims drawn from {sample.population} eligible victims." in page
    assert "Victims in the sample" in page and "Offence category" in page
    assert "Consent to contact" in page and "Child's case" in page
    entries = list(sample.entries.select_related("victim", "case"))
    assert all(e.victim is not None and e.case_id == e.victim.case_id for e in entries)
    assert len({e.victim_id for e in entries}) == len(entries)
    audits = inspection.audits.filter(victim__isnull=False)
    sampled = {e.victim_id for e in entries if e.role == SampledCase.Role.SAMPLE}
    assert set(audits.values_list("victim_id", flat=True)) == sampled
    assert {a.domain_id for a in audits} == {"V"}
    assert all(a.case_id == a.victim.case_id for a in audits.select_related("victim"))
    # The children's sample and its audits are untouched by drawing the victims' one again.
    children_audits = set(inspection.audits.filter(victim__isnull=True).values_list("pk"))
    draw_2025(client, inspection, domain="victims", seed="7")
    assert set(inspection.audits.filter(victim__isnull=True).values_list("pk")) == children_audits
    assert inspection.samples.get(domain="victims").seed == 7


def test_a_victim_is_replaced_by_the_reserve_victim_that_keeps_the_balance(
    client_for: ClientFor,
) -> None:
    inspection = inspection_2025()
    client = client_for("manager@northshire.example")
    draw_2025(client, inspection, domain="victims")
    sample = inspection.samples.get()
    entry = sample.entries.filter(role=SampledCase.Role.SAMPLE).select_related("victim").first()
    assert entry is not None and entry.victim is not None
    url = reverse("replace_case", args=["northshire", inspection.pk, sample.pk, entry.pk])
    form = client.get(url).content.decode()
    assert f"Replace victim's case {entry.victim.victim_ref}" in form
    page = client.post(url, {"reason": "records_incomplete"}, follow=True).content.decode()
    entry.refresh_from_db()
    assert entry.replaced and entry.replacement is not None
    new = entry.replacement
    assert new.victim is not None and new.role == SampledCase.Role.SAMPLE
    assert f"{entry.victim.victim_ref} was replaced by {new.victim.victim_ref}" in page
    assert not inspection.audits.filter(victim=entry.victim).exists()
    added = inspection.audits.get(victim=new.victim)
    assert added.case_id == new.victim.case_id and added.domain_id == "V"
    assert inspection.audits.count() == sample.sample_size
    assert "Replaced cases" in page and "Case records not available" in page


def test_a_child_is_replaced_by_a_reserve_child(client_for: ClientFor) -> None:
    inspection = inspection_2025()
    client = client_for("manager@northshire.example")
    draw_2025(client, inspection, plan_id="fixed", fixed_size="14")
    sample = inspection.samples.get()
    entry = sample.entries.filter(role=SampledCase.Role.SAMPLE).first()
    assert entry is not None
    url = reverse("replace_case", args=["northshire", inspection.pk, sample.pk, entry.pk])
    client.post(url, {"reason": "case_transferred"})
    entry.refresh_from_db()
    assert entry.replacement is not None
    reserve = sample.entries.filter(role=SampledCase.Role.RESERVE).values_list("case_id", flat=True)
    assert entry.replacement.case.child != entry.case.child
    assert inspection.audits.filter(case=entry.replacement.case).exists()
    assert entry.replacement.case_id not in set(reserve)  # moved from the reserve
    assert inspection.audits.count() == 14


def test_a_2025_inspection_needs_its_victims_window_and_samples_no_court_cases(
    client_for: ClientFor,
) -> None:
    inspection = inspection_2025(victims_window_start=None)
    client = client_for("manager@northshire.example")
    page = draw_2025(client, inspection, domain="victims")
    assert "Set the inspection&#x27;s window for victims&#x27; cases before drawing" in page
    page = draw_2025(client, inspection, domain="court")
    assert "Select which cases to sample from the list" in page
    assert not InspectionSample.objects.filter(inspection=inspection).exists()
