"""axe-core finds no violation, of any impact, on any page: every service page each of the
demo's roles may open, the pages of someone signed out, the installation administrator's and the
error pages.

Each test gathers every page's violations into one message, so one run shows them all."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from playwright.sync_api import Browser, Error, Page, Route, expect
from signing_in import sign_in
from tests.web.test_scoping import WRITES, northshire_urls

from yjqa.web.accounts.models import User
from yjqa.web.audit.trail import Actor
from yjqa.web.demo import DEFAULT_PASSWORD, seed_demo
from yjqa.web.pages import urls as pages_urls
from yjqa.web.surveys.models import Survey
from yjqa.web.surveys.services import do_generate_links
from yjqa.web.tenancy.models import Membership

from accessibility import accessibility_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The demo's people in Northshire, one per role, and an external inspector.
PEOPLE = ("admin", "lead", "qa", "manager", "casemanager", "board", "inspector")
# Files and the JSON a page's script reads (a job's status): not pages to check.
DOWNLOADS = (".csv", ".xlsx", ".pdf", ".docx", ".txt", ".json")
# Pages that differ by role, so each person's is checked.
BY_ROLE = {"service_home", "case_audit"}


@contextmanager
def new_page(browser: Browser) -> Iterator[Page]:
    # As the `page` fixture: axe is injected as a script tag, which the app's CSP would block.
    context = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 900})
    try:
        yield context.new_page()
    finally:
        context.close()


def problems(page: Page, name: str) -> list[str]:
    """axe-core's violations of any impact, and a title that says "Error:" twice (base.html
    adds it for a form with errors; a page's own title block must not)."""
    found = accessibility_violations(page, name)
    if page.title().startswith("Error: Error:"):
        found.append(f"{name}: the title says 'Error:' twice: {page.title()}")
    return found


def service_pages() -> list[tuple[str, str]]:
    """(view, url) of every service page read with GET that is not a file download."""
    return [
        (view, url)
        for view, (method, url) in northshire_urls().items()
        if method == "get" and view not in WRITES and not url.endswith(DOWNLOADS)
    ]


def test_no_page_any_role_may_open_has_an_accessibility_violation(
    browser: Browser, live_server
) -> None:  # type: ignore[no-untyped-def]
    seed_demo()
    base = live_server.url
    pages = service_pages()
    found: list[str] = []
    checked: set[str] = set()  # a page is checked once, as the first person who may open it
    for person in PEOPLE:
        with new_page(browser) as page:
            sign_in(page, base, f"{person}@northshire.example")
            found += problems(page, f"every-{person}-installation-home")
            for view, url in pages:
                if view in checked and view not in BY_ROLE:
                    continue
                try:
                    answer = page.goto(f"{base}{url}")
                except Error as error:
                    if "Download is starting" in error.message:
                        checked.add(view)
                        continue  # a file, not a page
                    raise
                assert answer is not None
                if answer.status == 403:
                    if "403" not in checked:  # beyond this role: the refusal page, once
                        checked.add("403")
                        found += problems(page, "every-403")
                    continue
                if answer.status != 200:
                    found.append(f"every-{person}-{view}: {answer.status} at {url}")
                    continue
                checked.add(view)
                found += problems(page, f"every-{person}-{view}")
    assert not found, f"{len(found)} problems:\n" + "\n".join(found)


def test_no_page_outside_a_service_has_an_accessibility_violation(
    browser: Browser, live_server
) -> None:  # type: ignore[no-untyped-def]
    seed_demo()
    base = live_server.url
    survey = Survey.objects.filter(service__slug="northshire", status="open").first()
    assert survey is not None
    lead = Membership.objects.get(user__email="lead@northshire.example")
    (link,) = do_generate_links(Actor.member(lead), survey, 1)
    used = survey.links.filter(used_at__isnull=False).first()
    assert used is not None
    user = User.objects.get(email="qa@northshire.example")
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    found: list[str] = []
    with new_page(browser) as page:

        def visit(name: str, path: str, status: int = 200) -> None:
            response = page.goto(f"{base}{path}")
            assert response is not None
            if response.status != status:
                found.append(f"every-{name}: {response.status}, expected {status}, at {path}")
            found.extend(problems(page, f"every-{name}"))

        visit("sign-in", reverse("sign_in"))
        page.get_by_role("button", name="Sign in").click()
        found += problems(page, "every-sign-in-errors")
        visit("survey-public", reverse("survey_public", args=[link.code]))
        page.get_by_role("button", name="Send my answers").click()
        found += problems(page, "every-survey-public-errors")
        visit("survey-used-link", reverse("survey_public", args=[used.code]), status=410)
        visit("survey-thanks", reverse("survey_thanks"))
        visit("set-password", reverse("set_password", args=[uid, token]))
        visit("set-password-expired", reverse("set_password", args=[uid, "expired-token"]))
        visit("404", "/no-such-page/", status=404)
        for pattern in pages_urls.public_patterns:  # accessibility, privacy, help
            visit(str(pattern.name), reverse(str(pattern.name)))

        # The page a form sent without its CSRF cookie gets.
        page.goto(f"{base}{reverse('sign_in')}")
        page.context.clear_cookies()
        page.get_by_label("Email address").fill("qa@northshire.example")
        page.get_by_label("Password", exact=True).fill(DEFAULT_PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_role("heading", name="Your form could not be sent")).to_be_visible()
        found += problems(page, "every-403-csrf")

        # Too many wrong passwords.
        page.goto(f"{base}{reverse('sign_in')}")
        for _ in range(6):
            page.get_by_label("Email address").fill("nobody@northshire.example")
            page.get_by_label("Password", exact=True).fill("wrong")
            page.get_by_role("button", name="Sign in").click()
            if not page.get_by_role("button", name="Sign in").count():
                break
        expect(
            page.get_by_role("heading", name="You cannot sign in for 30 minutes")
        ).to_be_visible()
        found += problems(page, "every-locked-out")

        # The installation administrator's page: adding a report to the national benchmark.
        User.objects.create_superuser(email="operator@example.org", password=DEFAULT_PASSWORD)
        sign_in(page, base, "operator@example.org")
        visit("benchmark-import", reverse("benchmark_import"))

        # A server error's page, served as Django serves it (no request context).
        server_error = render_to_string("500.html")

        def fulfil(route: Route) -> None:
            route.fulfill(status=500, content_type="text/html", body=server_error)

        page.route(f"{base}/server-error/", fulfil)
        visit("500", "/server-error/", status=500)
    assert not found, f"{len(found)} problems:\n" + "\n".join(found)
