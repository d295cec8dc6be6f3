"""The dashboard shows the plan's breakdowns for the year (reoffending by sex, disposals by
type, offence types) with their totals: whole to the QA roles, small numbers hidden for board
members."""

from __future__ import annotations

import html
import re
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from yjqa.core.indicators.breakdowns import disposals, offence_types, reoffending_by_sex
from yjqa.web.indicators.dashboard import available_years, default_year
from yjqa.web.indicators.services import service_data
from yjqa.web.tenancy.models import Service

ClientFor = Callable[[str], Client]
pytestmark = pytest.mark.django_db


def table(body: str, table_id: str) -> list[list[str]]:
    """The body rows of a table on the page, as each cell's text."""
    part = body[body.index(f'id="{table_id}"') :].split("</table>")[0].split("<tbody")[1]
    return [
        [cell.strip() for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row)]
        for row in part.split("</tr>")[:-1]
    ]


def test_the_dashboard_shows_the_breakdowns_whole_to_a_manager(client_for: ClientFor) -> None:
    service = Service.objects.get(slug="northshire")
    years, last = available_years(service)
    assert last is not None
    period = default_year(years, last)
    data = service_data(service)
    body = html.unescape(
        client_for("manager@northshire.example")
        .get(reverse("indicators", args=["northshire"]))
        .content.decode()
    )
    reoffending = reoffending_by_sex(data, period, service.name)
    rows = table(body, "breakdown-reoffending-sex")
    assert rows[-1][:3] == [
        "Total",
        f"{reoffending.total.offenders}",
        f"{reoffending.total.reoffenders}",
    ]
    assert [r[0] for r in rows[:-1]] == [r.label for r in reoffending.rows]
    found = disposals(data, period, service.name)
    assert table(body, "breakdown-disposals")[-1] == ["Total", f"{found.total}"]
    offences = offence_types(data, period, service.name)
    assert table(body, "breakdown-offences")[0] == [
        offences.rows[0].label,
        f"{offences.rows[0].count}",
    ]


def test_a_board_member_reads_fewer_than_5_in_the_breakdowns(client_for: ClientFor) -> None:
    service = Service.objects.get(slug="northshire")
    years, last = available_years(service)
    assert last is not None
    period = default_year(years, last)
    found = disposals(service_data(service), period, service.name)
    small = [r for r in found.types if isinstance(r.count, int) and r.count < 5]
    assert small, "the demo has a type of disposal with fewer than 5 (prevention: none)"
    body = html.unescape(
        client_for("board@northshire.example")
        .get(reverse("indicators", args=["northshire"]))
        .content.decode()
    )
    rows = {r[0]: r[1] for r in table(body, "breakdown-disposals")}
    assert rows[small[0].label] == "fewer than 5"
