"""Drawing an inspection's case samples from its caseload, and replacing sampled cases.

The draw itself is the core's (yjqa.core.sampling); this layer reads the caseload, keeps
the sample and its reserve list, and puts the sampled cases into the inspection.
"""

from __future__ import annotations

from dataclasses import fields
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from yjqa.core.caseload.reader import CaseloadRow
from yjqa.core.sampling.draw import (
    CategoryBalance,
    Sample,
    balance_of,
    best_replacement,
    draw_sample,
    units_by_ref,
)
from yjqa.core.sampling.sampling_plans import eligible_cases, get_plan
from yjqa.core.validation.problems import InputError
from yjqa.web.accounts.models import User
from yjqa.web.caseload.models import CaseRecord
from yjqa.web.inspections.models import CaseAudit, Inspection, InspectionSample, SampledCase
from yjqa.web.inspections.services import do_add_cases

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


def _started(sample: InspectionSample) -> bool:
    cases = sample.entries.filter(role=SampledCase.Role.SAMPLE).values("case_id")
    audits = CaseAudit.objects.filter(inspection=sample.inspection, case_id__in=cases)
    return audits.exclude(status=CaseAudit.Status.NOT_STARTED).exists()


@transaction.atomic
def do_draw_sample(
    inspection: Inspection,
    *,
    domain: str,
    plan_id: str,
    seed: int,
    user: User,
    fixed_size: int | None = None,
) -> InspectionSample:
    """Draw (or redraw, while no audit has started) the sample for one domain."""
    if inspection.is_read_only:
        raise ValidationError("This inspection has been published and can no longer be changed.")
    start, end = window(inspection, domain)
    previous = inspection.samples.filter(domain=domain).first()
    if previous is not None:
        if _started(previous):
            raise ValidationError(
                "Audits have started on this sample, so it cannot be drawn again: "
                "replace individual cases instead."
            )
        cases = previous.entries.values("case_id")
        inspection.audits.filter(case_id__in=cases).delete()
        previous.delete()
    try:
        drawn: Sample = draw_sample(
            caseload_rows(inspection), get_plan(plan_id), domain, start, end, seed, fixed_size
        )
    except InputError as error:
        raise ValidationError([p.message for p in error.problems]) from None
    sample = InspectionSample.objects.create(
        inspection=inspection,
        domain=domain,
        plan_id=drawn.plan_id,
        seed=seed,
        fingerprint=drawn.fingerprint,
        window_start=start,
        window_end=end,
        population=drawn.size.population,
        sample_size=len(drawn.cases),
        working="\n".join(drawn.size.working),
        created_by=user,
    )
    by_ref = {
        c.case_ref: c
        for c in CaseRecord.objects.filter(
            service=inspection.service, case_ref__in=[*drawn.cases, *drawn.reserve]
        )
    }
    SampledCase.objects.bulk_create(
        [
            SampledCase(sample=sample, case=by_ref[ref], role=role, position=i)
            for role, refs in (
                (SampledCase.Role.SAMPLE, drawn.cases),
                (SampledCase.Role.RESERVE, drawn.reserve),
            )
            for i, ref in enumerate(refs)
        ]
    )
    do_add_cases(inspection, [by_ref[ref] for ref in drawn.cases], auditor=None)
    return sample


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


@transaction.atomic
def do_replace_case(
    entry: SampledCase, *, reason: str, detail: str, user: User
) -> SampledCase | None:
    """Replace a sampled case with the reserve case that keeps the balance best.

    Only a case whose audit has not started can be replaced, so no audit work is lost.
    Returns the new sample entry, or None when the reserve list is used up (the case is
    still marked replaced, with its reason).
    """
    sample = entry.sample
    inspection = sample.inspection
    if inspection.is_read_only:
        raise ValidationError("This inspection has been published and can no longer be changed.")
    if entry.role != SampledCase.Role.SAMPLE or entry.replaced:
        raise ValidationError("Only a case in the sample can be replaced.")
    audits = list(inspection.audits.filter(case=entry.case))  # first and second markings
    if any(a.status != CaseAudit.Status.NOT_STARTED for a in audits):
        raise ValidationError(
            f"The audit of {entry.case.case_ref} has started, so the case cannot be replaced."
        )
    if reason == SampledCase.Reason.OTHER and not detail.strip():
        raise ValidationError("Say why the case is being replaced.")
    active = sample.entries.filter(replaced=False).select_related("case")
    sample_refs = [e.case.case_ref for e in active if e.role == SampledCase.Role.SAMPLE]
    reserve = [e for e in active if e.role == SampledCase.Role.RESERVE]
    units = eligible_units(sample)
    chosen_ref = best_replacement(
        sample_refs, [e.case.case_ref for e in reserve], entry.case.case_ref, units
    )
    replacement = next((e for e in reserve if e.case.case_ref == chosen_ref), None)
    if replacement is not None:
        replacement.role = SampledCase.Role.SAMPLE
        replacement.position = sample.entries.filter(role=SampledCase.Role.SAMPLE).count()
        replacement.save(update_fields=["role", "position"])
        first = next((a for a in audits if a.marking == CaseAudit.Marking.FIRST), None)
        do_add_cases(inspection, [replacement.case], auditor=first.auditor if first else None)
    for audit in audits:
        audit.delete()
    entry.replaced = True
    entry.replacement = replacement
    entry.reason = reason
    entry.reason_detail = detail.strip()
    entry.replaced_at = timezone.now()
    entry.replaced_by = user
    entry.save()
    return replacement
