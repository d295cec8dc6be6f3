"""The youth justice plan document: seed 003's sections in its order, the filled parts (board
attendance, budget, national standards, staffing), written Markdown, and the sign-off."""

from __future__ import annotations

import io
import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import docx
import yaml

from yjqa.core.documents.model import BulletList, Paragraph, Report, Section, Table
from yjqa.core.documents.plan_performance import PlanPerformance
from yjqa.core.documents.youth_justice_plan import (
    NO_NATIONAL_STANDARDS,
    SECTIONS,
    BudgetLine,
    KeyQuestionCases,
    PlanInput,
    StaffPost,
    StandardForChildren,
    build_plan,
)
from yjqa.reports import render_docx, render_html

from helpers import youth_justice_plan_facts

BUDGET = yaml.safe_load(
    (Path(__file__).parents[2] / "data" / "seed_003_budget.yaml").read_text(encoding="utf-8")
)


def texts(section: Section) -> list[str]:
    return [b.text for b in section.blocks if isinstance(b, Paragraph)]


def rows(table: object) -> list[list[str]]:
    assert isinstance(table, Table)
    return [[c.text for c in row] for row in table.rows]


def tables(section: Section) -> list[Table]:
    return [b for b in section.blocks if isinstance(b, Table)]


def plan_with(**values: object) -> Report:
    return build_plan(PlanInput(service="Northshire YJS", period="2025 to 2026", **values))  # type: ignore[arg-type]


# Seed 003's contents, each with the section yjqa writes it in. "Voice of the child" and
# "Inspection findings" are yjqa's own (the module docstring says where and why).
SEED_SECTIONS = {
    "Forward": "foreword",
    "1. Introduction, vision, and strategy": "introduction",
    "2. Governance, leadership, and partnership arrangements": "governance",
    "3. Progress on priorities in previous plan": "progress",
    "4. Performance over the previous year": "performance",
    "5. Risks and Issues": "risks",
    "6. Child First": "child_first",
    "7. Resource and services": "resources",
    "8. Board Development": "board_development",
    "9. Workforce Development": "workforce_development",
    "10. Evidence based practice and innovation": "evidence",
    "11. Priorities for the coming year / National Priority areas": "priorities",
    "12. Standards for children": "standards",
    "13. Service Development": "service_development",
    "14. Sign off": "sign_off",
    "Appendix 1 \u2013 Staffing Structure": "staffing",
}


def test_every_section_of_seed_003_is_there_in_its_order() -> None:
    seed = youth_justice_plan_facts()["sections"]
    assert list(SEED_SECTIONS) == seed
    ours = [s.id for s in SECTIONS if s.id in SEED_SECTIONS.values()]
    assert ours == list(SEED_SECTIONS.values())
    # yjqa's own two: feedback after Child First, the inspection before service development.
    ids = [s.id for s in SECTIONS]
    assert ids[ids.index("child_first") + 1] == "voice"
    assert ids[ids.index("service_development") - 1] == "inspection"
    assert ids[-2:] == ["sign_off", "staffing"]  # the appendix after the sign-off


def test_an_empty_plan_names_its_unwritten_sections_in_one_line() -> None:
    report = plan_with()
    filled = [s.title for s in SECTIONS if s.source != "text"]
    assert [s.title for s in report.sections] == [*filled[:-2], "Not written yet", *filled[-2:]]
    gaps = report.section("not-written")
    assert texts(gaps) == ["These sections have not been written yet:"]
    listed = next(b for b in gaps.blocks if isinstance(b, BulletList)).items
    assert list(listed) == [s.title for s in SECTIONS if s.source == "text"]
    assert texts(report.section("performance")) == ["No indicator data is held for this period."]
    assert report.cover.draft and ("Period", "2025 to 2026") in report.cover.detail_lines()


def test_every_section_is_there_in_order_once_written() -> None:
    report = plan_with(texts={s.id: f"About {s.title}." for s in SECTIONS})
    assert [s.title for s in report.sections] == [s.title for s in SECTIONS]
    assert all(section.blocks for section in report.sections)
    assert report.section("board-development").title == "Board development"
    assert report.section("workforce-development").title == "Workforce development"
    assert texts(report.section("foreword")) == ["About Foreword."]


