"""The case audit form, generated from the framework for the audit's domain."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django import forms

from yjqa.core.frameworks.model import Domain, KeyQuestion
from yjqa.web.inspections.forms import ANSWER_CHOICES, field_key


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
