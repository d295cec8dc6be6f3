"""Writes for an inspection's report: findings by standard, recommendations, the frozen copy."""

from __future__ import annotations

from django.db import transaction

from yjqa.web.audit.trail import Actor, changes_between, created, record, require, snapshot
from yjqa.web.inspections.guards import ensure_writable
from yjqa.web.inspections.letter_forms import LETTER_FIELDS
from yjqa.web.inspections.models import (
    Inspection,
    Recommendation,
    ReportSnapshot,
    StandardFindings,
)
from yjqa.web.inspections.report import report_to_freeze

FINDINGS_FIELDS = ("narrative", "strengths", "areas_for_improvement")
RECOMMENDATION_FIELDS = ("addressee", "text", "order")


@transaction.atomic
def do_freeze_report(actor: Actor, inspection: Inspection) -> ReportSnapshot:
    """Keep the report as it stands now: a published inspection's report is read from this."""
    require(actor, inspection.service, "manage_inspections")
    ensure_writable(inspection)
    kept, made = ReportSnapshot.objects.update_or_create(
        inspection=inspection, defaults={"content": report_to_freeze(inspection).model_dump_json()}
    )
    record(
        actor,
        "freeze_report",
        kept,
        service=inspection.service,
        object_label=f"Report of {inspection}",
        changes=created({"frozen_at": kept.created_at}) if made else {},
        inspection_id=inspection.pk,
    )
    return kept


@transaction.atomic
def do_save_findings(
    actor: Actor,
    inspection: Inspection,
    standard_id: str,
    *,
    narrative: str,
    strengths: str,
    areas_for_improvement: str,
) -> StandardFindings:
    """What the report says about one standard: its narrative, strengths and areas."""
    require(actor, inspection.service, "manage_inspections")
    ensure_writable(inspection)
    findings, _ = StandardFindings.objects.get_or_create(
        inspection=inspection, standard_id=standard_id
    )
    before = snapshot(findings, FINDINGS_FIELDS)
    findings.narrative = narrative
    findings.strengths = strengths
    findings.areas_for_improvement = areas_for_improvement
    findings.save()
    record(
        actor,
        "save_findings",
        findings,
        service=inspection.service,
        object_label=f"Findings for {standard_id}",
        changes=changes_between(before, snapshot(findings, FINDINGS_FIELDS)),
        inspection_id=inspection.pk,
    )
    return findings


@transaction.atomic
def do_add_recommendation(
    actor: Actor, inspection: Inspection, *, addressee: str, text: str, order: int
) -> Recommendation:
    require(actor, inspection.service, "manage_inspections")
    ensure_writable(inspection)
    recommendation = Recommendation.objects.create(
        inspection=inspection, addressee=addressee, text=text, order=order
    )
    record(
        actor,
        "add_recommendation",
        recommendation,
        service=inspection.service,
        changes=created(snapshot(recommendation, RECOMMENDATION_FIELDS)),
        inspection_id=inspection.pk,
    )
    return recommendation


def _stored(recommendation: Recommendation) -> Recommendation:
    """The recommendation as saved (a bound form may already have changed the instance)."""
    return Recommendation.objects.select_related("inspection__service").get(pk=recommendation.pk)


@transaction.atomic
def do_change_recommendation(
    actor: Actor, recommendation: Recommendation, *, addressee: str, text: str, order: int
) -> Recommendation:
    stored = _stored(recommendation)
    inspection = stored.inspection
    require(actor, inspection.service, "manage_inspections")
    ensure_writable(inspection)
    before = snapshot(stored, RECOMMENDATION_FIELDS)
    stored.addressee, stored.text, stored.order = addressee, text, order
    stored.save()
    record(
        actor,
        "change_recommendation",
        stored,
        service=inspection.service,
        changes=changes_between(before, snapshot(stored, RECOMMENDATION_FIELDS)),
        inspection_id=inspection.pk,
    )
    return stored


@transaction.atomic
def do_delete_recommendation(actor: Actor, recommendation: Recommendation) -> None:
    stored = _stored(recommendation)
    inspection = stored.inspection
    require(actor, inspection.service, "manage_inspections")
    ensure_writable(inspection)
    before = snapshot(stored, RECOMMENDATION_FIELDS)
    label, pk = str(stored), str(stored.pk)
    stored.delete()
    record(
        actor,
        "delete_recommendation",
        service=inspection.service,
        object_type=str(Recommendation._meta.verbose_name),
        object_id=pk,
        object_label=label,
        changes={name: {"before": value, "after": None} for name, value in before.items()},
        inspection_id=inspection.pk,
    )


@transaction.atomic
def do_save_letter(
    actor: Actor,
    inspection: Inspection,
    *,
    letter_to: str,
    letter_from: str,
    copy_to: str,
    operational_management: str,
    key_strengths: str,
) -> Inspection:
    """A short quality screening's letter parts: addressee, signatory, copy list,
    operational management and key strengths."""
    require(actor, inspection.service, "manage_inspections")
    ensure_writable(inspection)
    stored = Inspection.objects.select_related("service").get(pk=inspection.pk)
    before = snapshot(stored, LETTER_FIELDS)
    stored.letter_to, stored.letter_from, stored.copy_to = letter_to, letter_from, copy_to
    stored.operational_management = operational_management
    stored.key_strengths = key_strengths
    stored.save(update_fields=list(LETTER_FIELDS))
    record(
        actor,
        "save_letter",
        stored,
        service=stored.service,
        object_label=f"Letter of {stored}",
        changes=changes_between(before, snapshot(stored, LETTER_FIELDS)),
        inspection_id=stored.pk,
    )
    return stored
