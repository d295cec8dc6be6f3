"""The youth justice plan's form: one text box per written section, the budget, the sign-off."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms

from yjqa.core.documents.youth_justice_plan import FUNDING_SOURCES, SECTIONS
from yjqa.web.forms import DayMonthYearField
from yjqa.web.improvement.forms import ReportedInspectionField
from yjqa.web.tenancy.models import Service
from yjqa.web.yjplan.queries import FIRST_YEAR, last_year, youth_justice_plans

WRITTEN = [s for s in SECTIONS if s.source != "sign_off"]


def field_name(section_id: str) -> str:
    return f"text_{section_id}"


def budget_name(index: int, column: str) -> str:
    return f"budget_{index}_{column}"


class StartYouthJusticePlanForm(forms.Form):
    """The year a new plan starts: April of that year to March of the next."""

    start_year = forms.IntegerField(
        label="Which year does the plan start in?",
        help_text="The plan runs from April of this year to March of the next. For example, 2026.",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-4"}),
        error_messages={
            "required": "Enter the year the plan starts in",
            "invalid": "Enter the year the plan starts in as a number, like 2026",
        },
    )

    def __init__(self, *args: Any, service: Service, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.service, self.latest = service, last_year(today)

    def clean_start_year(self) -> int:
        year: int = self.cleaned_data["start_year"]
        if not FIRST_YEAR <= year <= self.latest:
            raise forms.ValidationError(
                f"The year the plan starts in must be between {FIRST_YEAR} and {self.latest}"
            )
        if youth_justice_plans(self.service).filter(start_year=year).exists():
            raise forms.ValidationError(
                f"There is already a youth justice plan for {year} to {year + 1}: "
                "choose another year, or open that plan from the list"
            )
        return year


class YouthJusticePlanForm(forms.Form):
    signed_off_by = forms.CharField(
        label="Chair of the management board", required=False, max_length=200
    )
    signed_off_on = DayMonthYearField(label="Date signed", required=False)

    def __init__(self, *args: Any, service: Service | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["inspection"] = ReportedInspectionField(
            service,
            label="Which inspection should the plan report?",
            help_text="Usually the latest published HMIP inspection: its ratings fill the "
            "Inspection findings section.",
        )
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
