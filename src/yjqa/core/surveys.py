"""Surveys of children, parents or carers and staff: definitions as data, and their summaries.

A survey definition (`SurveyDefinition`) is data: an id, a title, an audience, an introduction
and its questions, each a 1 to 10 `rating` (with the words for each end), a single `choice`
among options, or free `text`. Templates ship as YAML in ``yjqa/surveys``.

Summaries (`summarise_survey`, and `summarise_answers` for a file of answers) give, for each
question:

- rating: ``{"n", "mean", "median", "share_9_10", "distribution"}``: the number who answered,
  the mean (2 decimal places), the median, the percentage who answered 9 or 10 (1 decimal place)
  and the count of each answer "1" to "10" (every bucket present, zero or not);
- choice: ``{"kind": "choice", "n", "options": {option: {"count", "share"}}}``;
- text: ``{"kind": "text", "n", "themes": {theme: count}, "unthemed": count}``, and, only when
  asked for (people allowed to read comments), the comments by theme and those not yet themed.

Suppression, so that no child can be identified (`SUPPRESSION_THRESHOLD` is 5):

1. A question's summary based on fewer than 5 answers is replaced by the marker
   ``{"suppressed": True, "note": "fewer than 5 responses"}`` (with ``"kind"`` for choice and
   text questions). Nothing else is given: not n, not the figures, not the comments.
2. A breakdown of a rating question by a respondent group (a choice question marked
   ``breakdown: true``, e.g. an age band; respondents who did not answer it are the group
   "Not answered") gives each group's rating summary, suppressed by rule 1 where the group has
   fewer than 5 answers. As the question's overall figures are shown, a single suppressed group
   could be worked out by subtracting the others from them; so while the suppressed groups
   together hold between 1 and 4 answers, the smallest group still shown is suppressed too,
   with the note `COMPLEMENTARY_NOTE`.
3. A change since the last period is suppressed (rule 1's marker) when either period's figures
   for the question are.

The respondent count, the number invited and the response rate are never suppressed: they are
counts of people, with no answer in them.
"""

from __future__ import annotations

import csv
import io
import re
import statistics
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from yjqa.core.problems import InputError, Problem
from yjqa.core.yaml_input import (
    _parse_path,
    line_of,
    load_shipped,
    parse_yaml,
    read_text,
    shipped_or_file,
    validate_model,
)

__all__ = [
    "ANSWER_COLUMNS",
    "AUDIENCES",
    "COMPLEMENTARY_NOTE",
    "NOT_ANSWERED",
    "SUPPRESSED_NOTE",
    "SUPPRESSION_THRESHOLD",
    "AnswerFile",
    "AnswerRow",
    "Audience",
    "ChoiceQuestion",
    "Question",
    "RatingQuestion",
    "SurveyDefinition",
    "SurveyResponse",
    "TextQuestion",
    "breakdown_summary",
    "change_since",
    "choice_summary",
    "get_survey_definition",
    "load_survey_definition_file",
    "parse_answer_rows",
    "parse_answers_text",
    "parse_survey_definition",
    "rating_summary",
    "read_answers_csv",
    "response_rate",
    "responses_for_survey",
    "shipped_survey_definitions",
    "summarise_answers",
    "summarise_survey",
    "suppressed",
    "text_summary",
]

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


# --- Summaries ---------------------------------------------------------------------------------


def suppressed(kind: str | None = None, note: str = SUPPRESSED_NOTE) -> dict[str, Any]:
    """The marker that replaces a summary based on fewer than 5 responses."""
    marker: dict[str, Any] = {"kind": kind} if kind else {}
    marker.update({"suppressed": True, "note": note})
    return marker


def _percent(part: int, whole: int) -> float:
    return round(100 * part / whole, 1)


def rating_summary(
    values: Sequence[int], *, threshold: int = SUPPRESSION_THRESHOLD
) -> dict[str, Any]:
    """n, mean, median, % answering 9 or 10, and the count of each answer 1 to 10."""
    if len(values) < threshold or not values:
        return suppressed()
    bad = [v for v in values if v not in RATINGS]
    if bad:
        raise ValueError(f"ratings are whole numbers from 1 to 10, not {bad[0]!r}")
    return {
        "n": len(values),
        "mean": round(statistics.fmean(values), 2),
        "median": float(statistics.median(values)),
        "share_9_10": _percent(sum(1 for v in values if v >= 9), len(values)),
        "distribution": {str(r): sum(1 for v in values if v == r) for r in RATINGS},
    }


