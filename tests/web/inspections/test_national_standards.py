"""A national standards self-assessment: a sample for each standard, and a case in two samples
audited once in each standard, never dropped, replaced, redrawn, marked and counted apart."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from yjqa.core.frameworks.shipped import get_framework
from yjqa.web.accounts.models import User
from yjqa.web.audit.models import AuditEvent
from yjqa.web.audit.trail import Actor
from yjqa.web.caseload.models import CaseRecord
from yjqa.web.inspections.audit_services import AuditInput, do_save_audit
from yjqa.web.inspections.forms import InspectionForm
from yjqa.web.inspections.models import CaseAudit, Inspection, InspectionSample, SampledCase
from yjqa.web.inspections.moderation import counted_answers, hidden_markings, marked_cases
from yjqa.web.inspections.moderation_services import do_add_second_marking
from yjqa.web.inspections.queries import auditing_people, cases_to_add
from yjqa.web.inspections.ratings import inspection_rating
from yjqa.web.inspections.sampling import (
    audit_domains,
    entry_audits,
    sample_domains,
    sample_label,
    window,
)
from yjqa.web.inspections.sampling_services import do_draw_sample, do_replace_case
from yjqa.web.inspections.services import do_add_cases, do_create_inspection
from yjqa.web.tenancy.models import Membership, Service

pytestmark = pytest.mark.django_db
NS = "yjb-national-standards-2019"
PLAN = "yjb-ns-2019"
YEAR = (date(2025, 4, 1), date(2026, 3, 31))
# Each national standards sample, and the framework domain (standard) it is audited under.
STANDARD_OF = {"oocd": "1", "court": "2", "community": "3", "secure": "4", "resettlement": "5"}
MODELS = (CaseAudit, InspectionSample, SampledCase, AuditEvent)


def actor(local: str) -> Actor:
    return Actor.member(
        Membership.objects.select_related("user", "service").get(
            user__email=f"{local}@northshire.example", service__slug="northshire"
        )
    )


def person(local: str) -> User:
    return User.objects.get(email=f"{local}@northshire.example")


def self_assessment(framework_id: str = NS, **windows: date) -> Inspection:
    if not windows:
        windows = {
            f"{sample}_window_{edge}": day
            for sample in STANDARD_OF
            for edge, day in (("start", YEAR[0]), ("end", YEAR[1]))
        }
    return do_create_inspection(
        Actor.operator(),
        Service.objects.get(slug="northshire"),
        title="Self-assessment",
        framework_id=framework_id,
        kind=Inspection.Kind.NATIONAL_STANDARDS,
        team=[person("qa"), person("lead")],
        **windows,
    )


def draw_all(inspection: Inspection) -> dict[str, InspectionSample]:
    return {
        sample: do_draw_sample(actor("lead"), inspection, domain=sample, plan_id=PLAN, seed=7)
        for sample in sample_domains(inspection.framework)
    }


def in_sample(sample: InspectionSample) -> list[SampledCase]:
    return list(
        sample.entries.filter(role=SampledCase.Role.SAMPLE, replaced=False).select_related(
            "case", "sample__inspection"
        )
    )


def domains_by_case(inspection: Inspection) -> dict[int, list[str]]:
    found: dict[int, list[str]] = defaultdict(list)
    for case_id, domain_id in inspection.audits.filter(marking=CaseAudit.Marking.FIRST).values_list(
        "case_id", "domain_id"
    ):
        found[case_id].append(domain_id)
    return {case: sorted(domains) for case, domains in found.items()}


def counts() -> tuple[int, ...]:
    return tuple(model.objects.count() for model in MODELS)


def refused(write: Callable[[], Any], error: type[Exception] = PermissionDenied) -> None:
    before = counts()
    with pytest.raises(error):
        write()
    assert counts() == before


def submit(audit: CaseAudit, answer: str = "yes") -> None:
    audit.refresh_from_db()
    domain = audit.inspection.framework.domain(audit.domain_id)
    answers = {q.id: answer for s in domain.standards if s.kind == "case" for q in s.key_questions}
    assert audit.auditor is not None
    do_save_audit(
        Actor.member(Membership.objects.get(user=audit.auditor, service=audit.inspection.service)),
        audit,
        audit.version,
        AuditInput(answers, {}, {}, case_manager_interviewed=True),
        submit=True,
    )


# --- the samples a framework draws ---------------------------------------------------------


def test_the_samples_follow_the_frameworks_populations_and_hmip_keeps_its_own() -> None:
    assert sample_domains(get_framework(NS)) == tuple(STANDARD_OF)
    for framework_id in ("hmip-youth-2018", "hmip-youth-2021", "hmip-sqs-2016"):
        assert sample_domains(get_framework(framework_id)) == ("court", "oocd", "resettlement")
    assert sample_domains(get_framework("hmip-youth-2025")) == ("children", "victims")


def test_each_national_standards_sample_is_named_by_its_standard() -> None:
    framework = get_framework(NS)
    assert [sample_label(framework, s) for s in STANDARD_OF] == [
        "1: Out-of-court disposals",
        "2: At court",
        "3: In the community (court disposals)",
        "4: In secure settings",
        "5: On transition and resettlement",
    ]
    assert sample_label(get_framework("hmip-youth-2021"), "court") == "Court disposals"


def test_community_and_secure_windows_are_the_inspections_own() -> None:
    inspection = self_assessment(
        community_window_start=date(2025, 5, 1), community_window_end=date(2025, 6, 30)
    )
    assert window(inspection, "community") == (date(2025, 5, 1), date(2025, 6, 30))
    with pytest.raises(ValidationError, match="window for secure settings"):
        window(inspection, "secure")
    form = InspectionForm(
        {
            "title": "Self-assessment",
            "framework_id": NS,
            "kind": Inspection.Kind.NATIONAL_STANDARDS,
            "secure_window_start_0": "1",
            "secure_window_start_1": "6",
            "secure_window_start_2": "2025",
            "secure_window_end_0": "1",
            "secure_window_end_1": "5",
            "secure_window_end_2": "2025",
        },
        people=auditing_people(inspection.service),
    )
    assert not form.is_valid()
    assert form.errors["secure_window_end"] == [
        "The secure settings window must end on or after the day it starts"
    ]


# --- drawing: one audit per standard a case is drawn for --------------------------------------


def test_every_case_drawn_is_audited_under_its_samples_standard_and_none_is_dropped() -> None:
    inspection = self_assessment()
    samples = draw_all(inspection)
    by_case = domains_by_case(inspection)
    drawn: dict[int, list[str]] = defaultdict(list)
    for sample_domain, sample in samples.items():
        assert sample.sample_size > 0, f"the demo caseload has {sample_domain} cases"
        for entry in in_sample(sample):
            drawn[entry.case_id].append(STANDARD_OF[sample_domain])
    assert by_case == {case: sorted(domains) for case, domains in drawn.items()}
    # Cases in two or more samples are audited once in each, not once in all.
    assert any(len(domains) > 1 for domains in by_case.values())
    custody = CaseRecord.objects.filter(
        service=inspection.service,
        outcome="detention_and_training_order",
        outcome_date__range=YEAR,
    ).first()
    assert custody is not None
    # A custodial sentence in the window: at court (if drawn), in custody, on resettlement.
    assert {"4", "5"} <= set(by_case[custody.pk])


def test_the_at_court_and_community_samples_overlap_with_one_audit_each() -> None:
    inspection = self_assessment()
    samples = draw_all(inspection)
    court = {e.case_id for e in in_sample(samples["court"])}
    community = {e.case_id for e in in_sample(samples["community"])}
    both = court & community
    assert both, "the seeded draws share some community sentences"
    for case_id in both:
        audits = inspection.audits.filter(case_id=case_id, domain_id__in=["2", "3"])
        assert sorted(audits.values_list("domain_id", flat=True)) == ["2", "3"]


def test_drawing_records_each_case_with_its_standard() -> None:
    inspection = self_assessment()
    sample = do_draw_sample(actor("lead"), inspection, domain="secure", plan_id=PLAN, seed=7)
    event = AuditEvent.objects.filter(action="add_cases").order_by("-id")[0]
    assert event.changes["cases"]["after"] == [f"{e.case.case_ref} (4)" for e in in_sample(sample)]


def test_drawing_a_national_standards_sample_is_refused_to_an_auditor() -> None:
    inspection = self_assessment()
    refused(lambda: do_draw_sample(actor("qa"), inspection, domain="secure", plan_id=PLAN, seed=7))


# --- replacing and redrawing touch only their own standard ------------------------------------


def test_replacing_a_case_in_one_sample_leaves_its_audit_in_another() -> None:
    inspection = self_assessment()
    samples = draw_all(inspection)
    community = {e.case_id for e in in_sample(samples["community"])}
    entry = next(e for e in in_sample(samples["court"]) if e.case_id in community)
    kept = inspection.audits.get(case_id=entry.case_id, domain_id="3")
    assert [a.domain_id for a in entry_audits(inspection, entry)] == ["2"]
    replacement = do_replace_case(actor("lead"), entry, reason="other", detail="Moved away")
    assert not inspection.audits.filter(case_id=entry.case_id, domain_id="2").exists()
    assert inspection.audits.get(case_id=entry.case_id, domain_id="3") == kept
    assert replacement is not None
    assert inspection.audits.filter(case_id=replacement.case_id, domain_id="2").exists()


def test_a_case_whose_audit_started_in_another_standard_can_still_be_replaced_here() -> None:
    inspection = self_assessment()
    samples = draw_all(inspection)
    community = {e.case_id for e in in_sample(samples["community"])}
    entry = next(e for e in in_sample(samples["court"]) if e.case_id in community)
    elsewhere = inspection.audits.get(case_id=entry.case_id, domain_id="3")
    CaseAudit.objects.filter(pk=elsewhere.pk).update(
        auditor=person("qa"), status=CaseAudit.Status.DRAFT
    )
    do_replace_case(actor("lead"), entry, reason="other", detail="Moved away")
    assert CaseAudit.objects.get(pk=elsewhere.pk).status == CaseAudit.Status.DRAFT


def test_redrawing_one_sample_leaves_the_other_standards_audits_of_its_cases() -> None:
    inspection = self_assessment()
    samples = draw_all(inspection)
    others = {a.pk: (a.case_id, a.domain_id) for a in inspection.audits.exclude(domain_id="2")}
    redrawn = do_draw_sample(actor("lead"), inspection, domain="court", plan_id=PLAN, seed=8)
    assert {
        a.pk: (a.case_id, a.domain_id) for a in inspection.audits.exclude(domain_id="2")
    } == others
    assert sorted(
        inspection.audits.filter(domain_id="2").values_list("case_id", flat=True)
    ) == sorted(e.case_id for e in in_sample(redrawn))
    assert samples["court"].pk != redrawn.pk


def test_a_sample_whose_audits_started_cannot_be_redrawn_but_another_standards_can() -> None:
    inspection = self_assessment()
    samples = draw_all(inspection)
    community = {e.case_id for e in in_sample(samples["community"])}
    shared = next(e.case_id for e in in_sample(samples["court"]) if e.case_id in community)
    CaseAudit.objects.filter(case_id=shared, domain_id="3").update(status=CaseAudit.Status.DRAFT)
    with pytest.raises(ValidationError, match="Audits have started"):
        do_draw_sample(actor("lead"), inspection, domain="community", plan_id=PLAN, seed=8)
    # The same case's audit started in the community, not at court: court may be redrawn.
    do_draw_sample(actor("lead"), inspection, domain="court", plan_id=PLAN, seed=8)
    assert inspection.audits.get(case_id=shared, domain_id="3").status == CaseAudit.Status.DRAFT


# --- adding by hand ----------------------------------------------------------------------------


def case_with(outcome: str) -> CaseRecord:
    found = CaseRecord.objects.filter(service__slug="northshire", outcome=outcome).first()
    assert found is not None, f"the demo caseload has a {outcome}"
    return found


def test_a_case_added_by_hand_is_audited_under_every_standard_its_outcome_belongs_to() -> None:
    framework = get_framework(NS)
    assert [d.id for d in audit_domains(framework, "referral_order")] == ["2", "3"]
    assert [d.id for d in audit_domains(framework, "detention_and_training_order")] == [
        "2",
        "3",
        "4",
        "5",
    ]
    assert [d.id for d in audit_domains(framework, "remand_youth_detention")] == ["2", "4"]
    assert [d.id for d in audit_domains(framework, "bail_supervision")] == ["2"]
    assert [d.id for d in audit_domains(framework, "youth_caution")] == ["1"]
    assert audit_domains(framework, "prevention") == []
    inspection = self_assessment()
    order = case_with("referral_order")
    result = do_add_cases(actor("lead"), inspection, [order], person("qa"))
    assert sorted(a.domain_id for a in result.added) == ["2", "3"]
    event = AuditEvent.objects.filter(action="add_cases").order_by("-id")[0]
    assert event.changes["cases"]["after"] == [f"{order.case_ref} (2)", f"{order.case_ref} (3)"]
    again = do_add_cases(actor("lead"), inspection, [order], person("qa"))
    assert again.added == [] and again.already == [order.case_ref]


def test_a_case_drawn_in_one_standard_is_added_by_hand_to_the_others_only() -> None:
    inspection = self_assessment()
    sample = do_draw_sample(actor("lead"), inspection, domain="community", plan_id=PLAN, seed=7)
    entry = in_sample(sample)[0]
    assert entry.case_id in {c.pk for c in cases_to_add(inspection)}  # still due at court
    result = do_add_cases(actor("lead"), inspection, [entry.case], None)
    assert "3" not in [a.domain_id for a in result.added] and "2" in [
        a.domain_id for a in result.added
    ]
    assert inspection.audits.filter(case_id=entry.case_id, domain_id="3").count() == 1
    assert entry.case_id not in {c.pk for c in cases_to_add(inspection)}


def test_hmip_audits_a_case_added_by_hand_once_as_before() -> None:
    inspection = self_assessment(
        "hmip-youth-2021", court_window_start=YEAR[0], court_window_end=YEAR[1]
    )
    dto = case_with("detention_and_training_order")
    result = do_add_cases(actor("lead"), inspection, [dto, case_with("bail_supervision")], None)
    assert [a.domain_id for a in result.added] == ["2"]
    assert result.not_in_framework == [case_with("bail_supervision").case_ref]
    event = AuditEvent.objects.filter(action="add_cases").order_by("-id")[0]
    assert event.changes["cases"]["after"] == [dto.case_ref]  # no domain said: one per case


def test_adding_cases_by_hand_is_refused_to_an_auditor() -> None:
    inspection = self_assessment()
    refused(lambda: do_add_cases(actor("qa"), inspection, [case_with("referral_order")], None))


# --- counting, double marking and moderation per standard -------------------------------------


def two_standards(inspection: Inspection) -> tuple[CaseAudit, CaseAudit]:
    order = case_with("referral_order")
    do_add_cases(actor("lead"), inspection, [order], person("qa"))
    court = inspection.audits.get(case=order, domain_id="2")
    community = inspection.audits.get(case=order, domain_id="3")
    return court, community


def test_a_case_in_two_standards_counts_in_both() -> None:
    inspection = self_assessment()
    court, community = two_standards(inspection)
    submit(court, "yes")
    submit(community, "no")
    answers = counted_answers(inspection).by_case[court.case.case_ref]
    assert {q: a for q, a in answers.items() if q.startswith("2.2.")} == dict.fromkeys(
        ["2.2.1", "2.2.2", "2.2.3", "2.2.4"], "yes"
    )
    assert {q: a for q, a in answers.items() if q.startswith("3.2.")} == dict.fromkeys(
        ["3.2.1", "3.2.2", "3.2.3", "3.2.4", "3.2.5"], "no"
    )
    rating = inspection_rating(inspection)
    assert rating.standard("2.2").cases == 1 and rating.standard("3.2").cases == 1
    assert rating.standard("2.2").lowest == 100 and rating.standard("3.2").lowest == 0


def test_each_standards_audit_of_a_case_is_double_marked_and_moderated_apart() -> None:
    inspection = self_assessment()
    court, community = two_standards(inspection)
    second_court = do_add_second_marking(actor("lead"), inspection, court, person("lead"))
    second_community = do_add_second_marking(actor("lead"), inspection, community, person("lead"))
    assert (second_court.domain_id, second_community.domain_id) == ("2", "3")
    with pytest.raises(ValidationError, match="already double marked"):
        do_add_second_marking(actor("lead"), inspection, court, person("lead"))
    pairs = {
        (m.first.domain_id, m.second.pk if m.second else None) for m in marked_cases(inspection)
    }
    assert pairs == {("2", second_court.pk), ("3", second_community.pk)}
    # While the first auditor marks the court audit, only its own second marking is hidden.
    submit(community)
    hidden = hidden_markings(inspection, person("qa"))
    assert hidden == {second_court.pk}


# --- the pages -----------------------------------------------------------------------------


def test_the_draw_page_offers_each_standards_sample(client_for: Callable[[str], Client]) -> None:
    inspection = self_assessment()
    page = client_for("lead@northshire.example").get(
        reverse("draw_sample", args=["northshire", inspection.pk])
    )
    text = page.content.decode()
    for label in ("2: At court", "4: In secure settings", "5: On transition and resettlement"):
        assert label in text
    assert "audited once under each standard it is drawn for" in text


def test_a_sample_page_says_which_standard_its_cases_are_audited_under(
    client_for: Callable[[str], Client],
) -> None:
    inspection = self_assessment()
    sample = do_draw_sample(actor("lead"), inspection, domain="secure", plan_id=PLAN, seed=7)
    page = client_for("lead@northshire.example").get(
        reverse("sample_detail", args=["northshire", inspection.pk, sample.pk])
    )
    text = page.content.decode()
    assert '<h1 class="govuk-heading-l">4: In secure settings: sample of' in text
    assert "Audited under" in text
    # Each entry links to its audit in this standard.
    for entry in in_sample(sample):
        audit = inspection.audits.get(case=entry.case, domain_id="4")
        assert reverse("case_audit", args=["northshire", inspection.pk, audit.pk]) in text


def test_the_add_cases_page_says_what_each_case_is_audited_under(
    client_for: Callable[[str], Client],
) -> None:
    inspection = self_assessment()
    order = CaseRecord.objects.filter(
        service__slug="northshire", outcome="referral_order", outcome_date__range=YEAR
    ).first()
    assert order is not None
    page = client_for("lead@northshire.example").get(
        reverse("add_cases", args=["northshire", inspection.pk])
    )
    assert (
        f"{order.case_ref}: Referral order" in page.content.decode()
        and "audited under 2: At court and 3: In the community (court disposals)"
        in page.content.decode()
    )


def test_each_audit_page_of_a_case_says_its_standard(client_for: Callable[[str], Client]) -> None:
    inspection = self_assessment()
    court, community = two_standards(inspection)
    client = client_for("lead@northshire.example")
    for audit, said in ((court, "2: At court"), (community, "3: In the community")):
        page = client.get(reverse("case_audit", args=["northshire", inspection.pk, audit.pk]))
        assert f"Audited under {said}" in page.content.decode()
