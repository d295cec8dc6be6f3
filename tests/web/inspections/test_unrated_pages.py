"""An unrated framework's inspection reads as unrated (issue 17): its figures page, the
inspection page and the home pages give each key question's proportion of cases in figures
and in words, with the cases behind each, and no rating word, score, band, lowest figure or
chance of a rating; its judgements are recorded as notes without a rating; and it can be
published once its audits, moderation and judgements are done. Rated inspections keep
their ratings."""

from __future__ import annotations

import html
import re
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from yjqa.core.documents.proportions import figure_proportion
from yjqa.core.frameworks.model import NOT_RATED
from yjqa.web.audit.models import AuditEvent
from yjqa.web.demo import DEMO_INSPECTION_TITLE, DEMO_NATIONAL_STANDARDS_TITLE
from yjqa.web.inspections.audit_figures import figures_moved
from yjqa.web.inspections.demo_screening import DEMO_SCREENING_TITLE
from yjqa.web.inspections.models import Inspection, JudgementRecord, ReportSnapshot
from yjqa.web.inspections.ratings import inspection_rating
from yjqa.web.inspections.report import publication_gaps

ClientFor = Callable[[str], Client]
pytestmark = pytest.mark.django_db
UNRATED = (DEMO_SCREENING_TITLE, DEMO_NATIONAL_STANDARDS_TITLE)
# Rating words and the rated pages' vocabulary, none of which an unrated page may use.
# The four words with their capitals ("good" is in key questions); the rest in any case.
RATING_WORDS = re.compile(
    r"\b(Outstanding|Good|Requires improvement|Inadequate)\b|"
    r"(?i:not (yet )?rated|lowest|score|\brat(ed|ing|ings)\b|borderline|\bbands?\b|chance of)"
)
PEOPLE = ("lead", "qa", "manager", "board", "admin", "inspector")


def inspection(title: str) -> Inspection:
    return Inspection.objects.get(service__slug="northshire", title=title)


def url(name: str, found: Inspection, *extra: str) -> str:
    return reverse(name, args=["northshire", found.pk, *extra])


def text_of(page: bytes) -> str:
    """The page's main content as a reader sees it (no tags, no addresses)."""
    decoded = page.decode()
    main = decoded[decoded.index("<main") : decoded.index("</main>")]
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", main)).split())


def rating_words_in(page: bytes) -> list[str]:
    decoded = page.decode()
    title = decoded[decoded.index("<title>") : decoded.index("</title>")]
    return [m.group(0) for m in RATING_WORDS.finditer(f"{title} {text_of(page)}")]


@pytest.mark.parametrize("title", UNRATED)
def test_the_figures_page_gives_proportions_in_figures_and_words_and_no_rating(
    client_for: ClientFor, title: str
) -> None:
    found = inspection(title)
    framework = found.framework
    assert not framework.rated and framework.proportion_words is not None
    response = client_for("qa@northshire.example").get(url("ratings", found))
    assert response.status_code == 200
    assert rating_words_in(response.content) == []
    page, text = response.content.decode(), text_of(response.content)
    assert "Proportions of cases" in text
    rating = inspection_rating(found)
    shown = 0
    for standard in framework.standards_for(found.inspection_type or None):
        if standard.kind != "case":
            continue
        for question, figure in zip(
            standard.key_questions, rating.standard(standard.id).key_questions, strict=True
        ):
            proportion = figure_proportion(framework, figure)
            if proportion is None:
                continue
            shown += 1
            # E.g. "three-quarters of cases (26 of 34 cases, 76%)", linked to its cases.
            assert proportion.words and proportion.text() in text
            behind = url("cases_behind", found, question.id)
            cell = re.search(
                rf'id="proportion-{re.escape(question.id.replace(".", ""))}">(.*?)</td>', page
            )
            assert cell is not None and f'href="{behind}"' in cell.group(1)
    assert shown > 0
    first = next(q for s in framework.iter_standards() if s.kind == "case" for q in s.key_questions)
    cases = client_for("qa@northshire.example").get(url("cases_behind", found, first.id))
    assert cases.status_code == 200 and rating_words_in(cases.content) == []
    assert "Back to the proportions of cases" in cases.content.decode()


