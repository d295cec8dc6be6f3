"""Case-level records behind the performance indicators, held per service.

They mirror the three tables of `yjqa.core.indicators.data` (people, outcomes, population), so
an import is a check by the core followed by a bulk write, and the engine reads them back as
Polars frames.
"""

from __future__ import annotations

from django.db import models

from yjqa.web.tenancy.models import Service


class Child(models.Model):
    """A child known to the service: a pseudonymous id, never a name."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="+")
    person_id = models.CharField(max_length=64)
    sex = models.CharField(max_length=10)
    ethnicity = models.CharField(max_length=10)
    date_of_birth = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=("service", "person_id"), name="one_child_per_id")
        ]


class ChildOutcome(models.Model):
    """One outcome (caution, sentence...) for a child, with what was recorded at its end."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="+")
    outcome_id = models.CharField(max_length=64)
    person_id = models.CharField(max_length=64)
    offence_date = models.DateField()
    outcome_date = models.DateField()
    outcome = models.CharField(max_length=40)
    offence_category = models.CharField(max_length=40)
    gravity_score = models.PositiveSmallIntegerField()
    end_date = models.DateField(null=True, blank=True)
    accommodation_suitable = models.BooleanField(null=True)
    ete_suitable = models.BooleanField(null=True)
    send_identified = models.BooleanField(null=True)
    send_plan = models.BooleanField(null=True)
    mental_health_need = models.BooleanField(null=True)
    mental_health_attended = models.BooleanField(null=True)
    substance_misuse_need = models.BooleanField(null=True)
    substance_misuse_attended = models.BooleanField(null=True)
    wider_services = models.BooleanField(null=True)
    victim_contacted = models.BooleanField(null=True)
    victim_rj_offered = models.BooleanField(null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=("service", "outcome_id"), name="one_outcome_per_id")
        ]
        indexes = [models.Index(fields=("service", "person_id"))]


class PopulationCount(models.Model):
    """Children aged 10 to 17 living in the service's area (ONS mid-year estimates)."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    sex = models.CharField(max_length=10)
    ethnicity = models.CharField(max_length=10)
    age = models.PositiveSmallIntegerField()
    count = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=("service", "year", "sex", "ethnicity", "age"),
                name="one_count_per_group",
            )
        ]
