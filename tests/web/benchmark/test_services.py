"""The national benchmark is shared by every service, so only the operator imports it, and each
import leaves an audit row (with no service) giving the file and the counts."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied

from yjqa.web.audit.models import AuditEvent
from yjqa.web.audit.trail import Actor
from yjqa.web.benchmark.demo import BUNDLED_RATINGS, seed_demo_benchmark
from yjqa.web.benchmark.models import BenchmarkEntry
from yjqa.web.benchmark.services import do_import_benchmark, read_benchmark_source
from yjqa.web.tenancy.models import Membership

from helpers import RATINGS_CSV

pytestmark = pytest.mark.django_db


def member(email: str) -> Actor:
    return Actor.member(Membership.objects.get(user__email=email))


def last_event() -> AuditEvent:
    return AuditEvent.objects.filter(action="import_benchmark").order_by("-id")[0]


@pytest.mark.parametrize("email", ["admin@northshire.example", "manager@southvale.example"])
def test_importing_the_benchmark_is_refused_to_any_member_of_a_service(email: str) -> None:
    BenchmarkEntry.objects.all().delete()
    before = AuditEvent.objects.count()
    with pytest.raises(PermissionDenied):
        do_import_benchmark(member(email), read_benchmark_source(RATINGS_CSV))
    assert BenchmarkEntry.objects.count() == 0
    assert AuditEvent.objects.count() == before


def test_importing_the_benchmark_records_the_operator_the_file_and_the_counts() -> None:
    BenchmarkEntry.objects.all().delete()
    result = do_import_benchmark(Actor.operator(), read_benchmark_source(RATINGS_CSV))
    event = last_event()
    assert (event.service, event.actor, event.actor_label, event.via) == (
        None,
        None,
        "operator (command line)",
        AuditEvent.Via.COMMAND_LINE,
    )
    assert (event.object_type, event.object_label) == ("national benchmark", BUNDLED_RATINGS)
    assert event.changes == {
        "read": {"before": None, "after": result.source.read},
        "new": {"before": None, "after": len(result.imported)},
        "updated": {"before": None, "after": 0},
        "unchanged": {"before": None, "after": 0},
        "replaced": {"before": None, "after": 0},
        "flagged": {"before": None, "after": len(result.flagged)},
        "not imported": {"before": None, "after": len(result.not_imported)},
    }
    assert len(result.imported) + len(result.flagged) == BenchmarkEntry.objects.count()


def test_the_benchmark_import_command_records_the_files_name_not_where_it_was(
    run_cli,  # type: ignore[no-untyped-def]
    tmp_path: Path,
) -> None:
    path = tmp_path / "ratings.csv"
    shutil.copy(RATINGS_CSV, path)
    assert run_cli("benchmark", "import", path).exit_code == 0
    event = last_event()
    assert (event.via, event.object_label) == (AuditEvent.Via.COMMAND_LINE, "ratings.csv")
    assert str(tmp_path) not in f"{event.object_label} {event.changes}"
    assert event.changes["updated"]["after"] > 0  # the demo's entries, now from this file


def test_the_demo_benchmark_was_imported_through_the_service_once() -> None:
    events = AuditEvent.objects.filter(action="import_benchmark", via=AuditEvent.Via.DEMO)
    assert [(e.actor_label, e.object_label) for e in events] == [("demo", BUNDLED_RATINGS)]
    seed_demo_benchmark()
    assert events.count() == 1
