"""Writing surveys, links and responses; reading responses back for the core's summaries."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from yjqa.core.indicators.engine import financial_year_start
from yjqa.core.surveys.definitions import SurveyDefinition, SurveyResponse
from yjqa.core.surveys.summaries import summarise_survey
from yjqa.web.accounts.models import User
from yjqa.web.surveys.models import CommentTheme, Response, ResponseAnswer, Survey, SurveyLink
from yjqa.web.tenancy.models import Service

MAX_LINKS = 500  # at one time


def financial_year_label(day: date) -> str:
    """The financial year (April to March) a day is in, as "2025 to 2026"."""
    start = financial_year_start(day)
    return f"{start} to {start + 1}"


def do_create_survey(
    service: Service,
    definition: SurveyDefinition,
    *,
    period: str,
    title: str = "",
    template_id: str = "",
    invited: int | None = None,
    user: User | None = None,
) -> Survey:
    return Survey.objects.create(
        service=service,
        title=title or definition.title,
        audience=definition.audience,
        template_id=template_id,
        definition=definition.model_dump(mode="json"),
        period=period,
        invited=invited,
        created_by=user,
    )


def do_generate_links(survey: Survey, count: int) -> list[SurveyLink]:
    if not 1 <= count <= MAX_LINKS:
        raise ValueError(f"between 1 and {MAX_LINKS} links at a time")
    return SurveyLink.objects.bulk_create([SurveyLink(survey=survey) for _ in range(count)])


@transaction.atomic
def do_submit_response(link: SurveyLink, answers: Mapping[str, str]) -> Response | None:
    """Record a response through a link, once: None if the link was used meanwhile."""
    now = timezone.now()
    claimed = SurveyLink.objects.filter(pk=link.pk, used_at__isnull=True).update(used_at=now)
    if not claimed:
        return None
    survey = link.survey
    response = Response.objects.create(
        survey=survey, link=link, submitted_at=now, period=survey.period
    )
    ResponseAnswer.objects.bulk_create(
        [
            ResponseAnswer(response=response, question_id=question, value=value)
            for question, value in answers.items()
            if value.strip()
        ]
    )
    return response


@transaction.atomic
def do_import_responses(survey: Survey, responses: Sequence[SurveyResponse]) -> int:
    """Add responses checked by the core (`responses_for_survey`): all of them, or none."""
    now = timezone.now()
    created = Response.objects.bulk_create(
        [Response(survey=survey, submitted_at=now, period=survey.period) for _ in responses]
    )
    ResponseAnswer.objects.bulk_create(
        [
            ResponseAnswer(response=saved, question_id=question, value=value)
            for saved, response in zip(created, responses, strict=True)
            for question, value in response.answers.items()
        ],
        batch_size=2000,
    )
    return len(created)


def do_add_theme(survey: Survey, name: str) -> CommentTheme:
    theme, _ = CommentTheme.objects.get_or_create(survey=survey, name=name.strip())
    return theme


@transaction.atomic
def do_assign_themes(survey: Survey, assignments: Mapping[int, int | None]) -> int:
    """Give comments (text answers, by id) a theme (by id, or None for no theme).

    Answers and themes not of this survey are ignored. Returns the number changed.
    """
    themes = set(survey.themes.values_list("pk", flat=True))
    answers = {
        a.pk: a
        for a in ResponseAnswer.objects.filter(response__survey=survey, pk__in=list(assignments))
    }
    text_ids = {q.id for q in survey.parsed().questions if q.kind == "text"}
    changed = []
    for answer_id, theme_id in assignments.items():
        answer = answers.get(answer_id)
        if answer is None or answer.question_id not in text_ids:
            continue
        if theme_id is not None and theme_id not in themes:
            continue
        if answer.theme_id != theme_id:
            answer.theme_id = theme_id
            changed.append(answer)
    ResponseAnswer.objects.bulk_update(changed, ["theme"])
    return len(changed)


def survey_responses(survey: Survey) -> list[SurveyResponse]:
    """Every response to a survey, as the core reads them (with comments' themes)."""
    answers: dict[int, dict[str, str]] = {}
    themes: dict[int, dict[str, str]] = {}
    for response_id in survey.responses.values_list("pk", flat=True):
        answers[response_id] = {}
        themes[response_id] = {}
    rows = ResponseAnswer.objects.filter(response__survey=survey).values_list(
        "response_id", "question_id", "value", "theme__name"
    )
    for response_id, question_id, value, theme in rows:
        answers[response_id][question_id] = value
        if theme:
            themes[response_id][question_id] = theme
    return [SurveyResponse(answers[pk], themes[pk]) for pk in answers]


def survey_summary(survey: Survey, *, include_comments: bool) -> dict[str, Any]:
    """The core's summary of a survey, with the change since the previous one of its audience
    (under "previous_survey", that survey, or None)."""
    definition = survey.parsed()
    previous = survey.previous()
    names = list(survey.themes.values_list("name", flat=True))
    summary = summarise_survey(
        definition,
        survey_responses(survey),
        invited=survey.invited,
        previous=survey_responses(previous) if previous is not None else None,
        themes={q.id: names for q in definition.questions if q.kind == "text"},
        include_comments=include_comments,
    )
    summary["previous_survey"] = previous
    return summary
