"""A 2025-framework inspection through the web app: children's and victims' audits, ratings.

The figures are worked out here from the answers given, by the framework's own bands and
its provisional area and overall rules, never copied from what the app shows.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from yjqa.core.frameworks.shipped import get_framework
from yjqa.core.rating.rules import band_for, combine_ratings
from yjqa.web.audit.trail import Actor
from yjqa.web.caseload.models import CaseRecord, VictimRecord
from yjqa.web.inspections import audit_services, services
from yjqa.web.inspections.forms import field_key
from yjqa.web.inspections.models import CaseAudit, Inspection
from yjqa.web.inspections.ratings import inspection_rating
from yjqa.web.tenancy.models import Membership

ClientFor = Callable[[str], Client]
pytestmark = pytest.mark.django_db
FRAMEWORK = get_framework("hmip-youth-2025")


def manager() -> Actor:
    return Actor.member(
        Membership.objects.get(user__email="manager@northshire.example", service__slug="northshire")
    )


def make_inspection() -> tuple[Inspection, list[CaseAudit], list[CaseAudit]]:
    """Four children's audits and three victims' audits (two victims of one child)."""
    by = manager()
    service = by.membership.service  # type: ignore[union-attr]
    inspection = services.do_create_inspection(
        by,
        service,
        title="Mock 2025",
        framework_id=FRAMEWORK.id,
        kind=Inspection.Kind.MOCK,
        inspection_type="children_and_victims",
        status=Inspection.Status.FIELDWORK,
    )
    cases = list(CaseRecord.objects.filter(service=service).order_by("case_ref")[:4])
    children = services.do_add_cases(by, inspection, cases, None).added
    victims = [
        VictimRecord.objects.create(
            service=service,
            victim_ref=f"TEST-V{n}",
            case=cases[n // 2],
            offence_category="robbery",
            offence_date=date(2025, 6, 1),
            support_given="information",
        )
        for n in range(3)
    ]
    victim_audits = [
        CaseAudit.objects.create(
            inspection=inspection, case=v.case, victim=v, domain_id="V", auditor=None
        )
        for v in victims
    ]
    return inspection, children, victim_audits


def submit(client: Client, audit: CaseAudit, answers: dict[str, str]) -> str:
    url = reverse("case_audit", args=["northshire", audit.inspection_id, audit.pk])
    data = {"version": str(audit.version), "case_manager_interviewed": "yes", "submit": "1"}
    for question, answer in answers.items():
        data[f"kq_{field_key(question)}"] = answer
        data[f"evidence_{field_key(question)}"] = "Seen in the case record."
    response = client.post(url, data, follow=True)
    assert response.status_code == 200
    return response.content.decode()


def test_children_and_victims_audited_and_rated_by_area(client_for: ClientFor) -> None:
    inspection, children, victim_audits = make_inspection()
    client = client_for("manager@northshire.example")
    children_questions = [q.id for s in FRAMEWORK.domain("2").standards for q in s.key_questions]
    assert len(children_questions) == 6
    form = client.get(
        reverse("case_audit", args=["northshire", inspection.pk, children[0].pk])
    ).content.decode()
    assert all(f"{q} " in form for q in children_questions)
    detail = client.get(reverse("inspection_detail", args=["northshire", inspection.pk]))
    text = detail.content.decode()
    assert "Victim: robbery" in text and "TEST-V2" in text
    assert "1.4" not in text  # no organisational judgements in this kind of inspection
    victim_form = client.get(
        reverse("case_audit", args=["northshire", inspection.pk, victim_audits[0].pk])
    ).content.decode()
    assert "Victim&#x27;s case TEST-V0" in victim_form or "Victim's case TEST-V0" in victim_form
    assert "Is work with victims high-quality, individualised, and responsive?" in victim_form
    assert "Robbery" in victim_form  # the victim's record, not the child's
    # Children: 3 of 4 Yes on every question (75%: Good); delivery's safety 2 of 4 (50%).
    for n, audit in enumerate(children):
        answers = {q: ("yes" if n < 3 else "no") for q in children_questions}
        answers["2.3.2"] = "yes" if n < 2 else "no"
        page = submit(client, audit, answers)
        assert f"The audit of case {audit.case.case_ref} has been submitted" in page
    # Victims: every answer Yes on all three victims' cases (100%: Outstanding).
    for audit in victim_audits:
        page = submit(client, audit, {"V1.1": "yes", "V1.2": "yes"})
        assert f"The audit of victim&#x27;s case {audit.victim.victim_ref}" in page  # type: ignore[union-attr]
    rating = inspection_rating(Inspection.objects.get(pk=inspection.pk))
    bands = FRAMEWORK.rating_rules
    assert bands is not None
    expected = {
        "2.1": band_for(75, bands).rating,
        "2.2": band_for(75, bands).rating,
        "2.3": band_for(50, bands).rating,
        "V1": band_for(100, bands).rating,
    }
    assert {sid: rating.standard(sid).rating for sid in expected} == expected
    assert rating.standard("V1").cases == 3  # two victims of one child are two cases
    children_area = FRAMEWORK.area("work_with_children")
    expected_children = combine_ratings(
        {sid: expected[sid] for sid in ("2.1", "2.2", "2.3")}, children_area.rule, bands
    )
    assert rating.areas["work_with_children"] == expected_children == "Good"
    assert rating.areas["work_with_victims"] == "Outstanding"
    assert rating.overall == "Good"  # work with children leads; victims never raise it
    page = client.get(reverse("ratings", args=["northshire", inspection.pk])).content.decode()
    assert 'id="area-work_with_children">Good<' in page
    assert 'id="area-work_with_victims">Outstanding<' in page
    assert 'id="overall">Good<' in page
    history = client.get(reverse("inspection_history", args=["northshire", inspection.pk]))
    assert "Submitted audit TEST-V1" in history.content.decode()
    behind = client.get(
        reverse("cases_behind", args=["northshire", inspection.pk, "V1.1"])
    ).content.decode()
    assert all(f"TEST-V{n}" in behind for n in range(3))


def test_a_full_inspection_rates_organisational_delivery_too(client_for: ClientFor) -> None:
    inspection, _children, _victims = make_inspection()
    services.do_update_inspection(manager(), inspection, inspection_type="full")
    page = (
        client_for("manager@northshire.example")
        .get(reverse("ratings", args=["northshire", inspection.pk]))
        .content.decode()
    )
    assert "Organisational delivery" in page
    assert "1.4" in page  # Appropriate Adult arrangements among its standards
    detail = client_for("manager@northshire.example").get(
        reverse("inspection_detail", args=["northshire", inspection.pk])
    )
    assert 'Record<span class="govuk-visually-hidden"> the judgement for 1.4' in (
        detail.content.decode()
    )


def test_a_victims_reference_equal_to_a_childs_is_still_its_own_case() -> None:
    inspection, children, _victims = make_inspection()
    child = children[0]
    same_ref = VictimRecord.objects.create(
        service=inspection.service,
        victim_ref=child.case.case_ref,  # references are only unique within their caseload
        case=child.case,
        offence_category="theft",
        offence_date=date(2025, 7, 1),
        support_given="none",
    )
    victim_audit = CaseAudit.objects.create(
        inspection=inspection, case=child.case, victim=same_ref, domain_id="V"
    )
    by = manager()
    questions = [q.id for s in FRAMEWORK.domain("2").standards for q in s.key_questions]
    for audit, answers in (
        (child, dict.fromkeys(questions, "yes")),
        (victim_audit, {"V1.1": "no", "V1.2": "no"}),
    ):
        audit_services.do_save_audit(
            by, audit, audit.version, audit_services.AuditInput(answers, {}, {}, True), submit=True
        )
    rating = inspection_rating(Inspection.objects.get(pk=inspection.pk))
    assert rating.standard("2.1").cases == 1 and rating.standard("V1").cases == 1
    assert rating.standard("2.1").rating == "Outstanding"  # the victim's No answers stay apart
    assert rating.standard("V1").rating == "Inadequate"
