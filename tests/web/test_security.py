"""Sign-in security: CSRF, lock-out, Argon2, CSP, session expiry, the access log."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from yjqa.web.accounts.models import User
from yjqa.web.caseload.models import CaseRecord
from yjqa.web.demo import DEFAULT_PASSWORD
from yjqa.web.tenancy.models import AccessLog

ClientFor = Callable[[str], Client]
pytestmark = pytest.mark.django_db


def sign_in(client: Client, email: str, password: str) -> int:
    response = client.post(reverse("sign_in"), {"username": email, "password": password})
    return response.status_code


def test_demo_people_can_sign_in_with_the_demo_password() -> None:
    client = Client()
    assert sign_in(client, "qa@northshire.example", DEFAULT_PASSWORD) == 302
    assert client.get(reverse("home")).status_code == 200


def test_sign_in_is_case_insensitive_on_email() -> None:
    assert sign_in(Client(), "QA@Northshire.Example", DEFAULT_PASSWORD) == 302


def test_post_without_csrf_token_is_rejected() -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        reverse("sign_in"), {"username": "qa@northshire.example", "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session


def test_lock_out_after_repeated_failures() -> None:
    client = Client()
    for _ in range(4):
        assert sign_in(client, "manager@southvale.example", "wrong password") == 200
    # The fifth failure locks the account: now even the right password is refused.
    assert sign_in(client, "manager@southvale.example", "wrong password") == 429
    assert sign_in(client, "manager@southvale.example", DEFAULT_PASSWORD) == 429
    response = client.post(
        reverse("sign_in"),
        {"username": "manager@southvale.example", "password": DEFAULT_PASSWORD},
    )
    assert "You cannot sign in for 30 minutes" in response.content.decode()
    assert client.get(reverse("home")).status_code == 302  # still signed out


def test_passwords_are_hashed_with_argon2() -> None:
    for user in User.objects.all():
        assert user.password.startswith("argon2$"), user.email


def test_content_security_policy_and_other_headers(client_for: ClientFor) -> None:
    response = client_for("qa@northshire.example").get(reverse("service_home", args=["northshire"]))
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "'unsafe-inline'" not in policy
    nonce = policy.split("'nonce-")[1].split("'")[0]
    assert f'nonce="{nonce}"' in response.content.decode()
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_session_expires_when_idle() -> None:
    client = Client()
    sign_in(client, "qa@northshire.example", DEFAULT_PASSWORD)
    session = client.session
    session.set_expiry(-1)  # as if the idle time had run out
    session.save()
    assert client.get(reverse("home")).status_code == 302


def test_secure_cookies_when_served_over_https(tmp_path) -> None:  # type: ignore[no-untyped-def]
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, "
        "s.SECURE_HSTS_SECONDS > 0)"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "yjqa.web.settings",
        "YJQA_DATA_DIR": str(tmp_path),
    }
    plain = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    https = subprocess.run(
        [sys.executable, "-c", code], env={**env, "YJQA_HTTPS": "1"}, capture_output=True, text=True
    )
    assert plain.stdout.split() == ["False", "False", "False", "False"], plain.stderr
    assert https.stdout.split() == ["True", "True", "True", "True"], https.stderr


def test_access_log_records_a_view_of_a_case_record(client_for: ClientFor) -> None:
    case = CaseRecord.objects.filter(service__slug="northshire").first()
    assert case is not None
    client_for("qa@northshire.example").get(
        reverse("case_detail", args=["northshire", case.case_ref])
    )
    entry = AccessLog.objects.get(record_ref=case.case_ref)
    assert entry.user_email == "qa@northshire.example"
    assert entry.action == "view" and entry.service.slug == "northshire"
    log = client_for("admin@northshire.example").get(reverse("access_log", args=["northshire"]))
    assert case.case_ref in log.content.decode()
    southvale_log = client_for("admin@southvale.example").get(
        reverse("access_log", args=["southvale"])
    )
    assert case.case_ref not in southvale_log.content.decode()


def test_error_pages_reveal_nothing(client_for: ClientFor) -> None:
    url = reverse("case_detail", args=["northshire", "NS-999999"])
    response = client_for("qa@southvale.example").get(url)
    assert response.status_code == 404
    body = response.content.decode()
    assert "NS-999999" not in body and "Traceback" not in body and "Northshire" not in body


def test_a_new_person_chooses_a_password_from_a_one_time_link(client_for: ClientFor) -> None:
    admin = client_for("admin@northshire.example")
    response = admin.post(
        reverse("add_person", args=["northshire"]),
        {"email": "new@northshire.example", "full_name": "Nia Newcomer", "role": "auditor"},
        follow=True,
    )
    message = next(iter(response.context["messages"])).message
    link = message.split("it works once): ")[1]
    path = link.split("testserver", 1)[1]
    new = Client()
    form_page = new.get(path, follow=True)
    assert form_page.status_code == 200
    set_url = form_page.redirect_chain[-1][0] if form_page.redirect_chain else path
    password = "a long new password 2026"
    done = new.post(set_url, {"new_password1": password, "new_password2": password})
    assert done.status_code == 302
    assert sign_in(Client(), "new@northshire.example", password) == 302
    assert new.get(path, follow=True).context["validlink"] is False


def test_the_cases_behind_a_figure_log_a_view_of_each_audit_shown(client_for: ClientFor) -> None:
    """The page shows each case's answer and its auditor's evidence note: each is a view of
    a case audit, as the audit's own page is."""
    from yjqa.web.demo import DEMO_INSPECTION_TITLE
    from yjqa.web.inspections.models import AuditAnswer, Inspection

    inspection = Inspection.objects.get(service__slug="northshire", title=DEMO_INSPECTION_TITLE)
    answer = AuditAnswer.objects.filter(
        audit__inspection=inspection, audit__status="submitted", audit__marking=1
    ).exclude(answer="")[0]
    before = AccessLog.objects.count()
    url = reverse("cases_behind", args=["northshire", inspection.pk, answer.key_question_id])
    page = client_for("qa@northshire.example").get(url)
    assert page.status_code == 200 and answer.audit.ref in page.content.decode()
    logged = AccessLog.objects.order_by("-id")[: AccessLog.objects.count() - before]
    assert answer.audit.ref in {entry.record_ref for entry in logged}
    assert {(e.user_email, e.action, e.record_type) for e in logged} == {
        ("qa@northshire.example", "view", "case audit")
    }
