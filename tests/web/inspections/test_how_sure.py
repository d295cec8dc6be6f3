"""How sure the ratings are, on the ratings page, in the ratings JSON and in the report
(issue 19): chances in band order with the most likely marked, the eligible caseload they
speak for (from the sample), "too few cases" instead of chances, and the overall rating's."""

from __future__ import annotations

import html
import io
import re
from collections.abc import Callable
from dataclasses import replace

import docx
import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader
from tests.document_downloads import download
from tests.web.inspections.publishing import make_ready_to_publish
from tests.web.inspections.test_incomplete_inspections import new_mock, submit_one_audit

from yjqa.core.rating.uncertainty import Certainty
from yjqa.web.accounts.models import User
from yjqa.web.accounts.services import do_create_api_token
from yjqa.web.audit.trail import Actor
from yjqa.web.demo import DEMO_INSPECTION_TITLE, DEMO_MOCK_2025_TITLE
from yjqa.web.inspections import ratings as ratings_module
from yjqa.web.inspections.models import AuditAnswer, CaseAudit, Inspection
from yjqa.web.inspections.ratings import inspection_rating_details
from yjqa.web.inspections.services import do_change_status

ClientFor = Callable[[str], Client]
pytestmark = pytest.mark.django_db
QA = "qa@northshire.example"
BANDS = ["Outstanding", "Good", "Requires improvement", "Inadequate"]


def demo(title: str = DEMO_INSPECTION_TITLE) -> Inspection:
    return Inspection.objects.get(service__slug="northshire", title=title)


