"""Case and victim references with "/" in them (NS/2026/0001, as many services write them) are
imported, listed and linked on every page that shows them; references that an address cannot
carry ("NS//1", "../x") are refused at import, naming the file, row and column."""

from __future__ import annotations

import dataclasses
import html
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from tests.web.caseload.test_views import new_cases

from jobs_helpers import post_and_run
from yjqa.core.caseload.reader import write_caseload_csv
from yjqa.core.caseload.victims import VictimRow, write_victims_csv
from yjqa.web.caseload.models import CaseRecord
from yjqa.web.demo import DEMO_INSPECTION_TITLE
from yjqa.web.inspections.models import AuditAnswer, CaseAudit
from yjqa.web.tenancy.models import AccessLog

ClientFor = Callable[[str], Client]
pytestmark = pytest.mark.django_db
SLASHED = "NS/2026/0001"


def post_file(client: Client, url: str, path: Path) -> str:
    with path.open("rb") as handle:
        file = SimpleUploadedFile(path.name, handle.read())
    return html.unescape(post_and_run(client, url, {"file": file}).content.decode())


def ok(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return html.unescape(response.content.decode())


def test_a_case_reference_with_slashes_works_on_every_page(
    client_for: ClientFor, tmp_path: Path
) -> None:
    manager = client_for("manager@northshire.example")
    csv = tmp_path / "caseload.csv"
    write_caseload_csv(csv, [dataclasses.replace(new_cases(1)[0], case_ref=SLASHED)])
    page = post_file(manager, reverse("caseload_import", args=["northshire"]), csv)
    assert "1 rows imported" in page
    case = CaseRecord.objects.get(service__slug="northshire", case_ref=SLASHED)

    listed = ok(manager, reverse("case_list", args=["northshire"]))
    detail_url = reverse("case_detail", args=["northshire", SLASHED])
    assert detail_url == "/services/northshire/cases/NS/2026/0001/"
    assert f'href="{detail_url}"' in listed
    assert SLASHED in ok(manager, reverse("case_list", args=["northshire"]) + "?q=NS/2026")
    detail = ok(manager, detail_url)
    assert SLASHED in detail
    assert AccessLog.objects.filter(record_ref=SLASHED).exists()

    # A victim of the child's offence, whose own reference has slashes too.
    victim = VictimRow(
        "NS/V/0001", SLASHED, "theft", case.outcome_date, None, None, None, None, None, "none"
    )
    victims_csv = tmp_path / "victims.csv"
    write_victims_csv(victims_csv, [victim])
    page = post_file(manager, reverse("victims_import", args=["northshire"]), victims_csv)
    assert "1 rows imported" in page
    victim_url = reverse("victim_detail", args=["northshire", "NS/V/0001"])
    victims = ok(manager, reverse("victim_list", args=["northshire"]))
    assert f'href="{victim_url}"' in victims and f'href="{detail_url}"' in victims
    assert f'href="{detail_url}"' in ok(manager, victim_url)
    assert f'href="{victim_url}"' in ok(manager, detail_url)


def test_an_audited_case_with_slashes_in_its_reference(client_for: ClientFor) -> None:
    """A demo audit's case renamed NS/2026/0002: its audit, the cases behind a figure and the
    moderation pages still open (they link a case by its reference)."""
    answer = AuditAnswer.objects.filter(
        audit__inspection__service__slug="northshire",
        audit__inspection__title=DEMO_INSPECTION_TITLE,
        audit__status=CaseAudit.Status.SUBMITTED,
    ).first()
    assert answer is not None
    audit = answer.audit
    CaseRecord.objects.filter(pk=audit.case_id).update(case_ref="NS/2026/0002")
    inspection = audit.inspection
    lead = client_for("lead@northshire.example")
    page = ok(lead, reverse("case_audit", args=["northshire", inspection.pk, audit.pk]))
    assert "NS/2026/0002" in page
    behind = reverse("cases_behind", args=["northshire", inspection.pk, answer.key_question_id])
    assert "NS/2026/0002" in ok(lead, behind)
    for name in ("ratings", "moderation", "double_marking", "inspection_detail"):
        ok(lead, reverse(name, args=["northshire", inspection.pk]))
    moderate = reverse(
        "moderate", args=["northshire", inspection.pk, "NS/2026/0002", answer.key_question_id]
    )
    assert lead.get(moderate).status_code in (200, 302, 404)  # reverses and resolves, no error


@pytest.mark.parametrize(
    "ref", ["NS//0001", "/NS/0001", "NS/0001/", "NS/../0001", "NS/./1", "..", "NS/ /1"]
)
def test_a_reference_an_address_cannot_carry_is_refused_at_import(
    client_for: ClientFor, tmp_path: Path, ref: str
) -> None:
    csv = tmp_path / "caseload.csv"
    write_caseload_csv(csv, [dataclasses.replace(new_cases(1)[0], case_ref=ref)])
    client = client_for("manager@northshire.example")
    page = post_file(client, reverse("caseload_import", args=["northshire"]), csv)
    assert "caseload.csv: row 2, column case_ref: may have '/' only between the parts" in page
    assert not CaseRecord.objects.filter(service__slug="northshire", case_ref=ref).exists()


@pytest.mark.parametrize("ref", ["A B", "50%", "A?b", "A#b", "Ünï-1", "A+B;c", "x:y@z", "A&b"])
def test_a_reference_with_other_characters_round_trips_through_its_address(
    client_for: ClientFor, ref: str
) -> None:
    case = CaseRecord.objects.filter(service__slug="northshire").first()
    assert case is not None
    CaseRecord.objects.filter(pk=case.pk).update(case_ref=ref)
    client = client_for("manager@northshire.example")
    url = reverse("case_detail", args=["northshire", ref])
    assert ref in ok(client, url)
    assert AccessLog.objects.filter(record_ref=ref).exists()
