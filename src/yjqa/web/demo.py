"""Demo data: two synthetic services with people in every role and a caseload each.

Idempotent: seeding again finds everything in place and changes nothing.
"""

from __future__ import annotations

import os
import random
from dataclasses import dataclass
from datetime import timedelta

import polars as pl
from django.db import transaction
from django.utils import timezone

from yjqa.core.caseload.codes import BAIL_REMAND
from yjqa.core.caseload.reader import caseload_row
from yjqa.core.frameworks.model import Domain
from yjqa.core.synthetic.caseload import SyntheticService, generate_service, synthetic_audit_answers
from yjqa.core.synthetic.national import generate_national
from yjqa.web.accounts.models import User
from yjqa.web.accounts.services import do_set_password
from yjqa.web.audit.models import AuditEvent
from yjqa.web.audit.trail import Actor
from yjqa.web.benchmark.demo import seed_demo_benchmark
from yjqa.web.caseload.demo import seed_demo_victims
from yjqa.web.caseload.queries import case_refs_of
from yjqa.web.caseload.services import do_import_caseload
from yjqa.web.improvement.demo import seed_demo_held_meetings, seed_demo_improvement
from yjqa.web.improvement.demo_board_history import seed_demo_board_history
from yjqa.web.indicators.queries import has_outcomes
from yjqa.web.indicators.services import TableImport, do_import_indicator_data
from yjqa.web.inspections.audit_services import AuditInput, do_save_audit
from yjqa.web.inspections.demo_concerns import seed_demo_concerns
from yjqa.web.inspections.demo_evidence import seed_demo_judgement_evidence
from yjqa.web.inspections.demo_screening import seed_demo_screening
from yjqa.web.inspections.models import CaseAudit, Inspection
from yjqa.web.inspections.moderation import moderation_queue
from yjqa.web.inspections.moderation_services import (
    do_choose_double_marking,
    do_moderate_disagreement,
)
from yjqa.web.inspections.report_services import do_add_recommendation, do_save_findings
from yjqa.web.inspections.sampling import sample_domains
from yjqa.web.inspections.sampling_services import do_draw_sample
from yjqa.web.inspections.services import (
    do_assign_auditors,
    do_change_status,
    do_create_inspection,
    do_save_judgement,
    do_share_cases,
    do_update_inspection,
)
from yjqa.web.surveys.demo import seed_demo_surveys
from yjqa.web.surveys.demo_staff import seed_demo_staff_survey
from yjqa.web.tenancy.models import Role, Service
from yjqa.web.tenancy.queries import has_member, service_with_slug
from yjqa.web.tenancy.services import do_add_member, do_create_service
from yjqa.web.yjplan.demo import seed_demo_youth_justice_plan

DEFAULT_PASSWORD = "northshire-demo-2026"


@dataclass(frozen=True)
class DemoService:
    name: str
    slug: str
    code: str
    domain: str
    seed: int
    # Chance of a Yes on each strand: Northshire is strong on desistance, weaker on
    # keeping other people safe; Southvale struggles more widely.
    quality: tuple[tuple[str, float], ...] = ()
    judgements: tuple[tuple[str, str], ...] = ()


DEMO_SERVICES = (
    DemoService(
        "Northshire YJS",
        "northshire",
        "NS",
        "northshire.example",
        2026,
        quality=(("desistance", 0.93), ("child_safety", 0.82), ("others_safety", 0.7)),
        judgements=(
            ("1.1", "Good"),
            ("1.2", "Good"),
            ("1.3", "Requires improvement"),
            ("1.4", "Good"),
            ("3.4", "Good"),
        ),
    ),
    DemoService(
        "Southvale YJS",
        "southvale",
        "SV",
        "southvale.example",
        4052,
        quality=(("desistance", 0.8), ("child_safety", 0.62), ("others_safety", 0.5)),
        judgements=(
            ("1.1", "Requires improvement"),
            ("1.2", "Good"),
            ("1.3", "Requires improvement"),
            ("1.4", "Requires improvement"),
            ("3.4", "Inadequate"),
        ),
    ),
)
DEMO_FRAMEWORK = "hmip-youth-2021"
DEMO_COURT_CASES, DEMO_OOCD_CASES, DEMO_UNSUBMITTED = 12, 10, 2
# (local part, name, role, inspector); the case manager's name is the synthetic team's first,
# so the demo's feedback reaches someone who can read it.
CASE_MANAGER_NAME = ""
DEMO_PEOPLE = (
    ("admin", "Alex Admin", Role.ADMIN, False),
    ("lead", "Lindsay Lead", Role.QA_LEAD, False),
    ("qa", "Quinn Auditor", Role.AUDITOR, False),
    ("casemanager", CASE_MANAGER_NAME, Role.CASE_MANAGER, False),
    ("manager", "Morgan Manager", Role.MANAGER, False),
    ("board", "Bailey Boardmember", Role.BOARD, False),
    ("inspector", "Indra Inspector", Role.AUDITOR, True),
)