def choice_summary(
    values: Sequence[str], options: Sequence[str], *, threshold: int = SUPPRESSION_THRESHOLD
) -> dict[str, Any]:
    """The count and percentage choosing each option (every option listed, in order)."""
    if len(values) < threshold or not values:
        return suppressed("choice")
    order = list(options) + [v for v in dict.fromkeys(values) if v not in options]
    return {
        "kind": "choice",
        "n": len(values),
        "options": {
            o: {"count": (c := values.count(o)), "share": _percent(c, len(values))} for o in order
        },
    }


def text_summary(
    comments: Sequence[tuple[str, str | None]],
    themes: Sequence[str] = (),
    *,
    include_comments: bool = False,
    threshold: int = SUPPRESSION_THRESHOLD,
) -> dict[str, Any]:
    """Comments (text, theme or None) counted by theme; the comments too if asked for.

    Themes are listed in the order given, then any others in order of first use.
    """
    if len(comments) < threshold or not comments:
        return suppressed("text")
    used = [theme for _, theme in comments if theme]
    order = list(themes) + [t for t in dict.fromkeys(used) if t not in themes]
    summary: dict[str, Any] = {
        "kind": "text",
        "n": len(comments),
        "themes": {t: used.count(t) for t in order},
        "unthemed": sum(1 for _, theme in comments if not theme),
    }
    if include_comments:
        summary["comments"] = {t: [c for c, theme in comments if theme == t] for t in order}
        summary["unthemed_comments"] = [c for c, theme in comments if not theme]
    return summary


def response_rate(respondents: int, invited: int | None) -> float | None:
    """Respondents as a percentage of those invited (1 decimal place); None if not known."""
    if not invited or invited < 0:
        return None
    return _percent(respondents, invited)


def change_since(current: Mapping[str, Any], previous: Mapping[str, Any]) -> dict[str, Any]:
    """This period's rating summary against the last period's: the differences in mean and in
    share_9_10 (this minus last), and last period's figures. Suppressed if either is."""
    if current.get("suppressed") or previous.get("suppressed"):
        return suppressed()
    return {
        "mean": round(current["mean"] - previous["mean"], 2),
        "share_9_10": round(current["share_9_10"] - previous["share_9_10"], 1),
        "previous": {k: previous[k] for k in ("n", "mean", "share_9_10")},
    }


def breakdown_summary(
    groups: Sequence[str],
    values: Sequence[tuple[str, int]],
    *,
    threshold: int = SUPPRESSION_THRESHOLD,
) -> dict[str, dict[str, Any]]:
    """One rating question's summary for each group, from (group, rating) pairs.

    Groups with fewer than `threshold` answers are suppressed; while the suppressed groups
    together hold between 1 and threshold - 1 answers, the smallest group still shown is
    suppressed too (`COMPLEMENTARY_NOTE`), so no suppressed group can be worked out from the
    question's overall figures.
    """
    by_group: dict[str, list[int]] = {g: [] for g in groups}
    for group, value in values:
        by_group.setdefault(group, []).append(value)
    hidden = {g for g, v in by_group.items() if len(v) < threshold}
    complementary: set[str] = set()
    while 0 < sum(len(by_group[g]) for g in hidden) < threshold:
        shown = [g for g in by_group if g not in hidden]
        if not shown:
            break
        smallest = min(shown, key=lambda g: (len(by_group[g]), list(by_group).index(g)))
        hidden.add(smallest)
        complementary.add(smallest)
    return {
        g: suppressed(note=COMPLEMENTARY_NOTE)
        if g in complementary
        else suppressed()
        if g in hidden
        else rating_summary(v, threshold=threshold)
        for g, v in by_group.items()
    }


def _ratings(responses: Iterable[SurveyResponse], question_id: str) -> list[int]:
    return [int(r.answers[question_id]) for r in responses if r.answers.get(question_id)]


