"""No server error in normal use: every page, with odd query strings, and every form, sent
empty or with wrong values, answers with a page (a 4xx or the form with its errors, its title
saying "Error:" once), never a 500. Run as the people whose work it is."""

from __future__ import annotations

from collections.abc import Callable
from html.parser import HTMLParser

import pytest
from django.test import Client
from tests.web.test_scoping import WRITES, northshire_urls

ClientFor = Callable[[str], Client]
ODD_QUERY = {
    "page": "x",
    "sort": "nonsense",
    "order": "-",
    "period": "1999-99",
    "date_from": "31/31/2026",
    "date_to": "yesterday",
    "q": "' OR 1=1 --",
    "domain": "nowhere",
    "status": "lost",
    "year": "99999",
}
WRONG = {
    "text": "not what was asked for",
    "number": "-12x",
    "date": "2026-02-30",
    "day": "32",
    "month": "13",
    "year": "20266",
    "id": "999999999",
}


class Forms(HTMLParser):
    """The address and fields of each POST form on a page (not the sign-out form)."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[tuple[str, dict[str, list[str]]]] = []
        self._current: dict[str, list[str]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("method", "get").lower() == "post":
            if "sign-out" not in a.get("action", ""):
                self._current = {}
                self.forms.append((a.get("action", ""), self._current))
        elif self._current is not None and tag in ("input", "textarea", "select"):
            name = a.get("name")
            if name and name != "csrfmiddlewaretoken":
                self._current.setdefault(name, []).append(a.get("type", tag))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._current = None


def wrong_values(fields: dict[str, list[str]]) -> dict[str, str]:
    data = {}
    for name, kinds in fields.items():
        kind = kinds[0]
        if kind == "file":
            continue
        if name.endswith("-day") or name.endswith("_day"):
            data[name] = WRONG["day"]
        elif name.endswith("-month") or name.endswith("_month"):
            data[name] = WRONG["month"]
        elif name.endswith("-year") or name.endswith("_year") or name == "start_year":
            data[name] = WRONG["year"]
        elif kind in ("number", "hidden"):
            data[name] = WRONG["number"]
        elif kind == "date":
            data[name] = WRONG["date"]
        elif kind in ("radio", "checkbox", "select"):
            data[name] = WRONG["id"]
        else:
            data[name] = WRONG["text"]
    return data


def server_errors(client: Client, urls: dict[str, tuple[str, str]]) -> list[str]:
    errors = []
    for view, (method, url) in urls.items():
        if method == "get":
            response = client.get(url, ODD_QUERY)
            if response.status_code >= 500:
                errors.append(f"GET {view} with odd query: {response.status_code}")
            page = client.get(url)
            if page.status_code != 200 or not page["Content-Type"].startswith("text/html"):
                continue
            parser = Forms()
            parser.feed(page.content.decode())
            for action, fields in parser.forms:
                for label, data in (("empty", {}), ("wrong", wrong_values(fields))):
                    sent = client.post(action or url, data)
                    if sent.status_code >= 500:
                        errors.append(f"POST {view} {action} {label}: {sent.status_code}")
                    elif "<title>Error: Error:" in sent.content.decode():
                        errors.append(f"POST {view} {action} {label}: 'Error:' twice in title")
        elif view in WRITES:
            for data in ({}, {"status": "lost", "start_year": "abc"}):
                sent = client.post(url, data)
                if sent.status_code >= 500:
                    errors.append(f"POST {view} {data}: {sent.status_code}")
    return errors


@pytest.mark.django_db
@pytest.mark.parametrize("person", ["manager", "lead", "qa", "admin"])
def test_no_page_or_form_gives_a_server_error(client_for: ClientFor, person: str) -> None:
    client = client_for(f"{person}@northshire.example")
    assert server_errors(client, northshire_urls()) == []


@pytest.mark.django_db
def test_error_pages_answer_with_their_own_status(client_for: ClientFor) -> None:
    client = client_for("board@northshire.example")
    missing = client.get("/services/northshire/no-such-page/")
    assert missing.status_code == 404 and "Page not found" in missing.content.decode()
    beyond = client.get("/services/northshire/inspections/new/")
    assert beyond.status_code == 403
    assert "Ask a manager or QA lead." in beyond.content.decode()
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(client.get("/").wsgi_request.user)
    refused = strict.post("/services/northshire/inspections/new/", {"title": "x"})
    assert refused.status_code == 403
    assert "Your form could not be sent" in refused.content.decode()