def demo_password() -> str:
    return os.environ.get("YJQA_DEMO_PASSWORD") or DEFAULT_PASSWORD


def demo_sign_ins() -> list[tuple[str, str, str]]:
    """(service, email, role) for every demo person, for printing."""
    return [
        (svc.name, f"{local}@{svc.domain}", role.label + (" (inspector)" if inspector else ""))
        for svc in DEMO_SERVICES
        for local, _name, role, inspector in DEMO_PEOPLE
    ]


DEMO_ACTOR = Actor.operator(via=AuditEvent.Via.DEMO)


@transaction.atomic
def seed_demo() -> list[Service]:
    password = demo_password()
    seeded = []
    seed_demo_benchmark()  # published national ratings, shared by every service
    for spec in DEMO_SERVICES:
        synthetic = generate_service(spec.name, spec.code, seed=spec.seed)
        service = service_with_slug(spec.slug) or do_create_service(
            DEMO_ACTOR,
            name=spec.name,
            slug=spec.slug,
            code=spec.code,
            population_10_17=synthetic.population_10_17,
        )
        for local, full_name, role, inspector in DEMO_PEOPLE:
            email = f"{local}@{spec.domain}"
            if has_member(service, email):
                continue
            added = do_add_member(
                DEMO_ACTOR,
                service,
                email=email,
                full_name=full_name or synthetic.case_managers[0],
                role=role,
                is_inspector=inspector,
                expires_at=timezone.now() + timedelta(days=365) if inspector else None,
            )
            if added.created_person:
                do_set_password(DEMO_ACTOR, added.membership.user, password)
        _seed_cases(service, synthetic)
        seed_demo_victims(service, synthetic, spec.seed)
        _seed_inspection(service, spec, synthetic)
        _seed_mock_2025(service, spec, synthetic)
        _seed_national_standards(service, spec, synthetic)
        _seed_indicator_data(service, spec)
        people = _demo_people(service)
        inspection = Inspection.objects.get(service=service, title=DEMO_INSPECTION_TITLE)
        seed_demo_improvement(service, people, inspection)
        seed_demo_surveys(service, spec.seed)
        seed_demo_staff_survey(service, inspection.fieldwork_start, spec.seed)
        seed_demo_board_history(service, inspection.fieldwork_start)
        seed_demo_held_meetings(service)  # after the surveys: the frozen packs hold them
        seed_demo_youth_justice_plan(service)
        seed_demo_concerns(service)
        seed_demo_judgement_evidence(service)
        seed_demo_screening(service)
        seeded.append(service)
    return seeded


DEMO_INDICATOR_YEARS = 4
DEMO_INDICATOR_START = 2022  # so the demo's latest full year is April 2024 to March 2025
DEMO_NEW_CHILDREN_RATE = 0.004  # rates per head near the published national ones


def _seed_indicator_data(service: Service, spec: DemoService) -> None:
    """Four years of synthetic children, outcomes and population for the indicators."""
    if has_outcomes(service):
        return
    data = generate_national(
        services=1,
        years=DEMO_INDICATOR_YEARS,
        seed=spec.seed,
        start_year=DEMO_INDICATOR_START,
        new_children_rate=DEMO_NEW_CHILDREN_RATE,
    )
    tables = [
        TableImport(
            table,
            getattr(data, table).with_columns(pl.lit(service.name).alias("service")),
            f"synthetic demo {table}",
        )
        for table in ("people", "outcomes", "population")
    ]
    do_import_indicator_data(DEMO_ACTOR, service, tables)


