"""An inspection's case samples, read: the caseload they are drawn from and their balance.

The draw itself is the core's (yjqa.core.sampling); `sampling_services` keeps the sample
and its reserve list and puts the sampled cases into the inspection.

An inspection under a framework that judges all of a child's work together (a domain of
population `children`, as the 2025 framework has) samples children, each once (`children`),
and victims apart (`victims`, where the framework has a victims' domain); earlier frameworks
sample court, out-of-court and resettlement cases. Each sample is drawn in its own window on
the inspection.
"""

from __future__ import annotations

from dataclasses import fields
from datetime import date

from django.core.exceptions import ValidationError

from yjqa.core.caseload.reader import CaseloadRow
from yjqa.core.caseload.victims import VictimRow
from yjqa.core.frameworks.model import Framework
from yjqa.core.sampling.draw import (
    CategoryBalance,
    Population,
    balance_of,
    case_population,
    victim_population,
)
from yjqa.core.sampling.sampling_plans import (
    VICTIM_DOMAINS,
    default_plan_id,
    get_plan,
    shipped_plans,
)
from yjqa.web.caseload.models import CaseRecord, VictimRecord
from yjqa.web.inspections.models import CaseAudit, Inspection, InspectionSample, SampledCase

_ROW_FIELDS = [f.name for f in fields(CaseloadRow)]
_VICTIM_FIELDS = [f.name for f in fields(VictimRow) if f.name not in ("case_ref", "row")]

Domain = InspectionSample.Domain
EARLIER_DOMAINS = (Domain.COURT, Domain.OOCD, Domain.RESETTLEMENT)


def sample_domains(framework: Framework) -> tuple[InspectionSample.Domain, ...]:
    """The samples an inspection under `framework` draws: children's and victims' cases for a
    framework that judges a child's work together, else court, out-of-court, resettlement."""
    populations = {d.population for d in framework.domains}
    if "children" not in populations:
        return EARLIER_DOMAINS
    return (Domain.CHILDREN, Domain.VICTIMS) if "victims" in populations else (Domain.CHILDREN,)


def default_plan(framework: Framework) -> str:
    """The sampling plan offered first: the one that fits the framework (2025: the 2025 plan)."""
    return default_plan_id(
        framework.id, samples_children=Domain.CHILDREN in sample_domains(framework)
    )


def plan_title(plan_id: str) -> str:
    """A sampling plan as people name it: its title, or its id if it is not shipped."""
    plan = shipped_plans().get(plan_id)
    return f"{plan.title} ({plan_id})" if plan else plan_id


def caseload_rows(inspection: Inspection) -> list[CaseloadRow]:
    records = CaseRecord.objects.filter(service=inspection.service).values(*_ROW_FIELDS)
    return [CaseloadRow(**record) for record in records]


def victim_rows(inspection: Inspection) -> list[VictimRow]:
    records = VictimRecord.objects.filter(service=inspection.service).values(
        *_VICTIM_FIELDS, "case__case_ref"
    )
    return [VictimRow(case_ref=record.pop("case__case_ref"), **record) for record in records]


def window(inspection: Inspection, domain: str) -> tuple[date, date]:
    start = getattr(inspection, f"{domain}_window_start")
    end = getattr(inspection, f"{domain}_window_end")
    if start is None or end is None:
        raise ValidationError(
            f"Set the inspection's window for {Domain(domain).label.lower()} "
            "before drawing its sample."
        )
    return start, end


def is_victims(sample: InspectionSample) -> bool:
    return sample.domain in VICTIM_DOMAINS


def unit_of(sample: InspectionSample, entry: SampledCase) -> str:
    """What an entry stands for in the sample's population: its victim, its child (a sample
    by child) or its case."""
    if entry.victim_id is not None:
        return entry.victim.victim_ref  # type: ignore[union-attr]
    if get_plan(sample.plan_id).for_domain(sample.domain).unit == "child":
        return entry.case.child
    return entry.case.case_ref


def entry_audits(inspection: Inspection, entry: SampledCase) -> list[CaseAudit]:
    """The audits (first and second markings) of what an entry stands for."""
    if entry.victim_id is not None:
        return list(inspection.audits.filter(victim_id=entry.victim_id))
    return list(inspection.audits.filter(case_id=entry.case_id, victim__isnull=True))


def entry_ref(entry: SampledCase) -> str:
    """The reference people read for an entry: the victim's, or the case's."""
    return entry.victim.victim_ref if entry.victim_id is not None else entry.case.case_ref  # type: ignore[union-attr]


def sample_audits(sample: InspectionSample) -> dict[tuple[int, int | None], CaseAudit]:
    """The first audits of the sample's entries, by (case, victim)."""
    audits = CaseAudit.objects.filter(
        inspection=sample.inspection, marking=CaseAudit.Marking.FIRST
    ).select_related("auditor")
    if is_victims(sample):
        audits = audits.filter(victim__isnull=False)
    else:
        audits = audits.filter(victim__isnull=True)
    return {(a.case_id, a.victim_id): a for a in audits}


def audits_started(sample: InspectionSample) -> bool:
    entries = sample.entries.filter(role=SampledCase.Role.SAMPLE)
    audits = CaseAudit.objects.filter(inspection=sample.inspection)
    if is_victims(sample):
        audits = audits.filter(victim_id__in=entries.values("victim_id"))
    else:
        audits = audits.filter(case_id__in=entries.values("case_id"), victim__isnull=True)
    return audits.exclude(status=CaseAudit.Status.NOT_STARTED).exists()


def population(sample: InspectionSample) -> Population:
    """The sample's eligible population as it stands now, as the core's units."""
    plan = get_plan(sample.plan_id)
    inspection = sample.inspection
    start, end = sample.window_start, sample.window_end
    if is_victims(sample):
        return victim_population(victim_rows(inspection), plan, sample.domain, start, end)
    return case_population(caseload_rows(inspection), plan, sample.domain, start, end)


def eligible_units(sample: InspectionSample) -> dict[str, tuple[str, ...]]:
    """The sample's eligible population, as the core's units (categories by case, child or
    victim)."""
    return population(sample).units


def current_balance(sample: InspectionSample) -> dict[str, dict[str, CategoryBalance]]:
    """The balance of the sample as it stands now, replacements included."""
    units = eligible_units(sample)
    entries = sample.entries.filter(role=SampledCase.Role.SAMPLE, replaced=False).select_related(
        "case", "victim"
    )
    chosen = [unit for unit in (unit_of(sample, e) for e in entries) if unit in units]
    return balance_of(units, chosen, len(chosen))