def text_of(markup: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def ratings_page(client_for: ClientFor, inspection: Inspection) -> str:
    response = client_for(QA).get(reverse("ratings", args=["northshire", inspection.pk]))
    assert response.status_code == 200
    return response.content.decode()


def slug(standard_id: str) -> str:
    return standard_id.replace(".", "")


def section(page: str, element_id: str) -> str:
    start = page.index(f'id="{element_id}"')
    return page[start : page.index("</div>", start)]


def test_the_population_comes_from_each_domains_sample() -> None:
    inspection = demo()
    samples = {s.domain: s.population for s in inspection.samples.all()}
    assert set(samples) == {"court", "oocd"}
    details = inspection_rating_details(inspection)
    assert details.population == {
        "court": samples["court"],
        "out_of_court": samples["oocd"],
    }


def test_a_domain_without_a_sample_is_left_out_so_treated_as_large() -> None:
    inspection = new_mock("hmip-youth-2021", "")
    submit_one_audit(inspection)  # added by hand: no sample drawn
    assert inspection_rating_details(inspection).population == {}


def test_the_ratings_page_gives_chances_in_band_order_with_the_population(
    client_for: ClientFor,
) -> None:
    inspection = demo()
    details = inspection_rating_details(inspection)
    court = inspection.samples.get(domain="court").population
    page = ratings_page(client_for, inspection)
    block = section(page, "sure-21")
    table = block[block.index('id="chances-21"') :]
    shown = re.findall(r'<th scope="row"[^>]*>\s*([A-Z][a-z ]+?)\s*<', table)
    assert shown == [b for b in BANDS if b in shown] and len(shown) >= 2
    assert f"of {court} eligible court cases" in text_of(block)
    assert "were read and rated by the same rules" in text_of(block)
    sure = details.uncertainty["2.1"]
    likeliest = max(sure.band_probability, key=sure.band_probability.__getitem__)
    marked = re.findall(r'<th scope="row"[^>]*>\s*([A-Z][a-z ]+?) <strong[^>]*>Most likely', table)
    assert marked == [likeliest]  # in words, not by colour alone


def submit_audits(inspection: Inspection, count: int) -> str:
    """`count` cases added by hand (no sample) and submitted in one domain, every answer Yes;
    returns that domain's first standard's id."""
    submit_one_audit(inspection)  # adds the service's first 30 cases
    first = inspection.audits.order_by("pk").first()
    assert first is not None
    domain = inspection.framework.domain(first.domain_id)
    audits = list(inspection.audits.filter(domain_id=domain.id).order_by("pk")[:count])
    assert len(audits) == count
    AuditAnswer.objects.bulk_create(
        AuditAnswer(audit=audit, key_question_id=q.id, answer="yes")
        for audit in audits[1:]
        for s in domain.standards
        for q in s.key_questions
    )
    CaseAudit.objects.filter(pk__in=[a.pk for a in audits]).update(
        status=CaseAudit.Status.SUBMITTED
    )
    return domain.standards[0].id


def test_no_population_says_treated_as_large(client_for: ClientFor) -> None:
    inspection = new_mock("hmip-youth-2021", "")
    standard_id = submit_audits(inspection, 6)
    assert not inspection_rating_details(inspection).uncertainty[standard_id].too_few_cases
    block = text_of(section(ratings_page(client_for, inspection), f"sure-{slug(standard_id)}"))
    assert "(population of eligible court cases not known: treated as large)" in block or (
        "(population of eligible out-of-court cases not known: treated as large)" in block
    )
    assert "the caseload is treated as large" in block


def test_one_case_from_the_core_is_too_few_and_never_firm(client_for: ClientFor) -> None:
    inspection = new_mock("hmip-youth-2021", "")
    standard_id = submit_audits(inspection, 1)
    sure = inspection_rating_details(inspection).uncertainty[standard_id]
    assert sure.too_few_cases and not sure.band_probability
    page = ratings_page(client_for, inspection)
    block = text_of(section(page, f"sure-{slug(standard_id)}"))
    assert "Too few cases to say how sure" in block
    assert "1 case answered this standard, fewer than the 5 it takes" in block
    assert "firm" not in block and "%" not in block and "Borderline" not in block


def test_a_one_case_standard_says_too_few_cases_and_is_never_firm(
    client_for: ClientFor, monkeypatch: pytest.MonkeyPatch
) -> None:
    inspection = new_mock("hmip-youth-2021", "")
    audit = submit_one_audit(inspection)
    standard = inspection.framework.domain(audit.domain_id).standards[0]
    core = ratings_module.uncertainty_from_cases

    def too_few_below_five(*args, **kwargs):  # type: ignore[no-untyped-def]
        # The core's own minimum (5 cases answering the standard), should it not be in yet.
        found = core(*args, **kwargs)
        rating = args[1]
        return Certainty(
            {
                sid: replace(sure, too_few_cases=True, band_probability={}, most_likely=None)
                if (rating.standard(sid).cases or 0) < 5
                else sure
                for sid, sure in found.standards.items()
            },
            found.overall_probability,
        )

    monkeypatch.setattr(ratings_module, "uncertainty_from_cases", too_few_below_five)
    page = ratings_page(client_for, inspection)
    block = text_of(section(page, f"sure-{standard.id.replace('.', '')}"))
    assert "Too few cases to say how sure" in block
    assert "answered this standard, fewer than the 5 it takes" in block
    assert "firm" not in block and "%" not in block
    assert "Too few cases" in text_of(page.split(f'id="rating-{standard.id.replace(".", "")}"')[1])


def test_the_rules_rating_not_the_likeliest_is_said_in_words(
    client_for: ClientFor, monkeypatch: pytest.MonkeyPatch
) -> None:
    inspection = demo()
    rated = inspection_rating_details(inspection).rating.standard("2.1").rating
    other = next(b for b in BANDS if b != rated)
    core = ratings_module.uncertainty_from_cases

    def likelier_other(*args, **kwargs):  # type: ignore[no-untyped-def]
        found = core(*args, **kwargs)
        sure = replace(
            found.standards["2.1"],
            band_probability={other: 0.55, rated: 0.45},
            most_likely=other,
        )
        return Certainty({**found.standards, "2.1": sure}, found.overall_probability)

    monkeypatch.setattr(ratings_module, "uncertainty_from_cases", likelier_other)
    block = text_of(section(ratings_page(client_for, inspection), "sure-21"))
    assert f"{other} (55%) is more likely than the rules' rating, {rated} (45%)." in block


def test_a_rating_that_is_not_borderline_says_why_in_words(
    client_for: ClientFor, monkeypatch: pytest.MonkeyPatch
) -> None:
    inspection = demo()
    rated = inspection_rating_details(inspection).rating.standard("2.1").rating
    core = ratings_module.uncertainty_from_cases

    def clear(*args, **kwargs):  # type: ignore[no-untyped-def]
        found = core(*args, **kwargs)
        sure = replace(
            found.standards["2.1"],
            band_probability={rated: 0.9, "Inadequate": 0.1},
            borderline=False,
            most_likely=rated,
        )
        return Certainty({**found.standards, "2.1": sure}, found.overall_probability)

    monkeypatch.setattr(ratings_module, "uncertainty_from_cases", clear)
    page = ratings_page(client_for, inspection)
    block = text_of(section(page, "sure-21"))
    assert f"Not borderline: {rated} has a 90% chance (at least 50%)" in block
    assert "borderline between" not in block
    chances = text_of(page[page.index('id="chances-21"') :].split("</table>")[0])
    assert "Outstanding under 1%" in chances or rated == "Outstanding"  # no draw: not 0%


def test_overall_chances_appear_on_the_page(
    client_for: ClientFor, monkeypatch: pytest.MonkeyPatch
) -> None:
    inspection = demo()
    core = ratings_module.uncertainty_from_cases
    rated = inspection_rating_details(inspection).rating.overall
    assert rated is not None
    other = next(b for b in BANDS if b != rated)

    def with_overall(*args, **kwargs):  # type: ignore[no-untyped-def]
        found = core(*args, **kwargs)
        return Certainty(found.standards, {other: 0.6, rated: 0.4})

    monkeypatch.setattr(ratings_module, "uncertainty_from_cases", with_overall)
    page = ratings_page(client_for, inspection)
    table = page[page.index('id="overall-chances"') :]
    table = text_of(table[: table.index("</table>")])
    assert "Chance of each overall rating" in table
    assert f"{other} Most likely 60%" in table
    assert f"{rated} (the rules' rating) 40%" in table
    said = text_of(page[page.index('id="overall-chances-of-what"') :].split("</p>")[0])
    assert f"{other} (60%) is more likely than the rules' rating, {rated} (40%)." in said


def test_the_2025_ratings_page_renders_its_chances(client_for: ClientFor) -> None:
    inspection = demo(DEMO_MOCK_2025_TITLE)
    page = text_of(ratings_page(client_for, inspection))
    assert "Chance of each rating" in page
    assert "eligible children's cases" in page


def overall_and_too_few(monkeypatch: pytest.MonkeyPatch, overall: dict[str, float]) -> None:
    """The core's chances, with these overall chances, and standard 2.1 too few to say."""
    core = ratings_module.uncertainty_from_cases

    def patched(*args, **kwargs):  # type: ignore[no-untyped-def]
        found = core(*args, **kwargs)
        standards = dict(found.standards)
        if "2.1" in standards:
            standards["2.1"] = replace(
                standards["2.1"], too_few_cases=True, band_probability={}, most_likely=None
            )
        return Certainty(standards, overall)

    monkeypatch.setattr(ratings_module, "uncertainty_from_cases", patched)


def fetch(client: Client, inspection: Inspection, fmt: str) -> bytes:
    response = download(client, reverse("report_file", args=["northshire", inspection.pk, fmt]))
    assert response.status_code == 200
    return response.content


def test_the_report_annexe_gives_the_overall_chances_in_html_pdf_and_word(
    client_for: ClientFor, monkeypatch: pytest.MonkeyPatch
) -> None:
    inspection = demo()
    rated = inspection_rating_details(inspection).rating.overall
    assert rated is not None
    other = next(b for b in BANDS if b != rated)
    overall_and_too_few(monkeypatch, {rated: 0.7, other: 0.3})
    client = client_for(QA)
    page = text_of(fetch(client, inspection, "html").decode())
    annexe = page[page.index("How sure the ratings are") :]
    assert "Chance of each overall rating" in annexe
    assert f"{rated} (most likely; the rules' rating) 70%" in annexe
    assert f"{other} 30%" in annexe
    assert "Too few cases to say how sure for 2.1 Assessment" in annexe
    pdf = PdfReader(io.BytesIO(fetch(client, inspection, "pdf")))
    pdf_text = " ".join(" ".join((p.extract_text() or "").split()) for p in pdf.pages)
    assert "Chance of each overall rating" in pdf_text and "Too few cases" in pdf_text
    word = docx.Document(io.BytesIO(fetch(client, inspection, "docx")))
    cells = [[c.text for c in row.cells] for t in word.tables for row in t.rows]
    assert [f"{rated} (most likely; the rules' rating)", "70%"] in cells
    assert [other, "30%"] in cells


def test_the_2025_report_says_too_few_cases_beside_the_figures(
    client_for: ClientFor, monkeypatch: pytest.MonkeyPatch
) -> None:
    inspection = demo(DEMO_MOCK_2025_TITLE)
    details = inspection_rating_details(inspection)
    standard_id = next(iter(details.uncertainty))
    core = ratings_module.uncertainty_from_cases

    def too_few(*args, **kwargs):  # type: ignore[no-untyped-def]
        found = core(*args, **kwargs)
        sure = replace(found.standards[standard_id], too_few_cases=True, band_probability={})
        return Certainty({**found.standards, standard_id: sure}, found.overall_probability)

    monkeypatch.setattr(ratings_module, "uncertainty_from_cases", too_few)
    page = text_of(fetch(client_for(QA), inspection, "html").decode())
    assert "How sure: too few cases to say how sure." in page


def test_a_published_report_keeps_the_chances_it_was_frozen_with(
    client_for: ClientFor, monkeypatch: pytest.MonkeyPatch
) -> None:
    inspection = make_ready_to_publish(demo())
    rated = inspection_rating_details(inspection).rating.overall
    assert rated is not None
    overall_and_too_few(monkeypatch, {rated: 0.62, "Inadequate": 0.38})
    do_change_status(Actor.operator(), inspection, Inspection.Status.PUBLISHED)
    monkeypatch.undo()  # the model now gives other chances: the frozen report keeps its own
    after = text_of(fetch(client_for(QA), inspection, "html").decode())
    assert "Chance of each overall rating" in after
    assert "62%" in after and "Inadequate 38%" in after


def test_the_json_api_gives_the_overall_chances_and_too_few_cases() -> None:
    inspection = demo()
    details = inspection_rating_details(inspection)
    assert details.overall_probability, "the demo's overall rating has chances"
    token = do_create_api_token(Actor.operator(), User.objects.get(email=QA))
    data = (
        Client()
        .get(
            f"/api/v1/inspections/{inspection.pk}/ratings",
            HTTP_AUTHORIZATION=f"Bearer {token}",
        )
        .json()
    )
    assert data["overall_probability"] == pytest.approx(details.overall_probability, abs=1e-4)
    assert sum(data["overall_probability"].values()) == pytest.approx(1, abs=1e-3)
    assert data["standards"]["2.1"]["too_few_cases"] is False


def test_each_standards_chances_used_its_domains_sample() -> None:
    inspection = demo()
    court = inspection.samples.get(domain="court").population
    oocd = inspection.samples.get(domain="oocd").population
    used = inspection_rating_details(inspection).standard_population
    assert used["2.1"] == court and used["3.1"] == oocd
