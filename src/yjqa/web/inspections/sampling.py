"""An inspection's case samples, read: the caseload they are drawn from and their balance.

The draw itself is the core's (yjqa.core.sampling); `sampling_services` keeps the sample
and its reserve list and puts the sampled cases into the inspection.

An inspection under a framework that judges all of a child's work together (a domain of
population `children`, as the 2025 framework has) samples children, each once (`children`),
and victims apart (`victims`, where the framework has a victims' domain); the YJB's national
standards draw one sample for each standard's children (out-of-court, at court, in the
community, in secure settings, on transition and resettlement); HMIP's earlier frameworks
sample court, out-of-court and resettlement cases. Each sample is drawn in its own window on
the inspection.

The sample decides the framework domain its cases are audited under (`sample_framework_domain`):
a case drawn in two samples (at court and in the community) is audited once in each domain,
and its audits are kept apart by domain wherever a sample reads or changes them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import fields
from datetime import date

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet

from yjqa.core.caseload.codes import outcome_group
from yjqa.core.caseload.reader import CaseloadRow
from yjqa.core.caseload.victims import VictimRow
from yjqa.core.frameworks.model import Domain as FrameworkDomain
from yjqa.core.frameworks.model import Framework
from yjqa.core.rating.rules import (
    SAMPLE_POPULATIONS,
    case_domain,
    domain_for_outcome,
    domain_for_sample,
)
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
    """The samples an inspection under `framework` draws, from its domains' populations:
    children's and victims' cases for a framework that judges a child's work together; one
    sample for each case-assessed domain (in the framework's order) for a framework with
    domains of its own in the community or in secure settings (the national standards);
    else HMIP's court, out-of-court and resettlement samples (custody and licence work is
    court work there, whatever the resettlement standard is)."""
    populations = [d.population for d in framework.domains if d.population]
    if "children" in populations:
        return (Domain.CHILDREN, Domain.VICTIMS) if "victims" in populations else (Domain.CHILDREN,)
    if not {"community", "secure"} & set(populations):
        return EARLIER_DOMAINS
    by_population = {population: sample for sample, population in SAMPLE_POPULATIONS.items()}
    return tuple(
        Domain(by_population[d.population])
        for d in framework.domains
        if d.population and case_domain(framework, d.population) is d
    )


def samples_per_standard(framework: Framework) -> bool:
    """Whether the framework draws a sample for each case-assessed domain, so that one case
    may be audited in several (the national standards)."""
    offered = sample_domains(framework)
    return offered != EARLIER_DOMAINS and Domain.CHILDREN not in offered


def sample_label(framework: Framework, sample_domain: str) -> str:
    """A sample as people read it: the kind of cases, and for a framework with a sample per
    standard (the national standards), the domain its cases are audited under."""
    label = str(Domain(sample_domain).label)
    if not samples_per_standard(framework):
        return label
    population = SAMPLE_POPULATIONS.get(sample_domain)
    domain = case_domain(framework, population) if population else None
    return f"{domain.id}: {domain.title}" if domain is not None else label


def sample_framework_domain(
    framework: Framework, sample_domain: str, outcome: str
) -> FrameworkDomain | None:
    """The framework domain a case with `outcome` drawn in `sample_domain` is audited under
    (a victims' sample: the framework's victims' domain)."""
    if sample_domain in VICTIM_DOMAINS:
        return next((d for d in framework.domains if d.population == "victims"), None)
    return domain_for_sample(framework, sample_domain, outcome_group(outcome))


def audit_domains(framework: Framework, outcome: str) -> list[FrameworkDomain]:
    """Every case-assessed domain a case with `outcome` belongs to under `framework`, for a
    case added by hand (not drawn): those of each of the framework's samples whose plan
    (the framework's own, `default_plan`) takes the outcome, in the framework's order.

    HMIP's frameworks audit a case under one domain, by its kind of outcome, as before.
    """
    group = outcome_group(outcome)
    if not samples_per_standard(framework):
        domain = domain_for_outcome(framework, group)
        return [domain] if domain is not None else []
    plan = get_plan(default_plan(framework))
    rules = {str(sample): sample_rules for sample, sample_rules in plan.eligibility.items()}
    found = {
        domain.id: domain
        for sample in sample_domains(framework)
        if any(outcome in rule.outcomes for rule in rules.get(sample, ()))
        and (domain := domain_for_sample(framework, sample, group)) is not None
    }
    return [d for d in framework.domains if d.id in found]


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


def audited_under(inspection: Inspection, cases: Iterable[CaseRecord]) -> dict[str, str]:
    """For a framework that audits a case in several domains (`samples_per_standard`), what
    adding each case by hand would audit it under (the domains it is not audited in yet), by
    case reference, e.g. "2: At court and 3: In the community"; empty for other frameworks."""
    framework = inspection.framework
    if not samples_per_standard(framework):
        return {}
    audited: dict[int, set[str]] = {}
    for case_id, domain_id in inspection.audits.filter(victim__isnull=True).values_list(
        "case_id", "domain_id"
    ):
        audited.setdefault(case_id, set()).add(domain_id)
    found = {}
    for case in cases:
        names = [
            f"{d.id}: {d.title}"
            for d in audit_domains(framework, case.outcome)
            if d.id not in audited.get(case.pk, set())
        ]
        if names:
            found[case.case_ref] = (
                names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
            )
    return found


def entry_domain_id(entry: SampledCase) -> str | None:
    """The framework domain an entry's audits are under: its sample's."""
    sample = entry.sample
    domain = sample_framework_domain(sample.inspection.framework, sample.domain, entry.case.outcome)
    return domain.id if domain is not None else None


def entry_audits(inspection: Inspection, entry: SampledCase) -> list[CaseAudit]:
    """The audits (first and second markings) of what an entry stands for, in its sample's
    domain: the same case drawn in another sample has its own audits, left alone."""
    if entry.victim_id is not None:
        return list(inspection.audits.filter(victim_id=entry.victim_id))
    return list(
        inspection.audits.filter(
            case_id=entry.case_id, victim__isnull=True, domain_id=entry_domain_id(entry)
        )
    )


def entry_ref(entry: SampledCase) -> str:
    """The reference people read for an entry: the victim's, or the case's."""
    return entry.victim.victim_ref if entry.victim_id is not None else entry.case.case_ref  # type: ignore[union-attr]


def _entries_audits(sample: InspectionSample, entries: Iterable[SampledCase]) -> Q:
    """The audits of these entries in the sample's domain, as a filter on CaseAudit."""
    if is_victims(sample):
        return Q(victim_id__in=[e.victim_id for e in entries])
    wanted = Q(pk__in=[])
    by_domain: dict[str | None, list[int]] = {}
    for entry in entries:
        entry.sample = sample
        by_domain.setdefault(entry_domain_id(entry), []).append(entry.case_id)
    for domain_id, cases in by_domain.items():
        wanted |= Q(case_id__in=cases, domain_id=domain_id)
    return wanted & Q(victim__isnull=True)


def sample_audits(sample: InspectionSample) -> dict[tuple[int, int | None], CaseAudit]:
    """The first audits of the sample's entries, in its domain, by (case, victim)."""
    entries = list(sample.entries.select_related("case"))
    audits = CaseAudit.objects.filter(
        _entries_audits(sample, entries),
        inspection=sample.inspection,
        marking=CaseAudit.Marking.FIRST,
    ).select_related("auditor")
    return {(a.case_id, a.victim_id): a for a in audits}


def sample_entry_audits(sample: InspectionSample) -> QuerySet[CaseAudit]:
    """Every audit (both markings) of the sample's entries, in its domain."""
    entries = list(sample.entries.select_related("case"))
    return CaseAudit.objects.filter(_entries_audits(sample, entries), inspection=sample.inspection)


def audits_started(sample: InspectionSample) -> bool:
    entries = list(sample.entries.filter(role=SampledCase.Role.SAMPLE).select_related("case"))
    audits = CaseAudit.objects.filter(
        _entries_audits(sample, entries), inspection=sample.inspection
    )
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
