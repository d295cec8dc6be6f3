"""Sign in, sign out, and choosing a password from a link an administrator passed on."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import SetPasswordForm
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import reverse_lazy

from yjqa.web.accounts import single_sign_on
from yjqa.web.accounts.forms import SignInForm
from yjqa.web.accounts.services import do_set_password
from yjqa.web.audit.models import AuditEvent
from yjqa.web.audit.trail import Actor


class SignInView(auth_views.LoginView):
    template_name = "accounts/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True
    extra_context = {"mfa_required": lambda: settings.MFA_REQUIRED}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        if single_sign_on.enabled():
            context["single_sign_on_name"] = single_sign_on.provider_name()
            context["single_sign_on_refused"] = single_sign_on.refusal_message(self.request)
        return context


class SignOutView(auth_views.LogoutView):
    next_page = "sign_in"


class SetPasswordView(auth_views.PasswordResetConfirmView):
    """The link proves who the person is; they set their own password through the service."""

    template_name = "accounts/set_password.html"
    success_url = reverse_lazy("sign_in")
    post_reset_login = False

    def form_valid(self, form: SetPasswordForm[Any]) -> HttpResponse:
        user = form.user
        do_set_password(
            Actor(via=AuditEvent.Via.WEB, user=user), user, form.cleaned_data["new_password1"]
        )
        del self.request.session[auth_views.INTERNAL_RESET_SESSION_TOKEN]
        return HttpResponseRedirect(self.get_success_url())
