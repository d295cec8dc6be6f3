"""The forms of the survey pages, and the public form built from a survey's definition."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.html import escape

from yjqa.core.surveys.codes import short_code
from yjqa.core.surveys.definitions import (
    ChoiceQuestion,
    RatingQuestion,
    SurveyDefinition,
    TextQuestion,
    parse_survey_definition,
    shipped_survey_definitions,
)
from yjqa.core.validation.fields import NotUtf8Error, decode_utf8
from yjqa.core.validation.problems import InputError
from yjqa.web.surveys.services import MAX_LINKS
from yjqa.web.upload_limits import check_size

OWN = "own"
# A choice question of at most this many options, each at most this long, is one row of
# segments on the public form; others are GOV.UK radios.
MAX_SEGMENTS, MAX_SEGMENT_TEXT = 5, 20


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _numeric_text(widget: forms.Widget) -> None:
    """A number typed into a text box, as the GOV.UK Design System advises."""
    assert isinstance(widget, forms.NumberInput)
    widget.input_type = "text"
    for name in ("min", "max", "step"):
        widget.attrs.pop(name, None)
    widget.attrs.update({"inputmode": "numeric", "class": "govuk-input--width-5"})


class SurveyCreateForm(forms.Form):
    template = forms.ChoiceField(
        label="Which survey?",
        widget=forms.RadioSelect,
        error_messages={"required": "Select a survey"},
    )
    definition_file = forms.FileField(
        label="Your own survey definition",
        required=False,
        help_text="Only if you chose your own survey: a YAML file in the format of the templates.",
    )
    title = forms.CharField(
        label="Title",
        required=False,
        max_length=200,
        help_text="Leave empty to use the survey's own title.",
        error_messages={"max_length": "Title must be 200 characters or fewer"},
    )
    period = forms.CharField(
        label="Period",
        max_length=40,
        help_text="The period the survey covers, for example 2025 to 2026.",
        error_messages={
            "required": "Enter the period the survey covers",
            "max_length": "Period must be 40 characters or fewer",
        },
    )
    invited = forms.IntegerField(
        label="Number of people invited",
        required=False,
        min_value=1,
        max_value=100_000,
        help_text="If you know it, to show the response rate.",
        error_messages={
            "invalid": "Number of people invited must be a whole number, like 40",
            "min_value": "Number of people invited must be 1 or more",
            "max_value": "Number of people invited must be 100,000 or fewer",
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(d.id, d.title) for d in shipped_survey_definitions().values()]
        choices.append((OWN, "My own survey, from a definition file"))
        field = self.fields["template"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices
        _numeric_text(self.fields["invited"].widget)
        self.fields["period"].widget.attrs["class"] = "govuk-input--width-10"
        self.definition: SurveyDefinition | None = None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        template = cleaned.get("template")
        upload = cleaned.get("definition_file")
        if template == OWN:
            if upload is None:
                self.add_error("definition_file", "Select your survey definition file")
            else:
                try:
                    check_size(upload)
                except forms.ValidationError as error:
                    self.add_error("definition_file", error)
                    return cleaned
                try:
                    text = decode_utf8(upload.read())
                except NotUtf8Error as error:
                    self.add_error("definition_file", f"The definition file {error}")
                    return cleaned
                try:
                    self.definition = parse_survey_definition(text, upload.name)
                except InputError as error:
                    for problem in error.problems:
                        self.add_error("definition_file", problem.describe(error.source))
        elif template:
            if upload is not None:
                self.add_error(
                    "definition_file",
                    "Choose My own survey to use a definition file, or remove the file",
                )
            self.definition = shipped_survey_definitions()[template]
        return cleaned


class LinksForm(forms.Form):
    count = forms.IntegerField(
        label="How many links do you want to create?",
        min_value=1,
        max_value=MAX_LINKS,
        help_text="Give each person their own link: each link can be used once.",
        error_messages={
            "required": "Enter how many links to create",
            "invalid": "Number of links must be a whole number, like 20",
            "min_value": "Number of links must be 1 or more",
            "max_value": f"Number of links must be {MAX_LINKS} or fewer",
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _numeric_text(self.fields["count"].widget)


class AnswersUploadForm(forms.Form):
    file = forms.FileField(
        label="Upload a file of answers",
        help_text="A CSV file with the columns respondent, question and answer.",
        error_messages={"required": "Select a CSV file of answers"},
    )

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        check_size(upload)
        return upload


class ThemeForm(forms.Form):
    name = forms.CharField(
        label="Add a theme",
        max_length=100,
        help_text="For example: Being listened to.",
        error_messages={
            "required": "Enter the name of the theme",
            "max_length": "Theme must be 100 characters or fewer",
        },
    )


class PublicSurveyForm(forms.Form):
    """A survey's questions: a compact scale of 10 radios for a rating, radios for a choice, a
    text area for text."""

    def __init__(self, definition: SurveyDefinition, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.definition = definition
        for question in definition.questions:
            asked = _short(question.text)
            hint = escape(question.hint) if question.hint else ""
            field: forms.Field
            if isinstance(question, RatingQuestion):
                low, high = question.low_label.lower(), question.high_label.lower()
                scale = f"1 means {low} and 10 means {high}."
                field = forms.ChoiceField(
                    label=question.text,
                    choices=[(str(n), str(n)) for n in range(1, 11)],
                    widget=forms.RadioSelect,
                    required=question.required,
                    help_text=hint,
                    error_messages={
                        "required": f'Select a number from 1 to 10 for "{asked}"',
                        "invalid_choice": f'Select a number from 1 to 10 for "{asked}"',
                    },
                )
                # Shown as a compact scale (surveys/_scale.html), its ends labelled; what 1 and
                # 10 mean is also in its hint, for screen readers.
                field.scale_ends = (question.low_label, question.high_label)  # type: ignore[attr-defined]
                field.scale_text = scale  # type: ignore[attr-defined]
            elif isinstance(question, ChoiceQuestion):
                field = forms.ChoiceField(
                    label=question.text,
                    choices=[(o, o) for o in question.options],
                    widget=forms.RadioSelect,
                    required=question.required,
                    help_text=hint,
                    error_messages={
                        "required": f'Select an answer for "{asked}"',
                        "invalid_choice": f'Select an answer for "{asked}"',
                    },
                )
                # A few short options fit one row on a phone, as segments like the scale's.
                field.segments = len(question.options) <= MAX_SEGMENTS and all(  # type: ignore[attr-defined]
                    len(option) <= MAX_SEGMENT_TEXT for option in question.options
                )
            else:
                assert isinstance(question, TextQuestion)
                field = forms.CharField(
                    label=question.text,
                    widget=forms.Textarea(attrs={"rows": 2, "spellcheck": "true"}),
                    required=question.required,
                    max_length=question.max_length,
                    help_text=(hint + " " if hint else "") + "Please do not write anyone's name.",
                    error_messages={
                        "required": f'Enter an answer for "{asked}"',
                        "max_length": f'Your answer for "{asked}" must be '
                        f"{question.max_length:,} characters or fewer",
                    },
                )
            self.fields[question.id] = field

    def answers(self) -> dict[str, str]:
        return {
            q.id: str(self.cleaned_data.get(q.id) or "").strip() for q in self.definition.questions
        }


class CodeForm(forms.Form):
    """The code on a printed invitation, typed in any case, with or without its hyphen."""

    code = forms.CharField(
        label="Enter your code",
        max_length=20,
        help_text="It is on your invitation, for example ABCD-EFGH.",
        error_messages={
            "required": "Enter the code from your invitation",
            "max_length": "Enter the code from your invitation, like ABCD-EFGH",
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].widget.attrs.update(
            {
                "class": "govuk-input--width-10 govuk-input--extra-letter-spacing",
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
            }
        )

    def clean_code(self) -> str:
        code = short_code(self.cleaned_data["code"])
        if code is None:
            raise forms.ValidationError(
                "Enter the code as it is on your invitation: 8 letters and numbers, like ABCD-EFGH"
            )
        return code
