"""Ratings, certainty and agreement are computed once per change and then read from the cache.

Each service function that changes what they are computed from makes the next read compute
afresh (the cache key's generation tokens change in the change's own transaction); a read
with nothing changed computes nothing. Each test primes the cache first, so a missing
invalidation would serve the figures from before the change.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from tests.web.inspections.test_services import (
    actor,
    demo,
    every_answer,
    new_inspection,
    person,
    submitted_audit,
    unsubmitted_audit,
)

from yjqa.web.accounts.models import User
from yjqa.web.accounts.services import do_create_api_token
from yjqa.web.audit import generations
from yjqa.web.audit.generations import bump, tokens
from yjqa.web.audit.trail import Actor
from yjqa.web.inspections import agreement, cached, ratings
from yjqa.web.inspections.audit_services import do_reopen_audit, do_save_audit
from yjqa.web.inspections.models import CaseAudit, Inspection, SampledCase
from yjqa.web.inspections.moderation import moderation_queue
from yjqa.web.inspections.moderation_services import (
    do_add_second_marking,
    do_moderate_disagreement,
)
from yjqa.web.inspections.sampling_services import do_draw_sample, do_replace_case
from yjqa.web.inspections.services import do_save_judgement, do_update_inspection
from yjqa.web.retention import do_apply_retention, do_erase_child
from yjqa.web.tenancy.models import Membership, Role
from yjqa.web.tenancy.services import do_change_membership

pytestmark = pytest.mark.django_db


@pytest.fixture
def computed(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, int]]:
    """How many times the ratings and the agreement have been computed."""
    count = {"ratings": 0, "agreement": 0}
    rate, agree = ratings.inspection_rating_details, agreement.inspection_agreement

    def counted_rate(inspection: Inspection) -> ratings.InspectionRating:
        count["ratings"] += 1
        return rate(inspection)

    def counted_agree(inspection: Inspection) -> agreement.AgreementReport:
        count["agreement"] += 1
        return agree(inspection)

    monkeypatch.setattr(ratings, "inspection_rating_details", counted_rate)
    monkeypatch.setattr(agreement, "inspection_agreement", counted_agree)
    yield count


def fresh(inspection: Inspection) -> Inspection:
    """The inspection as the next request loads it."""
    return Inspection.objects.get(pk=inspection.pk)


def read(inspection: Inspection) -> dict[str, Any]:
    """The ratings API's object, through the cache."""
    return cached.rating_json(fresh(inspection))


def computed_now(inspection: Inspection) -> dict[str, Any]:
    """The same object computed afresh, bypassing the cache."""
    return ratings.inspection_rating_json(fresh(inspection))


def bearer(email: str) -> dict[str, str]:
    token = do_create_api_token(Actor.operator(), User.objects.get(email=email))
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


# Reading twice computes once


def test_a_second_read_of_the_ratings_api_computes_nothing(computed: dict[str, int]) -> None:
    inspection = demo()
    url = f"/api/v1/inspections/{inspection.pk}/ratings"
    headers = bearer("manager@northshire.example")
    first = Client().get(url, **headers)
    second = Client().get(url, **headers)
    assert first.status_code == second.status_code == 200
    assert computed["ratings"] == 1
    assert first.json() == second.json() == computed_now(inspection)


def test_a_second_read_of_the_ratings_page_computes_nothing(
    computed: dict[str, int], client_for: Callable[[str], Client]
) -> None:
    inspection = demo()
    url = f"/services/northshire/inspections/{inspection.pk}/ratings/"
    client = client_for("manager@northshire.example")
    first, second = client.get(url), client.get(url)
    assert first.status_code == second.status_code == 200
    assert computed["ratings"] == 1


def test_a_second_read_of_the_agreement_computes_nothing(computed: dict[str, int]) -> None:
    inspection = demo()
    url = f"/api/v1/inspections/{inspection.pk}/agreement"
    headers = bearer("manager@northshire.example")
    assert Client().get(url, **headers).json() == Client().get(url, **headers).json()
    assert computed["agreement"] == 1


def test_the_cache_is_shared_not_the_process_s_own(computed: dict[str, int]) -> None:
    """What one process computed another reads (Redis): nothing lives outside the cache."""
    inspection = demo()
    read(inspection)
    entries = [key for key in cache._cache if f":rating-details:{inspection.pk}:" in key]  # type: ignore[attr-defined]
    assert len(entries) == 1
    cache.clear()
    read(inspection)
    assert computed["ratings"] == 2


def test_each_inspection_has_its_own_entry(computed: dict[str, int]) -> None:
    other = new_inspection()
    assert read(demo()) != read(other)
    assert computed["ratings"] == 2


def test_a_bumped_token_is_new_and_others_stay() -> None:
    before = tokens(["inspection:1", "service:1"])
    bump("inspection:1")
    after = tokens(["inspection:1", "service:1"])
    assert after.split(".")[0] != before.split(".")[0]
    assert after.split(".")[1] == before.split(".")[1]


# Every change to the inputs is read at once