def _seed_cases(service: Service, synthetic: SyntheticService) -> None:
    """The synthetic caseload, imported as a file would be (once: later runs add nothing)."""
    existing = case_refs_of(service)
    rows = [caseload_row(case) for case in synthetic.cases if case.case_ref not in existing]
    if rows:
        do_import_caseload(DEMO_ACTOR, service, rows, source="synthetic demo caseload")


DEMO_INSPECTION_TITLE = "HMIP inspection 2026 (demo)"


def _demo_people(service: Service) -> dict[str, User]:
    """The demo people of the service, by the local part of their email address."""
    return {m.user.email.split("@")[0]: m.user for m in service.memberships.select_related("user")}


def _demo_members(service: Service) -> dict[str, Actor]:
    """The demo people acting in the service (by the local part of their email address), so
    the inspection's history and its "drawn by", "moderated by" say who, as in real use."""
    return {
        m.user.email.split("@")[0]: Actor.member(m, via=AuditEvent.Via.DEMO)
        for m in service.memberships.select_related("user", "service")
    }


def _seed_inspection(service: Service, spec: DemoService, synthetic: SyntheticService) -> None:
    """An HMIP-style inspection in fieldwork: about 20 submitted case audits, judgements."""
    title = DEMO_INSPECTION_TITLE
    if Inspection.objects.filter(service=service, title=title).exists():
        return
    people = _demo_people(service)
    members = _demo_members(service)
    manager = members["manager"]
    start, end = synthetic.cases[0].outcome_date, synthetic.cases[-1].outcome_date
    inspection = do_create_inspection(
        manager,
        service,
        title=title,
        framework_id=DEMO_FRAMEWORK,
        kind=Inspection.Kind.HMIP,
        status=Inspection.Status.FIELDWORK,
        court_window_start=start,
        court_window_end=end,
        oocd_window_start=start,
        oocd_window_end=end,
        lead=people["manager"],
        team=[people["qa"], people["inspector"]],
    )
    framework = inspection.framework
    for sample_domain, size in (("court", DEMO_COURT_CASES), ("oocd", DEMO_OOCD_CASES)):
        do_draw_sample(
            manager,
            inspection,
            domain=sample_domain,
            plan_id="fixed",
            seed=spec.seed,
            fixed_size=size,
        )
    auditors = [people["qa"], people["inspector"]]
    do_assign_auditors(
        manager,
        inspection,
        {
            audit.pk: auditors[index % 2]
            for index, audit in enumerate(inspection.audits.order_by("case__case_ref"))
        },
    )
    quality = dict(spec.quality)
    audits = list(inspection.audits.select_related("case", "auditor").order_by("case__case_ref"))
    for audit in audits[: len(audits) - DEMO_UNSUBMITTED]:
        domain = framework.domain(audit.domain_id)
        answers = synthetic_audit_answers(
            domain, seed=spec.seed, case_ref=audit.case.case_ref, strand_quality=quality
        )
        assert audit.auditor is not None
        do_save_audit(
            members[audit.auditor.email.split("@")[0]],
            audit,
            audit.version,
            AuditInput(answers, {}, {}, case_manager_interviewed=True),
            submit=True,
        )
    _seed_double_marking(inspection, spec, [people["qa"], people["inspector"]], members)
    for standard_id, rating in spec.judgements:
        do_save_judgement(
            manager,
            inspection,
            standard_id,
            0,
            rating=rating,
            evidence="Documents submitted in advance, meetings with staff, managers, board "
            "members and partners, and the cases inspected.",
        )
    _seed_report_text(manager, inspection, spec)


DEMO_MOCK_2025_TITLE = "Mock inspection 2026: work with children and victims (demo)"
# The 2025 programme's smallest samples (DOMAIN.md section 4), so the demo stays quick.
DEMO_MOCK_CHILDREN, DEMO_MOCK_VICTIMS, DEMO_MOCK_UNSUBMITTED = 14, 9, 3


