"""The service's caseload: one pseudonymous record per child's outcome, never a name."""

from __future__ import annotations

from collections.abc import Mapping

from django.db import models

from yjqa.core.caseload import codes
from yjqa.web.tenancy.models import Service


def _choices(mapping: Mapping[str, str]) -> list[tuple[str, str]]:
    return list(mapping.items())


class CaseRecord(models.Model):
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="cases")
    case_ref = models.CharField("case reference", max_length=40)
    child_ref = models.CharField(
        "child reference",
        max_length=40,
        blank=True,
        help_text="The child's pseudonymous reference, the same on each of the child's "
        "records; blank where the record is the child's only one.",
    )
    sex = models.CharField(max_length=10, choices=_choices(codes.SEX))
    ethnicity = models.CharField(max_length=10, choices=_choices(codes.ETHNICITY))
    date_of_birth = models.DateField("date of birth")
    outcome = models.CharField(max_length=40, choices=_choices(codes.OUTCOME))
    outcome_date = models.DateField("outcome date")
    end_date = models.DateField("end date", null=True, blank=True)
    rosh = models.CharField(
        "risk of serious harm", max_length=10, choices=_choices(codes.RISK_LEVEL)
    )
    safety_wellbeing = models.CharField(
        "safety and wellbeing", max_length=10, choices=_choices(codes.RISK_LEVEL)
    )
    likelihood_of_reoffending = models.CharField(
        "likelihood of reoffending", max_length=10, blank=True, choices=_choices(codes.LIKELIHOOD)
    )
    case_manager = models.CharField("case manager", max_length=200, blank=True)
    looked_after = models.BooleanField("looked after", null=True, blank=True)
    send = models.BooleanField("SEND", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("-outcome_date", "case_ref")
        constraints = [
            models.UniqueConstraint(
                fields=("service", "case_ref"), name="case_ref_unique_in_service"
            )
        ]
        indexes = [
            models.Index(fields=("service", "outcome")),
            models.Index(fields=("service", "outcome_date")),
            models.Index(fields=("service", "child_ref")),
        ]

    def __str__(self) -> str:
        return self.case_ref

    @property
    def outcome_group(self) -> str:
        return codes.outcome_group(self.outcome)

    def age_at_outcome(self) -> int:
        return codes.age_on(self.date_of_birth, self.outcome_date)

    @property
    def child(self) -> str:
        """The child this record is about: records with one child reference are one child."""
        return self.child_ref or self.case_ref


class VictimRecord(models.Model):
    """A victim of a child's offence, linked to the child's case: pseudonymous, never a name."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="victims")
    victim_ref = models.CharField("victim reference", max_length=40)
    case = models.ForeignKey(
        CaseRecord,
        on_delete=models.PROTECT,
        related_name="victims",
        verbose_name="child's case",
    )
    offence_category = models.CharField(
        "offence category", max_length=40, choices=_choices(codes.OFFENCE_CATEGORY)
    )
    offence_date = models.DateField("offence date")
    first_contact_date = models.DateField("first contact date", null=True, blank=True)
    consent_to_contact = models.BooleanField("consent to contact", null=True, blank=True)
    restorative_justice_offered = models.BooleanField(
        "restorative justice offered", null=True, blank=True
    )
    restorative_justice_took_part = models.BooleanField(
        "took part in restorative justice", null=True, blank=True
    )
    safety_planning_needed = models.BooleanField("safety planning needed", null=True, blank=True)
    support_given = models.CharField(
        "support given", max_length=20, choices=_choices(codes.SUPPORT_GIVEN)
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("-offence_date", "victim_ref")
        constraints = [
            models.UniqueConstraint(
                fields=("service", "victim_ref"), name="victim_ref_unique_in_service"
            )
        ]
        indexes = [models.Index(fields=("service", "offence_date"))]

    def __str__(self) -> str:
        return self.victim_ref
