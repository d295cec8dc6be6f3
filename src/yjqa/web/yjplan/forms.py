"""The youth justice plan's form: one text box per written section, the budget, the sign-off."""

from __future__ import annotations

from typing import Any

from django import forms

from yjqa.core.documents.youth_justice_plan import FUNDING_SOURCES, SECTIONS
from yjqa.web.forms import DayMonthYearField

WRITTEN = [s for s in SECTIONS if s.source != "sign_off"]


def field_name(section_id: str) -> str:
    return f"text_{section_id}"


def budget_name(index: int, column: str) -> str:
    return f"budget_{index}_{column}"


class YouthJusticePlanForm(forms.Form):
    signed_off_by = forms.CharField(
        label="Chair of the management board", required=False, max_length=200
    )
    signed_off_on = DayMonthYearField(label="Date signed", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for section in WRITTEN:
            filled = section.source != "text"
            self.fields[field_name(section.id)] = forms.CharField(
                label=section.title,
                required=False,
                widget=forms.Textarea(attrs={"rows": 4 if filled else 6}),
                help_text=section.guidance
                + (
                    " yjqa fills in its figures from the service's records; add what they mean."
                    if filled
                    else ""
                )
                + " Separate paragraphs with a blank line.",
            )
        for index, source in enumerate(FUNDING_SOURCES):
            for column, label in (("cash", "cash"), ("in_kind", "in kind")):
                self.fields[budget_name(index, column)] = forms.DecimalField(
                    label=f"{source}: {label} (£)",
                    required=False,
                    min_value=0,
                    max_digits=12,
                    decimal_places=0,
                    widget=forms.TextInput(
                        attrs={"inputmode": "numeric", "class": "govuk-input--width-10"}
                    ),
                    error_messages={
                        "invalid": f"Enter the {source} {label} amount in whole pounds, "
                        "like 125000",
                        "min_value": f"The {source} {label} amount cannot be negative",
                        "max_decimal_places": f"Enter the {source} {label} amount in whole pounds",
                    },
                )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if bool(data.get("signed_off_by")) != bool(data.get("signed_off_on")):
            raise forms.ValidationError(
                "Give both the chair's name and the date signed, or neither"
            )
        return data