def _seed_mock_2025(service: Service, spec: DemoService, synthetic: SyntheticService) -> None:
    """A mock inspection on the 2025 framework: children's and victims' samples, audited."""
    if Inspection.objects.filter(service=service, title=DEMO_MOCK_2025_TITLE).exists():
        return
    people = _demo_people(service)
    members = _demo_members(service)
    lead = members["lead"]  # the QA lead runs the service's own audit programme
    start, end = synthetic.cases[0].outcome_date, synthetic.cases[-1].outcome_date
    inspection = do_create_inspection(
        lead,
        service,
        title=DEMO_MOCK_2025_TITLE,
        framework_id="hmip-youth-2025",
        inspection_type=Inspection.InspectionType.CHILDREN_AND_VICTIMS,
        kind=Inspection.Kind.MOCK,
        status=Inspection.Status.FIELDWORK,
        children_window_start=start,
        children_window_end=end,
        victims_window_start=start,
        victims_window_end=end,
        lead=people["lead"],
        team=[people["qa"], people["inspector"]],
    )
    for domain, size in (("children", DEMO_MOCK_CHILDREN), ("victims", DEMO_MOCK_VICTIMS)):
        do_draw_sample(
            lead, inspection, domain=domain, plan_id="fixed", seed=spec.seed, fixed_size=size
        )
    auditors = [people["qa"], people["inspector"]]
    audits = list(inspection.audits.select_related("case", "victim").order_by("domain_id", "pk"))
    do_assign_auditors(
        lead, inspection, {audit.pk: auditors[n % 2] for n, audit in enumerate(audits)}
    )
    framework = inspection.framework
    quality = {"positive_change": spec.quality[0][1], "safety": spec.quality[2][1]}
    for audit in audits[: len(audits) - DEMO_MOCK_UNSUBMITTED]:
        audit.refresh_from_db()
        answers = synthetic_audit_answers(
            framework.domain(audit.domain_id),
            seed=spec.seed,
            case_ref=audit.ref,
            strand_quality=quality,
        )
        assert audit.auditor is not None
        do_save_audit(
            members[audit.auditor.email.split("@")[0]],
            audit,
            audit.version,
            AuditInput(answers, {}, {}, case_manager_interviewed=True),
            submit=True,
        )


DEMO_NATIONAL_STANDARDS_TITLE = "National standards self-assessment 2026 (demo)"
DEMO_NATIONAL_STANDARDS_FRAMEWORK = "yjb-national-standards-2019"
DEMO_NATIONAL_STANDARDS_PLAN = "yjb-ns-2019"
# The strategic (judgement) standards' evidence, standard by standard.
DEMO_NATIONAL_STANDARDS_EVIDENCE = {
    "1.1": "The joint decision-making panel's terms of reference, signed by the police and the "
    "service; the board's review of out-of-court outcomes by ethnicity and sex.",
    "2.1": "The court user group's minutes; the board's report on pre-sentence report "
    "timeliness; the protocol with the court on bail and remand.",
    "3.1": "The workforce plan and caseload figures; the commissioned interventions "
    "(speech and language, substance misuse, education) and their waiting times.",
    "4.1": "The protocols with the secure establishments the service's children are placed "
    "in; the board's review of children remanded to youth detention.",
    "5.1": "The resettlement policy; the accommodation panel's minutes; the transition "
    "protocol with Probation and adult health services.",
}
DEMO_NATIONAL_STANDARDS_FINDINGS = {
    "1.1": "The board and the police review out-of-court outcomes together each quarter, "
    "including who is diverted and who is not.",
    "2.1": "The board receives reports on the timeliness and quality of reports to court, "
    "and the court user group meets regularly.",
    "3.1": "Caseloads are manageable, but waiting times for speech and language support are "
    "too long.",
    "4.1": "Protocols with the secure establishments are in place and reviewed each year.",
    "5.1": "Partners attend the accommodation panel, but suitable accommodation on release "
    "is not always found in time.",
    "1.2": "Out-of-court decisions were made jointly with the police and rested on an "
    "assessment of the child. Victims' views were sought in most cases.",
    "2.2": "Reports to court were timely and balanced. Alternatives to remand were offered "
    "where the court considered it.",
    "3.2": "Plans in the community built on children's strengths; reviewing after a change "
    "in the child's circumstances was less consistent.",
    "4.2": "Case managers kept in touch with children in custody and shared information "
    "promptly with the secure establishment.",
    "5.2": "Planning for release started early, but accommodation was not always in place "
    "in good time.",
}


