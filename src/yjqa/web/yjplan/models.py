"""The service's annual youth justice plan: its written sections, its budget, its staffing
structure, and once signed off the document as it was signed."""

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
    # Signed off, the plan's document model as JSON, as it was signed: the plan is read from
    # this, never rebuilt, until it is reopened (which empties it).
    signed_document = models.TextField(blank=True)
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
    """A funding source's contribution: cash and in kind, each as staffing and other costs,
    in pounds (pence allowed: the plan prints whole pounds, its totals from these)."""

    source = models.CharField(max_length=100)
    cash_staffing = models.DecimalField(max_digits=12, decimal_places=2, default=0)
    cash_other = models.DecimalField(max_digits=12, decimal_places=2, default=0)
    in_kind_staffing = models.DecimalField(max_digits=12, decimal_places=2, default=0)
    in_kind_other = models.DecimalField(max_digits=12, decimal_places=2, default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=("plan", "source"), name="one_line_per_source")
        ]


class StaffPost(models.Model):
    """A row of the plan's staffing structure (its appendix): a role, how its staff are
    employed, how many posts and their full-time equivalent."""

    class Contract(models.TextChoices):
        DIRECTLY_EMPLOYED = "directly_employed", "Directly employed"
        SECONDED = "seconded", "Seconded"

    plan = models.ForeignKey(YouthJusticePlan, on_delete=models.CASCADE, related_name="staffing")
    role = models.CharField(max_length=200)
    contract = models.CharField(max_length=20, choices=Contract.choices)
    posts = models.PositiveSmallIntegerField(default=1)
    fte = models.DecimalField("full-time equivalent", max_digits=5, decimal_places=2)

    class Meta:
        ordering = ("id",)

    def __str__(self) -> str:
        return f"{self.role} ({self.get_contract_display().lower()})"
