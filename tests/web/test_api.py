"""The read API: bearer tokens, scoping, the ratings JSON contract, the OpenAPI description."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
import yaml
from django.test import Client

from yjqa.web.accounts.models import User
from yjqa.web.accounts.services import do_create_api_token
from yjqa.web.audit.trail import Actor
from yjqa.web.demo import DEMO_INSPECTION_TITLE
from yjqa.web.inspections.models import AuditAnswer, Inspection

pytestmark = pytest.mark.django_db


def bearer(email: str) -> dict[str, str]:
    token = do_create_api_token(Actor.operator(), User.objects.get(email=email))
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def test_list_shows_only_the_tokens_services() -> None:
    response = Client().get("/api/v1/inspections/", **bearer("qa@southvale.example"))
    assert response.status_code == 200
    data = response.json()
    assert {row["service"] for row in data} == {"Southvale YJS"}
    assert all(set(row) == {"id", "service", "framework", "kind", "status"} for row in data)
    assert {(row["framework"], row["kind"]) for row in data} == {
        ("hmip-youth-2021", "hmip_inspection"),
        ("hmip-youth-2025", "mock_inspection"),
        ("hmip-sqs-2016", "mock_inspection"),
        ("yjb-national-standards-2019", "national_standards_self_assessment"),
    }


def test_another_services_inspection_is_404() -> None:
    northshire = Inspection.objects.get(service__slug="northshire", title=DEMO_INSPECTION_TITLE)
    url = f"/api/v1/inspections/{northshire.pk}/ratings"
    assert Client().get(url, **bearer("qa@southvale.example")).status_code == 404
    assert Client().get(url, **bearer("board@northshire.example")).status_code == 200


def test_no_token_or_a_wrong_one_is_refused() -> None:
    assert Client().get("/api/v1/inspections/").status_code == 401
    wrong = {"HTTP_AUTHORIZATION": "Bearer not-a-real-token"}
    assert Client().get("/api/v1/inspections/", **wrong).status_code == 401


def test_ratings_json_matches_the_command_line_for_the_same_answers(
    run_cli, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    inspection = Inspection.objects.get(service__slug="northshire", title=DEMO_INSPECTION_TITLE)
    api = (
        Client()
        .get(f"/api/v1/inspections/{inspection.pk}/ratings", **bearer("manager@northshire.example"))
        .json()
    )
    answers = tmp_path / "answers.csv"
    with answers.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["case_ref", "key_question", "answer"])
        # First markings: the demo's moderator sided with the first auditor throughout.
        for row in AuditAnswer.objects.filter(
            audit__inspection=inspection, audit__status="submitted", audit__marking=1
        ).values_list("audit__case__case_ref", "key_question_id", "answer"):
            writer.writerow(row)
    judgements = tmp_path / "judgements.yaml"
    judgements.write_text(
        yaml.safe_dump(dict(inspection.judgements.values_list("standard_id", "rating")))
    )
    cli = run_cli(
        "rate",
        "--answers",
        answers,
        "--judgements",
        judgements,
        "--framework",
        inspection.framework_id,
        # The web app knows each domain's eligible caseload from its sample (issue 19).
        *[
            arg
            for sample in inspection.samples.all()
            for arg in ("--population", f"{sample.domain}={sample.population}")
        ],
        "--format",
        "json",
    )
    assert cli.exit_code == 0, cli.stderr
    assert api == json.loads(cli.stdout)
    assert api["score"] is not None and api["max_score"] == 36


def test_openapi_description_is_served() -> None:
    spec = Client().get("/api/v1/openapi.json").json()
    assert spec["info"]["title"] == "yjqa read API"
    assert "/api/v1/inspections/" in spec["paths"]
    assert "/api/v1/inspections/{inspection_id}/ratings" in spec["paths"]
    schemes = spec["components"]["securitySchemes"].values()
    assert any(s.get("scheme", "").lower() == "bearer" for s in schemes)


def test_api_token_command_prints_the_token_alone(run_cli) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("api-token", "qa@northshire.example")
    assert result.exit_code == 0, result.stderr
    token = result.stdout.strip()
    assert result.stdout == token + "\n" and len(token) >= 40
    response = Client().get("/api/v1/inspections/", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert {row["service"] for row in response.json()} == {"Northshire YJS"}
    missing = run_cli("api-token", "nobody@nowhere.example")
    assert missing.exit_code == 2 and "no person with the email address" in missing.stderr


def test_inspections_list_command(run_cli) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("inspections", "list", "--format", "json")
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)
    assert {r["service"] for r in rows} == {"Northshire YJS", "Southvale YJS"}
    assert all(set(r) == {"id", "service", "framework", "kind", "status"} for r in rows)
    table = run_cli("inspections", "list")
    assert "Northshire YJS" in table.stdout