def _summarise(
    specs: Sequence[_Spec],
    responses: Sequence[SurveyResponse],
    themes: Mapping[str, Sequence[str]],
    include_comments: bool,
    threshold: int,
) -> dict[str, Any]:
    questions: dict[str, Any] = {}
    for spec in specs:
        if spec.kind == "rating":
            questions[spec.id] = rating_summary(_ratings(responses, spec.id), threshold=threshold)
        elif spec.kind == "choice":
            chosen = [r.answers[spec.id] for r in responses if r.answers.get(spec.id)]
            questions[spec.id] = choice_summary(chosen, spec.options, threshold=threshold)
        else:
            comments = [
                (r.answers[spec.id], r.themes.get(spec.id) or None)
                for r in responses
                if r.answers.get(spec.id, "").strip()
            ]
            questions[spec.id] = text_summary(
                comments,
                themes.get(spec.id, ()),
                include_comments=include_comments,
                threshold=threshold,
            )
    return questions


def summarise_survey(
    definition: SurveyDefinition,
    responses: Sequence[SurveyResponse],
    *,
    invited: int | None = None,
    previous: Sequence[SurveyResponse] | None = None,
    themes: Mapping[str, Sequence[str]] | None = None,
    include_comments: bool = False,
    threshold: int = SUPPRESSION_THRESHOLD,
) -> dict[str, Any]:
    """Every question's summary, the breakdowns, the response rate and the change since the
    previous period (`previous`: that period's responses; questions are matched by id).

    `themes` gives each text question's themes in the order to list them. Comments are
    included only with `include_comments` (never for board members).
    """
    specs = _specs(definition)
    questions = _summarise(specs, responses, themes or {}, include_comments, threshold)
    ratings = [s for s in specs if s.kind == "rating"]
    breakdowns: dict[str, Any] = {}
    for group in (s for s in specs if s.breakdown):
        labels = list(group.options)
        if any(not r.answers.get(group.id) for r in responses):
            labels.append(NOT_ANSWERED)
        breakdowns[group.id] = {
            rating.id: breakdown_summary(
                labels,
                [
                    (r.answers.get(group.id) or NOT_ANSWERED, int(r.answers[rating.id]))
                    for r in responses
                    if r.answers.get(rating.id)
                ],
                threshold=threshold,
            )
            for rating in ratings
        }
    change: dict[str, Any] | None = None
    if previous is not None:
        change = {
            rating.id: change_since(
                questions[rating.id],
                rating_summary(_ratings(previous, rating.id), threshold=threshold),
            )
            for rating in ratings
        }
    return {
        "survey": definition.id,
        "title": definition.title,
        "audience": definition.audience,
        "respondents": len(responses),
        "invited": invited,
        "response_rate": response_rate(len(responses), invited),
        "questions": questions,
        "breakdowns": breakdowns,
        "change": change,
    }


# --- Answers files: respondent,question,answer -------------------------------------------------


@dataclass(frozen=True, slots=True)
class AnswerRow:
    """One row of an answers file: its row number (the header is row 1) and its cells."""

    row: int
    respondent: str
    question: str
    answer: str


@dataclass
class AnswerFile:
    """An answers file's rows, and the problems found in them so far (checked further, and
    reported all together, by `responses_for_survey` and `summarise_answers`)."""

    source: str
    rows: list[AnswerRow]
    problems: list[tuple[int, Problem]] = field(default_factory=list)  # (row, problem)

    def checked(self) -> list[AnswerRow]:
        """The rows, or InputError naming every problem."""
        found = _Problems(self.problems)
        found.raise_if_any(self.source)
        return self.rows


class _Problems:
    """Problems by row: the first `MAX_PROBLEMS` kept, the rest counted; raised in row order."""

    def __init__(self, first: Iterable[tuple[int, Problem]] = ()) -> None:
        self.kept: list[tuple[int, Problem]] = list(first)[:MAX_PROBLEMS]
        self.count = len(self.kept)

    def add(self, row: int, column: str | None, message: str) -> None:
        self.count += 1
        if self.count <= MAX_PROBLEMS:
            place = f"row {row}" if column is None else f"row {row}, column {column}"
            self.kept.append((row, Problem(place, message)))

    def raise_if_any(self, source: str) -> None:
        if not self.count:
            return
        more = self.count - len(self.kept)
        extra = (
            [Problem("", f"{more:,} more problems found after the first {MAX_PROBLEMS:,}")]
            if more
            else []
        )
        ordered = [p for _, p in sorted(self.kept, key=lambda kept: kept[0])]
        raise InputError([*ordered, *extra], source)


def _show(value: str, limit: int = 60) -> str:
    return f"'{value[: limit - 3]}...'" if len(value) > limit else f"'{value}'"


