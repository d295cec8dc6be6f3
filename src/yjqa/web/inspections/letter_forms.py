"""The screening letter's own parts, written on the report's page of a short quality
screening: to whom, from whom, who is copied in, operational management, key strengths."""

from __future__ import annotations

from django import forms

from yjqa.web.inspections.models import Inspection

LETTER_FIELDS = ("letter_to", "letter_from", "copy_to", "operational_management", "key_strengths")


class LetterForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Inspection
        fields = LETTER_FIELDS
        labels = {
            "letter_to": "To",
            "letter_from": "From",
            "copy_to": "Copy to",
            "operational_management": "Operational management",
            "key_strengths": "Key strengths",
        }
        help_texts = {
            "letter_to": "The letter's addressee, for example: Jo Bloggs, Chair of the "
            "management board.",
            "letter_from": "Who signs the letter, for example: the lead inspector.",
            "copy_to": "One a line: the role, a colon, then the name, for example: "
            "Head of service: Sam Smith. The list is printed at the end of the letter.",
            "operational_management": "The letter's commentary on operational management. "
            "Separate paragraphs with a blank line.",
            "key_strengths": "One strength a line.",
        }
        widgets = {
            "copy_to": forms.Textarea(attrs={"rows": 6}),
            "operational_management": forms.Textarea(attrs={"rows": 8}),
            "key_strengths": forms.Textarea(attrs={"rows": 4}),
        }
        error_messages = {
            "letter_to": {"max_length": "The addressee must be 300 characters or fewer"},
            "letter_from": {"max_length": "Who the letter is from must be 300 characters or fewer"},
        }

    def clean_copy_to(self) -> str:
        text: str = self.cleaned_data.get("copy_to", "")
        for number, line in enumerate(text.splitlines(), start=1):
            line = line.strip()
            if line and ":" not in line:
                raise forms.ValidationError(
                    f"Enter line {number} of the copy list as the role, a colon, then the name"
                )
            if line and not line.partition(":")[0].strip():
                raise forms.ValidationError(f"Enter the role before the colon on line {number}")
        return text
