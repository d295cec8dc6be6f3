"""A service (a youth justice service) is the tenant; memberships give people a role in it."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import models
from django.db.models import Q, QuerySet
from django.utils import timezone


class Role(models.TextChoices):
    """What a person does in a service; `yjqa.web.tenancy.access.CAPABILITIES` says what each
    may do, and docs/roles.md explains it."""

    ADMIN = "admin", "Administrator"
    QA_LEAD = "qa_lead", "QA lead"
    AUDITOR = "auditor", "Auditor"
    MANAGER = "manager", "Manager"
    CASE_MANAGER = "case_manager", "Case manager"
    BOARD = "board", "Board member"


class Service(models.Model):
    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    code = models.CharField(
        max_length=10, unique=True, help_text="Short prefix of the service's case references."
    )
    population_10_17 = models.PositiveIntegerField(
        "children aged 10 to 17 in the area", null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("name",)

    def __str__(self) -> str:
        return self.name


class MembershipQuerySet(models.QuerySet["Membership"]):
    def active(self) -> MembershipQuerySet:
        """Memberships in force now: an inspector's access ends when it expires."""
        return self.filter(Q(expires_at__isnull=True) | Q(expires_at__gt=timezone.now()))


class Membership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices)
    is_inspector = models.BooleanField(
        "inspector",
        default=False,
        help_text="An inspector is an auditor from outside the service, with time-limited access.",
    )
    expires_at = models.DateTimeField("access ends", null=True, blank=True)
    # The person's name as this service knows them: set when the service adds them, so an
    # administrator elsewhere adding the same email with another name never changes it here.
    display_name = models.CharField("name in this service", max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ("service__name", "user__full_name")
        constraints = [
            models.UniqueConstraint(fields=("user", "service"), name="one_membership_per_service"),
            models.CheckConstraint(
                condition=Q(is_inspector=False) | (Q(role="auditor") & Q(expires_at__isnull=False)),
                name="inspector_is_auditor_with_expiry",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()}, {self.service})"

    @property
    def is_active(self) -> bool:
        return self.expires_at is None or self.expires_at > timezone.now()

    @property
    def name(self) -> str:
        """The person's name in this service (the account's, if the service gave none)."""
        return self.display_name or self.user.full_name or self.user.email


class AccessLog(models.Model):
    """Who viewed or changed which case record, when. Kept if the person or case goes."""

    class Action(models.TextChoices):
        VIEW = "view", "Viewed"
        CHANGE = "change", "Changed"
        CREATE = "create", "Created"
        DELETE = "delete", "Deleted"
        EXPORT = "export", "Exported"

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="access_log")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    user_email = models.EmailField()
    action = models.CharField(max_length=10, choices=Action.choices)
    record_type = models.CharField(max_length=40, default="case record")
    record_ref = models.CharField(max_length=100)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ("-at", "-id")
        indexes = [models.Index(fields=("service", "-at"))]

    def __str__(self) -> str:
        return f"{self.user_email} {self.action} {self.record_type} {self.record_ref} at {self.at}"


def memberships_of(user: AbstractBaseUser) -> QuerySet[Membership]:
    return Membership.objects.active().filter(user_id=user.pk).select_related("service")
