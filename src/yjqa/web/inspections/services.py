"""Writes to inspections, their cases, case audits, auditors and judgements.

Each `do_*` checks who is acting, refuses a published inspection (`guards.ensure_writable`),
runs in one transaction and records its audit-trail row. Saving an audit or a judgement is
optimistic: the form carries the version it was read at, and a save against a newer
version is refused with `EditConflict`, so two people working on the same audit never
silently overwrite each other.

The report's writes live in `report_services`, the samples' in `sampling_services`, and
double marking's and moderation's in `moderation_services`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from yjqa.web.accounts.models import User
from yjqa.web.audit.trail import Actor, changes_between, created, record, require, snapshot
from yjqa.web.caseload.models import CaseRecord, VictimRecord
from yjqa.web.inspections.guards import (
    EditConflict,
    NotReadyToPublish,
    ReadOnly,
    ensure_inspection_type,
    ensure_writable,
)
from yjqa.web.inspections.models import (
    CaseAudit,
    Inspection,
    JudgementRecord,
)
from yjqa.web.inspections.moderation import Marked, marked_subject
from yjqa.web.inspections.report import publication_gaps
from yjqa.web.inspections.report_services import do_freeze_report
from yjqa.web.inspections.sampling import (
    audit_domains,
    sample_framework_domain,
    samples_per_standard,
)
from yjqa.web.tenancy.models import Service

__all__ = [  # the guards' refusals are raised from here too
    "AddedCases",
    "AssignedAuditors",
    "EditConflict",
    "NotReadyToPublish",
    "ReadOnly",
    "SharedCases",
    "do_add_cases",
    "do_add_victims",
    "do_assign_auditors",
    "do_change_status",
    "do_create_inspection",
    "do_save_judgement",
    "do_share_cases",
    "do_update_inspection",
]

INSPECTION_FIELDS = (
    "title",
    "framework_id",
    "inspection_type",
    "kind",
    "status",
    "fieldwork_start",
    "fieldwork_end",
    "court_window_start",
    "court_window_end",
    "oocd_window_start",
    "oocd_window_end",
    "resettlement_window_start",
    "resettlement_window_end",
    "community_window_start",
    "community_window_end",
    "secure_window_start",
    "secure_window_end",
    "children_window_start",
    "children_window_end",
    "victims_window_start",
    "victims_window_end",
    "lead",
    "double_marking_percent",
    "summary",
)


def _inspection_state(inspection: Inspection) -> dict[str, Any]:
    return {
        **snapshot(inspection, INSPECTION_FIELDS),
        "team": sorted(str(u) for u in inspection.team.all()),
    }


@transaction.atomic
def do_create_inspection(
    actor: Actor, service: Service, *, team: Iterable[User] = (), **fields: Any
) -> Inspection:
    require(actor, service, "manage_inspections")
    inspection = Inspection(service=service, **fields)
    inspection.framework  # noqa: B018 - fails early on an unknown framework
    ensure_inspection_type(inspection)
    inspection.save()
    inspection.team.set(team)
    record(
        actor,
        "create_inspection",
        inspection,
        service=service,
        changes=created(_inspection_state(inspection)),
        inspection_id=inspection.pk,
    )
    return inspection


@transaction.atomic
def do_update_inspection(
    actor: Actor, inspection: Inspection, *, team: Iterable[User] | None = None, **fields: Any
) -> Inspection:
    """Change the inspection's details (and its team, if given); its summary is one of them."""
    require(actor, inspection.service, "manage_inspections")
    stored = Inspection.objects.get(pk=inspection.pk)  # a bound form changes `inspection`
    ensure_writable(stored)
    before = _inspection_state(stored)
    if (
        "framework_id" in fields
        and fields["framework_id"] != stored.framework_id
        and (stored.audits.exists() or stored.samples.exists())
    ):
        # The cases' answers and samples belong to the framework they were made under.
        raise ValidationError(
            {
                "framework_id": "The framework cannot be changed once cases are in the "
                "inspection: create a new inspection for the other framework"
            }
        )
    for name, value in fields.items():
        setattr(stored, name, value)
    ensure_inspection_type(stored)
    stored.save()
    if team is not None:
        stored.team.set(team)
    record(
        actor,
        "update_inspection",
        stored,
        service=stored.service,
        changes=changes_between(before, _inspection_state(stored)),
        inspection_id=stored.pk,
    )
    return stored


