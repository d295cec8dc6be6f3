"""Survey definitions as data, and the responses they collect."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from yjqa.core.validation.problems import InputError, Problem
from yjqa.core.validation.yaml_input import (
    _parse_path,
    line_of,
    load_shipped,
    parse_yaml,
    read_text,
    shipped_or_file,
    validate_model,
)

SUPPRESSION_THRESHOLD = 5
SUPPRESSED_NOTE = "fewer than 5 responses"
COMPLEMENTARY_NOTE = "not shown, to protect a group with fewer than 5 responses"
NOT_ANSWERED = "Not answered"
RATINGS = tuple(range(1, 11))
ANSWER_COLUMNS = ("respondent", "question", "answer")
MAX_PROBLEMS = 1000
MAX_TEXT = 5000

Audience = Literal["children", "parents_carers", "staff"]
AUDIENCES: dict[str, str] = {
    "children": "Children",
    "parents_carers": "Parents and carers",
    "staff": "Staff",
}
Kind = Literal["rating", "choice", "text"]

_ID = r"^[a-z][a-z0-9_-]*$"
_WHOLE = re.compile(r"^[0-9]{1,2}$")
_KIND_IN_PATH = re.compile(r"(questions\[\d+\])\.(?:rating|choice|text)\b")


# --- Definitions -------------------------------------------------------------------------------


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


class _Question(_Frozen):
    id: str = Field(pattern=_ID, max_length=40, description="Unique in the survey.")
    text: str = Field(min_length=1, max_length=300, description="The question, as asked.")
    hint: str | None = Field(default=None, max_length=500, description="Extra words under it.")
    required: bool = Field(default=False, description="Must it be answered?")


class RatingQuestion(_Question):
    """A whole number from 1 to 10; `low_label` says what 1 means, `high_label` what 10 means."""

    kind: Literal["rating"]
    low_label: str = Field(min_length=1, max_length=60)
    high_label: str = Field(min_length=1, max_length=60)


class ChoiceQuestion(_Question):
    """One of the options. A `breakdown` question's answers group the ratings (e.g. age band)."""

    kind: Literal["choice"]
    options: tuple[Annotated[str, Field(min_length=1, max_length=100)], ...] = Field(
        min_length=2, max_length=20
    )
    breakdown: bool = False

    @field_validator("options", mode="before")
    @classmethod
    def _not_yaml_booleans(cls, options: Any) -> Any:
        if isinstance(options, list | tuple) and any(isinstance(o, bool) for o in options):
            raise ValueError(
                "YAML reads Yes, No, On and Off without quotes as true or false: put options "
                "like these in quotes, e.g. 'Yes'"
            )
        return options

    @field_validator("options")
    @classmethod
    def _distinct(cls, options: tuple[str, ...]) -> tuple[str, ...]:
        folded = [o.casefold() for o in options]
        repeated = sorted({o for o in options if folded.count(o.casefold()) > 1})
        if repeated:
            raise ValueError(f"options must differ: {', '.join(repeated)} given more than once")
        return options

    def option_for(self, answer: str) -> str | None:
        """The option an answer names (case and surrounding spaces ignored), or None."""
        wanted = answer.strip().casefold()
        return next((o for o in self.options if o.casefold() == wanted), None)


class TextQuestion(_Question):
    """Free text, up to `max_length` characters."""

    kind: Literal["text"]
    max_length: int = Field(default=2000, ge=1, le=MAX_TEXT)


Question = Annotated[RatingQuestion | ChoiceQuestion | TextQuestion, Field(discriminator="kind")]


class SurveyDefinition(_Frozen):
    """A survey: who it is for, what it says first, and its questions in order."""

    id: str = Field(pattern=_ID, max_length=60)
    title: str = Field(min_length=1, max_length=200)
    audience: Audience
    intro: str = Field(min_length=1, max_length=2000)
    questions: tuple[Question, ...] = Field(min_length=1, max_length=60)

    @model_validator(mode="after")
    def _unique_ids(self) -> SurveyDefinition:
        ids = [q.id for q in self.questions]
        repeated = sorted({i for i in ids if ids.count(i) > 1})
        if repeated:
            raise ValueError(f"question ids must be unique: {', '.join(repeated)} used twice")
        return self

    def question(self, ref: str) -> Question | None:
        """A question by its id or its text (case and surrounding spaces ignored)."""
        wanted = ref.strip()
        for question in self.questions:
            if question.id == wanted:
                return question
        folded = wanted.casefold()
        return next((q for q in self.questions if q.text.casefold() == folded), None)

    def rating_questions(self) -> list[RatingQuestion]:
        return [q for q in self.questions if isinstance(q, RatingQuestion)]

    def breakdown_questions(self) -> list[ChoiceQuestion]:
        return [q for q in self.questions if isinstance(q, ChoiceQuestion) and q.breakdown]


def parse_survey_definition(text: str, source: str) -> SurveyDefinition:
    """A survey definition from YAML text, or InputError naming the file, line and field."""
    data, node = parse_yaml(text, source)
    if not isinstance(data, dict):
        raise InputError([Problem("(top level)", "a survey must be a YAML mapping")], source)
    try:
        return validate_model(SurveyDefinition, data, node, source)
    except InputError as error:
        problems = []
        for problem in error.problems:
            # A question's errors name its kind (questions[1].choice.options): leave it out.
            place = _KIND_IN_PATH.sub(r"\1", problem.place)
            message = problem.message.removeprefix("Value error, ").replace(
                "docs/framework-format.md", "a shipped survey in yjqa/surveys"
            )
            line = line_of(node, _parse_path(place)) if place != problem.place else problem.line
            problems.append(Problem(place, message, line))
        raise InputError(problems, source) from None


def load_survey_definition_file(path: Path) -> SurveyDefinition:
    return parse_survey_definition(read_text(path), str(path))


@cache
def shipped_survey_definitions() -> dict[str, SurveyDefinition]:
    """The survey templates shipped in the yjqa.surveys package, by id."""
    return load_shipped("yjqa.surveys", parse_survey_definition, lambda s: s.id, "survey")


def get_survey_definition(ref: str) -> SurveyDefinition:
    """A shipped survey template by id, or a YAML file by path."""
    return shipped_or_file(ref, shipped_survey_definitions(), load_survey_definition_file, "survey")


# --- Responses ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class SurveyResponse:
    """One person's answers (question id to answer text) and the themes of their comments."""

    answers: Mapping[str, str]
    themes: Mapping[str, str] = field(default_factory=dict)  # text question id -> theme name
    respondent: str = ""


@dataclass(frozen=True)
class _Spec:
    """What a summary needs to know of a question."""

    id: str
    kind: Kind
    options: tuple[str, ...] = ()
    breakdown: bool = False


def _specs(definition: SurveyDefinition) -> list[_Spec]:
    return [
        _Spec(
            q.id,
            q.kind,
            q.options if isinstance(q, ChoiceQuestion) else (),
            isinstance(q, ChoiceQuestion) and q.breakdown,
        )
        for q in definition.questions
    ]
