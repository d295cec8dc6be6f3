"""The report prints each judgement standard's register of evidence under the standard, in
HTML, PDF and Word, its linked figures in words (1.1's board attendance, 1.2's staff survey);
an inspection with no register prints no register table; and a published report keeps the
register as it stood when it was frozen."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from datetime import datetime, time, timedelta
from typing import Any

import docx
import pdfplumber
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from lxml import html as lxml_html  # type: ignore[import-untyped]  # python-docx needs it
from tests.document_downloads import download
from tests.web.inspections.publishing import make_ready_to_publish

from yjqa.core.documents.judgement_evidence import HEADER, NO_DATE, NO_FIGURE, long_date
from yjqa.core.improvement.rules import PARTNER_AGENCIES
from yjqa.core.surveys.definitions import get_survey_definition
from yjqa.web.audit.trail import Actor
from yjqa.web.demo import DEMO_INSPECTION_TITLE
from yjqa.web.improvement.services import do_record_board_meeting
from yjqa.web.inspections.judgement_evidence import figure_words
from yjqa.web.inspections.judgement_figures import read_figure, reference_day
from yjqa.web.inspections.models import Inspection, JudgementEvidence
from yjqa.web.inspections.services import do_change_status
from yjqa.web.surveys.models import Response, ResponseAnswer
from yjqa.web.surveys.services import do_create_survey
from yjqa.web.tenancy.models import Membership

ClientFor = Callable[[str], Client]
pytestmark = pytest.mark.django_db
Row = tuple[str, ...]  # evidence, date, what it shows, yjqa figure


def demo() -> Inspection:
    return Inspection.objects.get(service__slug="northshire", title=DEMO_INSPECTION_TITLE)


def manager() -> Actor:
    return Actor.member(
        Membership.objects.select_related("user", "service").get(
            user__email="manager@northshire.example", service__slug="northshire"
        )
    )


def fetch(client: Client, inspection: Inspection, fmt: str) -> bytes:
    response = download(client, reverse("report_file", args=["northshire", inspection.pk, fmt]))
    assert response.status_code == 200
    return response.content


def flat(text: str) -> str:
    return " ".join(text.split())


def expected_registers(inspection: Inspection) -> dict[str, tuple[str, list[Row]]]:
    """Each judgement standard's (caption, rows) as the report should print them, read from
    the stored register and each linked figure as it stands now."""
    found: dict[str, list[Row]] = {}
    for item in JudgementEvidence.objects.filter(inspection=inspection).order_by("pk"):
        figure = read_figure(inspection, item.figure) if item.figure else None
        found.setdefault(item.standard_id, []).append(
            (
                f"{item.title} ({item.get_kind_display().lower()})",
                long_date(item.dated) if item.dated else NO_DATE,
                flat(item.summary),
                figure_words(figure) if figure else NO_FIGURE,
            )
        )
    framework = inspection.framework
    result = {}
    for standard_id, rows in found.items():
        standard = framework.standard(standard_id)
        noun = "item" if len(rows) == 1 else "items"
        caption = f"The evidence for {standard.id} {standard.title}: {len(rows)} {noun}"
        result[standard_id] = (caption, rows)
    return result


def html_registers(page: bytes) -> dict[str, tuple[str, list[Row]]]:
    """The register tables the HTML prints, by the standard whose section holds them."""
    tree = lxml_html.fromstring(page)
    found = {}
    for table in tree.xpath("//table[thead/tr/th[1][normalize-space()='Evidence']]"):
        section = table.xpath("ancestor::section[1]")[0]
        standard_id = section.get("id").removeprefix("standard-").replace("-", ".")
        header = tuple(flat(th.text_content()) for th in table.xpath("thead/tr/th"))
        assert header == HEADER
        rows = [
            tuple(flat(cell.text_content()) for cell in row.xpath("th|td"))
            for row in table.xpath("tbody/tr")
        ]
        found[standard_id] = (flat(table.xpath("caption")[0].text_content()), rows)
    return found


def word_registers(content: bytes) -> dict[str, tuple[str, list[Row]]]:
    """The register tables of the Word file, each with the caption just above it, by the
    standard the caption names."""
    document = docx.Document(io.BytesIO(content))
    found = {}
    body = document.element.body
    tables = iter(document.tables)
    previous = ""
    for child in body.iterchildren():
        if child.tag.endswith("}p"):
            previous = "".join(t.text or "" for t in child.iter() if t.tag.endswith("}t"))
            continue
        if not child.tag.endswith("}tbl"):
            continue
        table = next(tables)
        header = tuple(flat(cell.text) for cell in table.rows[0].cells)
        if header != HEADER:
            continue
        match = re.match(r"The evidence for (\S+) ", previous)
        assert match, previous
        rows = [tuple(flat(cell.text) for cell in row.cells) for row in table.rows[1:]]
        found[match.group(1)] = (flat(previous), rows)
    return found


def pdf_text(content: bytes) -> str:
    """The PDF's text without the draft watermark's large letters, which would otherwise
    land in the middle of words."""
    with pdfplumber.open(io.BytesIO(content)) as document:
        return "\n".join(
            page.filter(lambda obj: obj["object_type"] != "char" or obj["size"] < 40).extract_text()
            or ""
            for page in document.pages
        )


def pdf_holds(text: str, phrase: str) -> bool:
    """Whether the PDF's text holds the phrase's words in order: a table cell's words wrap
    onto several lines (a hyphenated word at its hyphen), between which the other cells of
    the row may be printed."""
    words = re.findall(r"[^\s-]+", text)
    wanted = re.findall(r"[^\s-]+", phrase)
    at = 0
    for word in words:
        if at < len(wanted) and word == wanted[at]:
            at += 1
    return at == len(wanted)


def add_board_meeting_and_staff_survey(inspection: Inspection) -> None:
    """A board meeting a month before fieldwork (every partner but the first attending) and a
    staff survey of six responses opened the day before (so the latest by then, whatever
    the demo holds): the figures 1.1 and 1.2 link, read in words."""
    by = reference_day(inspection)
    service = inspection.service
    actor = manager()
    codes = [code for code, _ in PARTNER_AGENCIES]
    do_record_board_meeting(
        actor,
        service,
        date=by - timedelta(days=30),
        attendance={code: (code != codes[0], "") for code in codes},
        decisions={},
        inspection=inspection,
        today=by - timedelta(days=30),
    )
    definition = get_survey_definition("staff-survey")
    survey = do_create_survey(
        actor, service, definition, period="2025 to 2026", template_id="staff-survey", invited=10
    )
    opened = timezone.make_aware(datetime.combine(by - timedelta(days=1), time.min))
    survey.created_at = opened  # a survey's history: no service backdates one
    survey.save(update_fields=["created_at"])
    for index in range(6):
        response = Response.objects.create(
            survey=survey, submitted_at=opened + timedelta(hours=index + 1), period=survey.period
        )
        ResponseAnswer.objects.bulk_create(
            ResponseAnswer(response=response, question_id=question.id, value=str(5 + index % 4))
            for question in definition.rating_questions()
        )


def test_the_html_report_prints_each_register_under_its_standard(client_for: ClientFor) -> None:
    inspection = demo()
    add_board_meeting_and_staff_survey(inspection)
    expected = expected_registers(inspection)
    assert {"1.1", "1.2"} <= set(expected)
    printed = html_registers(fetch(client_for("board@northshire.example"), inspection, "html"))
    assert printed == expected
    board = next(row[3] for row in printed["1.1"][1] if row[0].startswith("Management board"))
    assert re.fullmatch(
        r"Board attendance \(KPI 7\): \d+ board meetings? from .+: partner agencies attended "
        r"\d+% \(\d+ of \d+\); .+\.",
        board,
    ), board
    staff = next(row[3] for row in printed["1.2"][1] if row[0].startswith("Staff survey"))
    assert re.fullmatch(
        r"Staff survey: .+ \(2025 to 2026\): 6 responses \(60% of 10 invited\); "
        r"average out of 10: .+\.",
        staff,
    ), staff
    # Only judgement standards have a register: no case standard's section prints one.
    case_standards = {s.id for s in inspection.framework.iter_standards() if s.kind == "case"}
    assert not case_standards & set(printed)


def test_the_pdf_and_word_report_print_each_register(client_for: ClientFor) -> None:
    inspection = demo()
    add_board_meeting_and_staff_survey(inspection)
    expected = expected_registers(inspection)
    client = client_for("board@northshire.example")
    assert word_registers(fetch(client, inspection, "docx")) == expected
    text = pdf_text(fetch(client, inspection, "pdf"))
    for caption, rows in expected.values():
        assert caption in flat(text), caption
        for row in rows:
            for cell in row:
                assert pdf_holds(text, cell), cell
    assert pdf_holds(text, " ".join(HEADER))


def test_an_inspection_with_no_register_prints_no_register_table(client_for: ClientFor) -> None:
    inspection = demo()
    JudgementEvidence.objects.filter(inspection=inspection).delete()
    client = client_for("board@northshire.example")
    page = fetch(client, inspection, "html")
    assert html_registers(page) == {}
    assert b"The evidence for" not in page
    # What the judgement records is still printed.
    recorded = inspection.judgements.get(standard_id="1.1").evidence
    assert flat(recorded)[:40] in flat(page.decode())
    assert word_registers(fetch(client, inspection, "docx")) == {}
    text = flat(pdf_text(fetch(client, inspection, "pdf")))
    assert "The evidence for" not in text and "yjqa figure" not in text


def test_a_standard_without_items_prints_no_table_while_the_others_do(
    client_for: ClientFor,
) -> None:
    inspection = demo()
    JudgementEvidence.objects.filter(inspection=inspection, standard_id="1.4").delete()
    printed = html_registers(fetch(client_for("board@northshire.example"), inspection, "html"))
    assert "1.4" not in printed and "1.1" in printed
    assert printed == expected_registers(inspection)


def test_a_published_report_keeps_the_register_as_it_stood_when_frozen(
    client_for: ClientFor,
) -> None:
    inspection = demo()
    add_board_meeting_and_staff_survey(inspection)
    frozen = expected_registers(inspection)
    do_change_status(
        Actor.operator(), make_ready_to_publish(inspection), Inspection.Status.PUBLISHED
    )
    client = client_for("board@northshire.example")
    before = {fmt: fetch(client, inspection, fmt) for fmt in ("html", "docx")}
    assert html_registers(before["html"]) == frozen

    # After publication the register and its figures change (as only the database could:
    # every service refuses a published inspection) ...
    items = JudgementEvidence.objects.filter(inspection=inspection)
    first: Any = items.filter(standard_id="1.1").order_by("pk").first()
    items.filter(pk=first.pk).update(title="Renamed after publication")
    items.filter(standard_id="1.2").delete()
    by = reference_day(inspection)
    do_record_board_meeting(
        manager(),
        inspection.service,
        date=by - timedelta(days=10),
        attendance={code: (True, "") for code, _ in PARTNER_AGENCIES},
        decisions={},
        inspection=inspection,
        today=by - timedelta(days=10),
    )
    assert expected_registers(inspection) != frozen

    # ... and the report still prints the register as it was frozen.
    after = fetch(client, inspection, "html")
    assert after == before["html"]
    assert html_registers(after) == frozen
    assert b"Renamed after publication" not in after
    assert word_registers(fetch(client, inspection, "docx")) == frozen
    text = pdf_text(fetch(client, inspection, "pdf"))
    assert "Renamed after publication" not in text
    assert pdf_holds(text, frozen["1.2"][0])
