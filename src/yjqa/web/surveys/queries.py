"""Reading a service's surveys, their links and comments (for the pages and the command line)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count, QuerySet

from yjqa.core.surveys.codes import short_code
from yjqa.core.validation.fields import text_problem
from yjqa.web.surveys.models import CommentTheme, ResponseAnswer, Survey, SurveyLink
from yjqa.web.tenancy.models import Service


def surveys_of(service: Service) -> QuerySet[Survey]:
    """The service's surveys, newest first, each with its `response_count`."""
    return (
        Survey.objects.filter(service=service)
        .annotate(response_count=Count("responses"))
        .order_by("-created_at", "-pk")
    )


def has_survey(service: Service, *, template_id: str, period: str) -> bool:
    """Whether the service has a survey from this template for this period."""
    return Survey.objects.filter(service=service, template_id=template_id, period=period).exists()


def links_of(survey: Survey) -> QuerySet[SurveyLink]:
    return survey.links.all()


def unused_links(survey: Survey) -> QuerySet[SurveyLink]:
    return survey.links.filter(used_at__isnull=True)


def used_link_count(survey: Survey) -> int:
    return survey.links.filter(used_at__isnull=False).count()


def link_with_code(code: str) -> SurveyLink | None:
    """The link with this code (and its survey and service), or None. A short code is read in
    any case, with or without its hyphen; an older, long code exactly as it is."""
    stored = short_code(code) or code
    if text_problem(stored, 64) is not None:  # the field rules: no NUL reaches the database
        return None
    links = SurveyLink.objects.select_related("survey", "survey__service")
    return links.filter(code=stored).first()


def themes_of(survey: Survey) -> QuerySet[CommentTheme]:
    return CommentTheme.objects.filter(survey=survey)


def comments_of(survey: Survey, question_ids: Iterable[str]) -> QuerySet[ResponseAnswer]:
    """The answers to the given (text) questions, by question then as given."""
    return ResponseAnswer.objects.filter(
        response__survey=survey, question_id__in=list(question_ids)
    ).order_by("question_id", "pk")
