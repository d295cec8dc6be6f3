"""Sign-in form: email and password, with GOV.UK wording."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm

from yjqa.web.accounts.lockout import normalise_email


class SignInForm(AuthenticationForm):
    username = forms.EmailField(
        label="Email address",
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.org",
        },
    )
    password = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Enter your password"},
    )
    error_messages = {
        "invalid_login": "Enter a correct email address and password.",
        "inactive": "This account cannot be used.",
    }

    def clean_username(self) -> str:
        """The email as accounts hold it, so sign-in and its lock-out ignore letter case."""
        return normalise_email(self.cleaned_data.get("username"))