def parse_answer_rows(records: Iterable[Sequence[str]], source: str) -> AnswerFile:
    """Rows of respondent,question,answer (a header first, in any column order).

    A header that cannot be read raises InputError at once; the rows' problems are kept in the
    result. An empty answer is a question not answered, and is left out. A respondent
    answering the same question twice, and a missing respondent or question, are problems.
    """
    rows = iter(records)
    header = next(rows, None)
    if header is None or not any(cell.strip() for cell in header):
        raise InputError(
            [Problem("row 1", "the file is empty: expected the header respondent,question,answer")],
            source,
        )
    names = [cell.lstrip("\ufeff").strip().lower() for cell in header]
    while names and not names[-1]:
        names.pop()
    missing = [c for c in ANSWER_COLUMNS if c not in names]
    unknown = [n for n in names if n not in ANSWER_COLUMNS]
    repeated = sorted({n for n in names if n and names.count(n) > 1})
    header_problems = []
    if missing:
        header_problems.append(
            Problem(
                "row 1",
                f"missing column {', '.join(missing)}: the first row must name the columns "
                "respondent,question,answer",
            )
        )
    if unknown:
        shown = ", ".join(_show(n) if n else "(a blank column)" for n in unknown)
        header_problems.append(
            Problem("row 1", f"unknown column {shown}: the columns are respondent,question,answer")
        )
    if repeated:
        header_problems.append(Problem("row 1", f"column {', '.join(repeated)} named twice"))
    if header_problems:
        raise InputError(header_problems, source)
    where = {name: names.index(name) for name in ANSWER_COLUMNS}
    width = len(names)
    found = _Problems()
    seen: dict[tuple[str, str], int] = {}
    result: list[AnswerRow] = []
    for number, raw in enumerate(rows, start=2):
        cells = [cell.strip() for cell in raw]
        if not any(cells):
            continue
        if len(cells) > width and any(cells[width:]):
            found.add(number, None, f"has more cells than the header's {width} columns")
            continue
        cells.extend([""] * (width - len(cells)))
        respondent, question, answer = (cells[where[c]] for c in ANSWER_COLUMNS)
        if not respondent:
            found.add(number, "respondent", "a value is required")
        if not question:
            found.add(number, "question", "a value is required")
        if not respondent or not question:
            continue
        key = (respondent, question.casefold())
        if key in seen:
            found.add(
                number,
                "question",
                f"respondent {_show(respondent)} already answered {_show(question)} "
                f"on row {seen[key]}",
            )
            continue
        seen[key] = number
        if answer:
            result.append(AnswerRow(number, respondent, question, answer))
    return AnswerFile(source, result, found.kept)


def _guarded(
    reader: Iterable[Sequence[str]], failure: list[tuple[int, Problem]]
) -> Iterator[Sequence[str]]:
    number = 1
    try:
        for row in reader:
            yield row
            number += 1
    except csv.Error as exc:
        failure.append(
            (
                number,
                Problem(
                    f"row {number}", f"malformed CSV ({exc}); the rest of the file was not read"
                ),
            )
        )


def parse_answers_text(text: str, source: str) -> AnswerFile:
    """An answers file from its text (see `parse_answer_rows`)."""
    failure: list[tuple[int, Problem]] = []
    try:
        answers = parse_answer_rows(
            _guarded(csv.reader(io.StringIO(text), strict=True), failure), source
        )
    except InputError as exc:
        raise InputError([*exc.problems, *(p for _, p in failure)], source) from None
    answers.problems.extend(failure)
    return answers


def read_answers_csv(path: Path) -> AnswerFile:
    """An answers CSV file (UTF-8, a byte order mark allowed); InputError if it cannot be read."""
    source = str(path)
    if path.suffix.lower() != ".csv":
        raise InputError(
            [Problem("", "use a .csv file with columns respondent,question,answer")], source
        )
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise InputError([Problem("", "file not found")], source) from None
    except UnicodeDecodeError:
        raise InputError(
            [Problem("", "is not UTF-8 text: in Excel, save it as 'CSV UTF-8 (Comma delimited)'")],
            source,
        ) from None
    except OSError as exc:
        raise InputError([Problem("", f"cannot be read ({exc.strerror})")], source) from None
    return parse_answers_text(text, source)


