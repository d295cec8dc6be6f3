"""The demo's victims' caseload: synthetic victims of the demo children's offences.

Imported through `do_import_victims` as a file would be, once: seeding again adds nothing (not
even an audit row).
"""

from __future__ import annotations

from datetime import date

from yjqa.core.synthetic.caseload import SyntheticService
from yjqa.core.synthetic.victims import generate_victims
from yjqa.web.audit.models import AuditEvent
from yjqa.web.audit.trail import Actor
from yjqa.web.caseload.queries import victim_refs_of
from yjqa.web.caseload.services import do_import_victims
from yjqa.web.tenancy.models import Service

DEMO_VICTIMS_SOURCE = "synthetic demo victims' caseload"


def seed_demo_victims(service: Service, synthetic: SyntheticService, seed: int) -> None:
    """The victims of the synthetic caseload's offences (its cases already imported), dated
    no later than today."""
    existing = victim_refs_of(service)
    rows = [
        row
        for row in generate_victims(
            synthetic.cases, code=synthetic.code, seed=seed, as_of=date.today()
        )
        if row.victim_ref not in existing
    ]
    if rows:
        do_import_victims(
            Actor.operator(via=AuditEvent.Via.DEMO), service, rows, source=DEMO_VICTIMS_SOURCE
        )
