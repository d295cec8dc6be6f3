"""The national benchmark table: one row per published inspection, shared by every service.

Rows come from published reports or from the third-party ratings CSV (docs/report-import.md).
A row that breaks the framework's rating rules is kept, with its problems, so it is never
silently dropped; it is left out of every count unless someone asks for it.
"""

from __future__ import annotations

from django.db import models


class BenchmarkEntry(models.Model):
    class Source(models.TextChoices):
        REPORT = "report", "Published report"
        CSV = "csv", "Ratings CSV"

    service = models.CharField(max_length=200, help_text="The service's name as published.")
    framework = models.CharField(
        max_length=100, blank=True, help_text="Blank where the framework is not known."
    )
    fieldwork = models.CharField(max_length=7, blank=True, help_text="YYYY-MM, where known.")
    published = models.CharField(
        max_length=10, blank=True, help_text="YYYY-MM-DD, or YYYY-MM where only the month is known."
    )
    # Tells one inspection of a service from another: the fieldwork month where known,
    # otherwise the publication date.
    period = models.CharField(max_length=10)
    year = models.PositiveSmallIntegerField(
        null=True, help_text="Of fieldwork where known, otherwise of publication."
    )
    overall = models.CharField(max_length=40, blank=True)
    score = models.PositiveSmallIntegerField(null=True)
    max_score = models.PositiveSmallIntegerField(null=True)
    standards = models.JSONField(default=dict, help_text="Standard id -> rating, as read.")
    # HMIP's 2025 framework: the kind of inspection and its broad areas' ratings. 2025
    # inspections are counted apart from the 2018 and 2021 ones (other standards and rules).
    inspection_type = models.CharField(
        max_length=40, blank=True, help_text="2025 framework: children_and_victims or full."
    )
    areas = models.JSONField(
        default=dict, blank=True, help_text="2025 framework: area id -> rating, as read."
    )
    source = models.CharField(max_length=10, choices=Source.choices)
    source_file = models.CharField(max_length=255)
    reference = models.CharField(max_length=500, blank=True, help_text="The report's address.")
    notes = models.JSONField(default=list, help_text="How a figure was derived.")
    problems = models.JSONField(default=list, help_text="The rating rules it breaks.")
    imported_at = models.DateTimeField()

    class Meta:
        ordering = ("service", "period")
        verbose_name_plural = "benchmark entries"
        constraints = [
            models.UniqueConstraint(
                fields=("service", "framework", "period"), name="one_benchmark_entry_per_inspection"
            )
        ]

    def __str__(self) -> str:
        return f"{self.service} ({self.period})"

    @property
    def flagged(self) -> bool:
        return bool(self.problems)

    @property
    def published_month(self) -> str:
        """YYYY-MM of publication, or blank."""
        return self.published[:7]
