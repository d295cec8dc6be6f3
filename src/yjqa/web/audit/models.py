"""One row per change: written by the service function that made it, in its transaction."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from yjqa.web.tenancy.models import Service


class AuditEvent(models.Model):
    """Who changed what, when; `changes` holds each changed field's value before and after.

    Kept when the person or the changed record goes, so the history stays whole. Events
    outside any one service (the national benchmark) have no service.
    """

    class Via(models.TextChoices):
        WEB = "web", "Web"
        API = "api", "API"
        COMMAND_LINE = "cli", "Command line"
        PUBLIC_LINK = "public", "Public link"
        DEMO = "demo", "Demo data"

    service = models.ForeignKey(
        Service, null=True, blank=True, on_delete=models.CASCADE, related_name="audit_events"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(max_length=254)
    via = models.CharField(max_length=10, choices=Via.choices)
    action = models.CharField(max_length=80)  # the service function's verb and noun
    object_type = models.CharField(max_length=60)
    object_id = models.CharField(max_length=60, blank=True)
    object_label = models.CharField(max_length=200, blank=True)
    # Which inspection the change belongs to, for its history page (a plain number, so the
    # trail outlives the inspection and depends on no other app).
    inspection_id = models.PositiveIntegerField(null=True, blank=True, db_index=True)
    changes = models.JSONField(default=dict, blank=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ("-at", "-id")
        indexes = [models.Index(fields=("service", "-at"))]

    def __str__(self) -> str:
        return f"{self.actor_label} {self.action} {self.object_type} {self.object_id} at {self.at}"


class CacheGeneration(models.Model):
    """A random token that changes, in the same transaction, with every change to what a
    cached figure was computed from (yjqa.web.audit.generations): an inspection's ratings, a
    service's data, the whole installation's. A cached entry is keyed by the tokens it was
    computed under, so once they change no process can serve it again."""

    key = models.CharField(max_length=80, primary_key=True)
    token = models.CharField(max_length=32)

    def __str__(self) -> str:
        return f"{self.key}: {self.token}"
