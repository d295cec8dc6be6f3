"""Forms for managing the people in a service."""

from __future__ import annotations

from typing import Any

from django import forms

from yjqa.web.forms import DayMonthYearField
from yjqa.web.tenancy.models import Role


class MemberForm(forms.Form):
    role = forms.ChoiceField(
        choices=Role.choices,
        error_messages={"required": "Select a role"},
        widget=forms.RadioSelect,
        help_text="Administrators manage people; auditors record audits; managers read "
        "everything and approve; board members read dashboards and reports only.",
    )
    is_inspector = forms.BooleanField(
        label="This person is an inspector from outside the service",
        required=False,
        help_text="Inspectors are auditors whose access ends on a set date.",
    )
    expires_at = DayMonthYearField(
        label="Access ends on",
        required=False,
        help_text="For example, 27 3 2026. Leave empty for staff.",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("is_inspector"):
            if data.get("role") != Role.AUDITOR:
                self.add_error("role", "Select auditor: an inspector is an auditor")
            if not data.get("expires_at"):
                self.add_error("expires_at", "Enter the date the inspector's access ends")
        return data


class AddMemberForm(MemberForm):
    email = forms.EmailField(
        label="Email address",
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
        error_messages={
            "required": "Enter their email address",
            "invalid": "Enter an email address in the correct format, like name@example.org",
        },
    )
    full_name = forms.CharField(
        label="Full name", max_length=200, error_messages={"required": "Enter their full name"}
    )

    field_order = ["email", "full_name", "role", "is_inspector", "expires_at"]