def test_written_markdown_keeps_paragraphs_lists_tables_and_headings() -> None:
    report = plan_with(
        texts={
            "risks": "Two risks.\n\n| Risk | Actions to mitigate |\n| --- | --- |\n"
            "| Workforce | A workforce strategy |\n| Feedback | A participation strategy |",
            "service_development": "Main actions:\n\n1. Strengthen the board\n2. Improve health"
            "\n\n## Volunteers\n\n- Recruitment\n- Training",
        }
    )
    risks = report.section("risks")
    assert texts(risks) == ["Two risks."]
    (table,) = tables(risks)
    assert table.header == ("Risk", "Actions to mitigate") and table.caption == "Risks and issues"
    assert rows(table) == [
        ["Workforce", "A workforce strategy"],
        ["Feedback", "A participation strategy"],
    ]
    development = report.section("service-development")
    numbered = next(b for b in development.blocks if isinstance(b, BulletList))
    assert numbered.numbered and numbered.items == ("Strengthen the board", "Improve health")
    volunteers = report.section("service-development-1")
    assert (volunteers.title, volunteers.level, volunteers.in_contents) == ("Volunteers", 2, False)
    assert volunteers.blocks == (BulletList(items=("Recruitment", "Training")),)
    ids = [s.id for s in report.sections]
    assert ids.index("service-development-1") == ids.index("service-development") + 1


PAYLOADS = (
    "<script>alert('plan')</script>",
    "<b>bold by HTML</b>",
    "=cmd|' /C calc'!A0",
)


def test_html_and_formulas_in_the_text_are_printed_as_text_in_every_format() -> None:
    text = "\n\n".join(PAYLOADS) + "\n\n| Risk | Actions |\n| --- | --- |\n| <b>x</b> | =1+1 |"
    report = plan_with(texts={"risks": text, "foreword": "**Bold** and *italic* words"})
    risks = report.section("risks")
    assert texts(risks) == list(PAYLOADS)
    assert rows(tables(risks)[0]) == [["<b>x</b>", "=1+1"]]
    # The model has no inline styles: bold and italic are plain words.
    assert texts(report.section("foreword")) == ["Bold and italic words"]
    html = render_html(report)
    assert "<script>alert" not in html and "<b>bold by HTML</b>" not in html
    assert "&lt;script&gt;alert(&#39;plan&#39;)&lt;/script&gt;" in html
    assert "&lt;b&gt;bold by HTML&lt;/b&gt;" in html and "=cmd|&#39; /C calc&#39;!A0" in html
    document = docx.Document(io.BytesIO(render_docx(report)))
    words = "\n".join(p.text for p in document.paragraphs)
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    for payload in PAYLOADS:
        assert payload in words
    assert "<b>x</b>" in cells and "=1+1" in cells


def _seed_lines(pence: dict[str, tuple[str, str]] | None = None) -> list[BudgetLine]:
    """Seed 003's budget lines. Its 'X In Kind' rows are X's in-kind contribution; `pence`
    replaces a printed row's (staffing, other) with unrounded figures."""
    lines = []
    for line in BUDGET["lines"]:
        staffing, other = (Decimal(line["staffing"]), Decimal(line["other"]))
        if pence and line["source"] in pence:
            staffing, other = (Decimal(v) for v in pence[line["source"]])
        if line["source"].endswith("In Kind"):
            source = line["source"].removesuffix(" In Kind")
            lines.append(BudgetLine(source, in_kind_staffing=staffing, in_kind_other=other))
        else:
            lines.append(BudgetLine(line["source"], cash_staffing=staffing, cash_other=other))
    return lines


def budget_rows(lines: list[BudgetLine]) -> dict[str, list[str]]:
    table = plan_with(budget=lines).section("resources").blocks[0]
    return {row[0]: row[1:] for row in rows(table)}


def money(value: int) -> str:
    return f"£{value:,}"