def _seed_national_standards(
    service: Service, spec: DemoService, synthetic: SyntheticService
) -> None:
    """A published national standards self-assessment: the five standards' samples drawn
    by the YJB's plan (a case may be in several, and is audited once in each), every audit
    submitted, the strategic standards' judgements and each standard's findings recorded."""
    if Inspection.objects.filter(service=service, title=DEMO_NATIONAL_STANDARDS_TITLE).exists():
        return
    people = _demo_people(service)
    members = _demo_members(service)
    lead = members["lead"]
    start, end = synthetic.cases[0].outcome_date, synthetic.cases[-1].outcome_date
    windows = {
        f"{sample}_window_{edge}": day
        for sample in ("oocd", "court", "community", "secure", "resettlement")
        for edge, day in (("start", start), ("end", end))
    }
    inspection = do_create_inspection(
        lead,
        service,
        title=DEMO_NATIONAL_STANDARDS_TITLE,
        framework_id=DEMO_NATIONAL_STANDARDS_FRAMEWORK,
        kind=Inspection.Kind.NATIONAL_STANDARDS,
        status=Inspection.Status.FIELDWORK,
        lead=people["lead"],
        team=[people["qa"]],
        **windows,
    )
    framework = inspection.framework
    for sample_domain in sample_domains(framework):
        do_draw_sample(
            lead,
            inspection,
            domain=sample_domain,
            plan_id=DEMO_NATIONAL_STANDARDS_PLAN,
            seed=spec.seed,
        )
    # The service's QA officer audits the cases; the QA lead runs the self-assessment.
    do_share_cases(lead, inspection, [people["qa"]])
    quality = {"": spec.quality[1][1]}
    audits = inspection.audits.select_related("case", "auditor").order_by("domain_id", "pk")
    for audit in audits:
        assert audit.auditor is not None
        do_save_audit(
            members[audit.auditor.email.split("@")[0]],
            audit,
            audit.version,
            AuditInput(
                _national_standards_answers(
                    framework.domain(audit.domain_id), audit, spec.seed, quality
                ),
                {},
                {},
                case_manager_interviewed=True,
            ),
            submit=True,
        )
    # An unrated framework's judgement: its notes, saved with the framework's one word (Not
    # rated, never shown) as the judgement form saves them, so that each counts as recorded.
    word = framework.rating_words()[0]
    for standard_id, evidence in DEMO_NATIONAL_STANDARDS_EVIDENCE.items():
        do_save_judgement(lead, inspection, standard_id, 0, rating=word, evidence=evidence)
    for standard_id, narrative in DEMO_NATIONAL_STANDARDS_FINDINGS.items():
        do_save_findings(
            lead,
            inspection,
            standard_id,
            narrative=narrative,
            strengths="",
            areas_for_improvement="",
        )
    do_update_inspection(
        lead,
        inspection,
        summary=f"This is a demonstration self-assessment of {spec.name} against the Youth "
        "Justice Board's national standards: every child, case and figure in it is synthetic.",
        fieldwork_start=end + timedelta(days=1),
        fieldwork_end=end + timedelta(days=28),
    )
    do_change_status(lead, inspection, Inspection.Status.MODERATION)
    # Published, as a finished self-assessment is: the report frozen, and the youth justice
    # plan's standards for children read from it as final.
    do_change_status(lead, inspection, Inspection.Status.PUBLISHED)


def _national_standards_answers(
    domain: Domain, audit: CaseAudit, seed: int, quality: dict[str, float]
) -> dict[str, str]:
    """Invented answers to a national standard's key questions for one case, plausible for
    it: the at-court question on alternatives to remand is not applicable to a child the
    court did not bail or remand."""
    answers = synthetic_audit_answers(
        domain, seed=seed, case_ref=f"{audit.case.case_ref}:{domain.id}", strand_quality=quality
    )
    if "2.2.4" in answers and audit.case.outcome not in BAIL_REMAND:
        answers["2.2.4"] = "n/a"
    return answers


