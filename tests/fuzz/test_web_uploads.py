"""Every web upload, fuzzed (issue 18): a bad file gives the page again with a GOV.UK error
summary (status 200 or 400, never a server error), and nothing is written, no audit record
either. A fuzzed file that happens to import is left out (`assume`), as it is not bad."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from hypothesis import assume, given, note
from hypothesis import strategies as st

from fuzz.fuzzing import PLAN_HEADERS, THROUGH_THE_DATABASE, nothing_written
from fuzz.strategies import THROUGH, any_file, definition_texts, junk, report_texts
from yjqa.core.caseload.reader import CASELOAD_COLUMNS
from yjqa.core.caseload.victims import VICTIM_COLUMNS
from yjqa.core.indicators.data import COLUMNS
from yjqa.core.surveys.definitions import ANSWER_COLUMNS
from yjqa.web.jobs.models import Job
from yjqa.web.jobs.services import run_jobs_now

ClientFor = Callable[[str], Client]
pytestmark = THROUGH_THE_DATABASE
MANAGER = "manager@northshire.example"


def refused(client: Client, url: str, name: str, content: bytes, **data: Any) -> None:
    """Post the file; unless it imported, the page says why and nothing was written."""
    field = data.pop("field", "file")
    with nothing_written():
        response = client.post(url, {**data, field: SimpleUploadedFile(name, content)})
        if response.status_code == 302 and "/jobs/" in response["Location"]:
            # Queued (the caseload upload): the worker's verdict is on the job's page.
            run_jobs_now()
            job = Job.objects.latest("pk")
            assume(job.state != Job.State.DONE)  # it imported: not a bad file after all
            assert job.state == Job.State.FAILED
            response = client.get(response["Location"])
        note(f"{response.status_code} for {name} of {len(content)} bytes")
        assume(response.status_code != 302)  # it imported: not a bad file after all
    assert response.status_code in (200, 400)
    page = response.content.decode()
    assert 'class="govuk-error-summary"' in page


def plan_url() -> str:
    from yjqa.web.demo import DEMO_INSPECTION_TITLE
    from yjqa.web.improvement.models import ImprovementPlan

    plan = ImprovementPlan.objects.get(
        inspection__service__slug="northshire", inspection__title=DEMO_INSPECTION_TITLE
    )
    return reverse("improvement_plan_import", args=["northshire", plan.pk])


@THROUGH
@given(suffix=st.sampled_from([".csv", ".xlsx", ".txt"]), content=any_file(CASELOAD_COLUMNS))
def test_the_caseload_upload(client_for: ClientFor, suffix: str, content: bytes) -> None:
    url = reverse("caseload_import", args=["northshire"])
    refused(client_for(MANAGER), url, f"caseload{suffix}", content)


@THROUGH
@given(suffix=st.sampled_from([".csv", ".xlsx"]), content=any_file(VICTIM_COLUMNS))
def test_the_victims_upload(client_for: ClientFor, suffix: str, content: bytes) -> None:
    url = reverse("victims_import", args=["northshire"])
    refused(client_for(MANAGER), url, f"victims{suffix}", content)


@THROUGH
@given(
    table=st.sampled_from(sorted(COLUMNS)),
    suffix=st.sampled_from([".csv", ".xlsx", ".parquet"]),
    data=st.data(),
)
def test_the_indicator_data_upload(
    client_for: ClientFor, table: str, suffix: str, data: st.DataObject
) -> None:
    content = data.draw(any_file(COLUMNS[table]))  # type: ignore[index]
    url = reverse("indicator_data", args=["northshire"])
    refused(client_for(MANAGER), url, f"{table}{suffix}", content, table=table)


@THROUGH
@given(content=st.one_of(junk, any_file(PLAN_HEADERS)))
def test_the_improvement_plan_import(client_for: ClientFor, content: bytes) -> None:
    refused(client_for(MANAGER), plan_url(), "plan.xlsx", content)


@THROUGH
@given(content=any_file(ANSWER_COLUMNS, xlsx=False, max_rows=8))
def test_the_survey_answers_upload(client_for: ClientFor, content: bytes) -> None:
    from yjqa.web.surveys.models import Survey

    survey = Survey.objects.filter(service__slug="northshire").order_by("pk").first()
    assert survey is not None
    url = reverse("survey_import", args=["northshire", survey.pk])
    refused(client_for("qa@northshire.example"), url, "answers.csv", content)


@THROUGH
@given(content=definition_texts)
def test_the_survey_definition_upload(client_for: ClientFor, content: bytes) -> None:
    url = reverse("survey_create", args=["northshire"])
    refused(
        client_for("admin@northshire.example"),
        url,
        "survey.yaml",
        content,
        field="definition_file",
        template="own",
        period="2026",
    )


@THROUGH
@given(suffix=st.sampled_from([".pdf", ".html", ".txt"]), content=report_texts)
def test_the_published_report_upload(client_for: ClientFor, suffix: str, content: bytes) -> None:
    from yjqa.web.accounts.models import User

    email = "root@example.org"
    if not User.objects.filter(email=email).exists():
        User.objects.create_superuser(email, "not used", full_name="Installation Admin")
    refused(client_for(email), reverse("benchmark_import"), f"report{suffix}", content)
