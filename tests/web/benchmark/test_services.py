"""The national benchmark is shared by every service, so only the operator (or, on the web, an
installation administrator) imports it, and each import leaves an audit row (with no service)
giving who, the file and the counts."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied

from yjqa.core.validation.problems import InputError
from yjqa.web.accounts.models import User
from yjqa.web.audit.models import AuditEvent
from yjqa.web.audit.trail import Actor
from yjqa.web.benchmark.demo import BUNDLED_RATINGS, seed_demo_benchmark
from yjqa.web.benchmark.models import BenchmarkEntry
from yjqa.web.benchmark.services import do_import_benchmark, read_benchmark_source
from yjqa.web.tenancy.models import Membership

from helpers import PUBLISHED, RATINGS_CSV

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


# ---- Installation administrators, and reports on the 2025 framework ----

WESTHAVEN = PUBLISHED / "006_westhaven-full-2025.html"


def administrator(email: str = "administrator@example.org", *, active: bool = True) -> Actor:
    """An installation administrator (a superuser) acting on the web upload page."""
    user = User.objects.create_superuser(email, "not used", full_name="Installation Admin")
    if not active:
        user.is_active = False
        user.save()
    return Actor(via=AuditEvent.Via.WEB, user=user)


def test_an_installation_administrator_imports_a_2025_report_with_its_audit_row() -> None:
    actor = administrator()
    source = read_benchmark_source(WESTHAVEN, name="westhaven.html")
    result = do_import_benchmark(actor, source)
    assert [o.status for o in result.outcomes] == ["new"]
    entry = BenchmarkEntry.objects.get(service="Westhaven")
    assert (entry.framework, entry.inspection_type, entry.overall) == (
        "hmip-youth-2025",
        "full",
        "Good",
    )
    assert entry.areas == {
        "organisational_delivery": "Good",
        "work_with_children": "Good",
        "work_with_victims": "Outstanding",
    }
    assert (entry.score, entry.max_score, entry.problems) == (None, None, [])
    assert (entry.source_file, entry.published) == ("westhaven.html", "2026-03-17")
    event = last_event()
    assert (event.service, event.actor, event.actor_label, event.via) == (
        None,
        actor.user,
        "administrator@example.org",
        AuditEvent.Via.WEB,
    )
    assert event.object_label == "westhaven.html"
    assert event.changes["new"] == {"before": None, "after": 1}


@pytest.mark.parametrize("who", ["inactive administrator", "service administrator"])
def test_importing_is_refused_to_anyone_but_active_installation_administrators(who: str) -> None:
    if who == "service administrator":
        actor = member("admin@northshire.example")
        assert not actor.user or not actor.user.is_superuser
    else:
        actor = administrator(active=False)
    entries, events = BenchmarkEntry.objects.count(), AuditEvent.objects.count()
    with pytest.raises(PermissionDenied):
        do_import_benchmark(actor, read_benchmark_source(WESTHAVEN, name="westhaven.html"))
    assert BenchmarkEntry.objects.count() == entries
    assert AuditEvent.objects.count() == events
    assert not BenchmarkEntry.objects.filter(service="Westhaven").exists()


def test_an_upload_that_is_not_a_report_is_refused_under_its_own_name(tmp_path: Path) -> None:
    copy = tmp_path / "upload.txt"
    copy.write_text("Shopping list: milk, bread.\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_benchmark_source(copy, name="notes.txt")
    assert caught.value.describe().startswith("notes.txt: does not look like")
    assert "upload.txt" not in caught.value.describe()