DEMO_DOUBLE_MARKING_PERCENT = 20
DEMO_DISAGREEMENT = 0.15  # the chance a second auditor answers a key question differently


def _seed_double_marking(
    inspection: Inspection, spec: DemoService, auditors: list[User], members: dict[str, Actor]
) -> None:
    """Second markings with a few disagreements; the moderator has settled about half.

    The moderator sides with the first auditor here, so the demo's ratings are those of its
    first markings; the disagreements left waiting also leave the first answers counting.
    """
    manager = members["manager"]  # the inspection's lead, and its moderator
    inspection = do_update_inspection(
        manager, inspection, double_marking_percent=DEMO_DOUBLE_MARKING_PERCENT
    )
    rng = random.Random(spec.seed)
    for second in do_choose_double_marking(manager, inspection, auditors):
        first = inspection.audits.get(
            case=second.case,
            victim=second.victim,
            domain_id=second.domain_id,
            marking=CaseAudit.Marking.FIRST,
        )
        if first.status != CaseAudit.Status.SUBMITTED:
            continue
        answers = {a.key_question_id: a.answer for a in first.answers.all()}
        for question, answer in answers.items():
            if answer in ("yes", "no") and rng.random() < DEMO_DISAGREEMENT:
                answers[question] = "no" if answer == "yes" else "yes"
        assert second.auditor is not None
        do_save_audit(
            members[second.auditor.email.split("@")[0]],
            second,
            second.version,
            AuditInput(answers, {}, {}, case_manager_interviewed=True),
            submit=True,
        )
    for index, disagreement in enumerate(moderation_queue(inspection)):
        if index % 2 == 0:
            do_moderate_disagreement(
                manager,
                inspection,
                disagreement,
                agreed_answer=disagreement.first.answer,
                reason="The case record supports the first auditor's answer: the plan was "
                "reviewed when the child's circumstances changed.",
            )


DEMO_FINDINGS = {
    "2.1": (
        "Assessment activity was consistently strong for children's desistance. Case managers "
        "drew on information from other agencies and involved children and their parents or "
        "carers.\n\nAssessing how to keep other people safe was less consistent: who was at "
        "risk, and the nature of that risk, were not always clearly identified.",
        "Case managers knew their children well and took a child-first approach.\n"
        "Information from partner agencies was used well to understand desistance.",
        "Assessment of risks to other people must consistently identify who is at risk.",
    ),
    "1.2": (
        "Staff were knowledgeable, motivated and committed to achieving positive outcomes for "
        "children. Supervision was regular and effective.",
        "Morale was high and staff valued one another and their managers.\n"
        "Induction was comprehensive.",
        "Volunteers needed more structured supervision and support.",
    ),
}
DEMO_RECOMMENDATIONS = (
    (
        "The chair of the management board",
        "develop board members' knowledge of the youth justice context so that they can drive "
        "service improvements",
    ),
    (
        "The management board",
        "improve healthcare provision so that it meets children's emotional and mental health "
        "needs",
    ),
    (
        "The service manager",
        "ensure the consistently high quality of assessing and planning to keep other people "
        "safe in out-of-court disposal work",
    ),
)


def _seed_report_text(actor: Actor, inspection: Inspection, spec: DemoService) -> None:
    inspection = do_update_inspection(
        actor,
        inspection,
        summary=(
            f"This is a demonstration inspection of {spec.name}, a service invented for yjqa: "
            "every child, case and figure in it is synthetic.\n\n"
            "We found a committed, child-centred staff group and strong work to support "
            "children's desistance. Work to keep other people safe needs to be more consistent."
        ),
        fieldwork_start=inspection.court_window_end,
    )
    for standard_id, (narrative, strengths, areas) in DEMO_FINDINGS.items():
        do_save_findings(
            actor,
            inspection,
            standard_id,
            narrative=narrative,
            strengths=strengths,
            areas_for_improvement=areas,
        )
    for order, (addressee, text) in enumerate(DEMO_RECOMMENDATIONS, start=1):
        do_add_recommendation(actor, inspection, addressee=addressee, text=text, order=order)
