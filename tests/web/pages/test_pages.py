"""The accessibility statement, privacy notice and help page: public, and linked from every
page's footer."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from yjqa.web.tenancy.access import CAPABILITIES
from yjqa.web.tenancy.models import Role

ClientFor = Callable[[str], Client]
pytestmark = pytest.mark.django_db

PAGES = {
    "accessibility": "Accessibility statement for yjqa",
    "privacy": "Privacy notice",
    "help": "Help using yjqa",
}


def footer(page: str) -> str:
    found = re.search(r'<footer class="govuk-template__footer">.*?</footer>', page, re.S)
    assert found is not None
    return found[0]


@pytest.mark.parametrize(("name", "heading"), PAGES.items())
def test_each_page_opens_without_signing_in(name: str, heading: str) -> None:
    response = Client().get(reverse(name))
    assert response.status_code == 200
    assert f'<h1 class="govuk-heading-l">{heading}</h1>' in response.content.decode()


@pytest.mark.parametrize("path", ["/sign-in/", "/accessibility/", "/feedback/thanks/"])
def test_every_page_links_to_them_from_its_footer(path: str) -> None:
    links = footer(Client().get(path).content.decode())
    for name in PAGES:
        assert f'<a class="govuk-footer__link" href="{reverse(name)}">' in links


def test_a_signed_in_page_links_to_them_from_its_footer(client_for: ClientFor) -> None:
    page = client_for("qa@northshire.example").get("/services/northshire/").content.decode()
    links = footer(page)
    assert all(reverse(name) in links for name in PAGES)


def test_the_accessibility_statement_is_honest_and_says_how_to_complain() -> None:
    page = Client().get(reverse("accessibility")).content.decode()
    assert "partially compliant with the" in page
    assert "Web Content Accessibility Guidelines version 2.2" in page
    assert "Reporting accessibility problems with this service" in page
    assert "Equality Advisory and Support Service (EASS)" in page
    assert "Equality and Human Rights Commission" in page


def test_the_privacy_notice_names_the_controller_the_lawful_basis_and_the_ico() -> None:
    page = Client().get(reverse("privacy")).content.decode()
    assert "The data controller is the youth justice service" in page
    assert "Article 6(1)(e)" in page and "Article 9(2)(g)" in page
    assert "Schedule 1, Part 2, paragraph 6" in page
    assert "never holds a child\N{RIGHT SINGLE QUOTATION MARK}s or a victim" in page
    assert 'id="how-long"' in page and 'id="rights"' in page and 'id="surveys"' in page
    assert "Information Commissioner" in page and "0303 123 1113" in page


def test_the_help_page_shows_the_role_matrix_as_it_is() -> None:
    page = Client().get(reverse("help")).content.decode()
    for heading in ("roles", "caseload", "sample", "audit", "moderate", "ratings", "contact"):
        assert f'id="{heading}"' in page
    table = re.search(r'<table class="govuk-table" id="role-matrix">.*?</table>', page, re.S)
    assert table is not None
    rows = re.findall(r"<tr class=\"govuk-table__row\">(.*?)</tr>", table[0], re.S)
    assert len(rows) == 1 + len(CAPABILITIES)
    assert [re.sub(r"<.*?>", "", h) for h in re.findall(r"<th scope=\"col\".*?</th>", rows[0])][
        1:
    ] == [role.label for role in Role]
    surveys = next(r for r in rows if "Run surveys" in r)
    cells = re.findall(r'<td class="govuk-table__cell">(.*?)</td>', surveys)
    expected = ["Yes" if role in CAPABILITIES["manage_surveys"].roles else "" for role in Role]
    assert [re.sub(r"<span.*?</span>", "", c) for c in cells] == expected
