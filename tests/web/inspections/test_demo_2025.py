"""The demo's 2025 mock inspection: drawn children's and victims' samples, mostly audited."""

from __future__ import annotations

import pytest

from yjqa.web.demo import (
    DEMO_MOCK_2025_TITLE,
    DEMO_MOCK_CHILDREN,
    DEMO_MOCK_UNSUBMITTED,
    DEMO_MOCK_VICTIMS,
)
from yjqa.web.inspections.models import CaseAudit, Inspection
from yjqa.web.inspections.ratings import inspection_rating

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("slug", ["northshire", "southvale"])
def test_each_demo_service_has_a_2025_mock_inspection(slug: str) -> None:
    inspection = Inspection.objects.get(service__slug=slug, title=DEMO_MOCK_2025_TITLE)
    assert (inspection.framework_id, inspection.inspection_type) == (
        "hmip-youth-2025",
        "children_and_victims",
    )
    assert sorted(inspection.samples.values_list("domain", flat=True)) == ["children", "victims"]
    audits = inspection.audits.select_related("case", "victim")
    children = [a for a in audits if a.victim is None]
    victims = [a for a in audits if a.victim is not None]
    assert len(children) == DEMO_MOCK_CHILDREN and {a.domain_id for a in children} == {"2"}
    assert len({a.case.child for a in children}) == DEMO_MOCK_CHILDREN  # each child once
    assert len(victims) == DEMO_MOCK_VICTIMS and {a.domain_id for a in victims} == {"V"}
    assert all(a.victim.case_id == a.case_id for a in victims)  # type: ignore[union-attr]
    submitted = audits.filter(status=CaseAudit.Status.SUBMITTED).count()
    assert submitted == DEMO_MOCK_CHILDREN + DEMO_MOCK_VICTIMS - DEMO_MOCK_UNSUBMITTED
    rating = inspection_rating(inspection)
    assert set(rating.areas) == {"work_with_children", "work_with_victims"}
    assert rating.overall is not None and rating.score is None
