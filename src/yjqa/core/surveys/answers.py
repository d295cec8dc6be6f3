"""Answers files (respondent,question,answer) read and checked, then summarised."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from yjqa.core.surveys.definitions import (
    _WHOLE,
    ANSWER_COLUMNS,
    MAX_PROBLEMS,
    SUPPRESSION_THRESHOLD,
    ChoiceQuestion,
    RatingQuestion,
    SurveyDefinition,
    SurveyResponse,
    _Spec,
    _specs,
)
from yjqa.core.surveys.summaries import _summarise, response_rate
from yjqa.core.validation.fields import NotUtf8Error, decode_utf8
from yjqa.core.validation.limits import UploadLimits, check_file, current, rows_problem
from yjqa.core.validation.problems import InputError, Problem

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


def parse_answer_rows(
    records: Iterable[Sequence[str]], source: str, *, max_rows: int | None = None
) -> AnswerFile:
    """Rows of respondent,question,answer (a header first, in any column order).

    More than `max_rows` rows after the header is an InputError (the row cap), raised as soon
    as the row past it is reached.

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
        if max_rows is not None and number - 1 > max_rows:
            raise InputError([Problem("", rows_problem(max_rows))], source)
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


def parse_answers_text(text: str, source: str, *, max_rows: int | None = None) -> AnswerFile:
    """An answers file from its text (see `parse_answer_rows`)."""
    failure: list[tuple[int, Problem]] = []
    try:
        answers = parse_answer_rows(
            _guarded(csv.reader(io.StringIO(text), strict=True), failure),
            source,
            max_rows=max_rows,
        )
    except InputError as exc:
        raise InputError([*exc.problems, *(p for _, p in failure)], source) from None
    answers.problems.extend(failure)
    return answers


def read_answers_csv(path: Path, *, limits: UploadLimits | None = None) -> AnswerFile:
    """An answers CSV file (UTF-8, a byte order mark allowed); InputError if it cannot be read,
    or if it is over the upload limits (`limits`, else those in force: size, then rows)."""
    source = str(path)
    if path.suffix.lower() != ".csv":
        raise InputError(
            [Problem("", "use a .csv file with columns respondent,question,answer")], source
        )
    limits = limits or current()
    check_file(path, source, limits)
    try:
        text = decode_utf8(path.read_bytes())
    except FileNotFoundError:
        raise InputError([Problem("", "file not found")], source) from None
    except NotUtf8Error as exc:
        raise InputError([Problem("", str(exc))], source) from None
    except OSError as exc:
        raise InputError([Problem("", f"cannot be read ({exc.strerror})")], source) from None
    return parse_answers_text(text, source, max_rows=limits.rows)


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
