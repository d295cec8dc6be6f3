"""An inspection's case samples, read: the caseload they are drawn from and their balance.

The draw itself is the core's (yjqa.core.sampling); `sampling_services` keeps the sample
and its reserve list and puts the sampled cases into the inspection.
"""

from __future__ import annotations

from dataclasses import fields
from datetime import date

from django.core.exceptions import ValidationError

from yjqa.core.caseload.reader import CaseloadRow
from yjqa.core.sampling.draw import CategoryBalance, balance_of, units_by_ref
from yjqa.core.sampling.sampling_plans import eligible_cases, get_plan
from yjqa.web.caseload.models import CaseRecord
from yjqa.web.inspections.models import CaseAudit, Inspection, InspectionSample, SampledCase

_ROW_FIELDS = [f.name for f in fields(CaseloadRow)]


def caseload_rows(inspection: Inspection) -> list[CaseloadRow]:
    records = CaseRecord.objects.filter(service=inspection.service).values(*_ROW_FIELDS)
    return [CaseloadRow(**record) for record in records]


def window(inspection: Inspection, domain: str) -> tuple[date, date]:
    prefix = {"court": "court", "oocd": "oocd", "resettlement": "resettlement"}[domain]
    start = getattr(inspection, f"{prefix}_window_start")
    end = getattr(inspection, f"{prefix}_window_end")
    if start is None or end is None:
        raise ValidationError(
            f"Set the inspection's window for {InspectionSample.Domain(domain).label.lower()} "
            "before drawing its sample."
        )
    return start, end


def audits_started(sample: InspectionSample) -> bool:
    cases = sample.entries.filter(role=SampledCase.Role.SAMPLE).values("case_id")
    audits = CaseAudit.objects.filter(inspection=sample.inspection, case_id__in=cases)
    return audits.exclude(status=CaseAudit.Status.NOT_STARTED).exists()


def eligible_units(sample: InspectionSample) -> dict[str, tuple[str, ...]]:
    """The sample's eligible population, as the core's units (categories by case)."""
    plan = get_plan(sample.plan_id)
    eligible = eligible_cases(
        caseload_rows(sample.inspection),
        plan,
        sample.domain,
        sample.window_start,
        sample.window_end,
    )
    return units_by_ref(eligible, plan)


def current_balance(sample: InspectionSample) -> dict[str, dict[str, CategoryBalance]]:
    """The balance of the sample as it stands now, replacements included."""
    chosen = list(
        sample.entries.filter(role=SampledCase.Role.SAMPLE, replaced=False).values_list(
            "case__case_ref", flat=True
        )
    )
    return balance_of(eligible_units(sample), chosen, len(chosen))
