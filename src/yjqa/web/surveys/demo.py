"""Demo surveys: a children's survey this period and last, with synthetic answers and themes.

Idempotent: seeding again finds the surveys in place and changes nothing. Every answer is
invented; no child's words are used. The surveys, their status, themes and links go through the
services; the synthetic responses, dated over the weeks after each survey opened, are written
directly (no service writes a response in the past).
"""

from __future__ import annotations

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from yjqa.core.surveys.definitions import get_survey_definition
from yjqa.web.audit.models import AuditEvent
from yjqa.web.audit.trail import Actor
from yjqa.web.surveys.models import Response, ResponseAnswer, Survey
from yjqa.web.surveys.queries import has_survey
from yjqa.web.surveys.services import (
    do_add_theme,
    do_change_survey_status,
    do_create_survey,
    do_generate_links,
)
from yjqa.web.tenancy.models import Service

DEMO_TEMPLATE = "children-feedback"
DEMO_PERIOD, DEMO_PREVIOUS_PERIOD = "2025 to 2026", "2024 to 2025"
DEMO_UNUSED_LINKS = 5
DEMO_ACTOR = Actor.operator(via=AuditEvent.Via.DEMO)

_BEST = (
    ("Being listened to", "My worker listened to me"),
    ("Being listened to", "They listened and did not judge me"),
    ("Being listened to", "I could talk about anything"),
    ("Help with school, training or work", "Helped me get on a college course"),
    ("Help with school, training or work", "Sorting out my CV and a job interview"),
    ("Activities", "The boxing sessions"),
    ("Activities", "Going climbing with the group"),
    (None, "Nothing really"),
    (None, "It was alright"),
)
_BETTER = (
    ("Seeing my worker", "Not changing my worker so much"),
    ("Seeing my worker", "Meeting somewhere closer to home"),
    ("Seeing my worker", "Appointments after school not during it"),
    ("Explaining things", "Explain what the court meant in normal words"),
    ("Explaining things", "Tell me sooner what is going to happen"),
    (None, "Less forms"),
    (None, "Nothing, it was fine"),
)
_THEMES = sorted({t for t, _ in (*_BEST, *_BETTER) if t})
_AGES = ("10 to 13", "14 or 15", "14 or 15", "16 or 17", "16 or 17", "16 or 17", "18 or older")


def _rating(rng: random.Random, centre: float) -> str:
    return str(min(10, max(1, round(rng.gauss(centre, 1.8)))))


@transaction.atomic
def seed_demo_surveys(service: Service, seed: int) -> None:
    """A children's survey for this period (30 to 40 responses, comments partly themed, a few
    unused links) and last period's (closed; for the change since then), for one service."""
    if has_survey(service, template_id=DEMO_TEMPLATE, period=DEMO_PERIOD):
        return
    rng = random.Random(seed)
    definition = get_survey_definition(DEMO_TEMPLATE)
    now = timezone.now()
    for period, count, centre, age in (
        (DEMO_PREVIOUS_PERIOD, rng.randint(25, 32), 6.4, timedelta(days=365)),
        (DEMO_PERIOD, rng.randint(30, 40), 7.3, timedelta(days=30)),
    ):
        survey = do_create_survey(
            DEMO_ACTOR,
            service,
            definition,
            period=period,
            template_id=DEMO_TEMPLATE,
            invited=count + rng.randint(15, 30),
        )
        if period == DEMO_PREVIOUS_PERIOD:
            do_change_survey_status(DEMO_ACTOR, survey, Survey.Status.CLOSED)
        # Synthetic history: the survey opened in the past (no service backdates a survey).
        survey.created_at = now - age
        survey.save(update_fields=["created_at"])
        themes = {name: do_add_theme(DEMO_ACTOR, survey, name) for name in _THEMES}
        links = do_generate_links(DEMO_ACTOR, survey, count + DEMO_UNUSED_LINKS)
        for index, link in enumerate(links[:count]):
            submitted = survey.created_at + timedelta(days=1 + index % 25, hours=index % 9)
            link.used_at = submitted
            link.save(update_fields=["used_at"])
            response = Response.objects.create(
                survey=survey, link=link, submitted_at=submitted, period=period
            )
            answers: list[ResponseAnswer] = []
            for question in definition.rating_questions():
                answers.append(
                    ResponseAnswer(
                        response=response,
                        question_id=question.id,
                        value=_rating(rng, centre + (0.6 if question.id == "safe" else 0)),
                    )
                )
            answers.append(
                ResponseAnswer(
                    response=response,
                    question_id="saw_worker",
                    value=rng.choice(("About right", "About right", "Not enough", "Too much")),
                )
            )
            if rng.random() < 0.85:
                answers.append(
                    ResponseAnswer(
                        response=response, question_id="age_band", value=rng.choice(_AGES)
                    )
                )
            for question_id, pool, chance in (
                ("best_thing", _BEST, 0.7),
                ("do_better", _BETTER, 0.5),
            ):
                if rng.random() < chance:
                    theme, text = rng.choice(pool)
                    # An analyst has themed most comments, not all: some are left to do.
                    themed = theme is not None and rng.random() < 0.75
                    answers.append(
                        ResponseAnswer(
                            response=response,
                            question_id=question_id,
                            value=text,
                            theme=themes[theme] if themed and theme else None,
                        )
                    )
            ResponseAnswer.objects.bulk_create(answers)
