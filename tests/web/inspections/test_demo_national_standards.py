"""The demo's national standards self-assessment: cases in all five standards, all submitted."""

from __future__ import annotations

from collections import Counter

import pytest

from yjqa.web.demo import (
    DEMO_NATIONAL_STANDARDS_EVIDENCE,
    DEMO_NATIONAL_STANDARDS_TITLE,
)
from yjqa.web.inspections.models import CaseAudit, Inspection, SampledCase
from yjqa.web.inspections.moderation import counted_answers
from yjqa.web.inspections.ratings import inspection_rating

pytestmark = pytest.mark.django_db
STANDARD_OF = {"oocd": "1", "court": "2", "community": "3", "secure": "4", "resettlement": "5"}


@pytest.mark.parametrize("slug", ["northshire", "southvale"])
def test_each_demo_service_has_a_completed_national_standards_self_assessment(slug: str) -> None:
    inspection = Inspection.objects.get(service__slug=slug, title=DEMO_NATIONAL_STANDARDS_TITLE)
    assert inspection.kind == Inspection.Kind.NATIONAL_STANDARDS
    assert inspection.framework_id == "yjb-national-standards-2019"
    assert inspection.status in (Inspection.Status.MODERATION, Inspection.Status.PUBLISHED)
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