@transaction.atomic
def do_change_status(actor: Actor, inspection: Inspection, status: str) -> Inspection:
    """Change the status; publishing freezes the report as it stands.

    Publishing is refused (`NotReadyToPublish`, listing what is missing) while the report
    lacks anything `report.publication_gaps` names: a published report is final, so it never
    says "Not yet rated".
    """
    require(actor, inspection.service, "manage_inspections")
    ensure_writable(inspection)
    if status not in Inspection.Status.values:
        raise ValidationError({"status": f"Unknown status: {status}."})
    before = inspection.status
    if status == before:
        return inspection
    if status == Inspection.Status.PUBLISHED:
        gaps = publication_gaps(inspection)
        if gaps:
            raise NotReadyToPublish(gaps)
        do_freeze_report(actor, inspection)
    inspection.status = status
    inspection.save(update_fields=["status"])
    record(
        actor,
        "change_status",
        inspection,
        service=inspection.service,
        changes={"status": {"before": before, "after": status}},
        inspection_id=inspection.pk,
    )
    return inspection


@dataclass(frozen=True)
class AddedCases:
    added: list[CaseAudit]
    not_in_framework: list[str]  # case refs whose outcome no domain of the framework covers
    # Case refs left out because their child is audited already (a framework that audits a
    # child once over all their work, as 2025's does).
    same_child: list[str] = field(default_factory=list)
    # Case refs left as they were: audited already in every domain they were added for.
    already: list[str] = field(default_factory=list)


@transaction.atomic
def do_add_cases(
    actor: Actor,
    inspection: Inspection,
    cases: Iterable[CaseRecord],
    auditor: User | None,
    *,
    sample_domain: str | None = None,
) -> AddedCases:
    """Audit these children's cases in the inspection (victims' cases: `do_add_victims`).

    Drawn in a sample (`sample_domain`), a case is audited under the domain that sample is
    for (`sampling.sample_framework_domain`); added by hand, under every case-assessed domain
    its outcome belongs to (`sampling.audit_domains`: one for HMIP's frameworks; for the
    national standards, a community sentence is audited at court and in the community). A
    case already audited in a domain is left as it is there (`already`) and still added to
    any other. Under a framework that judges all of a child's work together (a domain of
    population `children`), a child is audited once: a case of a child already in the
    inspection is left out (`same_child`).
    """
    require(actor, inspection.service, "manage_inspections")
    ensure_writable(inspection)
    framework = inspection.framework
    children_audits = inspection.audits.filter(victim__isnull=True)  # any marking
    existing = set(children_audits.values_list("case_id", "domain_id"))
    by_child = any(d.population == "children" for d in framework.domains)
    audited_children = (
        {
            child_ref or case_ref
            for child_ref, case_ref in children_audits.values_list(
                "case__child_ref", "case__case_ref"
            )
        }
        if by_child
        else set()
    )
    added: list[CaseAudit] = []
    skipped: list[str] = []
    same_child: list[str] = []
    already: list[str] = []
    for case in cases:
        if case.service_id != inspection.service_id:
            raise ValidationError("A case can only be audited in its own service's inspection.")
        if sample_domain is None:
            domains = audit_domains(framework, case.outcome)
        else:
            drawn_for = sample_framework_domain(framework, sample_domain, case.outcome)
            domains = [drawn_for] if drawn_for is not None else []
        if not domains:
            skipped.append(case.case_ref)
            continue
        new = [d for d in domains if (case.pk, d.id) not in existing]
        if not new:
            already.append(case.case_ref)
            continue
        if by_child:
            if case.child in audited_children:
                same_child.append(case.case_ref)
                continue
            audited_children.add(case.child)
        for domain in new:
            existing.add((case.pk, domain.id))
            added.append(
                CaseAudit.objects.create(
                    inspection=inspection, case=case, domain_id=domain.id, auditor=auditor
                )
            )
    if added:
        # Where a case may be audited in several domains, the history says which.
        per_standard = samples_per_standard(framework)
        audited = [
            f"{a.case.case_ref} ({a.domain_id})" if per_standard else a.case.case_ref for a in added
        ]
        record(
            actor,
            "add_cases",
            inspection,
            service=inspection.service,
            changes=created(
                {"cases": audited, "auditor": auditor}
                if auditor is not None
                else {"cases": audited}
            ),
            inspection_id=inspection.pk,
        )
    return AddedCases(added, skipped, same_child, already)


