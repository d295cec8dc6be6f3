"""Improvement plans (items and actions, with evidence and history) and board meetings.

The rules for an action's status, its timeliness and an item's overall status are the core's
(`yjqa.core.improvement.rules`); these models only keep the records.
"""

from __future__ import annotations

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from yjqa.core.improvement.rules import (
    ITEM_STATUS_LABELS,
    PARTNER_AGENCIES,
    STATUS_LABELS,
    ActionFacts,
    Status,
)
from yjqa.web.inspections.models import Inspection, Recommendation
from yjqa.web.tenancy.models import Service

ACTION_STATUS_CHOICES = [(s.value, label) for s, label in STATUS_LABELS.items()]
ITEM_STATUS_CHOICES = [(s.value, label) for s, label in ITEM_STATUS_LABELS.items()]


class ImprovementPlan(models.Model):
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="improvement_plans")
    inspection = models.ForeignKey(
        Inspection,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="improvement_plans",
        help_text="The inspection whose recommendations the plan answers, if any.",
    )
    title = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-created_at", "-id")
        constraints = [
            models.UniqueConstraint(
                fields=("inspection",),
                condition=Q(inspection__isnull=False),
                name="one_plan_per_inspection",
            )
        ]

    def __str__(self) -> str:
        return self.title


class PlanItem(models.Model):
    """One thing the plan must achieve: usually an inspection's recommendation."""

    plan = models.ForeignKey(ImprovementPlan, on_delete=models.CASCADE, related_name="items")
    recommendation = models.ForeignKey(
        Recommendation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField()
    addressee = models.CharField("addressed to", max_length=200, blank=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ("order", "id")
        constraints = [
            models.UniqueConstraint(
                fields=("plan", "recommendation"),
                condition=Q(recommendation__isnull=False),
                name="one_item_per_recommendation",
            )
        ]

    def __str__(self) -> str:
        return f"Item {self.order}: {self.text[:60]}"


class Action(models.Model):
    item = models.ForeignKey(PlanItem, on_delete=models.CASCADE, related_name="actions")
    description = models.TextField()
    # Free text: owners are often partner managers with no account here.
    owner = models.CharField(max_length=200, help_text="A name and role, e.g. Sam Lee, head of …")
    due_date = models.DateField()
    status = models.CharField(
        max_length=20, choices=ACTION_STATUS_CHOICES, default=Status.NOT_STARTED.value
    )
    closed_reason = models.TextField("reason closed", blank=True)
    version = models.PositiveIntegerField(default=0)  # optimistic locking
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ("due_date", "id")

    def __str__(self) -> str:
        return self.description[:80]

    @property
    def status_enum(self) -> Status:
        return Status(self.status)

    @property
    def facts(self) -> ActionFacts:
        return ActionFacts(Status(self.status), self.due_date)


def evidence_path(instance: Evidence, filename: str) -> str:
    """Stored under a random name: the original name is kept in the record, not on disk."""
    suffix = PurePath(filename).suffix.lower()[:10]
    service_id = instance.action.item.plan.service_id
    return f"improvement/{service_id}/{uuid.uuid4().hex}{suffix}"


class Evidence(models.Model):
    """What shows an action was done or is progressing: a note, a file, or both."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="evidence")
    note = models.TextField(blank=True)
    file = models.FileField(upload_to=evidence_path, blank=True, max_length=300)
    file_name = models.CharField(max_length=200, blank=True)  # as uploaded
    added_at = models.DateTimeField(default=timezone.now)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ("-added_at", "-id")
        constraints = [
            models.CheckConstraint(
                condition=~Q(note="") | ~Q(file=""), name="evidence_has_a_note_or_file"
            )
        ]

    def __str__(self) -> str:
        return self.note[:60] or self.file_name


class ActionChange(models.Model):
    """One change to one field of an action: who, when, from what, to what (and why)."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="changes")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    user_name = models.CharField(max_length=200, blank=True)  # kept if the person goes
    at = models.DateTimeField(default=timezone.now, db_index=True)
    field = models.CharField(max_length=40)
    old_value = models.TextField(blank=True)
    new_value = models.TextField(blank=True)
    reason = models.TextField(blank=True)
    source = models.CharField(max_length=40, blank=True)  # e.g. "spreadsheet import"

    class Meta:
        ordering = ("-at", "-id")

    def __str__(self) -> str:
        return f"{self.field}: {self.old_value!r} → {self.new_value!r}"


class BoardMeeting(models.Model):
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="board_meetings")
    date = models.DateField()
    notes = models.TextField(blank=True)
    # The inspection whose ratings the pack shows; unset, the latest published HMIP one.
    inspection = models.ForeignKey(
        Inspection,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="inspection the pack reports",
    )
    # Marked held: the pack is frozen as the board saw it (`pack`), never rebuilt.
    held_at = models.DateTimeField("marked held", null=True, blank=True)
    pack = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-date", "-id")

    def __str__(self) -> str:
        return f"Board meeting, {self.date:%d %B %Y}"


class Attendance(models.Model):
    """Whether a partner agency was at a meeting (KPI 7, management board attendance)."""

    meeting = models.ForeignKey(BoardMeeting, on_delete=models.CASCADE, related_name="attendance")
    agency = models.CharField(max_length=40, choices=PARTNER_AGENCIES)
    attended = models.BooleanField(default=False)
    representative = models.CharField("represented by", max_length=200, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=("meeting", "agency"), name="one_attendance_per_agency")
        ]

    def __str__(self) -> str:
        return f"{self.get_agency_display()}: {'attended' if self.attended else 'absent'}"


class ItemReview(models.Model):
    """The board's decision on a plan item at a meeting, with the item's status then."""

    meeting = models.ForeignKey(BoardMeeting, on_delete=models.CASCADE, related_name="reviews")
    item = models.ForeignKey(PlanItem, on_delete=models.CASCADE, related_name="reviews")
    decision = models.TextField()
    status_at_review = models.CharField(max_length=20, choices=ITEM_STATUS_CHOICES)

    class Meta:
        ordering = ("item__order", "item_id")
        constraints = [
            models.UniqueConstraint(fields=("meeting", "item"), name="one_review_per_item")
        ]

    def __str__(self) -> str:
        return f"{self.item} at {self.meeting}"
