"""Writes to a judgement standard's register of evidence (`JudgementEvidence`).

Each `do_*` checks the actor may manage inspections, refuses a published inspection
(`guards.ensure_writable`), runs in one transaction and records its audit-trail row. The
reads the pages share are here too (`evidence_for`, `evidence_counts`).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, QuerySet

from yjqa.core.documents.judgement_evidence import EvidenceItem
from yjqa.web.audit.trail import Actor, changes_between, created, record, require, snapshot
from yjqa.web.inspections.guards import ensure_writable
from yjqa.web.inspections.judgement_figures import FigureReader, FigureValue, is_figure
from yjqa.web.inspections.models import Inspection, JudgementEvidence

__all__ = [
    "EVIDENCE_FIELDS",
    "do_add_judgement_evidence",
    "do_change_judgement_evidence",
    "do_remove_judgement_evidence",
    "evidence_counts",
    "evidence_for",
    "report_evidence",
]

EVIDENCE_FIELDS = ("kind", "title", "summary", "dated", "figure")


def evidence_for(inspection: Inspection, standard_id: str) -> QuerySet[JudgementEvidence]:
    """The standard's register, in the order the items were added."""
    return JudgementEvidence.objects.filter(
        inspection=inspection, standard_id=standard_id
    ).select_related("added_by")


def evidence_counts(inspection: Inspection) -> dict[str, int]:
    """How many items of evidence each judgement standard's register holds."""
    rows = (
        JudgementEvidence.objects.filter(inspection=inspection)
        .values("standard_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {row["standard_id"]: row["n"] for row in rows}


def report_evidence(inspection: Inspection) -> dict[str, list[EvidenceItem]]:
    """Each judgement standard's register as the report prints it, its linked figures read
    now (a published report keeps them as they stood when it was frozen)."""
    reader = FigureReader(inspection)
    found: dict[str, list[EvidenceItem]] = {}
    for item in JudgementEvidence.objects.filter(inspection=inspection):
        figure = reader.read(item.figure)
        found.setdefault(item.standard_id, []).append(
            EvidenceItem(
                kind=item.get_kind_display(),
                title=item.title,
                dated=item.dated,
                summary=item.summary,
                figure_text=figure_words(figure) if figure else "",
            )
        )
    return found


def figure_words(figure: FigureValue) -> str:
    """The figure as the register prints it: "Board attendance (KPI 7): 4 meetings ...", but
    never "Staff survey: Staff survey: ..." where the figure's own words name it already."""
    shown = figure.shown
    return shown if shown.startswith(figure.label) else f"{figure.label}: {shown}"


def _check_standard(inspection: Inspection, standard_id: str) -> None:
    try:
        standard = inspection.framework.standard(standard_id)
    except KeyError:
        raise ValidationError(f"The framework has no standard {standard_id}") from None
    if standard.kind != "judgement":
        raise ValidationError(f"{standard_id} is rated from cases, not by judgement")


def _clean(values: Mapping[str, Any]) -> dict[str, Any]:
    """The fields as stored, refused with a message on the field where one is wrong."""
    unknown = set(values) - set(EVIDENCE_FIELDS)
    if unknown:
        raise TypeError(f"not a field of an item of evidence: {', '.join(sorted(unknown))}")
    kind = values.get("kind", "")
    title = " ".join(str(values.get("title", "")).split())
    dated = values.get("dated")
    figure = values.get("figure", "") or ""
    errors: dict[str, str] = {}
    if kind not in JudgementEvidence.Kind.values:
        errors["kind"] = "Select what kind of evidence it is"
    if not title:
        errors["title"] = "Enter a title for the evidence"
    elif len(title) > JudgementEvidence._meta.get_field("title").max_length:  # type: ignore[operator]
        errors["title"] = "The title must be 200 characters or fewer"
    if dated is not None and not isinstance(dated, date):
        errors["dated"] = "Enter the date as a day, e.g. 27/03/2026"
    if figure and not is_figure(figure):
        errors["figure"] = "Select one of the figures listed"
    if errors:
        raise ValidationError(errors)
    return {
        "kind": kind,
        "title": title,
        "summary": str(values.get("summary", "")).strip(),
        "dated": dated,
        "figure": figure,
    }


def _label(item: JudgementEvidence) -> str:
    return f"Evidence for {item.standard_id}: {item.title}"[:200]


@transaction.atomic
def do_add_judgement_evidence(
    actor: Actor, inspection: Inspection, standard_id: str, **fields: Any
) -> JudgementEvidence:
    """Add an item to the register of a judgement standard of the inspection."""
    require(actor, inspection.service, "manage_inspections")
    ensure_writable(inspection)
    _check_standard(inspection, standard_id)
    values = _clean(fields)
    item = JudgementEvidence.objects.create(
        inspection=inspection, standard_id=standard_id, added_by=actor.user, **values
    )
    record(
        actor,
        "add_judgement_evidence",
        item,
        service=inspection.service,
        object_label=_label(item),
        changes=created({"standard": standard_id, **values}),
        inspection_id=inspection.pk,
    )
    return item


@transaction.atomic
def do_change_judgement_evidence(
    actor: Actor, item: JudgementEvidence, **fields: Any
) -> JudgementEvidence:
    """Change an item of evidence's kind, title, date, what it shows or its linked figure."""
    inspection = item.inspection
    require(actor, inspection.service, "manage_inspections")
    ensure_writable(inspection)
    current = JudgementEvidence.objects.select_for_update().get(pk=item.pk)
    before = snapshot(current, EVIDENCE_FIELDS)
    values = _clean({**{name: getattr(current, name) for name in EVIDENCE_FIELDS}, **fields})
    for name, value in values.items():
        setattr(current, name, value)
    current.save(update_fields=list(EVIDENCE_FIELDS))
    changes = changes_between(before, snapshot(current, EVIDENCE_FIELDS))
    if changes:
        record(
            actor,
            "change_judgement_evidence",
            current,
            service=inspection.service,
            object_label=_label(current),
            changes=changes,
            inspection_id=inspection.pk,
        )
    return current


@transaction.atomic
def do_remove_judgement_evidence(actor: Actor, item: JudgementEvidence) -> None:
    """Take an item off its standard's register."""
    inspection = item.inspection
    require(actor, inspection.service, "manage_inspections")
    ensure_writable(inspection)
    before = {"standard": item.standard_id, **snapshot(item, EVIDENCE_FIELDS)}
    label = _label(item)
    pk = item.pk
    item.delete()
    record(
        actor,
        "remove_judgement_evidence",
        service=inspection.service,
        object_type="judgement evidence",
        object_id=str(pk),
        object_label=label,
        changes={name: {"before": value, "after": None} for name, value in before.items()},
        inspection_id=inspection.pk,
    )
