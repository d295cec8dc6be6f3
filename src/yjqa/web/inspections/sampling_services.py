"""Writes for an inspection's samples: drawing one (or again), and replacing a sampled case.

A victims' sample (2025) is drawn from the victims' caseload: its entries and audits have
`victim` set, and `case` is the victim's linked child's case.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from yjqa.core.sampling.draw import Sample, best_replacement, draw_sample, draw_victims_sample
from yjqa.core.sampling.sampling_plans import VICTIM_DOMAINS, get_plan
from yjqa.core.validation.problems import InputError
from yjqa.web.audit.trail import Actor, changes_between, record, require, snapshot
from yjqa.web.caseload.models import CaseRecord, VictimRecord
from yjqa.web.inspections.guards import ensure_writable
from yjqa.web.inspections.models import CaseAudit, Inspection, InspectionSample, SampledCase
from yjqa.web.inspections.sampling import (
    audits_started,
    caseload_rows,
    eligible_units,
    entry_audits,
    entry_ref,
    sample_domains,
    sample_entry_audits,
    unit_of,
    victim_rows,
    window,
)
from yjqa.web.inspections.services import do_add_cases, do_add_victims

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
    """Draw (or redraw, while no audit has started) the sample for one domain.

    The domains are the framework's (`sampling.sample_domains`): children's and victims'
    cases for the 2025 framework, one sample per standard for the national standards, court,
    out-of-court and resettlement cases for HMIP's earlier frameworks. The drawn cases are
    audited under the sample's domain (`sampling.sample_framework_domain`), so a case drawn
    in two samples is audited once in each; redrawing removes only this sample's audits.
    """
    require(actor, inspection.service, "manage_inspections")
    ensure_writable(inspection)
    offered = sample_domains(inspection.framework)
    if domain not in offered:
        raise ValidationError(
            f"An inspection under {inspection.framework.title} samples "
            + " and ".join(InspectionSample.Domain(d).label.lower() for d in offered)
            + f", not {InspectionSample.Domain(domain).label.lower()}."
            if domain in InspectionSample.Domain.values
            else f"Unknown kind of case to sample: {domain}."
        )
    victims = domain in VICTIM_DOMAINS
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
        # Only this sample's audits: the same case drawn in another domain's sample keeps its.
        sample_entry_audits(previous).delete()
        previous.delete()
    try:
        plan = get_plan(plan_id)
        drawn: Sample = (
            draw_victims_sample(
                victim_rows(inspection), plan, start, end, seed, fixed_size, domain=domain
            )
            if victims
            else draw_sample(caseload_rows(inspection), plan, domain, start, end, seed, fixed_size)
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
    refs = [*drawn.cases, *drawn.reserve]
    victim_by_ref = (
        {
            v.victim_ref: v
            for v in VictimRecord.objects.filter(
                service=inspection.service, victim_ref__in=refs
            ).select_related("case")
        }
        if victims
        else {}
    )
    by_ref = (
        {ref: v.case for ref, v in victim_by_ref.items()}
        if victims
        else {
            c.case_ref: c
            for c in CaseRecord.objects.filter(service=inspection.service, case_ref__in=refs)
        }
    )
    SampledCase.objects.bulk_create(
        [
            SampledCase(
                sample=sample,
                case=by_ref[ref],
                victim=victim_by_ref.get(ref),
                role=role,
                position=i,
            )
            for role, drawn_refs in (
                (SampledCase.Role.SAMPLE, drawn.cases),
                (SampledCase.Role.RESERVE, drawn.reserve),
            )
            for i, ref in enumerate(drawn_refs)
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
    if victims:
        do_add_victims(actor, inspection, [victim_by_ref[r] for r in drawn.cases], auditor=None)
    else:
        do_add_cases(
            actor,
            inspection,
            [by_ref[ref] for ref in drawn.cases],
            auditor=None,
            sample_domain=domain,
        )
    return sample


@transaction.atomic
def do_replace_case(
    actor: Actor, entry: SampledCase, *, reason: str, detail: str
) -> SampledCase | None:
    """Replace a sampled case (child, or victim) with the reserve one that keeps the balance
    best.

    Only a case whose audit has not started can be replaced, so no audit work is lost; only
    its audits in this sample's domain are touched (the same case in another sample keeps its).
    Returns the new sample entry, or None when the reserve list is used up (the case is
    still marked replaced, with its reason).
    """
    sample = entry.sample
    inspection = sample.inspection
    require(actor, inspection.service, "manage_inspections")
    ensure_writable(inspection)
    if entry.role != SampledCase.Role.SAMPLE or entry.replaced:
        raise ValidationError("Only a case in the sample can be replaced.")
    audits = entry_audits(inspection, entry)  # first and second markings
    if any(a.status != CaseAudit.Status.NOT_STARTED for a in audits):
        raise ValidationError(
            f"The audit of {entry_ref(entry)} has started, so the case cannot be replaced."
        )
    if reason == SampledCase.Reason.OTHER and not detail.strip():
        raise ValidationError("Say why the case is being replaced.")
    active = sample.entries.filter(replaced=False).select_related("case", "victim")
    units = eligible_units(sample)
    # The core weighs the units (cases, children or victims) of the population as it is now;
    # an entry no longer eligible (the caseload changed) is left out of the weighing.
    sample_units = [
        unit
        for unit in (unit_of(sample, e) for e in active if e.role == SampledCase.Role.SAMPLE)
        if unit in units
    ]
    reserve = [
        e for e in active if e.role == SampledCase.Role.RESERVE and unit_of(sample, e) in units
    ]
    reserve_units = [unit_of(sample, e) for e in reserve]
    removed = unit_of(sample, entry)
    if removed in units:
        chosen_unit = best_replacement(sample_units, reserve_units, removed, units)
    else:
        chosen_unit = next(iter(reserve_units), None)
    replacement = next((e for e in reserve if unit_of(sample, e) == chosen_unit), None)
    chosen_ref = entry_ref(replacement) if replacement is not None else None
    if replacement is not None:
        replacement.role = SampledCase.Role.SAMPLE
        replacement.position = sample.entries.filter(role=SampledCase.Role.SAMPLE).count()
        replacement.save(update_fields=["role", "position"])
        first = next((a for a in audits if a.marking == CaseAudit.Marking.FIRST), None)
        auditor = first.auditor if first else None
        if replacement.victim is not None:
            do_add_victims(actor, inspection, [replacement.victim], auditor=auditor)
        else:
            do_add_cases(
                actor, inspection, [replacement.case], auditor=auditor, sample_domain=sample.domain
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
        object_label=entry_ref(entry),
        changes={
            "case": {"before": entry_ref(entry), "after": chosen_ref},
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