def test_submitting_an_audit_s_answers_is_read_at_once() -> None:
    audit = unsubmitted_audit()
    before = read(audit.inspection)
    by = actor(audit.auditor.email.split("@")[0])  # type: ignore[union-attr]
    do_save_audit(by, audit, audit.version, every_answer(audit, "no"), submit=True)
    after = read(audit.inspection)
    assert after != before
    assert after == computed_now(audit.inspection)


def test_a_draft_s_answers_change_nothing_and_are_read_once_submitted() -> None:
    audit = unsubmitted_audit()
    before = read(audit.inspection)
    by = actor(audit.auditor.email.split("@")[0])  # type: ignore[union-attr]
    do_save_audit(by, audit, audit.version, every_answer(audit, "no"), submit=False)
    assert read(audit.inspection) == before == computed_now(audit.inspection)


def test_reopening_an_audit_takes_its_answers_out_at_once() -> None:
    audit = submitted_audit("qa")
    before = read(audit.inspection)
    do_reopen_audit(actor("manager"), audit, "2.1.3 was answered for the wrong child")
    after = read(audit.inspection)
    assert after != before
    assert after == computed_now(audit.inspection)


def test_moderating_a_disagreement_is_read_at_once() -> None:
    inspection = demo()
    before = cached.rating_details(fresh(inspection))
    waiting = moderation_queue(inspection)[0]
    do_moderate_disagreement(
        actor("manager"), inspection, waiting, agreed_answer="n/a", reason="Not relevant"
    )
    after = cached.rating_details(fresh(inspection))
    assert len(after.awaiting_moderation) == len(before.awaiting_moderation) - 1
    assert after == ratings.inspection_rating_details(fresh(inspection))


def test_a_second_marking_is_read_at_once_in_the_agreement() -> None:
    inspection = demo()
    before = cached.inspection_agreement(fresh(inspection))
    first = submitted_audit("qa")
    second = do_add_second_marking(actor("manager"), inspection, first, person("inspector"))
    do_save_audit(actor("inspector"), second, second.version, every_answer(second), submit=True)
    after = cached.inspection_agreement(fresh(inspection))
    assert after.double_marked == before.double_marked + 1
    assert after == agreement.inspection_agreement(fresh(inspection))


def test_a_judgement_is_read_at_once() -> None:
    inspection = demo()
    before = read(inspection)
    judgement = inspection.judgements.get(standard_id="1.1")
    rating = "Inadequate" if judgement.rating != "Inadequate" else "Outstanding"
    do_save_judgement(
        actor("manager"), inspection, "1.1", judgement.version, rating=rating, evidence=""
    )
    after = read(inspection)
    assert after != before
    assert after == computed_now(inspection)


def test_drawing_a_sample_and_redrawing_it_are_read_at_once() -> None:
    inspection = new_inspection()
    before = cached.rating_details(fresh(inspection))
    do_draw_sample(Actor.operator(), inspection, domain="oocd", plan_id="hmip-2018", seed=42)
    drawn = cached.rating_details(fresh(inspection))
    assert drawn.population != before.population
    assert drawn == ratings.inspection_rating_details(fresh(inspection))
    key = cached.cache_key("rating-details", fresh(inspection))
    do_draw_sample(Actor.operator(), inspection, domain="oocd", plan_id="hmip-2018", seed=7)
    assert cached.cache_key("rating-details", fresh(inspection)) != key
    assert cached.rating_details(fresh(inspection)) == ratings.inspection_rating_details(
        fresh(inspection)
    )


def test_replacing_a_sampled_case_is_read_at_once() -> None:
    inspection = new_inspection()
    do_draw_sample(Actor.operator(), inspection, domain="oocd", plan_id="hmip-2018", seed=42)
    cached.rating_details(fresh(inspection))
    key = cached.cache_key("rating-details", fresh(inspection))
    entry = SampledCase.objects.filter(sample__inspection=inspection, role="sample").first()
    assert entry is not None
    do_replace_case(actor("manager"), entry, reason="case_transferred", detail="")
    assert cached.cache_key("rating-details", fresh(inspection)) != key
    assert cached.rating_details(fresh(inspection)) == ratings.inspection_rating_details(
        fresh(inspection)
    )


def test_changing_the_framework_is_read_at_once() -> None:
    inspection = new_inspection()
    assert read(inspection)["framework"] == "hmip-youth-2021"
    do_update_inspection(actor("manager"), inspection, framework_id="hmip-sqs-2016")
    assert read(inspection)["framework"] == "hmip-sqs-2016"
    assert read(inspection) == computed_now(inspection)


def test_an_inspector_s_access_is_read_at_once_in_the_agreement() -> None:
    inspection = demo()
    before = cached.inspection_agreement(fresh(inspection))
    assert before.service_and_inspectors  # the demo's inspector double-marks the service's work
    membership = Membership.objects.get(
        user__email="inspector@northshire.example", service=inspection.service
    )
    do_change_membership(
        actor("admin"),
        membership,
        role=membership.role,
        is_inspector=False,
        expires_at=None,
    )
    after = cached.inspection_agreement(fresh(inspection))
    assert after.service_and_inspectors != before.service_and_inspectors
    assert after == agreement.inspection_agreement(fresh(inspection))


