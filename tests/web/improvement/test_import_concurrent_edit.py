"""Issue 18: the Excel import silently reverted a web edit made while it ran.

The import checked each action's Version and then wrote with whatever version the action had
by then, so a web edit saved between the check and the write was overwritten; and a row whose
Version was emptied (or a file without the column) was not checked at all. Now the write is a
compare-and-set on the exported version, under the transaction that holds the actions' row
locks: the import refuses, naming the file, row and field, and writes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from tests.web.improvement.plan_export import (
    ADMIN,
    FILE,
    MANAGER,
    actor,
    edited_export,
    plan,
    target,
)

from jobs_helpers import post_and_run
from yjqa.core.validation.problems import InputError
from yjqa.web.audit.models import AuditEvent
from yjqa.web.improvement import services
from yjqa.web.improvement.models import Action, ActionChange

ClientFor = Callable[[str], Client]
pytestmark = pytest.mark.django_db


def web_edit(action: Action, owner: str) -> None:
    """What the action's edit page does when the administrator saves it."""
    action.refresh_from_db()
    services.do_update_action(
        actor(ADMIN),
        action,
        action.version,
        description=action.description,
        owner=owner,
        due_date=action.due_date,
        status=action.status_enum,
        closed_reason=action.closed_reason,
    )


def edit_between_checking_and_writing(
    monkeypatch: pytest.MonkeyPatch, action: Action, owner: str
) -> None:
    """Simulate a web edit saved after the import has checked its rows, before it writes."""
    real = services.check_rows

    def check_then_someone_saves(*args: object, **kwargs: object) -> object:
        problems = real(*args, **kwargs)  # type: ignore[arg-type]
        web_edit(action, owner)
        return problems

    monkeypatch.setattr(services, "check_rows", check_then_someone_saves)


def import_page(client: Client, content: bytes) -> str:
    response = post_and_run(
        client,
        reverse("improvement_plan_import", args=["northshire", plan().pk]),
        {"file": SimpleUploadedFile(FILE, content)},
    )
    assert response.status_code == 200
    return response.content.decode()


def test_a_web_edit_between_checking_and_writing_an_import_is_not_reverted(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    action = target()
    content, number = edited_export(action, "Owner from the spreadsheet")
    edit_between_checking_and_writing(monkeypatch, action, "Owner from the web")
    with pytest.raises(InputError) as refused:
        services.do_import_improvement_plan(actor(MANAGER), plan(), content, FILE)
    # The simulated edit ran inside the import's transaction, so it is rolled back with it; a
    # real one commits on its own. Either way the spreadsheet's value is never written over it.
    action.refresh_from_db()
    assert action.owner != "Owner from the spreadsheet"
    assert not ActionChange.objects.filter(action=action, source="spreadsheet import").exists()
    assert not AuditEvent.objects.filter(action="import_improvement_plan").exists()
    message = refused.value.describe()
    assert message.startswith(f"{FILE}: row {number}, column Version: ")
    assert "changed this action" in message


def test_the_import_page_refuses_and_names_the_file_row_and_field(
    client_for: ClientFor, monkeypatch: pytest.MonkeyPatch
) -> None:
    action = target()
    content, number = edited_export(action, "Owner from the spreadsheet")
    edit_between_checking_and_writing(monkeypatch, action, "Owner from the web")
    page = import_page(client_for(MANAGER), content)
    assert "The file was not imported" in page and "Nothing has been changed" in page
    assert FILE in page and f"row {number}, column Version" in page
    assert "changed this action while the file was being imported" in page
    action.refresh_from_db()
    assert action.owner != "Owner from the spreadsheet"


@pytest.mark.parametrize("version", ["empty", "no column"])
def test_a_row_without_its_version_cannot_overwrite_a_web_edit(
    client_for: ClientFor, version: str
) -> None:
    action = target()
    content, number = edited_export(action, "Owner from the spreadsheet", version=version)
    web_edit(action, "Owner from the web")
    page = import_page(client_for(MANAGER), content)
    assert "The file was not imported" in page
    assert "Version" in page
    if version == "empty":
        assert f"row {number}, column Version" in page
    action.refresh_from_db()
    assert action.owner == "Owner from the web"


def test_an_import_without_a_concurrent_edit_still_applies(client_for: ClientFor) -> None:
    action = target()
    content, _number = edited_export(action, "Owner from the spreadsheet")
    page = import_page(client_for(MANAGER), content)
    assert "1 changed" in page
    action.refresh_from_db()
    assert action.owner == "Owner from the spreadsheet"
    assert action.due_date > date(2000, 1, 1)
