"""The service's annual youth justice plan: its written sections and its budget."""

from __future__ import annotations

from django.db import models

from yjqa.web.tenancy.models import Service


class YouthJusticePlan(models.Model):
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="+")
    start_year = models.PositiveSmallIntegerField(
        help_text="The plan runs from April of this year to March of the next."
    )
    texts = models.JSONField(default=dict, blank=True)  # section id -> text
    # The inspection the plan reports; unset, the latest published HMIP one.
    inspection = models.ForeignKey(
        "inspections.Inspection",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="inspection the plan reports",
    )
    signed_off_by = models.CharField("chair of the management board", max_length=200, blank=True)
    signed_off_on = models.DateField("date signed", null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("-start_year",)
        constraints = [
            models.UniqueConstraint(fields=("service", "start_year"), name="one_plan_a_year")
        ]

    @property
    def period(self) -> str:
        return f"{self.start_year} to {self.start_year + 1}"

    def __str__(self) -> str:
        return f"Youth justice plan {self.period}"


class BudgetLine(models.Model):
    plan = models.ForeignKey(YouthJusticePlan, on_delete=models.CASCADE, related_name="budget")
    source = models.CharField(max_length=100)
    cash = models.DecimalField(max_digits=12, decimal_places=0, default=0)
    in_kind = models.DecimalField(max_digits=12, decimal_places=0, default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=("plan", "source"), name="one_line_per_source")
        ]