def test_erasing_a_child_is_read_at_once() -> None:
    inspection = demo()
    cached.rating_details(fresh(inspection))
    key = cached.cache_key("rating-details", fresh(inspection))
    audit = CaseAudit.objects.filter(inspection=inspection, status="submitted", victim=None).first()
    assert audit is not None
    do_erase_child(actor("admin"), inspection.service, audit.case.case_ref, "SAR-12")
    assert cached.cache_key("rating-details", fresh(inspection)) != key
    assert read(inspection) == computed_now(inspection)


def test_retiring_records_is_read_at_once() -> None:
    from datetime import date

    from yjqa.core.retention.policy import load_policy

    inspection = demo()
    cached.rating_details(fresh(inspection))
    key = cached.cache_key("rating-details", fresh(inspection))
    do_apply_retention(Actor.operator(), load_policy(), date(2045, 1, 1))
    assert cached.cache_key("rating-details", fresh(inspection)) != key
    assert read(inspection) == computed_now(inspection)


def test_a_change_to_another_service_leaves_the_entry_in_place(computed: dict[str, int]) -> None:
    inspection = demo()
    read(inspection)
    membership = (
        Membership.objects.exclude(service=inspection.service)
        .exclude(role=Role.ADMIN)
        .filter(is_inspector=False)
        .first()
    )
    assert membership is not None
    do_change_membership(
        Actor.operator(), membership, role=membership.role, is_inspector=False, expires_at=None
    )
    read(inspection)
    assert computed["ratings"] == 1


def test_starting_a_job_leaves_the_entry_in_place(computed: dict[str, int]) -> None:
    # Making a PDF changes no figure; the work a job does records events of its own.
    from yjqa.web.document_jobs import JOB_KIND, render_document
    from yjqa.web.jobs.services import do_start_job

    inspection = demo()
    read(inspection)
    do_start_job(
        actor("manager"),
        inspection.service,
        JOB_KIND,
        "The report's PDF",
        render_document,
        requires="view_inspections",
        view="view_inspections",
        document="report",
        object_id=inspection.pk,
        fmt="pdf",
    )
    read(inspection)
    assert computed["ratings"] == 1


def test_the_ratings_page_shows_a_judgement_at_once(client_for: Callable[[str], Client]) -> None:
    inspection = demo()
    url = f"/services/northshire/inspections/{inspection.pk}/ratings/"
    client = client_for("manager@northshire.example")
    judgement = inspection.judgements.get(standard_id="1.1")
    rating = "Inadequate" if judgement.rating != "Inadequate" else "Outstanding"
    assert f'id="rating-11">{rating}' not in client.get(url).content.decode()
    do_save_judgement(
        actor("manager"), inspection, "1.1", judgement.version, rating=rating, evidence=""
    )
    assert f'id="rating-11">{rating}' in client.get(url).content.decode()


def test_the_ratings_page_s_links_follow_the_person_s_capabilities(
    client_for: Callable[[str], Client],
) -> None:
    """The content is kept once per set of capabilities: a board member, who may not see the
    cases, does not get the links to them that a manager's page has."""
    inspection = demo()
    url = f"/services/northshire/inspections/{inspection.pk}/ratings/"
    manager = client_for("manager@northshire.example").get(url).content.decode()
    board = client_for("board@northshire.example").get(url).content.decode()
    assert "/cases/" in manager and "the cases behind" in manager
    assert "the cases behind" not in board


def test_a_change_made_in_another_process_is_read_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Two web processes with caches of their own (local memory): a change one makes is read
    by the other at once, as the tokens are in the shared database, not in either cache."""
    from django.core.cache.backends.locmem import LocMemCache

    mine, theirs = LocMemCache("process-a", {}), LocMemCache("process-b", {})
    inspection = demo()
    monkeypatch.setattr(generations, "cache", mine)
    before = read(inspection)
    monkeypatch.setattr(generations, "cache", theirs)
    judgement = inspection.judgements.get(standard_id="1.1")
    rating = "Inadequate" if judgement.rating != "Inadequate" else "Outstanding"
    do_save_judgement(
        actor("manager"), inspection, "1.1", judgement.version, rating=rating, evidence=""
    )
    monkeypatch.setattr(generations, "cache", mine)
    after = read(inspection)
    assert after != before
    assert after == computed_now(inspection)


class Unreachable:
    """A cache whose server is down."""

    def get(self, *args: Any, **kwargs: Any) -> Any:
        raise ConnectionError("the cache's server is down")

    set = get


def test_a_cache_that_cannot_be_reached_only_costs_the_computing(
    monkeypatch: pytest.MonkeyPatch, client_for: Callable[[str], Client]
) -> None:
    monkeypatch.setattr(generations, "cache", Unreachable())
    inspection = demo()
    response = client_for("manager@northshire.example").get(
        f"/services/northshire/inspections/{inspection.pk}/ratings/"
    )
    assert response.status_code == 200
    assert read(inspection) == computed_now(inspection)
