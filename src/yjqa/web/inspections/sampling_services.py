"""Writes for an inspection's samples: drawing one (or again), and replacing a sampled case."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from yjqa.core.sampling.draw import Sample, best_replacement, draw_sample
from yjqa.core.sampling.sampling_plans import get_plan
from yjqa.core.validation.problems import InputError
from yjqa.web.audit.trail import Actor, changes_between, record, require, snapshot
from yjqa.web.caseload.models import CaseRecord
from yjqa.web.inspections.guards import ensure_writable
from yjqa.web.inspections.models import CaseAudit, Inspection, InspectionSample, SampledCase
from yjqa.web.inspections.sampling import audits_started, caseload_rows, eligible_units, window
from yjqa.web.inspections.services import do_add_cases

SAMPLE_FIELDS = ("plan_id", "seed", "window_start", "window_end", "population", "sample_size")


@transaction.atomic
def do_draw_sample(
    actor: Actor,
    inspection: Inspection,
    *,
    domain: str,
    plan_id: str,
    seed: int,
    fixed_size: int | None = None,
) -> InspectionSample:
    """Draw (or redraw, while no audit has started) the sample for one domain."""
    require(actor, inspection.service, "manage_inspections")
    ensure_writable(inspection)
    start, end = window(inspection, domain)
    previous = inspection.samples.filter(domain=domain).first()
    before: dict[str, Any] = {}
    if previous is not None:
        if audits_started(previous):
            raise ValidationError(
                "Audits have started on this sample, so it cannot be drawn again: "
                "replace individual cases instead."
            )
        before = snapshot(previous, SAMPLE_FIELDS)
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
        created_by=actor.user,
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
    record(
        actor,
        "draw_sample",
        sample,
        service=inspection.service,
        object_label=sample.get_domain_display().lower(),
        changes=changes_between(
            before, {**snapshot(sample, SAMPLE_FIELDS), "cases": list(drawn.cases)}
        ),
        inspection_id=inspection.pk,
    )
    do_add_cases(actor, inspection, [by_ref[ref] for ref in drawn.cases], auditor=None)
    return sample


@transaction.atomic
def do_replace_case(
    actor: Actor, entry: SampledCase, *, reason: str, detail: str
) -> SampledCase | None:
    """Replace a sampled case with the reserve case that keeps the balance best.

    Only a case whose audit has not started can be replaced, so no audit work is lost.
    Returns the new sample entry, or None when the reserve list is used up (the case is
    still marked replaced, with its reason).
    """
    sample = entry.sample
    inspection = sample.inspection
    require(actor, inspection.service, "manage_inspections")
    ensure_writable(inspection)
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
        do_add_cases(
            actor, inspection, [replacement.case], auditor=first.auditor if first else None
        )
    for audit in audits:
        audit.delete()
    entry.replaced = True
    entry.replacement = replacement
    entry.reason = reason
    entry.reason_detail = detail.strip()
    entry.replaced_at = timezone.now()
    entry.replaced_by = actor.user
    entry.save()
    record(
        actor,
        "replace_case",
        entry,
        service=inspection.service,
        object_type="sampled case",
        object_label=entry.case.case_ref,
        changes={
            "case": {"before": entry.case.case_ref, "after": chosen_ref},
            "reason": {"before": None, "after": entry.get_reason_display()},
            **(
                {"reason_detail": {"before": None, "after": entry.reason_detail}}
                if entry.reason_detail
                else {}
            ),
        },
        inspection_id=inspection.pk,
    )
    return replacement
