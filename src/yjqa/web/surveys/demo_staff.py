"""The demo's staff survey: run and closed in the weeks before the demo inspection's
fieldwork, so the evidence for 1.2 (Staff) reads a real summary, as the published reports cite
their staff surveys.

Idempotent. Every answer is invented. The survey and its responses go through the services, as
a service imports an online survey's export; only their dates are then moved into the past.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from yjqa.core.surveys.definitions import SurveyResponse, get_survey_definition
from yjqa.web.surveys.demo import DEMO_ACTOR
from yjqa.web.surveys.models import Survey
from yjqa.web.surveys.queries import has_survey
from yjqa.web.surveys.services import (
    do_change_survey_status,
    do_create_survey,
    do_import_responses,
)
from yjqa.web.tenancy.models import Service

DEMO_STAFF_TEMPLATE = "staff-survey"
DEMO_STAFF_PERIOD = "2025 to 2026"
DEMO_STAFF_WEEKS_BEFORE = 8  # opened this long before fieldwork, for three weeks
# Centre of each rating (out of 10): supervision valued, workloads the sore point.
_CENTRES = {"supervision": 7.6, "workload": 5.4, "training": 6.9, "child_voice": 6.6}
_ROLES = ("Case manager",) * 5 + ("Practitioner or specialist",) * 3 + ("Manager", "Other")
_IMPROVE = (
    "More time with children and less on recording",
    "Smaller caseloads so we can see children more often",
    "Better access to speech and language therapy",
    "More joint training with children's social care",
    "Quicker information from the police about new cases",
)


@transaction.atomic
def seed_demo_staff_survey(service: Service, fieldwork_start: date | None, seed: int) -> None:
    """A closed staff survey of about 40 staff, some 60% of whom answered, opened eight weeks
    before the inspection's fieldwork (before today, without fieldwork) for three weeks."""
    if has_survey(service, template_id=DEMO_STAFF_TEMPLATE, period=DEMO_STAFF_PERIOD):
        return
    rng = random.Random(seed * 31 + 7)
    definition = get_survey_definition(DEMO_STAFF_TEMPLATE)
    invited = rng.randint(36, 44)
    answered = round(invited * rng.uniform(0.55, 0.68))
    survey = do_create_survey(
        DEMO_ACTOR,
        service,
        definition,
        period=DEMO_STAFF_PERIOD,
        template_id=DEMO_STAFF_TEMPLATE,
        invited=invited,
    )
    before = fieldwork_start or timezone.localdate()
    opened = datetime.combine(
        before - timedelta(weeks=DEMO_STAFF_WEEKS_BEFORE),
        time(9),
        tzinfo=timezone.get_current_timezone(),
    )
    responses = []
    for _ in range(answered):
        answers = {q.id: _rating(rng, q.id) for q in definition.rating_questions()}
        answers["role"] = rng.choice(_ROLES)
        if rng.random() < 0.6:
            answers["improve"] = rng.choice(_IMPROVE)
        responses.append(SurveyResponse(answers))
    do_import_responses(DEMO_ACTOR, survey, responses, source="staff-survey-export.csv")
    do_change_survey_status(DEMO_ACTOR, survey, Survey.Status.CLOSED)
    # Synthetic history: the survey ran in the past (no service backdates a survey).
    survey.created_at = opened
    survey.save(update_fields=["created_at"])
    for index, response in enumerate(survey.responses.order_by("pk")):
        response.submitted_at = opened + timedelta(days=index % 21, hours=index % 8)
        response.save(update_fields=["submitted_at"])


def _rating(rng: random.Random, question_id: str) -> str:
    centre = _CENTRES.get(question_id, 7.0)
    return str(min(10, max(1, round(rng.gauss(centre, 1.6)))))
