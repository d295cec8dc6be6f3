"""A 2025-framework report reads as HMIP publishes one: the kind's title, a foreword with what
was rated and the overall rating, areas and activities with no score, sections for work with
children and with victims, recommendations, and how sure each rating is."""

from __future__ import annotations

import pytest

from report_2025 import (
    CHILDREN_ANSWERS,
    JUDGEMENTS,
    RECOMMENDATIONS,
    SERVICE,
    VICTIMS_ANSWERS,
    Made,
    make_2025,
    shown_percent,
)
from yjqa.core.documents.model import Chart, Paragraph, RatingBox, Report, Table

BANDS = ((80, "Outstanding"), (65, "Good"), (50, "Requires improvement"), (0, "Inadequate"))


def band(percent: int) -> str:
    return next(rating for low, rating in BANDS if percent >= low)


def expected_rating(standard_id: str) -> str:
    spec = CHILDREN_ANSWERS if standard_id.startswith("2") else VICTIMS_ANSWERS
    prefix = f"{standard_id}."
    return band(min(shown_percent(y, n) for q, (y, n, _) in spec.items() if q.startswith(prefix)))


@pytest.fixture(scope="module")
def children_and_victims() -> Made:
    return make_2025("children_and_victims")


@pytest.fixture(scope="module")
def full() -> Made:
    return make_2025("full")


def table_rows(table: Table) -> list[tuple[str, ...]]:
    return [tuple(cell.text for cell in row) for row in table.rows]


def paragraphs(report: Report, section_id: str) -> list[str]:
    return [b.text for b in report.section(section_id).blocks if isinstance(b, Paragraph)]


def ratings_table(report: Report) -> Table:
    return next(b for b in report.section("ratings").blocks if isinstance(b, Table))


def test_the_cover_carries_the_title_of_the_kind_of_inspection(
    children_and_victims: Made, full: Made
) -> None:
    cover = children_and_victims.report.cover
    assert f"{cover.title} {cover.service}" == (
        f"An inspection of youth justice work with children and victims in {SERVICE}"
    )
    assert ("Inspection", "Mock inspection 2026") in cover.detail_lines()
    cover = full.report.cover
    assert (
        f"{cover.title} {cover.service}" == f"An inspection of youth justice services in {SERVICE}"
    )


def test_the_foreword_says_what_was_rated_and_the_overall_rating(
    children_and_victims: Made, full: Made
) -> None:
    assert children_and_victims.report.sections[0].title == "Foreword"
    opening = paragraphs(children_and_victims.report, "foreword")[0]
    assert opening.startswith(
        f"In this inspection, we have inspected and rated work with children and victims in "
        f"{SERVICE} Youth Justice Service (YJS) across two broad areas: the quality of work done "
        "with children working with the YJS and the quality of work done with victims."
    )
    overall = children_and_victims.rating.overall
    assert overall is not None
    assert opening.endswith(f"Overall, {SERVICE} YJS was rated as '{overall}'.")
    full_opening = paragraphs(full.report, "foreword")[0]
    assert "across three broad areas: the arrangements for organisational delivery of the " in (
        full_opening
    )
    assert full_opening.endswith(f"Overall, {SERVICE} YJS was rated as '{full.rating.overall}'.")
    # The service's own summary follows.
    assert "Practitioners knew their children well." in paragraphs(full.report, "foreword")


def test_the_ratings_table_holds_areas_and_activities_and_no_score(
    children_and_victims: Made,
) -> None:
    made = children_and_victims
    rows = dict(table_rows(ratings_table(made.report)))
    assert rows["Overall rating"] == made.rating.overall
    assert rows["Work with children"] == made.rating.areas["work_with_children"]
    for sid, title in (("2.1", "Assessing"), ("2.2", "Planning"), ("2.3", "Delivery")):
        assert rows[f"{sid} {title}"] == expected_rating(sid)
    assert rows["Work with victims"] == expected_rating("V1")
    assert "Score" not in rows and not any(label.startswith("1.") for label in rows)
    assert "/36" not in made.report.model_dump_json()
    table = ratings_table(made.report)
    assert any("no score out of 36" in note for note in table.footnotes)
    assert any("provisional" in note for note in table.footnotes)
    # Area rows head their groups, and carry the area's rating.
    labels = [row[0] for row in table_rows(table)]
    assert [labels[i] for i in table.group_rows] == ["Work with children", "Work with victims"]


def test_a_full_inspection_rates_organisational_delivery_too(full: Made) -> None:
    rows = dict(table_rows(ratings_table(full.report)))
    titles = {s.id: s.title for s in full.framework.domain("1").standards}
    for sid, word in JUDGEMENTS.items():
        assert rows[f"{sid} {titles[sid]}"] == word
    assert rows["Organisational delivery"] == full.rating.areas["organisational_delivery"]
    assert "1.4 Appropriate Adult arrangements" in rows
    assert full.report.section("standard-1-4")


