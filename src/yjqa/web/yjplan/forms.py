"""The youth justice plan's forms: the plan (one Markdown box per section, each national
standard's action, the budget), the sign-off, reopening, and a post of the staffing structure."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms

from yjqa.core.documents.youth_justice_plan import FUNDING_SOURCES, SECTIONS
from yjqa.web.forms import DayMonthYearField
from yjqa.web.improvement.forms import ReportedInspectionField
from yjqa.web.tenancy.models import Service
from yjqa.web.yjplan.models import StaffPost
from yjqa.web.yjplan.queries import FIRST_YEAR, last_year, youth_justice_plans
from yjqa.web.yjplan.sources import national_standards_framework, standard_label

WRITTEN = [s for s in SECTIONS if s.source != "sign_off"]  # every other section takes text


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


def _amount(source: str, label: str) -> forms.DecimalField:
    return forms.DecimalField(
        label=f"{source}: {label} (£)",
        required=False,
        min_value=0,
        max_digits=12,
        decimal_places=2,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input--width-10"}),
        error_messages={
            "invalid": f"Enter the {source} {label} amount in pounds, like 125000 or 125000.50",
            "min_value": f"The {source} {label} amount cannot be negative",
            "max_decimal_places": f"Enter the {source} {label} amount in pounds and pence at most",
            "max_digits": f"The {source} {label} amount is too large",
            "max_whole_digits": f"The {source} {label} amount is too large",
        },
    )


class YouthJusticePlanForm(forms.Form):
    """The written sections (Markdown), each national standard's aligned action, the budget
    and the inspection the plan reports. Signing off is a page of its own."""

    def __init__(self, *args: Any, service: Service | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["inspection"] = ReportedInspectionField(
            service,
            label="Which inspection should the plan report?",
            help_text="Usually the latest published HMIP inspection: its ratings fill the "
            "Inspection findings section.",
        )
        for section in WRITTEN:
            filled = section.source not in ("text",)
            self.fields[field_name(section.id)] = forms.CharField(
                label=section.title,
                required=False,
                max_length=50_000,
                widget=forms.Textarea(attrs={"rows": 4 if filled else 8}),
                help_text=section.guidance
                + (
                    " yjqa fills in its figures from the service's records; add what they mean."
                    if filled and section.source not in ("standards", "budget", "board")
                    else ""
                ),
                error_messages={
                    "max_length": f"{section.title} must be 50,000 characters or fewer",
                },
            )
        for domain in national_standards_framework().domains:
            label = standard_label(domain.id, domain.title)
            for part, what in (("action", "aligned action"), ("details", "details")):
                self.fields[action_field(domain.id, part)] = forms.CharField(
                    label=f"{label}: {what}",
                    required=False,
                    max_length=2000,
                    widget=forms.Textarea(attrs={"rows": 2 if part == "action" else 3}),
                    error_messages={
                        "max_length": f"The {what} for {label} must be 2,000 characters or fewer"
                    },
                )
        for index, source in enumerate(FUNDING_SOURCES):
            for column, label in BUDGET_COLUMNS:
                self.fields[budget_name(index, column)] = _amount(source, label)


BUDGET_COLUMNS = (
    ("cash_staffing", "cash for staffing"),
    ("cash_other", "cash for other costs"),
    ("in_kind_staffing", "in kind, staffing"),
    ("in_kind_other", "in kind, other"),
)


def action_field(domain_id: str, part: str) -> str:
    return f"ns_{domain_id}_{part}"


class SignOffForm(forms.Form):
    signed_off_by = forms.CharField(
        label="Chair of the management board",
        help_text="The name of the chair who signed the plan on the board's behalf.",
        max_length=200,
        error_messages={"required": "Enter the name of the chair who signed the plan"},
    )
    signed_off_on = DayMonthYearField(
        label="Date signed",
        help_text="For example, 30 6 2025.",
        error_messages={"required": "Enter the date the plan was signed"},
    )

    def __init__(self, *args: Any, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today

    def clean_signed_off_on(self) -> date:
        day: date = self.cleaned_data["signed_off_on"]
        if day > self.today:
            raise forms.ValidationError("The date signed cannot be in the future")
        return day


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label="Why is the plan being reopened?",
        help_text="For example, the board asked for the priorities to be changed. The history "
        "keeps the reason, and who signed the plan and when.",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Say why the plan is being reopened",
            "max_length": "The reason must be 2,000 characters or fewer",
        },
    )


class StaffPostForm(forms.Form):
    role = forms.CharField(
        label="Role",
        help_text="For example, Youth justice officer.",
        max_length=200,
        error_messages={
            "required": "Enter the role",
            "max_length": "The role must be 200 characters or fewer",
        },
    )
    contract = forms.ChoiceField(
        label="Contract",
        choices=StaffPost.Contract.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select whether the post is directly employed or seconded",
            "invalid_choice": "Select whether the post is directly employed or seconded",
        },
    )
    posts = forms.IntegerField(
        label="Number of posts",
        min_value=1,
        max_value=999,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
        error_messages={
            "required": "Enter the number of posts",
            "invalid": "Enter the number of posts as a whole number, like 2",
            "min_value": "There must be at least 1 post",
            "max_value": "Enter 999 posts or fewer",
        },
    )
    fte = forms.DecimalField(
        label="Full-time equivalent",
        help_text="The posts' hours as full-time posts: 1 for one full-time post, 0.5 for one "
        "half-time post.",
        min_value=0,
        max_digits=5,
        decimal_places=2,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input--width-4"}),
        error_messages={
            "required": "Enter the full-time equivalent",
            "invalid": "Enter the full-time equivalent as a number, like 1 or 0.5",
            "min_value": "The full-time equivalent cannot be negative",
            "max_decimal_places": "Enter the full-time equivalent to 2 decimal places at most",
            "max_digits": "Enter a smaller full-time equivalent",
            "max_whole_digits": "Enter a smaller full-time equivalent",
        },
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        posts, fte = data.get("posts"), data.get("fte")
        if posts is not None and fte is not None and fte > posts:
            self.add_error("fte", "The full-time equivalent cannot be more than the posts")
        return data
