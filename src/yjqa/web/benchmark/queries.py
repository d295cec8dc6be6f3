"""Reading the national benchmark's entries (for the pages, the demo and the command line)."""

from __future__ import annotations

from django.db.models import QuerySet

from yjqa.web.benchmark.models import BenchmarkEntry


def entry_count() -> int:
    """How many entries the benchmark holds, flagged ones too."""
    return BenchmarkEntry.objects.count()


def flagged_entries() -> QuerySet[BenchmarkEntry]:
    """The entries that break their framework's rating rules, by service and period."""
    return BenchmarkEntry.objects.exclude(problems=[]).order_by("service", "period")


def holds_entries_from(source_file: str) -> bool:
    """Whether any entry was imported from a file of this name."""
    return BenchmarkEntry.objects.filter(source_file=source_file).exists()


def all_entries() -> QuerySet[BenchmarkEntry]:
    """Every entry, flagged ones too (for how recent the benchmark is)."""
    return BenchmarkEntry.objects.all()