@pytest.mark.parametrize("title", UNRATED)
def test_the_inspection_page_has_no_rating_words(client_for: ClientFor, title: str) -> None:
    found = inspection(title)
    for local in PEOPLE:
        response = client_for(f"{local}@northshire.example").get(url("inspection_detail", found))
        assert response.status_code == 200
        assert rating_words_in(response.content) == [], local
    text = text_of(
        client_for("lead@northshire.example").get(url("inspection_detail", found)).content
    )
    assert "See the proportions of cases" in text
    judgements = [s for s in found.framework.iter_standards() if s.kind == "judgement"]
    recorded = set(found.judgements.exclude(rating="").values_list("standard_id", flat=True))
    for standard in judgements:
        said = "Findings recorded" if standard.id in recorded else "Not yet recorded"
        assert f"{standard.id} {standard.title} {said}" in text


@pytest.mark.parametrize("title", UNRATED)
def test_a_judgements_evidence_page_says_recorded_not_rated(
    client_for: ClientFor, title: str
) -> None:
    found = inspection(title)
    recorded = set(found.judgements.exclude(rating="").values_list("standard_id", flat=True))
    for standard in found.framework.iter_standards():
        if standard.kind != "judgement":
            continue
        response = client_for("qa@northshire.example").get(
            url("judgement_evidence", found, standard.id)
        )
        assert response.status_code == 200
        assert rating_words_in(response.content) == []
        said = "Findings recorded" if standard.id in recorded else "Not yet recorded"
        assert f"Judgement {said}" in text_of(response.content)


def test_the_home_pages_have_no_rating_words(client_for: ClientFor) -> None:
    screening = inspection(DEMO_SCREENING_TITLE)
    for local in PEOPLE:
        client = client_for(f"{local}@northshire.example")
        for address in (reverse("home"), reverse("service_home", args=["northshire"])):
            response = client.get(address)
            assert response.status_code == 200
            assert rating_words_in(response.content) == [], (local, address)
    # The screening, in progress, is on the QA lead's home page: the check reads it.
    lead_home = client_for("lead@northshire.example").get(
        reverse("service_home", args=["northshire"])
    )
    assert screening.title in text_of(lead_home.content)


def test_a_rated_inspection_still_shows_its_ratings(client_for: ClientFor) -> None:
    rated = inspection(DEMO_INSPECTION_TITLE)
    assert rated.framework.rated
    client = client_for("qa@northshire.example")
    response = client.get(url("ratings", rated))
    text = text_of(response.content)
    assert "Overall rating" in text and "How sure are these ratings?" in text
    assert "lowest key-question figure" in text
    words = set(rated.framework.rating_words())
    results = inspection_rating(rated).standards
    assert any(r.rating in words for r in results)
    for result in results:
        if result.rating in words:
            assert re.search(
                rf'id="rating-{result.standard_id.replace(".", "")}">{re.escape(result.rating)}',
                response.content.decode(),
            )
    assert "See the ratings" in text_of(client.get(url("inspection_detail", rated)).content)


def test_an_unrated_judgement_is_notes_on_the_evidence_without_a_rating(
    client_for: ClientFor,
) -> None:
    screening = inspection(DEMO_SCREENING_TITLE)
    standard = next(s for s in screening.framework.iter_standards() if s.kind == "judgement")
    assert not screening.judgements.filter(standard_id=standard.id).exists()
    client = client_for("lead@northshire.example")
    address = url("judgement", screening, standard.id)
    form = client.get(address)
    assert form.status_code == 200
    assert 'type="radio"' not in form.content.decode()
    assert rating_words_in(form.content) == []
    assert "Notes on the evidence" in text_of(form.content)

    events = AuditEvent.objects.count()
    empty = client.post(address, {"version": 0, "evidence": " "})
    assert empty.status_code == 200 and "Enter the notes on the evidence" in text_of(empty.content)
    assert not screening.judgements.filter(standard_id=standard.id).exists()
    assert AuditEvent.objects.count() == events

    # A rating smuggled into the post is not the form's: the judgement is the notes alone.
    saved = client.post(
        address, {"version": 0, "evidence": "Managers oversaw the work.", "rating": "Good"}
    )
    assert saved.status_code == 302
    record = JudgementRecord.objects.get(inspection=screening, standard_id=standard.id)
    assert (record.rating, record.evidence) == (NOT_RATED, "Managers oversaw the work.")
    assert AuditEvent.objects.filter(action="save_judgement").count() >= 1
    detail = text_of(client.get(url("inspection_detail", screening)).content)
    assert f"{standard.id} {standard.title} Findings recorded" in detail


