"""Every write to an inspection goes through a `do_*` service of the inspections app.

Each refuses a person without the permission (writing nothing, not even an audit-trail row),
refuses a published inspection through the one read-only guard, and records who changed
what, with the values before and after.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from tests.web.inspections.publishing import make_ready_to_publish

from yjqa.web.accounts.models import User
from yjqa.web.audit.models import AuditEvent
from yjqa.web.audit.trail import Actor
from yjqa.web.caseload.models import CaseRecord
from yjqa.web.demo import DEMO_INSPECTION_TITLE
from yjqa.web.inspections import queries
from yjqa.web.inspections.audit_services import (
    AuditInput,
    audit_key_questions,
    do_reopen_audit,
    do_save_audit,
)
from yjqa.web.inspections.guards import ReadOnly
from yjqa.web.inspections.models import (
    AuditAnswer,
    CaseAudit,
    Inspection,
    InspectionSample,
    JudgementRecord,
    ModerationDecision,
    PromptAnswer,
    Recommendation,
    ReportSnapshot,
    SampledCase,
    StandardFindings,
)
from yjqa.web.inspections.moderation import moderation_queue
from yjqa.web.inspections.moderation_services import (
    do_add_second_marking,
    do_choose_double_marking,
    do_moderate_disagreement,
)
from yjqa.web.inspections.report_services import (
    do_add_recommendation,
    do_change_recommendation,
    do_delete_recommendation,
    do_freeze_report,
    do_save_findings,
)
from yjqa.web.inspections.sampling_services import do_draw_sample, do_replace_case
from yjqa.web.inspections.services import (
    do_add_cases,
    do_assign_auditors,
    do_change_status,
    do_create_inspection,
    do_save_judgement,
    do_update_inspection,
)
from yjqa.web.tenancy.models import Membership, Service

pytestmark = pytest.mark.django_db
FIRST, SECOND = CaseAudit.Marking.FIRST, CaseAudit.Marking.SECOND
MODELS = (
    Inspection,
    CaseAudit,
    AuditAnswer,
    PromptAnswer,
    JudgementRecord,
    StandardFindings,
    Recommendation,
    ReportSnapshot,
    InspectionSample,
    SampledCase,
    ModerationDecision,
    AuditEvent,
)


def actor(local: str) -> Actor:
    """A Northshire demo person acting on the web, e.g. actor("manager")."""
    return Actor.member(
        Membership.objects.select_related("user", "service").get(
            user__email=f"{local}@northshire.example", service__slug="northshire"
        )
    )


def person(local: str) -> User:
    return User.objects.get(email=f"{local}@northshire.example")


def demo() -> Inspection:
    return Inspection.objects.get(service__slug="northshire", title=DEMO_INSPECTION_TITLE)


def counts() -> tuple[int, ...]:
    """Every table these services write to, the audit trail last."""
    return tuple(model.objects.count() for model in MODELS)


def latest(action: str) -> AuditEvent:
    return AuditEvent.objects.filter(action=action).order_by("-id")[0]


def assert_recorded(event: AuditEvent, by: Actor, inspection: Inspection) -> None:
    assert event.actor == by.user
    assert event.actor_label == by.label
    assert event.via == by.via
    assert event.service_id == inspection.service_id
    assert event.inspection_id == inspection.pk


def refused(write: Callable[[], Any], error: type[Exception] = PermissionDenied) -> None:
    """The write raises `error` and changes nothing at all."""
    before = counts()
    with pytest.raises(error):
        write()
    assert counts() == before


def new_inspection(**fields: Any) -> Inspection:
    return do_create_inspection(
        Actor.operator(),
        Service.objects.get(slug="northshire"),
        title="Mock inspection",
        framework_id="hmip-youth-2021",
        kind=Inspection.Kind.MOCK,
        court_window_start=date(2025, 4, 1),
        court_window_end=date(2026, 3, 31),
        oocd_window_start=date(2025, 4, 1),
        oocd_window_end=date(2026, 3, 31),
        team=[person("qa"), person("inspector")],
        **fields,
    )


def drawn(inspection: Inspection) -> InspectionSample:
    return do_draw_sample(Actor.operator(), inspection, domain="oocd", plan_id="hmip-2018", seed=42)


def published() -> Inspection:
    inspection = make_ready_to_publish(demo())
    do_change_status(Actor.operator(), inspection, Inspection.Status.PUBLISHED)
    return inspection


def unsubmitted_audit() -> CaseAudit:
    audit = (
        demo()
        .audits.filter(marking=FIRST)
        .exclude(status=CaseAudit.Status.SUBMITTED)
        .select_related("inspection__service", "case", "auditor")
        .first()
    )
    assert audit is not None and audit.auditor is not None
    return audit


def submitted_audit(auditor: str = "qa") -> CaseAudit:
    inspection = demo()
    double = inspection.audits.filter(marking=SECOND).values("case_id")
    audit = (
        inspection.audits.filter(
            marking=FIRST,
            status=CaseAudit.Status.SUBMITTED,
            auditor__email=f"{auditor}@northshire.example",
        )
        .exclude(case_id__in=double)
        .select_related("inspection__service", "case", "auditor")
        .first()
    )
    assert audit is not None
    return audit


def the_other_auditor(audit: CaseAudit) -> str:
    assert audit.auditor is not None
    return "inspector" if audit.auditor.email.startswith("qa@") else "qa"


def own_auditor(audit: CaseAudit) -> Actor:
    assert audit.auditor is not None
    return actor(audit.auditor.email.split("@")[0])


def every_answer(audit: CaseAudit, answer: str = "yes") -> AuditInput:
    return AuditInput({q: answer for q in audit_key_questions(audit)}, {}, {}, True)


# Creating and changing an inspection

MOCK = {"framework_id": "hmip-youth-2021", "kind": Inspection.Kind.MOCK}


def test_creating_an_inspection_is_refused_to_an_auditor() -> None:
    refused(lambda: do_create_inspection(actor("qa"), demo().service, title="Mine", **MOCK))


def test_creating_an_inspection_records_who_and_its_details() -> None:
    by = actor("manager")
    inspection = do_create_inspection(by, demo().service, title="Spring audit", **MOCK)
    event = latest("create_inspection")
    assert_recorded(event, by, inspection)
    assert event.changes["title"] == {"before": None, "after": "Spring audit"}
    assert event.changes["kind"]["after"] == "mock_inspection"


def test_a_2025_inspection_without_what_it_rates_is_refused_and_nothing_is_written() -> None:
    events = AuditEvent.objects.count()
    fields = {"framework_id": "hmip-youth-2025", "kind": "mock_inspection"}
    with pytest.raises(ValidationError, match="Select what the inspection rates"):
        do_create_inspection(actor("manager"), demo().service, title="Mock 2025", **fields)
    with pytest.raises(ValidationError, match="no kind of inspection 'thematic'"):
        do_create_inspection(
            actor("manager"),
            demo().service,
            title="Mock 2025",
            inspection_type="thematic",
            **fields,
        )
    assert not Inspection.objects.filter(title="Mock 2025").exists()
    assert AuditEvent.objects.count() == events
    made = do_create_inspection(
        actor("manager"), demo().service, title="Mock 2025", inspection_type="full", **fields
    )
    assert latest("create_inspection").changes["inspection_type"]["after"] == "full"
    with pytest.raises(ValidationError, match="Select what the inspection rates"):
        do_update_inspection(actor("manager"), made, inspection_type="")
    assert Inspection.objects.get(pk=made.pk).inspection_type == "full"


def test_changing_an_inspection_is_refused_to_a_board_member() -> None:
    inspection = demo()
    refused(lambda: do_update_inspection(actor("board"), inspection, title="Renamed"))
    assert demo().title == inspection.title


def test_changing_an_inspection_records_its_details_before_and_after() -> None:
    inspection = demo()
    by = actor("admin")
    do_update_inspection(by, inspection, title="Renamed", team=[person("qa")])
    event = latest("update_inspection")
    assert_recorded(event, by, inspection)
    assert event.changes["title"] == {"before": inspection.title, "after": "Renamed"}
    assert event.changes["team"] == {
        "before": ["Indra Inspector", "Quinn Auditor"],
        "after": ["Quinn Auditor"],
    }
    assert set(event.changes) == {"title", "team"}  # only what changed


def test_publishing_an_inspection_is_refused_to_a_board_member() -> None:
    refused(lambda: do_change_status(actor("board"), demo(), Inspection.Status.PUBLISHED))
    assert demo().status == Inspection.Status.FIELDWORK


def test_publishing_an_inspection_records_who_and_the_status_before_and_after() -> None:
    inspection = make_ready_to_publish(demo())
    by = actor("manager")
    do_change_status(by, inspection, Inspection.Status.PUBLISHED)
    event = latest("change_status")
    assert_recorded(event, by, inspection)
    assert event.changes == {"status": {"before": "fieldwork", "after": "published"}}
    assert ReportSnapshot.objects.filter(inspection=inspection).exists()
    assert_recorded(latest("freeze_report"), by, inspection)


def test_adding_cases_is_refused_to_an_auditor() -> None:
    inspection = new_inspection()
    cases = list(CaseRecord.objects.filter(service=inspection.service)[:2])
    refused(lambda: do_add_cases(actor("qa"), inspection, cases, None))


def test_adding_cases_records_which_and_to_whom() -> None:
    inspection = new_inspection()
    cases = list(CaseRecord.objects.filter(service=inspection.service).order_by("case_ref")[:2])
    by = actor("manager")
    result = do_add_cases(by, inspection, cases, person("qa"))
    event = latest("add_cases")
    assert_recorded(event, by, inspection)
    refs = [a.case.case_ref for a in result.added]
    assert refs and event.changes["cases"] == {"before": None, "after": refs}
    assert event.changes["auditor"] == {"before": None, "after": "Quinn Auditor"}


def test_assigning_auditors_is_refused_to_an_auditor() -> None:
    audit = unsubmitted_audit()
    refused(lambda: do_assign_auditors(actor("qa"), demo(), {audit.pk: None}))


def test_assigning_auditors_records_each_audits_auditor_before_and_after() -> None:
    audit = unsubmitted_audit()
    assert audit.auditor is not None
    other = person(the_other_auditor(audit))
    by = actor("manager")
    result = do_assign_auditors(by, demo(), {audit.pk: other})
    assert result.changed == 1
    event = latest("assign_auditors")
    assert_recorded(event, by, demo())
    assert event.object_label == audit.case.case_ref
    assert event.changes == {
        "auditor": {"before": audit.auditor.full_name, "after": other.full_name}
    }


# Audits and judgements


def test_saving_an_audit_is_refused_to_someone_elses_auditor_and_to_a_board_member() -> None:
    audit = unsubmitted_audit()
    for who in (the_other_auditor(audit), "board"):
        refused(
            lambda who=who: do_save_audit(
                actor(who), audit, audit.version, every_answer(audit), submit=True
            )
        )
    audit.refresh_from_db()
    assert audit.status == CaseAudit.Status.NOT_STARTED


def test_submitting_an_audit_records_its_auditor_and_the_answers_before_and_after() -> None:
    audit = unsubmitted_audit()
    by = own_auditor(audit)
    assert do_save_audit(by, audit, audit.version, every_answer(audit), submit=True) == []
    event = latest("save_audit")
    assert_recorded(event, by, audit.inspection)
    assert event.object_label == audit.case.case_ref
    assert event.changes["status"] == {"before": "not_started", "after": "submitted"}
    first = audit_key_questions(audit)[0]
    assert event.changes[f"answer {first}"] == {"before": None, "after": "yes"}
    audit.refresh_from_db()
    assert audit.updated_by == by.user


def test_reopening_an_audit_is_refused_to_another_auditor() -> None:
    audit = submitted_audit("qa")
    refused(lambda: do_reopen_audit(actor("inspector"), audit, "A wrong answer"))
    audit.refresh_from_db()
    assert audit.status == CaseAudit.Status.SUBMITTED


def test_reopening_an_audit_records_its_status_before_and_after() -> None:
    audit = submitted_audit("qa")
    by = actor("qa")
    do_reopen_audit(by, audit, "2.1.3 was answered for the wrong child")
    event = latest("reopen_audit")
    assert_recorded(event, by, audit.inspection)
    assert event.changes == {
        "status": {"before": "submitted", "after": "draft"},
        "reason": {"before": None, "after": "2.1.3 was answered for the wrong child"},
    }


def test_recording_a_judgement_is_refused_to_an_auditor() -> None:
    judgement = demo().judgements.get(standard_id="1.1")
    refused(
        lambda: do_save_judgement(
            actor("qa"), demo(), "1.1", judgement.version, rating="Outstanding", evidence=""
        )
    )
    judgement.refresh_from_db()
    assert judgement.rating == "Good"


def test_recording_a_judgement_records_the_rating_before_and_after() -> None:
    inspection = demo()
    judgement = inspection.judgements.get(standard_id="1.1")
    by = actor("manager")
    do_save_judgement(
        by, inspection, "1.1", judgement.version, rating="Outstanding", evidence=judgement.evidence
    )
    event = latest("save_judgement")
    assert_recorded(event, by, inspection)
    assert event.changes == {"rating": {"before": "Good", "after": "Outstanding"}}


# The report


def test_writing_findings_is_refused_to_an_auditor() -> None:
    refused(
        lambda: do_save_findings(
            actor("qa"), demo(), "2.1", narrative="Mine", strengths="", areas_for_improvement=""
        )
    )
    assert demo().findings.get(standard_id="2.1").narrative != "Mine"


def test_writing_findings_records_the_narrative_before_and_after() -> None:
    inspection = demo()
    findings = inspection.findings.get(standard_id="2.1")
    by = actor("manager")
    do_save_findings(
        by,
        inspection,
        "2.1",
        narrative="Assessment improved.",
        strengths=findings.strengths,
        areas_for_improvement=findings.areas_for_improvement,
    )
    event = latest("save_findings")
    assert_recorded(event, by, inspection)
    assert event.changes == {
        "narrative": {"before": findings.narrative, "after": "Assessment improved."}
    }


def test_adding_a_recommendation_is_refused_to_a_board_member() -> None:
    refused(
        lambda: do_add_recommendation(actor("board"), demo(), addressee="Us", text="act", order=9)
    )


def test_adding_a_recommendation_records_what_it_says() -> None:
    by = actor("manager")
    added = do_add_recommendation(by, demo(), addressee="The police", text="share", order=9)
    event = latest("add_recommendation")
    assert_recorded(event, by, demo())
    assert event.object_id == str(added.pk)
    assert event.changes == {
        "addressee": {"before": None, "after": "The police"},
        "text": {"before": None, "after": "share"},
        "order": {"before": None, "after": 9},
    }


def test_changing_a_recommendation_is_refused_to_an_auditor() -> None:
    recommendation = demo().recommendations.first()
    assert recommendation is not None
    refused(
        lambda: do_change_recommendation(
            actor("qa"), recommendation, addressee="Us", text="act", order=1
        )
    )


def test_changing_a_recommendation_records_it_before_and_after() -> None:
    recommendation = demo().recommendations.first()
    assert recommendation is not None
    by = actor("manager")
    recommendation.addressee = "Changed in memory by a bound form"
    do_change_recommendation(
        by, recommendation, addressee="The board", text=recommendation.text, order=7
    )
    event = latest("change_recommendation")
    assert_recorded(event, by, demo())
    assert event.changes == {
        "addressee": {"before": "The chair of the management board", "after": "The board"},
        "order": {"before": 1, "after": 7},
    }


def test_removing_a_recommendation_is_refused_to_an_auditor() -> None:
    recommendation = demo().recommendations.first()
    assert recommendation is not None
    refused(lambda: do_delete_recommendation(actor("qa"), recommendation))


def test_removing_a_recommendation_records_what_it_said() -> None:
    recommendation = demo().recommendations.first()
    assert recommendation is not None
    by = actor("admin")
    do_delete_recommendation(by, recommendation)
    assert not Recommendation.objects.filter(pk=recommendation.pk).exists()
    event = latest("delete_recommendation")
    assert_recorded(event, by, demo())
    assert event.object_id == str(recommendation.pk)
    assert event.changes["addressee"] == {"before": recommendation.addressee, "after": None}
    assert event.changes["text"] == {"before": recommendation.text, "after": None}


def test_freezing_the_report_is_refused_to_a_board_member() -> None:
    refused(lambda: do_freeze_report(actor("board"), demo()))


def test_freezing_the_report_records_when() -> None:
    by = actor("manager")
    kept = do_freeze_report(by, demo())
    event = latest("freeze_report")
    assert_recorded(event, by, demo())
    assert event.object_id == str(kept.pk)
    assert event.changes["frozen_at"]["before"] is None


# Samples


def test_drawing_a_sample_is_refused_to_an_auditor() -> None:
    inspection = new_inspection()
    refused(
        lambda: do_draw_sample(actor("qa"), inspection, domain="oocd", plan_id="hmip-2018", seed=42)
    )


def test_drawing_a_sample_records_its_plan_seed_and_cases() -> None:
    inspection = new_inspection()
    by = actor("manager")
    sample = do_draw_sample(by, inspection, domain="oocd", plan_id="hmip-2018", seed=42)
    event = latest("draw_sample")
    assert_recorded(event, by, inspection)
    assert event.changes["seed"] == {"before": None, "after": 42}
    assert event.changes["plan_id"] == {"before": None, "after": "hmip-2018"}
    assert len(event.changes["cases"]["after"]) == sample.sample_size
    assert sample.created_by == by.user
    assert latest("add_cases").inspection_id == inspection.pk  # the cases went in, recorded


def test_drawing_again_records_the_seed_before_and_after() -> None:
    inspection = new_inspection()
    drawn(inspection)
    do_draw_sample(actor("manager"), inspection, domain="oocd", plan_id="hmip-2018", seed=7)
    assert latest("draw_sample").changes["seed"] == {"before": 42, "after": 7}


def test_replacing_a_case_is_refused_to_an_auditor() -> None:
    inspection = new_inspection()
    entry = drawn(inspection).entries.filter(role=SampledCase.Role.SAMPLE).first()
    assert entry is not None
    refused(lambda: do_replace_case(actor("qa"), entry, reason="case_transferred", detail=""))


def test_replacing_a_case_records_the_case_its_replacement_and_why() -> None:
    inspection = new_inspection()
    entry = drawn(inspection).entries.filter(role=SampledCase.Role.SAMPLE).first()
    assert entry is not None
    by = actor("manager")
    replacement = do_replace_case(by, entry, reason="other", detail="Moved away")
    assert replacement is not None
    event = latest("replace_case")
    assert_recorded(event, by, inspection)
    assert event.changes["case"] == {
        "before": entry.case.case_ref,
        "after": replacement.case.case_ref,
    }
    assert event.changes["reason"]["after"] == "Another reason"
    assert event.changes["reason_detail"]["after"] == "Moved away"


# Double marking and moderation


def test_asking_for_a_second_marking_is_refused_to_an_auditor() -> None:
    first = submitted_audit("qa")
    refused(lambda: do_add_second_marking(actor("qa"), demo(), first, person("inspector")))


def test_asking_for_a_second_marking_records_the_case_and_its_second_auditor() -> None:
    first = submitted_audit("qa")
    by = actor("manager")
    do_add_second_marking(by, demo(), first, person("inspector"))
    event = latest("add_second_marking")
    assert_recorded(event, by, demo())
    assert event.changes == {
        "case": {"before": None, "after": first.case.case_ref},
        "auditor": {"before": None, "after": "Indra Inspector"},
    }


def test_choosing_cases_to_double_mark_is_refused_to_a_board_member() -> None:
    Inspection.objects.filter(pk=demo().pk).update(double_marking_percent=50)
    refused(lambda: do_choose_double_marking(actor("board"), demo(), demo().team.all()))


def test_choosing_cases_to_double_mark_records_the_share_and_the_cases() -> None:
    Inspection.objects.filter(pk=demo().pk).update(double_marking_percent=50)
    by = actor("manager")
    added = do_choose_double_marking(by, demo(), demo().team.all())
    event = latest("choose_double_marking")
    assert_recorded(event, by, demo())
    assert event.changes["share"] == {"before": None, "after": 50}
    assert event.changes["cases"]["after"] == [a.case.case_ref for a in added]


def test_moderating_is_refused_to_an_auditor_who_does_not_lead_the_inspection() -> None:
    waiting = moderation_queue(demo())[0]
    refused(
        lambda: do_moderate_disagreement(
            actor("qa"), demo(), waiting, agreed_answer="yes", reason="I think so"
        )
    )


def test_moderating_records_the_two_answers_the_agreed_one_and_why() -> None:
    inspection = demo()
    waiting = moderation_queue(inspection)[0]
    by = actor("manager")
    decision = do_moderate_disagreement(
        by, inspection, waiting, agreed_answer="n/a", reason="Not relevant to this child"
    )
    assert decision.moderated_by == by.user
    event = latest("moderate_disagreement")
    assert_recorded(event, by, inspection)
    assert event.changes["first_answer"]["after"] == waiting.first.answer
    assert event.changes["second_answer"]["after"] == waiting.second.answer
    assert event.changes["agreed_answer"] == {"before": None, "after": "n/a"}
    assert event.changes["reason"]["after"] == "Not relevant to this child"


# Published means read-only, in every service


def _writes_to_a_published_inspection(
    waiting: list[Any] | None = None,
) -> dict[str, Callable[[Inspection], Any]]:
    """Each write, on a published inspection; `waiting`: the disagreements it had before
    (publishing waits until none is left)."""

    def audit(i: Inspection) -> CaseAudit:
        return i.audits.select_related("inspection__service", "case").first()  # type: ignore[return-value]

    def recommendation(i: Inspection) -> Recommendation:
        return i.recommendations.select_related("inspection__service").first()  # type: ignore[return-value]

    boss = Actor.operator()
    return {
        "update_inspection": lambda i: do_update_inspection(boss, i, title="Later"),
        "change_status": lambda i: do_change_status(boss, i, Inspection.Status.FIELDWORK),
        "add_cases": lambda i: do_add_cases(
            boss, i, CaseRecord.objects.filter(service=i.service)[:1], None
        ),
        "assign_auditors": lambda i: do_assign_auditors(boss, i, {audit(i).pk: None}),
        "save_audit": lambda i: do_save_audit(
            boss, audit(i), audit(i).version, every_answer(audit(i)), submit=False
        ),
        "reopen_audit": lambda i: do_reopen_audit(boss, audit(i), "A reason"),
        "save_judgement": lambda i: do_save_judgement(boss, i, "1.1", 0, rating="Good"),
        "save_findings": lambda i: do_save_findings(
            boss, i, "2.1", narrative="", strengths="", areas_for_improvement=""
        ),
        "add_recommendation": lambda i: do_add_recommendation(
            boss, i, addressee="Us", text="act", order=1
        ),
        "change_recommendation": lambda i: do_change_recommendation(
            boss, recommendation(i), addressee="Us", text="act", order=1
        ),
        "delete_recommendation": lambda i: do_delete_recommendation(boss, recommendation(i)),
        "freeze_report": lambda i: do_freeze_report(boss, i),
        "draw_sample": lambda i: do_draw_sample(
            boss, i, domain="court", plan_id="fixed", seed=1, fixed_size=3
        ),
        "replace_case": lambda i: do_replace_case(
            boss,
            SampledCase.objects.filter(sample__inspection=i, role="sample").first(),  # type: ignore[arg-type]
            reason="case_transferred",
            detail="",
        ),
        "add_second_marking": lambda i: do_add_second_marking(
            boss, i, submitted_audit("qa"), person("inspector")
        ),
        "choose_double_marking": lambda i: do_choose_double_marking(boss, i, i.team.all()),
        "moderate_disagreement": lambda i: do_moderate_disagreement(
            boss, i, (waiting or moderation_queue(i))[0], agreed_answer="yes", reason="Because"
        ),
    }


@pytest.mark.parametrize("write", sorted(_writes_to_a_published_inspection()))
def test_every_write_is_refused_once_the_inspection_is_published(write: str) -> None:
    waiting = moderation_queue(demo())
    inspection = published()
    refused(lambda: _writes_to_a_published_inspection(waiting)[write](inspection), ReadOnly)


def test_the_inspections_queries_read_only_the_services_own() -> None:
    northshire = demo().service
    assert set(queries.inspections_of(northshire)) == set(
        Inspection.objects.filter(service=northshire)
    )
    assert {i.service_id for i in queries.inspections_of(northshire)} == {northshire.pk}
    assert all(a.inspection_id == demo().pk for a in queries.audits_of(demo()))
    board = person("board")
    assert {i.service.slug for i in queries.visible_inspections(board)} == {"northshire"}
