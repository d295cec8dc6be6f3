"""The 2025 samples' writes: victims into an inspection, a child once, draws and replacements.

Each refuses a person without the permission (writing nothing, not even an audit-trail row)
and records who changed what.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from yjqa.web.accounts.models import User
from yjqa.web.audit.models import AuditEvent
from yjqa.web.audit.trail import Actor
from yjqa.web.caseload.models import CaseRecord, VictimRecord
from yjqa.web.inspections.models import CaseAudit, Inspection, InspectionSample, SampledCase
from yjqa.web.inspections.sampling_services import do_draw_sample, do_replace_case
from yjqa.web.inspections.services import do_add_cases, do_add_victims, do_create_inspection
from yjqa.web.tenancy.models import Membership, Service

pytestmark = pytest.mark.django_db
MODELS = (CaseAudit, InspectionSample, SampledCase, AuditEvent)


def actor(local: str, slug: str = "northshire") -> Actor:
    return Actor.member(
        Membership.objects.select_related("user", "service").get(
            user__email=f"{local}@{slug}.example", service__slug=slug
        )
    )


def person(local: str) -> User:
    return User.objects.get(email=f"{local}@northshire.example")


def counts() -> tuple[int, ...]:
    return tuple(model.objects.count() for model in MODELS)


def refused(write: Callable[[], Any], error: type[Exception] = PermissionDenied) -> None:
    """The write raises `error` and changes nothing at all, not even the audit trail."""
    before = counts()
    with pytest.raises(error):
        write()
    assert counts() == before


def latest(action: str) -> AuditEvent:
    return AuditEvent.objects.filter(action=action).order_by("-id")[0]


def inspection_on(framework_id: str) -> Inspection:
    year = (date(2025, 4, 1), date(2026, 3, 31))
    return do_create_inspection(
        Actor.operator(),
        Service.objects.get(slug="northshire"),
        title="Mock inspection",
        framework_id=framework_id,
        inspection_type=(
            Inspection.InspectionType.CHILDREN_AND_VICTIMS if framework_id.endswith("2025") else ""
        ),
        kind=Inspection.Kind.MOCK,
        children_window_start=year[0],
        children_window_end=year[1],
        victims_window_start=year[0],
        victims_window_end=year[1],
        court_window_start=year[0],
        court_window_end=year[1],
        team=[person("qa")],
    )


def victims(count: int = 3) -> list[VictimRecord]:
    found = list(
        VictimRecord.objects.filter(service__slug="northshire")
        .select_related("case")
        .order_by("victim_ref")[:count]
    )
    assert len(found) == count, "the demo service has victims"
    return found


# --- do_add_victims ----------------------------------------------------------------------------


def test_adding_victims_is_refused_to_an_auditor() -> None:
    inspection = inspection_on("hmip-youth-2025")
    refused(lambda: do_add_victims(actor("qa"), inspection, victims(), None))


def test_adding_victims_is_refused_where_the_framework_has_no_work_with_victims() -> None:
    inspection = inspection_on("hmip-youth-2021")
    refused(lambda: do_add_victims(actor("manager"), inspection, victims(), None), ValidationError)


def test_another_service_s_victim_is_refused_and_nothing_is_written() -> None:
    inspection = inspection_on("hmip-youth-2025")
    theirs = VictimRecord.objects.exclude(service__slug="northshire").first()
    assert theirs is not None, "the demo's other services have victims too"
    refused(
        lambda: do_add_victims(actor("manager"), inspection, [*victims(2), theirs], None),
        ValidationError,
    )


def test_adding_victims_audits_each_on_the_linked_case_and_records_which() -> None:
    inspection = inspection_on("hmip-youth-2025")
    chosen = victims()
    by = actor("manager")
    result = do_add_victims(by, inspection, chosen, person("qa"))
    assert [a.victim_id for a in result.added] == [v.pk for v in chosen]
    for audit, victim in zip(result.added, chosen, strict=True):
        assert audit.case_id == victim.case_id and audit.domain_id == "V"
        assert audit.marking == CaseAudit.Marking.FIRST and audit.auditor == person("qa")
    event = latest("add_victims")
    assert event.actor == by.user and event.inspection_id == inspection.pk
    assert event.service_id == inspection.service_id
    refs = [v.victim_ref for v in chosen]
    assert event.changes["victims"] == {"before": None, "after": refs}
    assert event.changes["auditor"] == {"before": None, "after": "Quinn Auditor"}
    # Again: nothing new, no new row.
    before = counts()
    assert do_add_victims(by, inspection, chosen, None).added == []
    assert counts() == before


def test_a_victim_s_audit_and_the_child_s_audit_of_the_same_case_are_apart() -> None:
    inspection = inspection_on("hmip-youth-2025")
    [victim] = victims(1)
    do_add_victims(actor("manager"), inspection, [victim], None)
    result = do_add_cases(actor("manager"), inspection, [victim.case], None)
    assert len(result.added) == 1 and result.added[0].victim_id is None
    assert result.added[0].domain_id == "2"
    assert inspection.audits.filter(case=victim.case).count() == 2


# --- do_add_cases under 2025: a child once -----------------------------------------------------


def test_a_child_is_audited_once_under_the_2025_framework() -> None:
    linked = (
        CaseRecord.objects.filter(service__slug="northshire")
        .exclude(child_ref="")
        .exclude(outcome="prevention")
        .order_by("child_ref", "outcome_date")
    )
    child = linked.first()
    assert child is not None, "the demo caseload links some children's records"
    records = list(linked.filter(child_ref=child.child_ref))
    assert len(records) > 1
    inspection = inspection_on("hmip-youth-2025")
    result = do_add_cases(actor("manager"), inspection, records, None)
    assert [a.case for a in result.added] == records[:1]
    assert result.same_child == [r.case_ref for r in records[1:]]
    event = latest("add_cases")
    assert event.changes["cases"] == {"before": None, "after": [records[0].case_ref]}
    # Earlier frameworks audit each case as before.
    earlier = inspection_on("hmip-youth-2021")
    court = [r for r in records if r.outcome_group in ("court", "out_of_court", "custody")]
    assert len(do_add_cases(actor("manager"), earlier, court, None).added) == len(court)


# --- drawing and replacing victims -------------------------------------------------------------


def test_drawing_a_victims_sample_is_refused_to_an_auditor() -> None:
    inspection = inspection_on("hmip-youth-2025")
    refused(
        lambda: do_draw_sample(
            actor("qa"), inspection, domain="victims", plan_id="hmip-2025", seed=1
        )
    )


def test_a_2025_inspection_refuses_an_earlier_kind_of_sample_and_a_plan_without_it() -> None:
    inspection = inspection_on("hmip-youth-2025")
    by = actor("manager")
    refused(
        lambda: do_draw_sample(by, inspection, domain="court", plan_id="hmip-2025", seed=1),
        ValidationError,
    )
    refused(
        lambda: do_draw_sample(by, inspection, domain="children", plan_id="hmip-2018", seed=1),
        ValidationError,
    )
    earlier = inspection_on("hmip-youth-2021")
    refused(
        lambda: do_draw_sample(by, earlier, domain="victims", plan_id="hmip-2025", seed=1),
        ValidationError,
    )


def test_drawing_a_victims_sample_records_the_victims_drawn() -> None:
    inspection = inspection_on("hmip-youth-2025")
    by = actor("manager")
    sample = do_draw_sample(by, inspection, domain="victims", plan_id="hmip-2025", seed=5)
    event = latest("draw_sample")
    assert event.actor == by.user and event.inspection_id == inspection.pk
    drawn = list(
        sample.entries.filter(role=SampledCase.Role.SAMPLE)
        .order_by("position")
        .values_list("victim__victim_ref", flat=True)
    )
    assert event.changes["cases"] == {"before": None, "after": drawn}
    assert event.changes["plan_id"]["after"] == "hmip-2025"
    assert latest("add_victims").changes["victims"]["after"] == drawn


def test_replacing_a_victim_is_refused_to_an_auditor_and_recorded_for_a_manager() -> None:
    inspection = inspection_on("hmip-youth-2025")
    do_draw_sample(
        Actor.operator(), inspection, domain="victims", plan_id="fixed", seed=3, fixed_size=9
    )
    entry = (
        SampledCase.objects.filter(sample__inspection=inspection, role=SampledCase.Role.SAMPLE)
        .select_related("victim", "case", "sample__inspection__service")
        .first()
    )
    assert entry is not None and entry.victim is not None
    refused(lambda: do_replace_case(actor("qa"), entry, reason="other", detail="Moved away"))
    by = actor("manager")
    new = do_replace_case(by, entry, reason="other", detail="Moved away")
    assert new is not None and new.victim is not None
    event = latest("replace_case")
    assert event.object_label == entry.victim.victim_ref
    assert event.changes["case"] == {
        "before": entry.victim.victim_ref,
        "after": new.victim.victim_ref,
    }
    assert event.changes["reason_detail"] == {"before": None, "after": "Moved away"}
