"""Double marking, moderation and agreement, through the pages, the API and the CLI."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from yjqa.web.accounts.models import User
from yjqa.web.accounts.services import do_create_api_token
from yjqa.web.audit.trail import Actor
from yjqa.web.demo import DEMO_INSPECTION_TITLE
from yjqa.web.inspections import audit_services
from yjqa.web.inspections.models import CaseAudit, Inspection, ModerationDecision
from yjqa.web.inspections.moderation import counted_answers, moderation_queue
from yjqa.web.inspections.moderation_services import do_choose_double_marking
from yjqa.web.inspections.ratings import inspection_rating
from yjqa.web.tenancy.models import Membership

ClientFor = Callable[[str], Client]
pytestmark = pytest.mark.django_db
FIRST, SECOND = CaseAudit.Marking.FIRST, CaseAudit.Marking.SECOND


def demo() -> Inspection:
    return Inspection.objects.get(service__slug="northshire", title=DEMO_INSPECTION_TITLE)


def single_marked_submitted(inspection: Inspection) -> CaseAudit:
    double = inspection.audits.filter(marking=SECOND).values("case_id")
    audit = (
        inspection.audits.filter(marking=FIRST, status=CaseAudit.Status.SUBMITTED)
        .exclude(case_id__in=double)
        .select_related("case", "auditor")
        .first()
    )
    assert audit is not None
    return audit


def answers_of(audit: CaseAudit) -> dict[str, str]:
    return dict(audit.answers.values_list("key_question_id", "answer"))


def submit(audit: CaseAudit, answers: dict[str, str]) -> None:
    assert audit.auditor is not None
    audit.refresh_from_db()
    membership = Membership.objects.get(user=audit.auditor, service=audit.inspection.service)
    if audit.status == CaseAudit.Status.SUBMITTED:  # a submitted audit is locked: reopen it
        audit_services.do_reopen_audit(Actor.member(membership), audit, "Answers to change")
        audit.refresh_from_db()
    audit_services.do_save_audit(
        Actor.member(membership),
        audit,
        audit.version,
        audit_services.AuditInput(answers, {}, {}, case_manager_interviewed=True),
        submit=True,
    )


def test_the_demo_double_marks_its_share_with_independent_auditors() -> None:
    inspection = demo()
    assert inspection.double_marking_percent == 20
    firsts = inspection.audits.filter(marking=FIRST).count()
    seconds = list(inspection.audits.filter(marking=SECOND))
    assert len(seconds) == -(-firsts * 20 // 100)
    for second in seconds:
        first = inspection.audits.get(case=second.case, marking=FIRST)
        assert second.auditor_id != first.auditor_id
    # Asking again adds nothing: the share is met.
    assert do_choose_double_marking(Actor.operator(), inspection, inspection.team.all()) == []


def test_raising_the_share_chooses_more_cases_for_other_auditors() -> None:
    inspection = demo()
    inspection.double_marking_percent = 50
    inspection.save()
    added = do_choose_double_marking(Actor.operator(), inspection, inspection.team.all())
    firsts = inspection.audits.filter(marking=FIRST).count()
    assert inspection.audits.filter(marking=SECOND).count() == -(-firsts * 50 // 100)
    assert added
    for second in added:
        first = inspection.audits.get(case=second.case, marking=FIRST)
        assert second.auditor_id not in (None, first.auditor_id)


def test_a_case_cannot_be_double_marked_by_its_own_first_auditor(client_for: ClientFor) -> None:
    inspection = demo()
    first = single_marked_submitted(inspection)
    url = reverse("double_marking", args=["northshire", inspection.pk])
    response = client_for("manager@northshire.example").post(
        url, {"audit": first.pk, "auditor": first.auditor_id}
    )
    assert response.status_code == 200
    assert "is the first auditor of" in response.content.decode()
    assert not inspection.audits.filter(case=first.case, marking=SECOND).exists()


def test_double_mark_disagree_moderate_and_the_ratings_follow(client_for: ClientFor) -> None:
    inspection = demo()
    first = single_marked_submitted(inspection)
    other = inspection.team.exclude(pk=first.auditor_id).get()
    manager = client_for("manager@northshire.example")
    response = manager.post(
        reverse("double_marking", args=["northshire", inspection.pk]),
        {"audit": first.pk, "auditor": other.pk},
    )
    assert response.status_code == 302
    second = inspection.audits.get(case=first.case, marking=SECOND)
    assert second.auditor == other and second.status == CaseAudit.Status.NOT_STARTED

    mine = answers_of(first)
    question = next(q for q, a in mine.items() if a == "no")
    theirs = dict(mine, **{question: "yes"})
    submit(second, theirs)
    ref = first.case.case_ref

    before = inspection_rating(inspection)
    standard_id = question.rsplit(".", 1)[0]
    tally = next(
        k.tally for k in before.standard(standard_id).key_questions if k.key_question_id == question
    )
    assert tally is not None
    waiting = [
        (d.marked.first.case.case_ref, d.key_question_id) for d in moderation_queue(inspection)
    ]
    assert (ref, question) in waiting
    queue_page = manager.get(reverse("moderation", args=["northshire", inspection.pk])).content
    assert ref in queue_page.decode()

    moderate = reverse("moderate", args=["northshire", inspection.pk, ref, question])
    refused = manager.post(moderate, {"agreed_answer": "yes", "reason": ""})
    assert "Enter the reason for the agreed answer" in refused.content.decode()
    done = manager.post(
        moderate, {"agreed_answer": "yes", "reason": "The plan was reviewed after the arrest."}
    )
    assert done.status_code == 302

    decision = ModerationDecision.objects.get(inspection=inspection, case=first.case)
    assert (decision.first_answer, decision.second_answer, decision.agreed_answer) == (
        "no",
        "yes",
        "yes",
    )
    assert decision.first_auditor == first.auditor and decision.second_auditor == other
    assert decision.moderated_by == User.objects.get(email="manager@northshire.example")
    assert counted_answers(inspection).by_case[ref][question] == "yes"
    after = inspection_rating(inspection)
    moved = next(
        k.tally for k in after.standard(standard_id).key_questions if k.key_question_id == question
    )
    assert moved is not None and (moved.yes, moved.no) == (tally.yes + 1, tally.no - 1)
    assert (ref, question) not in [
        (d.marked.first.case.case_ref, d.key_question_id) for d in moderation_queue(inspection)
    ]
    history = manager.get(reverse("moderation", args=["northshire", inspection.pk])).content
    assert "The plan was reviewed after the arrest." in history.decode()

    # The second auditor changes their answer: the ruling no longer applies.
    submit(second, dict(mine, **{question: "n/a"}))
    assert (ref, question) in [
        (d.marked.first.case.case_ref, d.key_question_id) for d in moderation_queue(inspection)
    ]
    assert counted_answers(inspection).by_case[ref][question] == "no"


def test_no_one_moderates_a_case_they_audited(client_for: ClientFor) -> None:
    inspection = demo()
    manager = User.objects.get(email="manager@northshire.example")
    first = single_marked_submitted(inspection)
    CaseAudit.objects.filter(pk=first.pk).update(auditor=manager)
    other = inspection.team.exclude(pk=manager.pk).first()
    assert other is not None
    second = CaseAudit.objects.create(
        inspection=inspection,
        case=first.case,
        domain_id=first.domain_id,
        marking=SECOND,
        auditor=other,
    )
    mine = answers_of(first)
    question = next(iter(mine))
    flipped = {"yes": "no", "no": "yes", "n/a": "yes"}[mine[question]]
    submit(second, dict(mine, **{question: flipped}))
    url = reverse("moderate", args=["northshire", inspection.pk, first.case.case_ref, question])
    page = client_for("manager@northshire.example").get(url).content.decode()
    assert "someone else must moderate it" in page
    response = client_for("manager@northshire.example").post(
        url, {"agreed_answer": flipped, "reason": "I think so."}
    )
    assert "someone else must moderate it" in response.content.decode()
    assert not ModerationDecision.objects.filter(case=first.case).exists()
    assert client_for("admin@northshire.example").get(url).status_code == 200
    for outsider in ("qa", "board", "inspector"):
        assert client_for(f"{outsider}@northshire.example").get(url).status_code == 403


def _pairs(inspection: Inspection) -> list[tuple[str, str]]:
    pairs = []
    for second in inspection.audits.filter(marking=SECOND, status=CaseAudit.Status.SUBMITTED):
        first = inspection.audits.get(case=second.case, marking=FIRST)
        if first.status != CaseAudit.Status.SUBMITTED:
            continue
        mine = answers_of(first)
        for question, answer in answers_of(second).items():
            if answer and mine.get(question):
                pairs.append((mine[question], answer))
    return pairs


def test_agreement_matches_a_hand_computed_kappa(run_cli) -> None:  # type: ignore[no-untyped-def]
    inspection = demo()
    pairs = _pairs(inspection)
    assert pairs, "the demo has double-marked cases"
    n = len(pairs)
    observed = sum(a == b for a, b in pairs) / n
    firsts, seconds = Counter(a for a, _ in pairs), Counter(b for _, b in pairs)
    expected = sum(firsts[c] * seconds[c] for c in ("yes", "no", "n/a")) / n**2
    kappa = (observed - expected) / (1 - expected)

    result = run_cli("agreement", str(inspection.pk), "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["overall"]["pairs"] == n
    assert data["overall"]["percent_agreement"] == round(100 * observed, 1)
    assert data["overall"]["kappa"] == pytest.approx(kappa, abs=0.001)
    low, high = data["overall"]["ci95"]
    assert low < data["overall"]["kappa"] < high
    assert data["overall"]["flagged"] == (kappa < 0.6)
    framework = inspection.framework
    assert set(data["key_questions"]) <= {
        q.id for s in framework.iter_standards() for q in s.key_questions
    }
    names = sorted(
        User.objects.filter(
            email__in=["qa@northshire.example", "inspector@northshire.example"]
        ).values_list("full_name", flat=True)
    )
    assert [p["auditors"] for p in data["auditor_pairs"]] == [names]
    assert data["auditor_pairs"][0]["pairs"] == n

    token = do_create_api_token(
        Actor.operator(), User.objects.get(email="board@northshire.example")
    )
    api = Client().get(
        f"/api/v1/inspections/{inspection.pk}/agreement", HTTP_AUTHORIZATION=f"Bearer {token}"
    )
    assert api.json() == data
    other = do_create_api_token(Actor.operator(), User.objects.get(email="admin@southvale.example"))
    outside = Client().get(
        f"/api/v1/inspections/{inspection.pk}/agreement", HTTP_AUTHORIZATION=f"Bearer {other}"
    )
    assert outside.status_code == 404


def test_the_services_answers_against_the_inspectors(client_for: ClientFor) -> None:
    inspection = demo()
    inspector = User.objects.get(email="inspector@northshire.example")
    service_yes: Counter[str] = Counter()
    service_answered: Counter[str] = Counter()
    for second in inspection.audits.filter(marking=SECOND, status=CaseAudit.Status.SUBMITTED):
        first = inspection.audits.get(case=second.case, marking=FIRST)
        if first.status != CaseAudit.Status.SUBMITTED:
            continue
        staff = first if second.auditor == inspector else second
        for question, answer in answers_of(staff).items():
            service_answered[question] += answer in ("yes", "no")
            service_yes[question] += answer == "yes"
    page = client_for("board@northshire.example").get(
        reverse("agreement", args=["northshire", inspection.pk])
    )
    body = page.content.decode()
    assert 'id="service-and-inspectors"' in body
    question = next(q for q in sorted(service_answered) if service_answered[q])
    share = round(100 * service_yes[question] / service_answered[question])
    assert f"{share}%" in body
    assert "NS-" not in body  # board members see figures, not case references


def test_a_second_auditor_cannot_read_the_first_audit_until_theirs_is_in(
    client_for: ClientFor,
) -> None:
    inspection = demo()
    first = single_marked_submitted(inspection)
    other = inspection.team.exclude(pk=first.auditor_id).get()
    second = CaseAudit.objects.create(
        inspection=inspection,
        case=first.case,
        domain_id=first.domain_id,
        marking=SECOND,
        auditor=other,
    )
    client = client_for(other.email)
    url = reverse("case_audit", args=["northshire", inspection.pk, first.pk])
    hidden = client.get(url).content.decode()
    assert "the other audit is hidden until you submit yours" in hidden
    assert 'name="kq_' not in hidden
    question = next(iter(answers_of(first)))
    behind = reverse("cases_behind", args=["northshire", inspection.pk, question])
    assert first.case.case_ref not in client.get(behind).content.decode()
    # Others read it as usual; and so does the second auditor once they have submitted.
    assert (
        "first-marking-hidden"
        not in client_for("manager@northshire.example").get(url).content.decode()
    )
    submit(second, answers_of(first))
    shown = client.get(url).content.decode()  # submitted, so locked: its answers as text
    assert "first-marking-hidden" not in shown
    assert "the other audit is hidden until you submit yours" not in shown
    assert first.case.case_ref in client.get(behind).content.decode()
