"""The board pack hides indicator figures from fewer than 5 children: it is meant for sharing."""

from __future__ import annotations

from datetime import date

import pytest

from yjqa.core.indicators.engine import compute_indicators
from yjqa.core.indicators.suppression import is_suppressed, suppress_one
from yjqa.web.improvement.board_pack import meeting_pack, meeting_pack_input, service_indicators
from yjqa.web.improvement.models import BoardMeeting
from yjqa.web.tenancy.models import Service

pytestmark = pytest.mark.django_db


def test_the_packs_indicators_are_the_engines_with_small_numbers_hidden() -> None:
    from yjqa.web.indicators.dashboard import available_years, default_year
    from yjqa.web.indicators.services import service_data

    service = Service.objects.get(slug="northshire")
    years, last = available_years(service)
    assert years and last is not None
    period = default_year(years, last)
    raw = compute_indicators(service_data(service), period.start, period.end, [service.name])
    whole = raw["services"][service.name]
    shown, _ = service_indicators(service)
    assert shown == suppress_one(whole)
    meeting = BoardMeeting.objects.filter(service=service, held_at=None).first()
    assert meeting is not None
    assert meeting_pack_input(meeting, date(2026, 3, 5)).indicators == shown


def test_a_small_count_never_reaches_the_pack(monkeypatch: pytest.MonkeyPatch) -> None:
    from yjqa.web.improvement import board_pack

    service = Service.objects.get(slug="northshire")
    figures, period = board_pack.service_indicators(service)
    assert figures is not None
    raw = dict(figures)
    raw["custody"] = {"count": 3, "population": 20000, "rate_per_1000": 0.15}

    def small(_: object) -> tuple[dict[str, object], str]:
        return suppress_one(raw), period

    monkeypatch.setattr(board_pack, "service_indicators", small)
    assert is_suppressed(small(service)[0]["custody"]["count"])  # type: ignore[index]
    meeting = BoardMeeting.objects.filter(service=service, held_at=None).first()
    assert meeting is not None
    section = meeting_pack(meeting, date(2026, 3, 5)).section("indicators")
    words = " ".join(str(block) for block in section.blocks)
    assert "fewer than 5 custodial sentences were given" in words
    assert "3 custodial sentences" not in words
