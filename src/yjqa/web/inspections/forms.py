"""Inspection forms; the case audit form is generated from the framework, never hand-written."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms

from yjqa.core.frameworks.model import NOT_RATED, Framework
from yjqa.core.frameworks.shipped import shipped_frameworks
from yjqa.web.accounts.models import User
from yjqa.web.forms import DayMonthYearField
from yjqa.web.inspections.guards import inspection_type_problem
from yjqa.web.inspections.models import Answer, Inspection, Recommendation

ANSWER_CHOICES = Answer.choices


def field_key(item_id: str) -> str:
    """Framework ids contain dots; form field names use underscores."""
    return item_id.replace(".", "_").replace("-", "_")


class InspectionForm(forms.ModelForm):  # type: ignore[type-arg]
    framework_id = forms.ChoiceField(
        label="Framework",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the framework the inspection uses",
            "invalid_choice": "Select one of the frameworks listed",
        },
    )
    inspection_type = forms.ChoiceField(
        label="What the inspection rates",
        required=False,
        widget=forms.RadioSelect,
        choices=Inspection.InspectionType.choices,
        error_messages={"invalid_choice": "Select what the inspection rates from the list"},
        help_text="For the 2025 framework only: an inspection of work with children and "
        "victims, or a full inspection that rates organisational delivery as well.",
    )
    fieldwork_start = DayMonthYearField(label="Fieldwork starts", required=False)
    fieldwork_end = DayMonthYearField(label="Fieldwork ends", required=False)
    court_window_start = DayMonthYearField(
        label="Court cases from",
        required=False,
        help_text="Court cases whose sentence or licence began in this window are eligible.",
    )
    court_window_end = DayMonthYearField(label="Court cases to", required=False)
    oocd_window_start = DayMonthYearField(
        label="Out-of-court disposals from",
        required=False,
        help_text="Out-of-court disposals delivered in this window are eligible.",
    )
    oocd_window_end = DayMonthYearField(label="Out-of-court disposals to", required=False)
    resettlement_window_start = DayMonthYearField(
        label="Resettlement cases from",
        required=False,
        help_text="Custodial sentences or releases in this window are eligible.",
    )
    resettlement_window_end = DayMonthYearField(label="Resettlement cases to", required=False)
    community_window_start = DayMonthYearField(
        label="Cases in the community from (national standards)",
        required=False,
        help_text="Community sentences begun in this window, and custodial sentences whose "
        "licence began in it, are eligible.",
    )
    community_window_end = DayMonthYearField(
        label="Cases in the community to (national standards)", required=False
    )
    secure_window_start = DayMonthYearField(
        label="Cases in secure settings from (national standards)",
        required=False,
        help_text="Children sentenced to custody, or remanded to youth detention "
        "accommodation, in this window are eligible.",
    )
    secure_window_end = DayMonthYearField(
        label="Cases in secure settings to (national standards)", required=False
    )
    children_window_start = DayMonthYearField(
        label="Children's cases from (2025 framework)",
        required=False,
        help_text="Children with any work in this window (out-of-court, court, custody and "
        "licence, bail and remand) are eligible; each child is sampled once.",
    )
    children_window_end = DayMonthYearField(
        label="Children's cases to (2025 framework)", required=False
    )
    victims_window_start = DayMonthYearField(
        label="Victims' cases from (2025 framework)",
        required=False,
        help_text="Victims of offences committed in this window are eligible.",
    )
    victims_window_end = DayMonthYearField(
        label="Victims' cases to (2025 framework)", required=False
    )
    team = forms.ModelMultipleChoiceField(
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Auditors in the team",
        error_messages={
            "invalid_choice": "Select the team from the people listed",
            "invalid_pk_value": "Select the team from the people listed",
        },
    )
    double_marking_percent = forms.IntegerField(
        label="Share of cases to double mark, in per cent",
        required=False,
        min_value=0,
        max_value=100,
        help_text="A second auditor audits this share of the cases independently, for "
        "example 20. Leave empty for none.",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-3", "inputmode": "numeric"}),
        error_messages={
            "invalid": "Enter the share of cases to double mark as a whole number, like 20",
            "max_value": "The share of cases to double mark must be 100 or less",
            "min_value": "The share of cases to double mark cannot be negative",
        },
    )

    class Meta:
        model = Inspection
        fields = [
            "title",
            "framework_id",
            "inspection_type",
            "kind",
            "fieldwork_start",
            "fieldwork_end",
            "court_window_start",
            "court_window_end",
            "oocd_window_start",
            "oocd_window_end",
            "resettlement_window_start",
            "resettlement_window_end",
            "community_window_start",
            "community_window_end",
            "secure_window_start",
            "secure_window_end",
            "children_window_start",
            "children_window_end",
            "victims_window_start",
            "victims_window_end",
            "lead",
            "team",
            "double_marking_percent",
            "summary",
        ]
        widgets = {"kind": forms.RadioSelect}
        error_messages = {
            "title": {"required": "Enter a title for the inspection"},
            "kind": {
                "required": "Select the kind of inspection",
                "invalid_choice": "Select one of the kinds of inspection listed",
            },
            "lead": {"invalid_choice": "Select the lead from the people listed"},
        }

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["framework_id"].choices = [  # type: ignore[attr-defined]
            (f.id, f"{f.title} ({f.id})") for f in shipped_frameworks().values()
        ]
        self.fields["lead"].queryset = people  # type: ignore[attr-defined]
        self.fields["lead"].label = "Lead"
        self.fields["team"].queryset = people  # type: ignore[attr-defined]
        self.fields["kind"].choices = Inspection.Kind.choices  # type: ignore[attr-defined]
        self.fields["title"].help_text = "For example, Mock inspection, spring 2026."

    def clean_double_marking_percent(self) -> int:
        return self.cleaned_data.get("double_marking_percent") or 0

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for start, end, what in (
            ("fieldwork_start", "fieldwork_end", "Fieldwork"),
            ("court_window_start", "court_window_end", "The court window"),
            ("oocd_window_start", "oocd_window_end", "The out-of-court window"),
            ("resettlement_window_start", "resettlement_window_end", "The resettlement window"),
            ("community_window_start", "community_window_end", "The community window"),
            ("secure_window_start", "secure_window_end", "The secure settings window"),
            ("children_window_start", "children_window_end", "The children's window"),
            ("victims_window_start", "victims_window_end", "The victims' window"),
        ):
            if data.get(start) and data.get(end) and data[end] < data[start]:
                self.add_error(end, f"{what} must end on or after the day it starts")
        framework_id = data.get("framework_id")
        if framework_id:
            problem = inspection_type_problem(framework_id, data.get("inspection_type") or "")
            if problem:
                self.add_error("inspection_type", problem)
            elif not shipped_frameworks()[framework_id].inspection_types:
                data["inspection_type"] = ""
        return data


class AddCasesForm(forms.Form):
    auditor = forms.ModelChoiceField(
        queryset=User.objects.none(),
        required=False,
        label="Auditor",
        empty_label="Not assigned yet",
        error_messages={"invalid_choice": "Select an auditor from the list"},
    )
    cases = forms.MultipleChoiceField(
        label="Cases",
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Select at least one case to add",
            "invalid_choice": "Select cases from the list: %(value)s is not one of them",
        },
    )

    def __init__(
        self,
        *args: Any,
        eligible: Any,
        people: Any,
        audited_under: Mapping[str, str] | None = None,
        **kwargs: Any,
    ) -> None:
        """`audited_under`: for a framework that audits a case in several domains, what each
        case (by reference) would be audited under, said beside it."""
        super().__init__(*args, **kwargs)
        under = audited_under or {}
        self.fields["auditor"].queryset = people  # type: ignore[attr-defined]
        self.fields["cases"].choices = [  # type: ignore[attr-defined]
            (
                case.case_ref,
                f"{case.case_ref}: {case.get_outcome_display()}, "
                f"{case.outcome_date.day} {case.outcome_date:%b %Y}, "
                f"{case.get_sex_display().lower()}, "
                f"risk of serious harm {case.get_rosh_display().lower()}"
                + (f"; audited under {under[case.case_ref]}" if case.case_ref in under else ""),
            )
            for case in eligible
        ]


class ShareCasesForm(forms.Form):
    people = forms.ModelMultipleChoiceField(
        queryset=User.objects.none(),
        label="Who shares the cases",
        widget=forms.CheckboxSelectMultiple,
        help_text="Each gets the same number of cases, give or take one, with a fair mix of "
        "the domains. No one is given a case they are double marking.",
        error_messages={
            "required": "Select who shares the cases",
            "invalid_choice": "Select people from the inspection team",
            "invalid_pk_value": "Select people from the inspection team",
        },
    )
    reassign = forms.BooleanField(
        label="Share again the cases that already have an auditor but whose audit has not started",
        required=False,
    )

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["people"].queryset = people  # type: ignore[attr-defined]


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        label="Status",
        choices=Inspection.Status.choices,
        widget=forms.RadioSelect,
        help_text="Publishing needs every standard the inspection rates to have its figures "
        "or its judgement, and it freezes the report.",
        error_messages={
            "required": "Select the inspection's status",
            "invalid_choice": "Select one of the statuses listed",
        },
    )


def judgement_form(
    framework: Framework, standard_id: str, data: Any = None, initial: Any = None
) -> forms.Form:
    """The judgement of a standard: its rating and the notes on its evidence; for an unrated
    framework, the notes alone (required: they are its findings), saved as the framework's
    one word so that the judgement counts as recorded without offering a rating."""
    standard = framework.standard(standard_id)
    fields: dict[str, forms.Field] = {
        "version": forms.IntegerField(
            widget=forms.HiddenInput,
            error_messages={
                "required": "The page was out of date: open the judgement again",
                "invalid": "The page was out of date: open the judgement again",
            },
        ),
    }
    if framework.rated:
        words = list(framework.rating_words())
        if standard.may_be_not_rated:
            words.append(NOT_RATED)
        fields["rating"] = forms.ChoiceField(
            label=f"Rating for {standard.id} {standard.title}",
            choices=[(w, w) for w in words],
            required=False,
            widget=forms.RadioSelect,
            error_messages={"invalid_choice": "Select one of the ratings listed"},
        )
    fields["evidence"] = forms.CharField(
        label="Notes on the evidence",
        required=not framework.rated,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Documents, meetings, surveys and case evidence the rating rests on."
        if framework.rated
        else "What the evidence shows for this standard: documents, meetings, surveys and "
        "case evidence.",
        error_messages={"required": "Enter the notes on the evidence"},
    )
    attrs: dict[str, Any] = dict(fields)
    if not framework.rated:
        attrs["clean"] = _unrated_judgement
    form_class = type("JudgementForm", (forms.Form,), attrs)
    return form_class(data=data, initial=initial)  # type: ignore[no-any-return]


def _unrated_judgement(form: forms.Form) -> dict[str, Any]:
    """An unrated framework's judgement is saved as its one word (`Not rated`), never shown,
    so that it counts as recorded for the report and for publishing."""
    cleaned = forms.Form.clean(form) or {}
    cleaned["rating"] = NOT_RATED
    return cleaned


class FindingsForm(forms.Form):
    narrative = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="What the inspection found. Separate paragraphs with a blank line.",
    )
    strengths = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 6}), help_text="One strength a line."
    )
    areas_for_improvement = forms.CharField(
        label="Areas for improvement",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="One area a line.",
    )


class RecommendationForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Recommendation
        fields = ["addressee", "text", "order"]
        labels = {"addressee": "Addressed to", "text": "Recommendation", "order": "Order"}
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}
        error_messages = {
            "addressee": {"required": "Enter who the recommendation is addressed to"},
            "text": {"required": "Enter the recommendation"},
            "order": {
                "required": "Enter where the recommendation comes in the list, like 1",
                "invalid": "Enter where the recommendation comes in the list as a whole "
                "number, like 1",
                "min_value": "Enter where the recommendation comes in the list: 0 or more",
            },
        }


class ModerationForm(forms.Form):
    agreed_answer = forms.ChoiceField(
        label="What is the agreed answer?",
        choices=ANSWER_CHOICES,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the agreed answer",
            "invalid_choice": "Select one of the answers listed",
        },
    )
    reason = forms.CharField(
        label="Why is this the right answer?",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Auditors read this to learn how to apply the key question next time.",
        error_messages={"required": "Enter the reason for the agreed answer"},
    )


class SecondMarkingForm(forms.Form):
    audit = forms.ChoiceField(
        label="Case",
        error_messages={
            "required": "Select the case to double mark",
            "invalid_choice": "Select one of the cases listed",
        },
    )
    auditor = forms.ModelChoiceField(
        queryset=User.objects.none(),
        label="Second auditor",
        empty_label="Choose an auditor",
        error_messages={
            "required": "Select the second auditor",
            "invalid_choice": "Select one of the inspection team",
        },
    )

    def __init__(self, *args: Any, cases: list[tuple[str, str]], people: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["audit"].choices = [("", "Choose a case"), *cases]  # type: ignore[attr-defined]
        self.fields["auditor"].queryset = people  # type: ignore[attr-defined]
