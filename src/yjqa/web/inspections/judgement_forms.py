"""The form for an item of a judgement standard's evidence."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms

from yjqa.core.validation.dates import parse_day
from yjqa.web.inspections.judgement_figures import figure_choices
from yjqa.web.inspections.models import JudgementEvidence


class UKDayField(forms.CharField):
    """A day typed as 27/03/2026 (UK, day first) or 2026-03-27, or left blank."""

    def to_python(self, value: Any) -> date | None:  # type: ignore[override]
        text = super().to_python(value)
        if not text:
            return None
        day = parse_day(text)
        if day is None:
            raise forms.ValidationError(
                "Enter the date as day, month and year, for example 27/03/2026"
            )
        if not 1900 <= day.year <= 2999:
            raise forms.ValidationError("Enter a real date, for example 27/03/2026")
        return day

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, date):
            return f"{value.day:02d}/{value.month:02d}/{value.year}"
        return value


class EvidenceForm(forms.Form):
    kind = forms.ChoiceField(
        label="What kind of evidence is it?",
        choices=JudgementEvidence.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select what kind of evidence it is",
            "invalid_choice": "Select one of the kinds of evidence listed",
        },
    )
    title = forms.CharField(
        label="Title",
        max_length=200,
        help_text="For example, “Management board minutes, January 2026”.",
        error_messages={
            "required": "Enter a title for the evidence",
            "max_length": "The title must be 200 characters or fewer",
        },
    )
    dated = UKDayField(
        label="Date",
        required=False,
        help_text="When the document was written, or the meeting held. For example, 27/03/2026.",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "autocomplete": "off"}),
    )
    summary = forms.CharField(
        label="What it shows",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What the evidence says about the standard, in a sentence or two.",
    )
    figure = forms.ChoiceField(
        label="yjqa figure",
        required=False,
        choices=figure_choices,
        help_text="A figure yjqa holds that the evidence rests on: it is shown beside the "
        "item, as it stands now.",
        error_messages={"invalid_choice": "Select one of the figures listed"},
    )