def test_each_activity_prints_its_figures_on_positive_change_and_on_safety(
    children_and_victims: Made,
) -> None:
    report = children_and_victims.report
    assert report.section("area-work-with-children").title == "Work with children"
    for sid in ("2.1", "2.2", "2.3"):
        section = report.section(f"standard-{sid.replace('.', '-')}")
        box = section.blocks[0]
        assert isinstance(box, RatingBox) and box.rating == expected_rating(sid)
        table = next(b for b in section.blocks if isinstance(b, Table))
        assert table.header == ("Looks at", "Key question", "% 'Yes'", "95% interval")
        rows = table_rows(table)
        assert [row[0] for row in rows] == [
            "Achieving positive change for the child",
            "Keeping the child and the community safe",
        ]
        for row, cells in zip(rows, table.rows, strict=True):
            question = row[1].split(" ", 1)[0]
            yes, no, _ = CHILDREN_ANSWERS[question]
            assert row[2] == f"{shown_percent(yes, no)}%"
            # The certainty model's range for the caseload's % Yes, as the report prints it.
            stats = children_and_victims.uncertainty[sid].key_question_stats
            interval = next(st.ci95 for st in stats if st.key_question_id == question)
            assert interval is not None
            assert interval.low <= 100 * yes / (yes + no) <= interval.high
            assert row[3] == f"{interval.low:.0f}%\u00a0to\u00a0{interval.high:.0f}%"
            lowest = min(
                shown_percent(*CHILDREN_ANSWERS[q][:2])
                for q in CHILDREN_ANSWERS
                if q.startswith(sid)
            )
            assert cells[2].bold == (shown_percent(yes, no) == lowest)
        cases = max(sum(counts) for counts in CHILDREN_ANSWERS.values())
        assert f"from {cases} children's cases" in table.caption
        assert any(p.startswith("How sure: ") for p in paragraphs(report, section.id))
        assert any(isinstance(b, Chart) for b in section.blocks)


def test_work_with_victims_prints_v1_1_and_v1_2_on_victims_cases(
    children_and_victims: Made,
) -> None:
    report = children_and_victims.report
    area = paragraphs(report, "area-work-with-victims")
    cases = max(sum(counts) for counts in VICTIMS_ANSWERS.values())
    assert f"We inspected {cases} victims' cases." in area
    section = report.section("standard-v1")
    table = next(b for b in section.blocks if isinstance(b, Table))
    rows = table_rows(table)
    assert [row[0] for row in rows] == [
        "V1.1 Is work with victims high-quality, individualised, and responsive?",
        "V1.2 Do organisational arrangements and activity drive quality, individualised, and "
        "responsive service for victims?",
    ]
    for (label, figure, _interval), question in zip(rows, ("V1.1", "V1.2"), strict=True):
        yes, no, _ = VICTIMS_ANSWERS[question]
        assert figure == f"{shown_percent(yes, no)}%", label
    sure = children_and_victims.uncertainty["V1"]
    assert any(
        p.startswith("How sure: ") and sure.band_probability and expected_rating("V1") in p
        for p in paragraphs(report, "standard-v1")
    )


def test_recommendations_follow_the_ratings(children_and_victims: Made) -> None:
    ids = [s.id for s in children_and_victims.report.sections]
    assert ids[:3] == ["foreword", "ratings", "recommendations"]
    blocks = children_and_victims.report.section("recommendations").blocks
    texts = [getattr(b, "text", "") for b in blocks]
    assert "we have made three recommendations" in texts[0]
    items = [item for b in blocks if b.kind == "bullets" for item in b.items]  # type: ignore[union-attr]
    assert items == [r.text for r in RECOMMENDATIONS]


def test_the_rules_are_stated_as_provisional_defaults(full: Made) -> None:
    annexe = " ".join(paragraphs(full.report, "annexe"))
    assert "There is no score." in annexe
    bullets = next(b for b in full.report.section("annexe").blocks if b.kind == "bullets")
    assert all("(provisional default)." in item for item in bullets.items)  # type: ignore[union-attr]
    assert len(bullets.items) == 4  # type: ignore[union-attr]  # three areas and the overall


def test_an_inspection_in_progress_says_what_is_not_rated_yet() -> None:
    made = make_2025("children_and_victims", victims=False)
    assert made.rating.overall is None and made.rating.score is None
    rows = dict(table_rows(ratings_table(made.report)))
    assert rows["Overall rating"] == "Not yet known"
    assert rows["Work with victims"] == "Not yet rated"  # a draft, still without figures
    assert rows["2.1 Assessing"] == expected_rating("2.1")
    opening = paragraphs(made.report, "foreword")[0]
    assert opening.endswith(
        f"The overall rating for {SERVICE} YJS is not known yet: it follows once work with "
        "victims has been rated."
    )
    assert "No victims' cases have been audited yet." in paragraphs(
        made.report, "area-work-with-victims"
    )


def test_a_full_inspection_without_judgements_builds_with_organisational_standards_not_rated() -> (
    None
):
    made = make_2025("full", judgements={})
    rows = dict(table_rows(ratings_table(made.report)))
    # A draft: the judgements are not yet recorded.
    assert rows["1.1 Governance and leadership"] == "Not yet rated"
    assert rows["Organisational delivery"] == "Not yet rated"
    assert rows["Overall rating"] == "Not yet known"


def test_the_2025_report_round_trips_as_json(full: Made) -> None:
    assert Report.model_validate_json(full.report.model_dump_json()) == full.report
