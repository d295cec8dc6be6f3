"""The demo's national standards self-assessment: cases in all five standards, all submitted,
published."""

from __future__ import annotations

from collections import Counter

import pytest

from yjqa.web.audit.models import AuditEvent
from yjqa.web.demo import (
    DEMO_NATIONAL_STANDARDS_EVIDENCE,
    DEMO_NATIONAL_STANDARDS_TITLE,
)
from yjqa.web.inspections.models import CaseAudit, Inspection, ReportSnapshot, SampledCase
from yjqa.web.inspections.moderation import counted_answers
from yjqa.web.inspections.ratings import inspection_rating
from yjqa.web.yjplan.models import YouthJusticePlan
from yjqa.web.yjplan.sources import standards_for_children

pytestmark = pytest.mark.django_db
STANDARD_OF = {"oocd": "1", "court": "2", "community": "3", "secure": "4", "resettlement": "5"}


@pytest.mark.parametrize("slug", ["northshire", "southvale"])
def test_each_demo_service_has_a_published_national_standards_self_assessment(slug: str) -> None:
    inspection = Inspection.objects.get(service__slug=slug, title=DEMO_NATIONAL_STANDARDS_TITLE)
    assert inspection.kind == Inspection.Kind.NATIONAL_STANDARDS
    assert inspection.framework_id == "yjb-national-standards-2019"
    # Published through the service function, which froze its report.
    assert inspection.status == Inspection.Status.PUBLISHED
    assert ReportSnapshot.objects.filter(inspection=inspection).exists()
    assert AuditEvent.objects.filter(
        action="change_status", object_id=str(inspection.pk), changes__status__after="published"
    ).exists()
    samples = {s.domain: s for s in inspection.samples.all()}
    assert set(samples) == set(STANDARD_OF)
    audits = list(inspection.audits.select_related("case"))
    # Submitted audits in every one of the five case standards, and nothing else waiting.
    assert {a.domain_id for a in audits} == set(STANDARD_OF.values())
    assert all(a.status == CaseAudit.Status.SUBMITTED for a in audits)
    for domain, sample in samples.items():
        assert sample.plan_id == "yjb-ns-2019" and sample.sample_size > 0
        entries = sample.entries.filter(role=SampledCase.Role.SAMPLE, replaced=False)
        audited = {a.case_id for a in audits if a.domain_id == STANDARD_OF[domain]}
        assert {e.case_id for e in entries} == audited  # each drawn case, in its standard
    # Some cases are in two samples, and are audited once in each.
    per_case = Counter(a.case_id for a in audits)
    assert max(per_case.values()) > 1
    assert len(audits) == sum(s.sample_size for s in samples.values())
    # The strategic standards' judgements are recorded, with their evidence.
    judgements = dict(inspection.judgements.values_list("standard_id", "evidence"))
    assert judgements == DEMO_NATIONAL_STANDARDS_EVIDENCE
    # Every operational standard counts its own cases.
    rating = inspection_rating(inspection)
    for domain, sample in samples.items():
        assert rating.standard(f"{STANDARD_OF[domain]}.2").cases == sample.sample_size
    assert not counted_answers(inspection).awaiting


def test_the_at_court_question_on_remand_applies_only_to_bailed_or_remanded_children() -> None:
    inspection = Inspection.objects.get(
        service__slug="northshire", title=DEMO_NATIONAL_STANDARDS_TITLE
    )
    answers = {
        audit.case.outcome: audit.answers.get(key_question_id="2.2.4").answer
        for audit in inspection.audits.filter(domain_id="2").select_related("case")
    }
    assert answers["referral_order"] == "n/a"
    assert {a for o, a in answers.items() if o.startswith(("bail", "remand"))} <= {"yes", "no"}


def test_the_youth_justice_plan_reads_the_published_self_assessment() -> None:
    """The plan's standards for children give the published self-assessment's cases as
    final (no "the figures may change"), key question by key question."""
    inspection = Inspection.objects.get(
        service__slug="northshire", title=DEMO_NATIONAL_STANDARDS_TITLE
    )
    plan = YouthJusticePlan.objects.filter(service=inspection.service).first()
    assert plan is not None
    source, standards = standards_for_children(plan)
    assert source.startswith(f"From the national standards self-assessment '{inspection.title}'")
    assert "(published" in source and "may change" not in source
    tallies = inspection_rating(inspection)
    answered = {
        kq.key_question_id: (kq.tally.yes, kq.tally.yes + kq.tally.no)
        for result in tallies.standards
        for kq in result.key_questions
        if kq.tally is not None
    }
    read = {c.key_question.split(" ", 1)[0]: (c.yes, c.of) for s in standards for c in s.cases}
    assert read and read == {q: answered[q] for q in read}