@transaction.atomic
def do_add_victims(
    actor: Actor, inspection: Inspection, victims: Iterable[VictimRecord], auditor: User | None
) -> AddedCases:
    """Audit these victims' cases in the inspection, under the framework's victims' domain
    (population `victims`): each audit has `victim` set and `case` the linked child's case.

    A victim already audited is left as it is. Refused, with nothing written, where the
    framework has no victims' domain or a victim is another service's.
    """
    require(actor, inspection.service, "manage_inspections")
    ensure_writable(inspection)
    framework = inspection.framework
    domain = next((d for d in framework.domains if d.population == "victims"), None)
    if domain is None:
        raise ValidationError(
            f"The framework {framework.title} has no work with victims to audit cases under."
        )
    existing = set(
        inspection.audits.filter(victim__isnull=False).values_list("victim_id", flat=True)
    )
    chosen = list(victims)
    if any(v.service_id != inspection.service_id for v in chosen):
        raise ValidationError("A victim can only be audited in their own service's inspection.")
    added = []
    for victim in chosen:
        if victim.pk in existing:
            continue
        existing.add(victim.pk)
        added.append(
            CaseAudit.objects.create(
                inspection=inspection,
                case_id=victim.case_id,
                victim=victim,
                domain_id=domain.id,
                auditor=auditor,
            )
        )
    if added:
        refs = [v.victim_ref for v in chosen if v.pk in {a.victim_id for a in added}]
        record(
            actor,
            "add_victims",
            inspection,
            service=inspection.service,
            changes=created(
                {"victims": refs, "auditor": auditor} if auditor is not None else {"victims": refs}
            ),
            inspection_id=inspection.pk,
        )
    return AddedCases(added, [])


@dataclass(frozen=True)
class AssignedAuditors:
    changed: int
    clashes: list[str]  # case refs left as they were: the person is their second auditor


@transaction.atomic
def do_assign_auditors(
    actor: Actor, inspection: Inspection, auditors: Mapping[int, User | None]
) -> AssignedAuditors:
    """Give each first audit (by id) its auditor, or none.

    A case's second auditor is never made its first auditor too: double marking must stay
    independent.
    """
    require(actor, inspection.service, "manage_inspections")
    ensure_writable(inspection)
    audits = inspection.audits.filter(
        marking=CaseAudit.Marking.FIRST, pk__in=list(auditors)
    ).select_related("case", "victim", "auditor")
    second_auditors = _second_auditors(inspection)
    changed, clashes = 0, []
    for audit in audits:
        chosen = auditors[audit.pk]
        if chosen is not None and second_auditors.get(marked_subject(audit)) == chosen.pk:
            clashes.append(audit.ref)
        elif chosen != audit.auditor:
            _set_auditor(actor, inspection, audit, chosen)
            changed += 1
    return AssignedAuditors(changed, clashes)


def _second_auditors(inspection: Inspection) -> dict[Marked, int | None]:
    """Each double-marked case's second auditor, by case (or victim) and domain."""
    return {
        (case_id, victim_id, domain_id): auditor_id
        for case_id, victim_id, domain_id, auditor_id in inspection.audits.filter(
            marking=CaseAudit.Marking.SECOND
        ).values_list("case_id", "victim_id", "domain_id", "auditor_id")
    }


def _set_auditor(
    actor: Actor, inspection: Inspection, audit: CaseAudit, chosen: User | None
) -> None:
    CaseAudit.objects.filter(pk=audit.pk).update(auditor=chosen)
    record(
        actor,
        "assign_auditors",
        audit,
        service=inspection.service,
        object_label=audit.ref,
        changes=changes_between({"auditor": audit.auditor}, {"auditor": chosen}),
        inspection_id=inspection.pk,
    )


@dataclass(frozen=True)
class SharedCases:
    shares: dict[str, int]  # each person's name -> the cases they were given now
    clashes: list[str]  # case refs left alone: everyone chosen is their second auditor

    @property
    def shared(self) -> int:
        return sum(self.shares.values())


