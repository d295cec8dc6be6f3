"""Assignment in one step: the sampled cases shared evenly among the chosen team (round robin
over the domains, never to a case's own second auditor), or every unassigned case to me; one
case still changed by hand."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from yjqa.web.accounts.models import User
from yjqa.web.audit.models import AuditEvent
from yjqa.web.audit.trail import Actor
from yjqa.web.caseload.models import CaseRecord
from yjqa.web.inspections import services
from yjqa.web.inspections.models import CaseAudit, Inspection
from yjqa.web.inspections.moderation_services import do_add_second_marking
from yjqa.web.tenancy.models import Membership, Service

ClientFor = Callable[[str], Client]
pytestmark = pytest.mark.django_db
FIRST = CaseAudit.Marking.FIRST
LEAD = "lead@northshire.example"


def person(name: str) -> User:
    return User.objects.get(email=f"{name}@northshire.example")


def lead() -> Actor:
    return Actor.member(Membership.objects.get(user=person("lead"), service__slug="northshire"))


def inspection_with_cases(cases: int = 23, team: tuple[str, ...] = ("qa", "manager", "lead")):  # type: ignore[no-untyped-def]
    """A 2021 inspection with `cases` court and out-of-court cases, none assigned."""
    service = Service.objects.get(slug="northshire")
    inspection = services.do_create_inspection(
        lead(),
        service,
        title="Mock inspection to share",
        framework_id="hmip-youth-2021",
        kind=Inspection.Kind.MOCK,
        team=[person(n) for n in team],
    )
    court = CaseRecord.objects.filter(
        service=service, outcome__in=["referral_order", "youth_rehabilitation_order"]
    )
    oocd = CaseRecord.objects.filter(
        service=service, outcome__in=["youth_caution", "community_resolution"]
    )
    chosen = [
        *court.order_by("case_ref")[: cases // 2],
        *oocd.order_by("case_ref")[: cases - cases // 2],
    ]
    services.do_add_cases(lead(), inspection, chosen, None)
    assert inspection.audits.count() == cases
    assert set(inspection.audits.values_list("domain_id", flat=True)) == {"2", "3"}
    return inspection


def counts(inspection: Inspection, **filters: object) -> Counter[int | None]:
    return Counter(
        inspection.audits.filter(marking=FIRST, **filters).values_list("auditor_id", flat=True)
    )


def test_sharing_gives_each_person_the_same_number_of_cases_give_or_take_one() -> None:
    inspection = inspection_with_cases(23)
    team = [person("qa"), person("manager"), person("lead")]
    shared = services.do_share_cases(lead(), inspection, team)
    assert shared.shared == 23 and shared.clashes == []
    given = counts(inspection)
    assert None not in given
    assert set(given) == {p.pk for p in team}
    assert max(given.values()) - min(given.values()) <= 1
    for domain in ("2", "3"):  # a fair mix of the domains for each
        mix = counts(inspection, domain_id=domain)
        assert set(mix) == {p.pk for p in team}
        assert max(mix.values()) - min(mix.values()) <= 1


def test_sharing_leaves_cases_already_assigned_unless_asked() -> None:
    inspection = inspection_with_cases(12)
    qa = person("qa")
    kept = list(inspection.audits.order_by("pk")[:4])
    services.do_assign_auditors(lead(), inspection, {a.pk: qa for a in kept})
    manager, boss = person("manager"), person("lead")
    shared = services.do_share_cases(lead(), inspection, [manager, boss])
    assert shared.shared == 8 and shared.shares == {boss.full_name: 4, manager.full_name: 4}
    assert all(a.auditor_id == qa.pk for a in inspection.audits.filter(pk__in=[a.pk for a in kept]))
    # Asked to, it shares again every case whose audit has not started; a started one stays.
    started = kept[0]
    CaseAudit.objects.filter(pk=started.pk).update(status=CaseAudit.Status.DRAFT)
    again = services.do_share_cases(lead(), inspection, [manager, boss], reassign=True)
    assert again.shared == 11
    given = counts(inspection)
    assert given[qa.pk] == 1
    assert inspection.audits.get(pk=started.pk).auditor_id == qa.pk
    assert abs(given[manager.pk] - given[boss.pk]) <= 1


def test_a_case_is_never_shared_to_its_own_second_auditor() -> None:
    inspection = inspection_with_cases(10, team=("qa", "manager"))
    qa, manager = person("qa"), person("manager")
    double = list(inspection.audits.order_by("pk")[:5])
    for audit in double:
        do_add_second_marking(lead(), inspection, audit, qa)
    shared = services.do_share_cases(lead(), inspection, [qa, manager])
    assert shared.shared == 10
    for audit in double:
        assert inspection.audits.get(pk=audit.pk).auditor_id == manager.pk
    second_of = dict(inspection.audits.exclude(marking=FIRST).values_list("case_id", "auditor_id"))
    for audit in inspection.audits.filter(marking=FIRST):
        assert audit.auditor_id != second_of.get(audit.case_id)
    # With only the second auditor chosen, those cases are left alone and said so.
    fresh = inspection_with_cases(4, team=("qa", "manager"))
    first = fresh.audits.order_by("pk").first()
    assert first is not None
    do_add_second_marking(lead(), fresh, first, qa)
    alone = services.do_share_cases(lead(), fresh, [qa])
    assert alone.clashes == [first.ref] and alone.shared == 3
    assert fresh.audits.get(pk=first.pk).auditor_id is None


def test_sharing_is_recorded_case_by_case_and_as_a_whole(client_for: ClientFor) -> None:
    inspection = inspection_with_cases(6)
    services.do_share_cases(lead(), inspection, [person("qa"), person("manager")])
    history = client_for(LEAD).get(
        reverse("inspection_history", args=["northshire", inspection.pk])
    )
    words = " ".join(history.content.decode().split())
    assert "Shared 6 cases among Morgan Manager and Quinn Auditor" in words
    assert "Morgan Manager: 3, Quinn Auditor: 3" in words
    events = AuditEvent.objects.filter(inspection_id=inspection.pk)
    assert events.filter(action="assign_auditors").count() == 6
    whole = events.get(action="share_cases")
    assert whole.actor == person("lead")
    assert whole.changes["shares"]["after"] == {"Morgan Manager": 3, "Quinn Auditor": 3}


def test_sharing_refuses_no_one_and_people_outside_the_team() -> None:
    inspection = inspection_with_cases(4, team=("qa",))
    with pytest.raises(ValidationError):
        services.do_share_cases(lead(), inspection, [])
    with pytest.raises(ValidationError):
        services.do_share_cases(lead(), inspection, [person("manager")])
    assert counts(inspection) == Counter({None: 4})


def test_the_page_shares_the_cases_among_the_chosen_team(client_for: ClientFor) -> None:
    inspection = inspection_with_cases(9)
    client = client_for(LEAD)
    url = reverse("assign_auditors", args=["northshire", inspection.pk])
    page = client.get(url).content.decode()
    assert "Share the sampled cases evenly" in page
    assert "Assign all unassigned cases to me" in page
    qa, manager = person("qa"), person("manager")
    response = client.post(url, {"share": "1", "people": [str(qa.pk), str(manager.pk)]})
    assert response.status_code == 302
    assert counts(inspection) == Counter({qa.pk: 5, manager.pk: 4}) or counts(
        inspection
    ) == Counter({qa.pk: 4, manager.pk: 5})
    shown = client.get(url).content.decode()
    assert "9 cases shared" in shown


def test_the_page_says_who_to_choose_when_no_one_is(client_for: ClientFor) -> None:
    inspection = inspection_with_cases(3)
    response = client_for(LEAD).post(
        reverse("assign_auditors", args=["northshire", inspection.pk]), {"share": "1"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "govuk-error-summary" in body and "Select who shares the cases" in body
    assert 'id="id_people-error"' in body
    assert counts(inspection) == Counter({None: 3})


def test_assign_all_unassigned_to_me(client_for: ClientFor) -> None:
    inspection = inspection_with_cases(5, team=("qa",))
    qa = person("qa")
    taken = inspection.audits.order_by("pk").first()
    assert taken is not None
    services.do_assign_auditors(lead(), inspection, {taken.pk: qa})
    client = client_for(LEAD)
    url = reverse("assign_auditors", args=["northshire", inspection.pk])
    assert client.post(url, {"to_me": "1"}).status_code == 302
    me = person("lead")
    assert counts(inspection) == Counter({me.pk: 4, qa.pk: 1})
    assert inspection.team.filter(pk=me.pk).exists()  # I joined the team


def test_one_case_changed_by_hand_and_a_wrong_auditor_gets_an_error(
    client_for: ClientFor,
) -> None:
    inspection = inspection_with_cases(3)
    services.do_share_cases(lead(), inspection, [person("qa")])
    client = client_for(LEAD)
    url = reverse("assign_auditors", args=["northshire", inspection.pk])
    one = inspection.audits.order_by("pk").first()
    assert one is not None
    manager = person("manager")
    assert client.post(url, {"save": "1", f"auditor-{one.pk}": str(manager.pk)}).status_code == 302
    assert counts(inspection) == Counter({person("qa").pk: 2, manager.pk: 1})
    wrong = client.post(url, {"save": "1", f"auditor-{one.pk}": "999999"})
    assert wrong.status_code == 200
    assert f'id="auditor-{one.pk}-error"' in wrong.content.decode()
    assert inspection.audits.get(pk=one.pk).auditor_id == manager.pk
