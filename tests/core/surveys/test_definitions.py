"""Survey definitions: the shipped templates, and a definition read from YAML with its problems."""

from __future__ import annotations

import pytest

from yjqa.core.surveys.definitions import (
    ChoiceQuestion,
    get_survey_definition,
    parse_survey_definition,
    shipped_survey_definitions,
)
from yjqa.core.validation.problems import InputError

from helpers import PILOT_SURVEY as GOOD


def test_the_shipped_templates_cover_every_audience() -> None:
    shipped = shipped_survey_definitions()
    assert {d.audience for d in shipped.values()} == {"children", "parents_carers", "staff"}
    children = get_survey_definition("children-feedback")
    assert children.title == "How was your time with the youth justice service?"
    assert [q.id for q in children.breakdown_questions()] == ["age_band"]
    assert all(q.required for q in children.rating_questions())


def test_a_definition_is_read_from_yaml() -> None:
    definition = parse_survey_definition(GOOD, "pilot.yaml")
    assert [q.kind for q in definition.questions] == ["rating", "choice"]
    assert definition.question("How was it?") is definition.questions[0]
    assert definition.question("again") is definition.questions[1]


@pytest.mark.parametrize(
    ("change", "place", "message"),
    [
        ("audience: children", "audience", "'children', 'parents_carers' or 'staff'"),
        ("    low_label: Bad\n", "questions[0].low_label", "required field is missing"),
        ("kind: choice", "questions[1]", "does not match any of the expected tags"),
        ("options: [Often, Never]", "questions[1].options", "options must differ"),
        ("id: again", "(top level)", "question ids must be unique: overall"),
        ("kind: rating", "questions[0]", "'rating', 'choice', 'text'"),
    ],
)
def test_definition_errors_name_the_field_and_line(change: str, place: str, message: str) -> None:
    replacements = {
        "audience: children": "audience: pupils",
        "    low_label: Bad\n": "",
        "kind: choice": "kind: checkboxes",
        "options: [Often, Never]": "options: [Often, often]",
        "id: again": "id: overall",
        "kind: rating": "kind: stars",
    }
    text = GOOD.replace(change, replacements[change], 1)
    with pytest.raises(InputError) as caught:
        parse_survey_definition(text, "pilot.yaml")
    problem = caught.value.problems[0]
    assert problem.place == place, caught.value.describe()
    assert message in problem.message, caught.value.describe()
    assert problem.line is not None
    assert caught.value.source == "pilot.yaml"


def test_unquoted_yes_and_no_are_explained() -> None:
    with pytest.raises(InputError) as caught:
        parse_survey_definition(GOOD.replace("[Often, Never]", "[Yes, No]"), "pilot.yaml")
    assert caught.value.problems[0].place == "questions[1].options"
    assert "put options like these in quotes" in caught.value.describe()
    assert caught.value.problems[0].line == 15


def test_a_choice_question_needs_two_options() -> None:
    with pytest.raises(ValueError, match="at least 2"):
        ChoiceQuestion(kind="choice", id="x", text="X?", options=("Only",))
