"""The plan import against a real concurrent web edit, on PostgreSQL: two threads, each with
its own database connection, so the row locks and the compare-and-set are the database's,
not a simulation. (SQLite locks the whole file for a write, so the race cannot arise there.)

1. A web edit is saved in an open transaction while the import runs: the import waits for
   its row lock, then sees the new version and refuses ("changed this action after the file
   was exported"); the web edit stays. Without the lock, the same interleaving reverts it.
2. The import has checked its rows and not yet written: a web edit waits for the import's
   lock, then is refused as an edit conflict; nothing is lost silently either way.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.db import connection, connections, transaction
from django.db.models.query import QuerySet
from tests.web.improvement.plan_export import (
    ADMIN,
    FILE,
    MANAGER,
    actor,
    edited_export,
    plan,
    target,
)

from yjqa.core.validation.problems import InputError
from yjqa.web.demo import seed_demo
from yjqa.web.improvement import services
from yjqa.web.improvement.models import Action, ImprovementPlan

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL's row locks between two connections (set DATABASE_URL)",
    ),
    pytest.mark.django_db(transaction=True),
]
WAIT = 10  # seconds: far longer than any step here takes


@pytest.fixture(scope="module", autouse=True)
def demo_again_afterwards(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """A transactional test empties the database when it ends: the demo the rest of the
    session reads is seeded again after this module's tests."""
    yield
    with django_db_blocker.unblock():
        seed_demo()


@pytest.fixture(autouse=True)
def demo() -> None:
    """The demo, seeded again if the previous transactional test emptied the database."""
    if not ImprovementPlan.objects.exists():
        seed_demo()


class Worker(threading.Thread):
    """Runs `work` on its own database connection, keeping its result or exception."""

    def __init__(self, work: Callable[[], object]) -> None:
        super().__init__(daemon=True)
        self.work = work
        self.result: object = None
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            self.result = self.work()
        except BaseException as error:  # handed to the test to assert on
            self.error = error
        finally:
            connections.close_all()

    def finished(self) -> BaseException | None:
        self.join(WAIT)
        assert not self.is_alive(), "the thread did not finish"
        return self.error


def web_edit_held_open(action: Action, owner: str, saved: threading.Event, go: threading.Event):  # type: ignore[no-untyped-def]
    """The action's edit page saving, in a transaction kept open until `go` is set."""

    def work() -> None:
        with transaction.atomic():
            current = Action.objects.get(pk=action.pk)
            services.do_update_action(
                actor(ADMIN),
                current,
                current.version,
                description=current.description,
                owner=owner,
                due_date=current.due_date,
                status=current.status_enum,
                closed_reason=current.closed_reason,
            )
            saved.set()
            assert go.wait(WAIT)

    return work


def run_import(content: bytes) -> Callable[[], object]:
    return lambda: services.do_import_improvement_plan(actor(MANAGER), plan(), content, FILE)


def import_during_an_open_web_edit(action: Action) -> tuple[Worker, Worker]:
    content, _number = edited_export(action, "Owner from the spreadsheet")
    saved, go = threading.Event(), threading.Event()
    web = Worker(web_edit_held_open(action, "Owner from the web", saved, go))
    web.start()
    assert saved.wait(WAIT)  # the edit is written, not yet committed: its row is locked
    importer = Worker(run_import(content))
    importer.start()
    importer.join(1)
    assert importer.is_alive(), "the import should wait for the web edit's row lock"
    go.set()
    return web, importer


def test_an_import_waits_for_an_open_web_edit_then_refuses_and_the_edit_stays() -> None:
    action = target()
    web, importer = import_during_an_open_web_edit(action)
    assert web.finished() is None
    error = importer.finished()
    assert isinstance(error, InputError), error
    assert "changed this action after the file was exported" in error.describe()
    action.refresh_from_db()
    assert action.owner == "Owner from the web"


def test_without_the_lock_the_same_import_would_revert_the_web_edit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The control: with select_for_update made a no-op, the import reads the old version
    (the edit is not committed yet), passes, and its write lands after the edit's."""
    monkeypatch.setattr(QuerySet, "select_for_update", lambda self, *a, **k: self)
    action = target()
    web, importer = import_during_an_open_web_edit(action)
    assert web.finished() is None
    assert importer.finished() is None
    action.refresh_from_db()
    assert action.owner == "Owner from the spreadsheet"  # the web edit was silently lost


def test_a_web_edit_between_the_imports_check_and_write_waits_and_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    action = target()
    version = action.version
    content, _number = edited_export(action, "Owner from the spreadsheet")
    checked, go = threading.Event(), threading.Event()
    real = services.check_rows

    def check_then_pause(*args: Any, **kwargs: Any) -> object:
        problems = real(*args, **kwargs)
        checked.set()
        assert go.wait(WAIT)
        return problems

    monkeypatch.setattr(services, "check_rows", check_then_pause)
    importer = Worker(run_import(content))
    importer.start()
    assert checked.wait(WAIT)  # the import has read and locked the plan's actions

    def edit() -> None:
        current = Action.objects.get(pk=action.pk)
        assert current.version == version  # it read the version before the import wrote
        services.do_update_action(
            actor(ADMIN),
            current,
            version,
            description=current.description,
            owner="Owner from the web",
            due_date=current.due_date,
            status=current.status_enum,
            closed_reason=current.closed_reason,
        )

    web = Worker(edit)
    web.start()
    web.join(1)
    assert web.is_alive(), "the web edit should wait for the import's row lock"
    go.set()
    assert importer.finished() is None
    assert isinstance(web.finished(), services.EditConflict)
    action.refresh_from_db()
    assert action.owner == "Owner from the spreadsheet"
    assert action.version == version + 1
