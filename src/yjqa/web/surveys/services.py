"""Writing surveys, links, responses and themes; reading responses back for the core's summaries.

Each `do_*` function checks the acting person may do it, runs in one transaction and writes
its audit-trail row. A response's row holds counts only, never the answers (children's words).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from yjqa.core.indicators.engine import financial_year_start
from yjqa.core.surveys.definitions import SurveyDefinition, SurveyResponse
from yjqa.core.surveys.summaries import summarise_survey
from yjqa.web.audit.models import AuditEvent
from yjqa.web.audit.trail import Actor, changes_between, created, record, require, snapshot
from yjqa.web.surveys.models import (
    CommentTheme,
    Response,
    ResponseAnswer,
    Survey,
    SurveyLink,
    new_link_code,
)
from yjqa.web.tenancy.models import Service

MAX_LINKS = 500  # at one time
# What a new survey's audit row shows.
SURVEY_FIELDS = ("title", "audience", "template_id", "period", "invited", "status")


def financial_year_label(day: date) -> str:
    """The financial year (April to March) a day is in, as "2025 to 2026"."""
    start = financial_year_start(day)
    return f"{start} to {start + 1}"


@transaction.atomic
def do_create_survey(
    actor: Actor,
    service: Service,
    definition: SurveyDefinition,
    *,
    period: str,
    title: str = "",
    template_id: str = "",
    invited: int | None = None,
) -> Survey:
    require(actor, service, "manage_surveys")
    survey = Survey.objects.create(
        service=service,
        title=title or definition.title,
        audience=definition.audience,
        template_id=template_id,
        definition=definition.model_dump(mode="json"),
        period=period,
        invited=invited,
        created_by=actor.user,
    )
    record(
        actor,
        "create_survey",
        survey,
        service=service,
        changes=created(snapshot(survey, SURVEY_FIELDS)),
    )
    return survey


def _fresh_codes(count: int) -> list[str]:
    """`count` new codes, distinct from each other and from every link's (a clash is rare, but
    would otherwise fail the whole batch)."""
    codes: set[str] = set()
    while len(codes) < count:
        wanted = {new_link_code() for _ in range(count - len(codes))} - codes
        taken = set(SurveyLink.objects.filter(code__in=wanted).values_list("code", flat=True))
        codes |= wanted - taken
    return sorted(codes)


@transaction.atomic
def do_generate_links(actor: Actor, survey: Survey, count: int) -> list[SurveyLink]:
    require(actor, survey.service, "manage_surveys")
    if not 1 <= count <= MAX_LINKS:
        raise ValueError(f"between 1 and {MAX_LINKS} links at a time")
    links = SurveyLink.objects.bulk_create(
        [SurveyLink(survey=survey, code=code) for code in _fresh_codes(count)]
    )
    # The codes are not recorded: each is what lets one person answer.
    record(
        actor, "generate_links", survey, service=survey.service, changes=created({"links": count})
    )
    return links


@transaction.atomic
def do_change_survey_status(actor: Actor, survey: Survey, status: str) -> bool:
    """Open or close a survey (a closed survey's links no longer work). False if it already
    had that status: nothing is written then."""
    require(actor, survey.service, "manage_surveys")
    if status not in Survey.Status.values:
        raise ValueError(f"no survey status {status!r}")
    if status == survey.status:
        return False
    before = snapshot(survey, ("status",))
    survey.status = status
    survey.save(update_fields=["status"])
    record(
        actor,
        "change_survey_status",
        survey,
        service=survey.service,
        changes=changes_between(before, snapshot(survey, ("status",))),
    )
    return True


@transaction.atomic
def do_submit_response(
    actor: Actor, link: SurveyLink, answers: Mapping[str, str]
) -> Response | None:
    """Record a response through a link, once: None if the link was used meanwhile.

    The link is the permission: it must belong to an open survey. The response is anonymous,
    so only a respondent (or the operator) may give one, and its audit row holds how many
    questions were answered, never the answers.
    """
    if not (actor.via == AuditEvent.Via.PUBLIC_LINK or actor.is_operator):
        raise PermissionDenied(f"{actor.label} may not answer a survey: only through its link.")
    survey = link.survey
    survey.refresh_from_db(fields=["status"])  # closed since the link was read?
    if survey.status != Survey.Status.OPEN:
        raise PermissionDenied("The survey is closed: its links no longer work.")
    now = timezone.now()
    claimed = SurveyLink.objects.filter(pk=link.pk, used_at__isnull=True).update(used_at=now)
    if not claimed:
        return None
    response = Response.objects.create(
        survey=survey, link=link, submitted_at=now, period=survey.period
    )
    given = ResponseAnswer.objects.bulk_create(
        [
            ResponseAnswer(response=response, question_id=question, value=value)
            for question, value in answers.items()
            if value.strip()
        ]
    )
    record(
        actor,
        "submit_response",
        response,
        service=survey.service,
        changes=created({"survey": survey.pk, "answers": len(given)}),
    )
    return response


@transaction.atomic
def do_import_responses(
    actor: Actor, survey: Survey, responses: Sequence[SurveyResponse], *, source: str = ""
) -> int:
    """Add responses checked by the core (`responses_for_survey`): all of them, or none.

    The audit row gives the file's name and how many responses and answers it added, never
    the answers themselves.
    """
    require(actor, survey.service, "manage_surveys")
    now = timezone.now()
    saved = Response.objects.bulk_create(
        [Response(survey=survey, submitted_at=now, period=survey.period) for _ in responses]
    )
    answers = ResponseAnswer.objects.bulk_create(
        [
            ResponseAnswer(response=response_row, question_id=question, value=value)
            for response_row, response in zip(saved, responses, strict=True)
            for question, value in response.answers.items()
        ],
        batch_size=2000,
    )
    record(
        actor,
        "import_responses",
        survey,
        service=survey.service,
        object_label=source,
        changes=created({"responses": len(saved), "answers": len(answers)}),
    )
    return len(saved)


@transaction.atomic
def do_add_theme(actor: Actor, survey: Survey, name: str) -> CommentTheme:
    """A theme for the survey's comments (the one already there if the name is taken)."""
    require(actor, survey.service, "manage_surveys")
    theme, made = CommentTheme.objects.get_or_create(survey=survey, name=name.strip())
    if made:
        record(
            actor,
            "add_theme",
            theme,
            service=survey.service,
            changes=created({"survey": survey.pk, "name": theme.name}),
        )
    return theme


@transaction.atomic
def do_assign_themes(actor: Actor, survey: Survey, assignments: Mapping[int, int | None]) -> int:
    """Give comments (text answers, by id) a theme (by id, or None for no theme).

    Answers and themes not of this survey are ignored. Returns the number changed. The audit
    row gives each changed comment's theme before and after, never the comment.
    """
    require(actor, survey.service, "manage_surveys")
    themes = dict(survey.themes.values_list("pk", "name"))
    answers = {
        a.pk: a
        for a in ResponseAnswer.objects.filter(response__survey=survey, pk__in=list(assignments))
    }
    text_ids = {q.id for q in survey.parsed().questions if q.kind == "text"}
    changed = []
    changes: dict[str, dict[str, str | None]] = {}
    for answer_id, theme_id in assignments.items():
        answer = answers.get(answer_id)
        if answer is None or answer.question_id not in text_ids:
            continue
        if theme_id is not None and theme_id not in themes:
            continue
        if answer.theme_id != theme_id:
            changes[f"comment {answer.pk}"] = {
                "before": themes.get(answer.theme_id) if answer.theme_id else None,
                "after": themes[theme_id] if theme_id is not None else None,
            }
            answer.theme_id = theme_id
            changed.append(answer)
    ResponseAnswer.objects.bulk_update(changed, ["theme"])
    if changed:
        record(actor, "assign_themes", survey, service=survey.service, changes=changes)
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
