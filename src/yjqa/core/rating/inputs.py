"""Readers for the two rating inputs: published percentages (YAML) and case answers (CSV).

Each reader checks every entry and reports all problems with the file, line and field,
before anything is rated.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

from yjqa.core.frameworks.model import Framework
from yjqa.core.rating.rules import (
    Answer,
    FrameworkRating,
    KeyQuestionFigure,
    Tally,
    figures_from_tallies,
    rate_framework,
)
from yjqa.core.rating.uncertainty import (
    Certainty,
    uncertainty_from_cases,
    uncertainty_from_percentages,
)
from yjqa.core.validation.problems import InputError, Problem, raise_if_any
from yjqa.core.validation.yaml_input import line_of, parse_yaml, read_text

ANSWER_WORDS: dict[str, Answer] = {
    "yes": "yes",
    "y": "yes",
    "no": "no",
    "n": "no",
    "n/a": "n/a",
    "na": "n/a",
    "not applicable": "n/a",
}
ANSWER_COLUMNS = ("case_ref", "key_question", "answer")

FrameworkLookup = Callable[[str], Framework]


@dataclass(frozen=True)
class RatingInput:
    """Everything the engine needs, checked against the framework."""

    framework: Framework
    figures: dict[str, list[KeyQuestionFigure]]
    judgements: dict[str, str] = field(default_factory=dict)
    cases: dict[str, int] = field(default_factory=dict)
    case_answers: dict[str, dict[str, Answer]] | None = None  # case ref -> key question -> answer
    inspection_type: str | None = None  # a kind of inspection the framework defines, or its first
    # A percentages file's eligible caseload sizes, by standard id ({"2.1": 39}).
    population: dict[str, int] = field(default_factory=dict)

    def rate(self) -> FrameworkRating:
        return rate_framework(
            self.framework, self.figures, self.judgements, self.cases, self.inspection_type
        )

    def uncertainty(self, seed: int = 0, population: Mapping[str, int] | None = None) -> Certainty:
        """How sure each case standard's rating is, from the best evidence there is.

        Case answers give the certainty model over the cases (`population`: caseload sizes by
        domain population, e.g. "court"); published percentages with `cases` give its
        one-key-question-at-a-time form, with the file's own population by standard id;
        percentages without case counts give nothing.
        """
        if self.case_answers is not None:
            return uncertainty_from_cases(
                self.framework, self.rate(), self.case_answers, population=population, seed=seed
            )
        if self.cases:
            return uncertainty_from_percentages(
                self.framework,
                self.rate(),
                self.figures,
                self.cases,
                population=self.population,
                seed=seed,
            )
        return Certainty({}, {})


def read_percentages(path: Path, lookup: FrameworkLookup) -> RatingInput:
    """Read a percentages file: framework, judgements, key_questions (% Yes) and cases.

    For a framework with kinds of inspection (2025), `inspection_type` names the kind
    (default: the framework's first).
    """
    source = str(path)
    data, node = parse_yaml(read_text(path), source)
    if not isinstance(data, dict):
        raise InputError([Problem("(top level)", "expected a YAML mapping")], source)
    problems: list[Problem] = []

    def problem(loc: list[str | int], message: str) -> None:
        place = loc[0] if isinstance(loc[0], str) else ""
        for part in loc[1:]:
            place += f'["{part}"]' if isinstance(part, str) else f"[{part}]"
        problems.append(Problem(str(place), message, line_of(node, loc)))

    known = {"framework", "inspection_type", "judgements", "key_questions", "cases", "population"}
    for key in data:
        if key not in known:
            problem([str(key)], f"unknown field (expected: {', '.join(sorted(known))})")
    ref = data.get("framework")
    if not isinstance(ref, str) or not ref.strip():
        problem(["framework"], "required: the id of the framework, e.g. hmip-youth-2021")
        raise InputError(problems, source)
    try:
        framework = lookup(ref.strip())
    except InputError as exc:
        raise InputError(
            [Problem("framework", p.message, line_of(node, ["framework"])) for p in exc.problems],
            source,
        ) from None

    figures: dict[str, list[KeyQuestionFigure]] = {}
    for sid, values in _mapping(data, "key_questions", problem).items():
        if not isinstance(values, list):
            problem(["key_questions", sid], "expected a list of % Yes, in key-question order")
            continue
        standard = _find_standard(framework, sid)
        ids = [q.id for q in standard.key_questions] if standard else []
        row: list[KeyQuestionFigure] = []
        for index, value in enumerate(values):
            try:
                pct = _percentage(value)
            except ValueError:
                problem(["key_questions", sid, index], f"'{value}' is not a percentage")
                continue
            kq_id = ids[index] if index < len(ids) else f"{sid}.?"
            row.append(KeyQuestionFigure(kq_id, pct))
        figures[sid] = row

    judgements: dict[str, str] = {}
    for sid, word in _mapping(data, "judgements", problem).items():
        if not isinstance(word, str):
            problem(["judgements", sid], f"'{word}' is not a rating word")
        else:
            judgements[sid] = word

    cases: dict[str, int] = {}
    for sid, count in _mapping(data, "cases", problem).items():
        if isinstance(count, bool) or not isinstance(count, int) or count < 0:
            problem(["cases", sid], f"'{count}' is not a number of cases")
        else:
            cases[sid] = count

    population: dict[str, int] = {}
    for sid, count in _mapping(data, "population", problem).items():
        if isinstance(count, bool) or not isinstance(count, int) or count < 1:
            problem(["population", sid], f"'{count}' is not a number of eligible cases")
        elif _find_standard(framework, sid) is None:
            problem(["population", sid], f"unknown standard '{sid}' in {framework.id}")
        elif sid in cases and count < cases[sid]:
            problem(
                ["population", sid],
                f"{count} eligible cases is fewer than the {cases[sid]} cases read",
            )
        else:
            population[sid] = count

    inspection_type = data.get("inspection_type")
    if inspection_type is not None and not isinstance(inspection_type, str):
        problem(["inspection_type"], f"'{inspection_type}' is not a kind of inspection")
        inspection_type = None

    raise_if_any(problems, source)
    # Locate the engine's own checks (missing standard, wrong count...) in this file too.
    rating_input = RatingInput(
        framework,
        figures,
        judgements,
        cases,
        inspection_type=inspection_type.strip() if inspection_type else None,
        population=population,
    )
    try:
        rating_input.rate()
    except InputError as exc:
        raise InputError(
            [
                Problem(p.place, p.message, line_of(node, _loc_of(p.place)) if node else None)
                for p in exc.problems
            ],
            source,
        ) from None
    return rating_input


def read_answers(
    answers_path: Path, judgements_path: Path | None, framework: Framework
) -> RatingInput:
    """Read case answers (case_ref,key_question,answer) and, optionally, recorded judgements."""
    source = str(answers_path)
    text = read_text(answers_path).lstrip("\ufeff")
    problems: list[Problem] = []
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        rows = list(reader)
    except csv.Error as exc:
        raise InputError(
            [Problem(f"row {reader.line_num}", f"malformed CSV: {exc}")], source
        ) from None
    if not rows:
        raise InputError([Problem("row 1", "the file is empty: expected a header row")], source)
    header = [h.strip().lower() for h in rows[0]]
    missing = [c for c in ANSWER_COLUMNS if c not in header]
    if missing:
        raise InputError(
            [
                Problem(
                    "row 1",
                    f"missing column(s) {', '.join(missing)}; "
                    f"the header must be {','.join(ANSWER_COLUMNS)}",
                )
            ],
            source,
        )
    col = {name: header.index(name) for name in ANSWER_COLUMNS}

    seen: dict[tuple[str, str], int] = {}
    tallies: dict[str, dict[str, Tally]] = {}
    cases: dict[str, set[str]] = {}
    case_answers: dict[str, dict[str, Answer]] = {}
    spelling: dict[str, str] = {}  # casefolded ref -> the first spelling seen
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            problems.append(
                Problem(f"row {number}", f"has {len(row)} fields, the header has {len(header)}")
            )
            continue
        case_ref = row[col["case_ref"]].strip()
        kq_id = row[col["key_question"]].strip()
        word = row[col["answer"]].strip()
        if not case_ref:
            problems.append(Problem(f"row {number}, column case_ref", "is empty"))
        answer = ANSWER_WORDS.get(" ".join(word.lower().split()))
        if answer is None:
            problems.append(
                Problem(
                    f"row {number}, column answer",
                    f"'{word}' is not an answer; use yes, no or n/a",
                )
            )
        try:
            standard, _ = framework.key_question(kq_id)
        except KeyError:
            problems.append(
                Problem(
                    f"row {number}, column key_question",
                    f"unknown key question '{kq_id}' in {framework.id}",
                )
            )
            continue
        if standard.kind != "case":
            problems.append(
                Problem(
                    f"row {number}, column key_question",
                    f"{kq_id} belongs to {standard.id}, which is rated by judgement, "
                    "not from case answers",
                )
            )
            continue
        key = (case_ref.casefold(), kq_id)
        if key in seen:
            problems.append(
                Problem(
                    f"row {number}",
                    f"duplicate answer: case {case_ref} already answered {kq_id} "
                    f"on row {seen[key]}",
                )
            )
            continue
        seen[key] = number
        if answer is None or not case_ref:
            continue
        by_question = tallies.setdefault(standard.id, {})
        by_question[kq_id] = by_question.get(kq_id, Tally()).add(answer)
        cases.setdefault(standard.id, set()).add(case_ref.casefold())
        ref = spelling.setdefault(case_ref.casefold(), case_ref)
        case_answers.setdefault(ref, {})[kq_id] = answer
    raise_if_any(problems, source)

    judgements = read_judgements(judgements_path) if judgements_path else {}
    rating_input = RatingInput(
        framework,
        figures_from_tallies(framework, tallies),
        judgements,
        {sid: len(refs) for sid, refs in cases.items()},
        case_answers,
    )
    try:
        rating_input.rate()
    except InputError as exc:
        # Judgement problems belong to the judgements file; the rest to the answers file.
        judgements_source = str(judgements_path) if judgements_path else "--judgements"
        raise InputError(
            [
                Problem(
                    f"{judgements_source}: {p.place}"
                    if p.place.startswith("judgements")
                    else f"{source}: {p.place}",
                    p.message,
                )
                for p in exc.problems
            ]
        ) from None
    return rating_input


def read_judgements(path: Path) -> dict[str, str]:
    """A YAML mapping of standard id to rating; a `judgements:` key around it is accepted."""
    source = str(path)
    data, node = parse_yaml(read_text(path), source)
    if isinstance(data, dict) and isinstance(data.get("judgements"), dict):
        data, loc_prefix = data["judgements"], ["judgements"]
    else:
        loc_prefix = []
    if not isinstance(data, dict):
        raise InputError(
            [Problem("(top level)", "expected a mapping of standard id to rating")], source
        )
    problems = [
        Problem(str(k), f"'{v}' is not a rating word", line_of(node, [*loc_prefix, k]))
        for k, v in data.items()
        if not isinstance(v, str)
    ]
    raise_if_any(problems, source)
    return {_key(k): str(v) for k, v in data.items()}


def _percentage(value: Any) -> Fraction | None:
    """A % Yes as written (88, 87.5, "88%"), or None for a key question with no figure."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, str):
        value = value.strip().removesuffix("%").strip()
    try:
        return Fraction(str(value))
    except ZeroDivisionError:
        raise ValueError(value) from None


def _key(value: Any) -> str:
    return str(value).strip()


def _mapping(
    data: Mapping[str, Any], name: str, problem: Callable[[list[str | int], str], None]
) -> dict[str, Any]:
    value = data.get(name)
    if value is None:
        return {}
    if not isinstance(value, dict):
        problem([name], 'expected a mapping keyed by standard id, e.g. {"2.1": ...}')
        return {}
    return {_key(k): v for k, v in value.items()}


def _find_standard(framework: Framework, standard_id: str) -> Any:
    try:
        return framework.standard(standard_id)
    except KeyError:
        return None


def _loc_of(place: str) -> list[str | int]:
    """Turn an engine place such as key_questions["2.1"][1] into a YAML location."""
    name, _, rest = place.partition("[")
    loc: list[str | int] = [name]
    for part in rest.rstrip("]").split("]["):
        if part:
            loc.append(part.strip('"') if part.startswith('"') else int(part))
    return loc
