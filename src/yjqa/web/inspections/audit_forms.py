"""The case audit form, generated from the framework for the audit's domain; a submitted
audit's answers as text; and the small forms beside it (reopening, safety concerns,
feedback to the case manager)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django import forms

from yjqa.core.frameworks.model import Domain, KeyQuestion
from yjqa.web.inspections.forms import ANSWER_CHOICES, field_key
from yjqa.web.inspections.models import Answer, CaseAudit

ANSWER_LABELS = dict(Answer.choices)


@dataclass
class QuestionFields:
    question: KeyQuestion
    answer: forms.BoundField
    evidence: forms.BoundField
    prompts: list[forms.BoundField] = field(default_factory=list)


@dataclass
class StandardFields:
    id: str
    title: str
    headline: str
    questions: list[QuestionFields]


def _radios(field: forms.Field, *, small: bool = False) -> forms.Field:
    """Answers side by side; no "(optional)": a draft may leave them, a submission not."""
    field.inline_radios = True  # type: ignore[attr-defined]
    field.small_radios = small  # type: ignore[attr-defined]
    field.hide_optional = True  # type: ignore[attr-defined]
    return field


def case_audit_form(domain: Domain, data: Any = None, initial: Any = None) -> forms.Form:
    """A form with Yes / No / Not applicable for each key question of the domain's case
    standards, an evidence note for each, and optional answers to its prompts."""
    fields: dict[str, forms.Field] = {
        "version": forms.IntegerField(widget=forms.HiddenInput),
        "case_manager_interviewed": _radios(
            forms.TypedChoiceField(
                label="Was the case manager interviewed?",
                choices=[("yes", "Yes"), ("no", "No")],
                coerce=lambda v: v == "yes",
                empty_value=None,
                required=False,
                widget=forms.RadioSelect,
            )
        ),
    }
    for standard in domain.standards:
        if standard.kind != "case":
            continue
        for question in standard.key_questions:
            key = field_key(question.id)
            fields[f"kq_{key}"] = _radios(
                forms.ChoiceField(
                    label=f"{question.id} {question.text}",
                    choices=ANSWER_CHOICES,
                    required=False,
                    widget=forms.RadioSelect,
                )
            )
            fields[f"evidence_{key}"] = forms.CharField(
                label=f"Evidence for {question.id}",
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
                help_text="What in the case record or interview supports the answer.",
            )
            for prompt in question.prompts:
                fields[f"prompt_{field_key(prompt.id)}"] = _radios(
                    forms.ChoiceField(
                        label=prompt.text,
                        choices=ANSWER_CHOICES,
                        required=False,
                        widget=forms.RadioSelect,
                    ),
                    small=True,
                )
    form_class = type("CaseAuditForm", (forms.Form,), fields)
    return form_class(data=data, initial=initial)  # type: ignore[no-any-return]


def audit_layout(domain: Domain, form: forms.Form) -> list[StandardFields]:
    layout = []
    for standard in domain.standards:
        if standard.kind != "case":
            continue
        questions = []
        for question in standard.key_questions:
            key = field_key(question.id)
            questions.append(
                QuestionFields(
                    question,
                    form[f"kq_{key}"],
                    form[f"evidence_{key}"],
                    [form[f"prompt_{field_key(p.id)}"] for p in question.prompts],
                )
            )
        layout.append(StandardFields(standard.id, standard.title, standard.headline, questions))
    return layout


@dataclass(frozen=True)
class AnsweredQuestion:
    question: KeyQuestion
    answer: str  # as a person reads it: "Yes", "No", "Not applicable" or "Not answered"
    evidence: str
    prompts: list[tuple[str, str]]  # (prompt, answer) for the prompts answered


@dataclass(frozen=True)
class AnsweredStandard:
    id: str
    title: str
    headline: str
    questions: list[AnsweredQuestion]


def audit_answers(domain: Domain, audit: CaseAudit) -> list[AnsweredStandard]:
    """The audit's saved answers, evidence and prompt answers, as text, by standard."""
    answers = {a.key_question_id: a for a in audit.answers.all()}
    prompts = {p.prompt_id: p.answer for p in audit.prompt_answers.all() if p.answer}
    standards = []
    for standard in domain.standards:
        if standard.kind != "case":
            continue
        questions = []
        for question in standard.key_questions:
            saved = answers.get(question.id)
            questions.append(
                AnsweredQuestion(
                    question,
                    ANSWER_LABELS.get(saved.answer, "Not answered")
                    if saved and saved.answer
                    else "Not answered",
                    saved.evidence if saved else "",
                    [
                        (p.text, ANSWER_LABELS.get(prompts[p.id], prompts[p.id]))
                        for p in question.prompts
                        if p.id in prompts
                    ],
                )
            )
        standards.append(
            AnsweredStandard(standard.id, standard.title, standard.headline, questions)
        )
    return standards


def _text(label: str, required: str, help_text: str = "", rows: int = 5) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        max_length=5000,
        strip=True,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={
            "required": required,
            "max_length": "Keep it to 5,000 characters or fewer",
        },
    )


class ReopenForm(forms.Form):
    reason = _text(
        "Why does this audit need reopening?",
        "Say why the audit needs reopening",
        "For example, which answer was wrong. The audit's history keeps the reason.",
    )


class ConcernForm(forms.Form):
    note = _text(
        "What is the concern?",
        "Say what the concern is",
        "Who may be at risk (the child, a victim or someone else), of what, and what in the"
        " case record shows it. Do not wait for the audit to be finished.",
    )


class ResolveConcernForm(forms.Form):
    action_taken = _text(
        "What was done?",
        "Say what was done about the concern",
        "Who was told, what they did, and whether the child or others are now safe.",
    )


class FeedbackForm(forms.Form):
    text = _text(
        "Feedback for the case manager",
        "Write the feedback for the case manager",
        "What was done well and what could be better in this case. The case manager reads it"
        " and may reply.",
    )


class ReplyForm(forms.Form):
    text = _text("Your reply", "Write your reply")