def _rating(answer: str) -> int | None:
    if _WHOLE.match(answer) and 1 <= (value := int(answer)) <= 10:
        return value
    return None


def responses_for_survey(
    answers_file: AnswerFile, definition: SurveyDefinition
) -> list[SurveyResponse]:
    """The rows as one response per respondent, each answer checked against its question.

    The question column may hold a question's id or its text. Answers to rating questions are
    whole numbers from 1 to 10; to choice questions, one of the options (case ignored; stored as
    the option is written). Respondents are kept in order of first appearance.
    """
    found = _Problems(answers_file.problems)
    answers: dict[str, dict[str, str]] = {}
    for row in answers_file.rows:
        question = definition.question(row.question)
        if question is None:
            found.add(
                row.row,
                "question",
                f"{_show(row.question)} is not a question of survey '{definition.id}': use a "
                f"question id ({', '.join(q.id for q in definition.questions)}) or its text",
            )
            continue
        value = row.answer
        if isinstance(question, RatingQuestion):
            if _rating(value) is None:
                found.add(row.row, "answer", f"{_show(value)} is not a whole number from 1 to 10")
                continue
            value = str(_rating(value))
        elif isinstance(question, ChoiceQuestion):
            option = question.option_for(value)
            if option is None:
                found.add(
                    row.row,
                    "answer",
                    f"{_show(value)} is not an option of question '{question.id}': use one of "
                    + ", ".join(question.options),
                )
                continue
            value = option
        elif len(value) > question.max_length:
            found.add(
                row.row,
                "answer",
                f"is {len(value):,} characters long: at most {question.max_length:,} are allowed",
            )
            continue
        mine = answers.setdefault(row.respondent, {})
        if question.id in mine:
            found.add(
                row.row,
                "question",
                f"respondent {_show(row.respondent)} already answered question '{question.id}'",
            )
            continue
        mine[question.id] = value
    found.raise_if_any(answers_file.source)
    return [SurveyResponse(a, respondent=r) for r, a in answers.items()]


def summarise_answers(
    answers_file: AnswerFile,
    definition: SurveyDefinition | None = None,
    *,
    invited: int | None = None,
) -> dict[str, Any]:
    """``{"questions": {question: summary}, "respondents": n}`` for an answers file.

    With a definition, questions are its questions (keyed by id, in its order) and the answers
    are checked against it. Without one, questions are keyed as the file writes them, in order
    of first appearance; a question is a rating question when every answer is a whole number
    from 1 to 10, and every other question is counted like a choice question. A question where
    at least half the answers are whole numbers from 1 to 10 but not all is taken for a rating
    question with mistakes, and the other answers are reported as problems.

    Respondents are counted whether or not they answered anything (an empty answer is no
    answer). With `invited`, the number invited and the response rate are added.
    """
    rows = answers_file.rows
    respondents = len(dict.fromkeys(row.respondent for row in rows))
    if definition is not None:
        responses = responses_for_survey(answers_file, definition)
        specs = _specs(definition)
    else:
        by_question: dict[str, list[AnswerRow]] = {}
        for row in rows:
            by_question.setdefault(row.question, []).append(row)
        found = _Problems(answers_file.problems)
        specs = []
        for question, answered in by_question.items():
            wrong = [row for row in answered if _rating(row.answer) is None]
            if not wrong:
                specs.append(_Spec(question, "rating"))
                continue
            if len(wrong) * 2 <= len(answered):
                for row in wrong:
                    found.add(
                        row.row,
                        "answer",
                        f"{_show(row.answer)} is not a whole number from 1 to 10 (question "
                        f"{_show(question)} is a rating question: {len(answered) - len(wrong)} "
                        f"of its {len(answered)} answers are)",
                    )
            specs.append(_Spec(question, "choice"))
        found.raise_if_any(answers_file.source)
        collected: dict[str, dict[str, str]] = {}
        for row in rows:
            collected.setdefault(row.respondent, {})[row.question] = (
                str(_rating(row.answer)) if _rating(row.answer) is not None else row.answer
            )
        responses = [SurveyResponse(a, respondent=r) for r, a in collected.items()]
    result: dict[str, Any] = {
        "questions": _summarise(specs, responses, {}, False, SUPPRESSION_THRESHOLD),
        "respondents": respondents,
    }
    if invited is not None:
        result["invited"] = invited
        result["response_rate"] = response_rate(respondents, invited)
    return result
