"""The demo service's youth justice plan: every section written (invented text, no real
people), in the shape of seed plan 003, with a budget, the staffing structure and an action for
each national standard. It stays a draft, so the demo's manager can change and sign it.

The plan is for 2025 to 2026, the demo's current plan year: the demo's indicator data run to
March 2025, the year this plan looks back on.
"""

from __future__ import annotations

from decimal import Decimal

from yjqa.core.documents.youth_justice_plan import FUNDING_SOURCES
from yjqa.web.audit.models import AuditEvent
from yjqa.web.audit.trail import Actor
from yjqa.web.inspections.models import Inspection
from yjqa.web.tenancy.models import Service
from yjqa.web.yjplan.models import StaffPost, YouthJusticePlan
from yjqa.web.yjplan.services import (
    BudgetFigures,
    do_add_staff_post,
    do_create_youth_justice_plan,
    do_save_youth_justice_plan,
)
from yjqa.web.yjplan.sources import action_key

DEMO_YEAR = 2025
DEMO_TEXTS = {
    "foreword": "This is our third youth justice plan, and it follows our first full inspection. "
    "The management board accepts the inspection's findings and has agreed a detailed plan to "
    "act on them, while keeping high ambitions for every child we work with.\n\n"
    "This year the board widened its membership and began a training programme so that every "
    "member understands the youth justice system. Attendance has been good, and partners share "
    "ownership of the service.\n\n"
    "On behalf of the board, thank you to the service's volunteers, practitioners and managers "
    "for their hard work this year.\n\n"
    "Jonathan Reed, Director of Children's Services, Chair of the Management Board\n\n"
    "Councillor Sam Ellis, Lead Member for Children's Services",
    "introduction": "Our vision is that every child we work with is safe, is treated as a child "
    "first, and leaves us with a positive future.\n\n"
    "The service works across a large, mostly rural area with two towns. About 18,000 children "
    "aged 10 to 17 live here.\n\n"
    "The plan was agreed by the management board after a workshop with staff, partners and "
    "children.",
    "governance": "The management board meets every two months, chaired by the local "
    "authority's director of children's services, with the police, health, probation, "
    "education and children's social care.\n\n"
    "## Partnerships\n\n"
    "The service is a member of:\n\n"
    "- the community safety partnership\n"
    "- the safeguarding children partnership, where the head of service chairs the "
    "exploitation group\n"
    "- the multi-agency public protection arrangements board\n"
    "- the family help partnership board",
    "progress": "Most of last year's priorities were met. The health group is the one area still "
    "behind plan, and it is a priority again this year.",
    "performance": "First time entrants fell for the third year. Reoffending is close to the "
    "national rate; the board reviews it at every meeting.",
    "risks": "| Risk | Actions to mitigate |\n"
    "| --- | --- |\n"
    "| Workforce | A workforce strategy for retention, development and wellbeing; a shared "
    "volunteer scheme with family help. |\n"
    "| Children's feedback | A participation strategy written with children, with feedback "
    "collected at each stage of their work with us. |\n"
    "| Health provision | A strategic health group to agree pathways for emotional and mental "
    "health support. |",
    "child_first": "We see children as children, build on their strengths, and divert them "
    "from the justice system wherever it is safe to do so.\n\n"
    "Every child's assessment is done with them, not to them: they and their parents or carers "
    "take part, and their plans are written with them in words they understand.",
    "voice": "44 children answered our feedback form this year, more than last year. We are "
    "writing a participation strategy with children so that their views shape the service.",
    "resources": "The service's budget is mostly staffing. Partners' in-kind contributions are "
    "seconded staff.",
    "board_development": "Each board member has a development plan:\n\n"
    "1. an induction for every new member, with an evaluation\n"
    "2. two training sessions a year on the youth justice system\n"
    "3. a visit to the service each year, meeting staff and children",
    "workforce_development": "Staff have supervision every four weeks, with training as a "
    "standing item.\n\n"
    "This year's training:\n\n"
    "- risk of harm assessment and management\n"
    "- the out-of-court disposal guidance\n"
    "- restorative justice and work with victims\n"
    "- unconscious bias",
    "evidence": "## A creative reparation project\n\n"
    "Children on reparation worked with a primary school to paint a mural of the pupils' "
    "poems. The school and families praised the work, and the children said it was the first "
    "time they had been thanked by their community.",
    "priorities": "| Priority area | Current position | Planned actions |\n"
    "| --- | --- | --- |\n"
    "| Over-representation | No over-representation of ethnic minority children; many children "
    "with special educational needs. | Monitor the data every quarter; an education "
    "subgroup. |\n"
    "| Prevention | Prevention work with the police and family help. | Review the offer with "
    "family help. |\n"
    "| Diversion | Weekly joint panels with the police, with an assessment first. | Audit "
    "out-of-court cases as part of quality assurance. |\n"
    "| Custody and resettlement | Custody cases have increased. | A board working group on "
    "the resettlement offer. |",
    "standards": "The service is aligning its quality assurance with the national standards "
    "as part of its improvement plan.",
    "inspection": "The inspection found a service on a positive trajectory. Its "
    "recommendations are the improvement plan's items.",
    "service_development": "This year's service development follows the inspection's "
    "improvement plan. Its main actions:\n\n"
    "1. strengthen the board's knowledge and oversight\n"
    "2. improve health provision for children\n"
    "3. secure speech and language support\n"
    "4. strengthen resettlement planning\n"
    "5. embed children's feedback in service improvement",
    "staffing": "The service also trains and works with volunteers, who sit on referral order "
    "panels.",
}
DEMO_STANDARD_ACTIONS = {
    "1": (
        "Targeted audits of out-of-court cases",
        "Regular audits of out-of-court disposals, feeding learning into practice.",
    ),
    "2": (
        "Quality assurance of court work",
        "Case file audits and moderation of the reports presented to court.",
    ),
    "3": (
        "Moderation of community work",
        "Audits of community orders check that plans are timely and include the child's voice.",
    ),
    "4": (
        "Constructive resettlement",
        "Audits include resettlement planning wherever a child is in custody.",
    ),
    "5": (
        "Transition planning",
        "A review of housing and service pathways for children leaving custody or the service.",
    ),
}
# (cash staffing, cash other, in kind staffing, in kind other)
DEMO_BUDGET: dict[str, BudgetFigures] = {
    "Youth Justice Board grant": (Decimal(398_000), Decimal(24_000), Decimal(0), Decimal(0)),
    "Local authority": (Decimal(452_500), Decimal(38_000), Decimal(0), Decimal(12_000)),
    "Police": (Decimal(0), Decimal(0), Decimal(58_000), Decimal(0)),
    "Probation": (Decimal(0), Decimal(5_000), Decimal(16_000), Decimal(0)),
    "Health": (Decimal(0), Decimal(0), Decimal(42_000), Decimal(0)),
}
# (role, contract, posts, full-time equivalent)
DEMO_STAFFING: tuple[tuple[str, str, int, Decimal], ...] = (
    ("Head of service", StaffPost.Contract.DIRECTLY_EMPLOYED, 1, Decimal(1)),
    ("Team manager", StaffPost.Contract.DIRECTLY_EMPLOYED, 2, Decimal(2)),
    ("Advanced practitioner", StaffPost.Contract.DIRECTLY_EMPLOYED, 1, Decimal(1)),
    ("Youth justice officer", StaffPost.Contract.DIRECTLY_EMPLOYED, 5, Decimal("4.6")),
    ("Prevention case worker", StaffPost.Contract.DIRECTLY_EMPLOYED, 2, Decimal("1.5")),
    ("Restorative justice worker", StaffPost.Contract.DIRECTLY_EMPLOYED, 1, Decimal(1)),
    ("Parenting officer", StaffPost.Contract.DIRECTLY_EMPLOYED, 1, Decimal("0.8")),
    ("Police officer", StaffPost.Contract.SECONDED, 1, Decimal(1)),
    ("Probation officer", StaffPost.Contract.SECONDED, 1, Decimal("0.5")),
    ("Health worker", StaffPost.Contract.SECONDED, 1, Decimal("0.6")),
)
NOTHING: BudgetFigures = (Decimal(0), Decimal(0), Decimal(0), Decimal(0))


def seed_demo_youth_justice_plan(service: Service) -> YouthJusticePlan:
    """The demo's draft plan for 2025 to 2026, written once (idempotent), through the services."""
    actor = Actor.operator(via=AuditEvent.Via.DEMO)
    plan, created = do_create_youth_justice_plan(actor, service, DEMO_YEAR)
    if created:
        texts = dict(DEMO_TEXTS)
        for domain_id, (action, details) in DEMO_STANDARD_ACTIONS.items():
            texts[action_key(domain_id, "action")] = action
            texts[action_key(domain_id, "details")] = details
        do_save_youth_justice_plan(
            actor,
            plan,
            # The demo's HMIP inspection is not published yet: the plan chooses it.
            inspection=service.inspections.filter(kind=Inspection.Kind.HMIP)
            .order_by("created_at", "id")
            .first(),
            texts=texts,
            budget={source: DEMO_BUDGET.get(source, NOTHING) for source in FUNDING_SOURCES},
        )
        for role, contract, posts, fte in DEMO_STAFFING:
            do_add_staff_post(actor, plan, role=role, contract=contract, posts=posts, fte=fte)
    return plan
