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
        ]

    def __str__(self) -> str:
        return self.case_ref

    @property
    def outcome_group(self) -> str:
        return codes.outcome_group(self.outcome)

    def age_at_outcome(self) -> int:
        return codes.age_on(self.date_of_birth, self.outcome_date)