def test_the_budget_works_out_every_total_from_seed_003s_lines_and_never_copies_one() -> None:
    """Seed 003's printed budget does not add up: its Council row prints £463,964 for
    £438,020 + £25,945 (= £463,965), and its total other costs £50,528 for £24,584 + £25,945
    (= £50,529), so its total budget, £980,639, is a pound short of its lines. yjqa works each
    total out from the lines as given, so from the printed whole pounds it gets £980,640."""
    printed = {line["source"]: line for line in BUDGET["lines"]}
    found = budget_rows(_seed_lines())
    council = printed["Council"]
    assert council["staffing"] + council["other"] == 463_965 != council["total"]
    assert found["Council"] == [money(438_020), money(25_945), money(463_965)]
    yjb = printed["Youth Justice Board Grant"]
    assert found["Youth Justice Board Grant"] == [
        money(yjb["staffing"]),
        money(yjb["other"]),
        money(yjb["total"]),  # this row does add up
    ]
    assert found["Cumbria Police in kind"] == [money(61_238), money(0), money(61_238)]
    assert "Police Grant" not in found  # a source giving nothing is not printed
    total = BUDGET["total_budget"]
    assert found["Total budget"] == [money(total["staffing"]), money(50_529), money(980_640)]
    assert found["Total cash"] == [money(853_064), money(50_529), money(903_593)]
    assert found["Total in kind"] == [money(77_047), money(0), money(77_047)]


def test_seed_003s_budget_total_is_reproduced_from_lines_held_in_pence() -> None:
    """The printed figures are what a spreadsheet shows of lines held in pence: with such lines
    yjqa prints every figure of seed 003's table, its total £980,639 and its Council £463,964
    included, rounding only what it shows, and says that it rounds."""
    lines = _seed_lines(
        {
            "Youth Justice Board Grant": ("415044.20", "24583.60"),
            "Council": ("438019.60", "25944.60"),
        }
    )
    found = budget_rows(lines)
    for line in BUDGET["lines"]:
        if line["total"]:
            label = line["source"].replace(" In Kind", " in kind")
            assert found[label] == [money(line[k]) for k in ("staffing", "other", "total")]
    total = BUDGET["total_budget"]
    assert found["Total budget"] == [money(total[k]) for k in ("staffing", "other", "total")]
    table = plan_with(budget=lines).section("resources").blocks[0]
    assert isinstance(table, Table) and "rounded to the nearest pound" in table.footnotes[0]
    whole = plan_with(budget=_seed_lines()).section("resources").blocks[0]
    assert isinstance(whole, Table) and whole.footnotes == ()


def test_the_budget_has_staffing_and_other_cash_and_in_kind_for_each_source() -> None:
    found = budget_rows(
        [
            BudgetLine("Police", Decimal(1_000), Decimal(200), Decimal(60_000), Decimal(300)),
            BudgetLine("Health", in_kind_other=Decimal(5_000)),
        ]
    )
    assert found == {
        "Police": ["£1,000", "£200", "£1,200"],
        "Police in kind": ["£60,000", "£300", "£60,300"],
        "Health in kind": ["£0", "£5,000", "£5,000"],
        "Total cash": ["£1,000", "£200", "£1,200"],
        "Total in kind": ["£60,000", "£5,300", "£65,300"],
        "Total budget": ["£61,000", "£5,500", "£66,500"],
    }


def test_the_staffing_appendix_counts_posts_and_full_time_equivalents() -> None:
    posts = [
        StaffPost("Team manager", "directly_employed", 2, Decimal(2)),
        StaffPost("Youth justice officer", "directly_employed", 11, Decimal("9.5")),
        StaffPost("Police officer", "seconded", 1, Decimal(1)),
        StaffPost("Probation officer", "seconded", 2, Decimal("0.5")),
    ]
    appendix = plan_with(staffing=posts).section("staffing")
    assert appendix.title == "Appendix 1: Staffing structure"
    count = sum(p.posts for p in posts)
    assert count == BUDGET["staffing_posts"]  # seed 003's "16 staffing posts"
    assert texts(appendix) == [
        "The service has 16 posts (13 full-time equivalent): 13 directly employed and 3 seconded."
    ]
    table = tables(appendix)[0]
    assert table.header == ("Role", "Contract", "Posts", "Full-time equivalent")
    assert rows(table)[-1] == ["Total", "", "16", "13"]
    assert rows(table)[1] == ["Youth justice officer", "Directly employed", "11", "9.5"]
    assert texts(plan_with().section("staffing")) == [
        "No posts are recorded in the staffing structure."
    ]


