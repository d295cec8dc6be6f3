"""Demo data: two synthetic services with people in every role and a caseload each.

Idempotent: seeding again finds everything in place and changes nothing.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from yjqa.core.synthetic import SyntheticService, generate_service
from yjqa.web.accounts.models import User
from yjqa.web.caseload.models import CaseRecord
from yjqa.web.tenancy.models import Membership, Role, Service

DEFAULT_PASSWORD = "northshire-demo-2026"


@dataclass(frozen=True)
class DemoService:
    name: str
    slug: str
    code: str
    domain: str
    seed: int


DEMO_SERVICES = (
    DemoService("Northshire YJS", "northshire", "NS", "northshire.example", 2026),
    DemoService("Southvale YJS", "southvale", "SV", "southvale.example", 4052),
)
# (local part, name, role, inspector)
DEMO_PEOPLE = (
    ("admin", "Alex Admin", Role.ADMIN, False),
    ("qa", "Quinn Auditor", Role.AUDITOR, False),
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


@transaction.atomic
def seed_demo() -> list[Service]:
    password = demo_password()
    seeded = []
    for spec in DEMO_SERVICES:
        synthetic = generate_service(spec.name, spec.code, seed=spec.seed)
        service, _ = Service.objects.get_or_create(
            slug=spec.slug,
            defaults={
                "name": spec.name,
                "code": spec.code,
                "population_10_17": synthetic.population_10_17,
            },
        )
        for local, full_name, role, inspector in DEMO_PEOPLE:
            email = f"{local}@{spec.domain}"
            user = User.objects.filter(email=email).first()
            if user is None:
                user = User.objects.create_user(email, password, full_name=full_name)
            if not Membership.objects.filter(user=user, service=service).exists():
                Membership.objects.create(
                    user=user,
                    service=service,
                    role=role,
                    is_inspector=inspector,
                    expires_at=timezone.now() + timedelta(days=365) if inspector else None,
                )
        _seed_cases(service, synthetic)
        seeded.append(service)
    return seeded


def _seed_cases(service: Service, synthetic: SyntheticService) -> None:
    existing = set(CaseRecord.objects.filter(service=service).values_list("case_ref", flat=True))
    CaseRecord.objects.bulk_create(
        [
            CaseRecord(
                service=service,
                case_ref=case.case_ref,
                sex=case.sex,
                ethnicity=case.ethnicity,
                date_of_birth=case.date_of_birth,
                outcome=case.outcome,
                outcome_date=case.outcome_date,
                end_date=case.end_date,
                rosh=case.rosh,
                safety_wellbeing=case.safety_wellbeing,
                likelihood_of_reoffending=case.likelihood_of_reoffending or "",
                case_manager=case.case_manager,
                looked_after=case.looked_after,
                send=case.send,
            )
            for case in synthetic.cases
            if case.case_ref not in existing
        ],
        batch_size=500,
    )