@transaction.atomic
def do_share_cases(
    actor: Actor, inspection: Inspection, people: Iterable[User], *, reassign: bool = False
) -> SharedCases:
    """Share the inspection's cases (their first audits) evenly among `people`.

    The cases without an auditor are shared; with `reassign`, every case whose audit has not
    started too (an audit under way stays with its auditor). They are dealt round robin in
    domain order, so each person's count differs from another's by at most one, and each
    gets a fair mix of the domains. A case never goes to its own second auditor, so double
    marking stays independent.

    `people` are members of the inspection's team; the person acting may name themself
    ("assign to me") if they audit cases, and then joins the team.
    """
    require(actor, inspection.service, "manage_inspections")
    ensure_writable(inspection)
    chosen = sorted({p.pk: p for p in people}.values(), key=lambda p: (p.full_name, p.pk))
    if not chosen:
        raise ValidationError({"people": "Select who shares the cases"})
    team = set(inspection.team.values_list("pk", flat=True))
    me = actor.user.pk if actor.user is not None else None
    for person in chosen:
        if person.pk in team:
            continue
        if person.pk != me:
            raise ValidationError(
                {"people": f"{person.full_name} is not in the inspection team: add them first"}
            )
        if not actor.may(inspection.service, "record_audits"):
            raise ValidationError(
                {"people": "You do not audit cases in this service: choose the team's auditors"}
            )
        inspection.team.add(person)
    first = inspection.audits.filter(marking=CaseAudit.Marking.FIRST)
    targets = (
        first.filter(Q(auditor__isnull=True) | Q(status=CaseAudit.Status.NOT_STARTED))
        if reassign
        else first.filter(auditor__isnull=True)
    )
    targets = targets.select_related("case", "victim", "auditor").order_by(
        "domain_id", "case__case_ref", "victim__victim_ref", "pk"
    )
    second_auditors = _second_auditors(inspection)
    total: dict[int, int] = dict.fromkeys((p.pk for p in chosen), 0)
    in_domain: dict[tuple[str, int], int] = {}
    turn = 0  # whose turn it is, so that ties go round the people in order
    given: dict[int, int] = dict.fromkeys(total, 0)
    clashes: list[str] = []
    for audit in targets:
        allowed = [
            (i, p)
            for i, p in enumerate(chosen)
            if p.pk != second_auditors.get(marked_subject(audit))
        ]
        if not allowed:
            clashes.append(audit.ref)
            continue
        index, person = min(
            allowed,
            key=lambda item: (
                total[item[1].pk],
                in_domain.get((audit.domain_id, item[1].pk), 0),
                (item[0] - turn) % len(chosen),
            ),
        )
        turn = index + 1
        total[person.pk] += 1
        in_domain[(audit.domain_id, person.pk)] = in_domain.get((audit.domain_id, person.pk), 0) + 1
        given[person.pk] += 1
        if person != audit.auditor:
            _set_auditor(actor, inspection, audit, person)
    shares = {p.full_name: given[p.pk] for p in chosen}
    record(
        actor,
        "share_cases",
        inspection,
        service=inspection.service,
        changes={
            "shares": {"before": None, "after": shares},
            **({"reassign": {"before": None, "after": True}} if reassign else {}),
            **({"clashes": {"before": None, "after": clashes}} if clashes else {}),
        },
        inspection_id=inspection.pk,
    )
    return SharedCases(shares, clashes)


JUDGEMENT_FIELDS = ("rating", "evidence")


@transaction.atomic
def do_save_judgement(
    actor: Actor,
    inspection: Inspection,
    standard_id: str,
    expected_version: int,
    **fields: str,
) -> JudgementRecord:
    require(actor, inspection.service, "manage_inspections")
    ensure_writable(inspection)
    judgement, _ = JudgementRecord.objects.get_or_create(
        inspection=inspection, standard_id=standard_id
    )
    before = snapshot(judgement, JUDGEMENT_FIELDS)
    changed = JudgementRecord.objects.filter(pk=judgement.pk, version=expected_version).update(
        version=F("version") + 1, updated_by=actor.user, updated_at=timezone.now(), **fields
    )
    if not changed:
        judgement.refresh_from_db()
        raise EditConflict(
            judgement.updated_by.full_name if judgement.updated_by else None,
            judgement.updated_at,
        )
    judgement.refresh_from_db()
    record(
        actor,
        "save_judgement",
        judgement,
        service=inspection.service,
        object_label=f"Judgement for {standard_id}",
        changes=changes_between(before, snapshot(judgement, JUDGEMENT_FIELDS)),
        inspection_id=inspection.pk,
    )
    return judgement