def test_governance_shows_the_boards_attendance_over_the_previous_year() -> None:
    report = plan_with(
        board_period="April 2024 to March 2025",
        board_meetings=6,
        board_attendance=[("Police", 5, 6), ("Health", 2, 3)],
        texts={"governance": "The board meets every two months."},
    )
    governance = report.section("governance")
    assert texts(governance) == [
        "The management board met 6 times in the year April 2024 to March 2025.",
        "The board meets every two months.",
    ]
    table = tables(governance)[0]
    assert table.caption == "Management board attendance by agency, April 2024 to March 2025"
    assert rows(table) == [["Police", "5", "6", "83%"], ["Health", "2", "3", "67%"]]
    none = plan_with(board_period="April 2024 to March 2025").section("governance")
    assert texts(none) == ["No board meetings are recorded for the year April 2024 to March 2025."]


STANDARDS = [
    StandardForChildren(
        "Standard 1: Out-of-court disposals",
        [KeyQuestionCases("1.2.1 Was it joint?", 9, 12), KeyQuestionCases("1.2.2 Fair?", 0, 0)],
        "Targeted auditing of OOCD cases",
        "Regular audits of out-of-court disposals.",
    ),
    StandardForChildren("Standard 2: At court", []),
]


def test_standards_for_children_shows_each_standards_cases_and_its_aligned_action() -> None:
    report = plan_with(
        standards_source="From the national standards self-assessment 'NS 2025' (published).",
        standards=STANDARDS,
    )
    section = report.section("standards")
    assert texts(section) == ["From the national standards self-assessment 'NS 2025' (published)."]
    figures, actions = tables(section)
    assert rows(figures) == [
        ["Standard 1: Out-of-court disposals", "", ""],
        ["1.2.1 Was it joint?", "9\u00a0of\u00a012", "75%"],
        ["1.2.2 Fair?", "0\u00a0of\u00a00", "not known"],
        ["Standard 2: At court", "", ""],
        ["No case answers are recorded", "", ""],
    ]
    assert figures.group_rows == (0, 3)
    assert actions.header == ("National standard", "Aligned action", "Details")
    assert rows(actions) == [
        [
            "Standard 1: Out-of-court disposals",
            "Targeted auditing of OOCD cases",
            "Regular audits of out-of-court disposals.",
        ]
    ]


def test_with_no_self_assessment_the_plan_says_so_plainly_and_keeps_the_actions() -> None:
    section = plan_with(standards=STANDARDS).section("standards")
    assert texts(section) == [NO_NATIONAL_STANDARDS]
    assert NO_NATIONAL_STANDARDS == "No national standards self-assessment is recorded."
    (actions,) = tables(section)
    assert actions.caption == "Actions aligned with the national standards"


def test_filled_sections_and_the_sign_off_appear_in_the_plan() -> None:
    report = plan_with(
        performance=PlanPerformance(
            "April 2024 to March 2025", [("First time entrants", "children", "12")]
        ),
        ratings=[("2.1 Assessment", "Good")],
        inspection="HMIP inspection 2026: Good overall.",
        improvement=[("Improve healthcare provision", "At risk", "1 of 3 actions complete")],
        feedback=[("Children's survey 2025", "30 responses; 77% rated us 9 or 10")],
        signed_off_by="Pat Chair",
        signed_off_on=date(2025, 6, 30),
    )
    ratings = report.section("inspection").blocks[1]
    assert isinstance(ratings, Table) and ratings.rows[0][1].rating == "Good"
    voice = report.section("voice").blocks[0]
    assert isinstance(voice, BulletList)
    assert voice.items == ("Children's survey 2025: 30 responses; 77% rated us 9 or 10",)
    assert texts(report.section("sign-off")) == [
        "Signed on behalf of the management board by Pat Chair on 30 June 2025."
    ]
    assert not report.cover.draft and report.cover.published == date(2025, 6, 30)
    html = render_html(report)
    assert "Improve healthcare provision" in html and "Youth justice plan for" in html
    assert re.search(r"Appendix 1: Staffing structure", html)
    assert len(render_docx(report)) > 5000
