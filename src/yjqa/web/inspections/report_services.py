"""Writes for an inspection's report: findings by standard, recommendations, the frozen copy."""

from __future__ import annotations

from django.db import transaction

from yjqa.web.audit.trail import (
    Actor,
    created,
    record,
    require,
    save_and_record,
    snapshot,
)
from yjqa.web.inspections.guards import ensure_writable
from yjqa.web.inspections.models import (
    Inspection,
    Recommendation,
    ReportSnapshot,
    StandardFindings,
)
from yjqa.web.inspections.report import report_to_freeze
from yjqa.web.inspections.report_files import drop_kept_files

RECOMMENDATION_FIELDS = ("addressee", "text", "order")


@transaction.atomic
def do_freeze_report(actor: Actor, inspection: Inspection) -> ReportSnapshot:
    """Keep the report as it stands now: a published inspection's report is read from this."""
    require(actor, inspection.service, "manage_inspections")
    ensure_writable(inspection)
    kept, made = ReportSnapshot.objects.update_or_create(
        inspection=inspection, defaults={"content": report_to_freeze(inspection).model_dump_json()}
    )
    if not made:  # frozen afresh: the files rendered from the old content are not served
        transaction.on_commit(lambda: drop_kept_files(inspection))
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
    save_and_record(
        actor,
        "save_findings",
        findings,
        {
            "narrative": narrative,
            "strengths": strengths,
            "areas_for_improvement": areas_for_improvement,
        },
        service=inspection.service,
        only_these=False,
        object_label=f"Findings for {standard_id}",
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
    save_and_record(
        actor,
        "change_recommendation",
        stored,
        {"addressee": addressee, "text": text, "order": order},
        service=inspection.service,
        only_these=False,
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
    values = {
        "letter_to": letter_to,
        "letter_from": letter_from,
        "copy_to": copy_to,
        "operational_management": operational_management,
        "key_strengths": key_strengths,
    }
    save_and_record(
        actor,
        "save_letter",
        stored,
        values,
        service=stored.service,
        object_label=f"Letter of {stored}",
        inspection_id=stored.pk,
    )
    return stored
