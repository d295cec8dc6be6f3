"""Surveys of children, parents or carers and staff, their single-use links and responses.

A response is anonymous: it holds the answers and when they were given, never who gave them.
Its link is kept only so that each link is used once; no page shows which link gave which
response.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone

from yjqa.core.surveys.codes import new_code
from yjqa.core.surveys.definitions import AUDIENCES, SurveyDefinition
from yjqa.web.tenancy.models import Service


def new_link_code() -> str:
    """A short code, ABCD-EFGH (`yjqa.core.surveys.codes`). Links made before short codes have
    24 URL-safe characters, and keep them."""
    return new_code()


class Survey(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="surveys")
    title = models.CharField(max_length=200)
    audience = models.CharField(max_length=20, choices=list(AUDIENCES.items()))
    template_id = models.CharField("template", max_length=60, blank=True)
    definition = models.JSONField(help_text="The survey definition (yjqa.core.surveys).")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    period = models.CharField(max_length=40, help_text='e.g. "2025 to 2026"')
    invited = models.PositiveIntegerField("number invited", null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ("-created_at", "-pk")
        indexes = [models.Index(fields=("service", "audience", "created_at"))]

    def __str__(self) -> str:
        return f"{self.title} ({self.period})"

    def parsed(self) -> SurveyDefinition:
        """The definition, as the core reads it (with this survey's title)."""
        data: dict[str, Any] = {**self.definition, "title": self.title}
        return SurveyDefinition.model_validate(data)

    def previous(self) -> Survey | None:
        """The service's last survey of the same audience before this one."""
        return (
            Survey.objects.filter(
                service_id=self.service_id,
                audience=self.audience,
                created_at__lt=self.created_at,
            )
            .order_by("-created_at", "-pk")
            .first()
        )


class SurveyLink(models.Model):
    """A single-use link to a survey's form: one response per code."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="links")
    code = models.CharField(max_length=64, unique=True, default=new_link_code)
    created_at = models.DateTimeField(default=timezone.now)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("created_at", "pk")

    def __str__(self) -> str:
        return f"Link for {self.survey_id}"


class Response(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    submitted_at = models.DateTimeField(default=timezone.now)
    # Null for responses imported from a file.
    link = models.OneToOneField(
        SurveyLink, on_delete=models.SET_NULL, null=True, blank=True, related_name="response"
    )
    period = models.CharField(max_length=40)

    class Meta:
        ordering = ("submitted_at", "pk")

    def __str__(self) -> str:
        return f"Response {self.pk} to {self.survey_id}"


class CommentTheme(models.Model):
    """A theme an analyst gives comments (free-text answers) to count them by."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="themes")
    name = models.CharField(max_length=100)

    class Meta:
        ordering = ("name",)
        constraints = [
            models.UniqueConstraint(fields=("survey", "name"), name="theme_name_unique_in_survey")
        ]

    def __str__(self) -> str:
        return self.name


class ResponseAnswer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question_id = models.CharField(max_length=40)
    value = models.TextField()
    # Text answers only: the theme an analyst gave the comment.
    theme = models.ForeignKey(
        CommentTheme, on_delete=models.SET_NULL, null=True, blank=True, related_name="answers"
    )

    class Meta:
        ordering = ("pk",)
        constraints = [
            models.UniqueConstraint(
                fields=("response", "question_id"), name="one_answer_per_question"
            )
        ]

    def __str__(self) -> str:
        return f"{self.question_id}: {self.value[:40]}"
