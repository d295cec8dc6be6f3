"""Kappa from fewer than 10 double-marked cases is marked as resting on too few (issue 19)."""

from __future__ import annotations

import html
import re
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from yjqa.core.rating.agreement import KAPPA_MIN_CASES, agreement
from yjqa.web.demo import DEMO_INSPECTION_TITLE
from yjqa.web.inspections.agreement import agreement_as_dict, inspection_agreement
from yjqa.web.inspections.models import CaseAudit, Inspection

ClientFor = Callable[[str], Client]
SECOND = CaseAudit.Marking.SECOND


def test_the_threshold_is_ten_cases() -> None:
    pairs = [("yes", "yes"), ("no", "no"), ("yes", "no"), ("no", "yes"), ("yes", "yes")]
    assert KAPPA_MIN_CASES == 10
    assert agreement(pairs, cases=9).too_few_cases
    assert not agreement(pairs, cases=10).too_few_cases
    assert not agreement(pairs).too_few_cases  # cases not known: not marked
    assert agreement(pairs, cases=3).kappa == agreement(pairs).kappa  # still shown
    with pytest.raises(ValueError):
        agreement(pairs, cases=-1)


@pytest.mark.django_db
def test_three_double_marked_cases_say_too_few(client_for: ClientFor) -> None:
    inspection = Inspection.objects.get(service__slug="northshire", title=DEMO_INSPECTION_TITLE)
    seconds = inspection.audits.filter(marking=SECOND, status=CaseAudit.Status.SUBMITTED)
    assert seconds.count() >= 3, "the demo double marks at least three cases"
    keep = list(seconds.order_by("pk").values_list("pk", flat=True)[:3])
    seconds.exclude(pk__in=keep).update(status=CaseAudit.Status.DRAFT)
    report = inspection_agreement(inspection)
    assert report.double_marked == 3
    assert report.overall.cases == 3 and report.overall.too_few_cases
    assert all(a.too_few_cases for a in report.by_key_question.values())
    data = agreement_as_dict(inspection, report)
    assert data["overall"]["too_few_cases"] is True and data["kappa_min_cases"] == 10
    page = client_for("qa@northshire.example").get(
        reverse("agreement", args=["northshire", inspection.pk])
    )
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page.content.decode())).split())
    assert "Kappa here rests on too few cases: 3 double-marked cases, fewer than the 10" in text
    row = page.content.decode().split('id="agreement-all"')[1].split("</tr>")[0]
    assert "Too few cases" in row