def test_a_rated_judgement_keeps_its_ratings_with_notes_on_the_evidence(
    client_for: ClientFor,
) -> None:
    rated = inspection(DEMO_INSPECTION_TITLE)
    standard = next(s for s in rated.framework.iter_standards() if s.kind == "judgement")
    form = client_for("lead@northshire.example").get(url("judgement", rated, standard.id))
    page = form.content.decode()
    assert "Notes on the evidence" in text_of(form.content)
    for word in rated.framework.rating_words():
        assert f'value="{word}"' in page


def test_an_unrated_inspection_can_be_published(client_for: ClientFor) -> None:
    screening = inspection(DEMO_SCREENING_TITLE)
    standard = next(s for s in screening.framework.iter_standards() if s.kind == "judgement")
    # Every audit is submitted and nothing waits for moderation: only the judgement is left.
    assert [g.text for g in publication_gaps(screening)] == [
        f"Judgement {standard.id} {standard.title} not recorded"
    ]
    client = client_for("lead@northshire.example")
    refused = client.post(url("inspection_status", screening), {"status": "published"})
    assert refused.status_code == 200
    assert rating_words_in(refused.content) == []
    assert f"Judgement {standard.id} {standard.title} not recorded" in text_of(refused.content)
    client.post(url("judgement", screening, standard.id), {"version": 0, "evidence": "Seen."})
    assert publication_gaps(screening) == []
    published = client.post(url("inspection_status", screening), {"status": "published"})
    assert published.status_code == 302
    screening.refresh_from_db()
    assert screening.status == Inspection.Status.PUBLISHED
    assert ReportSnapshot.objects.filter(inspection=screening).exists()
    response = client.get(url("ratings", screening))
    assert response.status_code == 200 and rating_words_in(response.content) == []


def test_an_unrated_case_standard_needs_only_its_answers_to_be_published() -> None:
    """The rated check (a standard `Not rated` is missing) would never let an unrated
    framework publish; its own is whether any case answered the standard's questions."""
    ns = inspection(DEMO_NATIONAL_STANDARDS_TITLE)
    assert ns.status == Inspection.Status.PUBLISHED
    assert publication_gaps(ns) == []
    for result in inspection_rating(ns).standards:
        assert result.rating == NOT_RATED  # never a gap for an unrated framework


def test_submitting_an_unrated_audit_says_the_proportions_not_a_lowest_figure() -> None:
    screening = inspection(DEMO_SCREENING_TITLE)
    audit = screening.audits.order_by("pk").first()
    assert audit is not None
    domain = screening.framework.domain(audit.domain_id)
    rating = inspection_rating(screening)
    lines = figures_moved(audit, domain, rating, rating)
    case_standards = [s for s in domain.standards if s.kind == "case"]
    assert len(lines) == len(case_standards)
    for line, standard in zip(lines, case_standards, strict=True):
        assert line.startswith(f"{standard.id} {standard.title}: ")
        assert "% Yes" not in line and not RATING_WORDS.search(line)
        for figure in rating.standard(standard.id).key_questions:
            shown = figure_proportion(screening.framework, figure)
            assert shown is not None and f"{figure.key_question_id} {shown.text()}" in line
        assert line.endswith(f"of {screening.audits.count()} sampled cases counted")
