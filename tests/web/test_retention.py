"""Retention and erasure: records past their period are deleted or pseudonymised, and one
child's records are erased on request, leaving the audits' answers (and so the ratings) but
nothing that links them to the child."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied

from yjqa.core.retention.policy import cutoff, load_policy
from yjqa.core.validation.problems import InputError
from yjqa.web.audit.models import AuditEvent
from yjqa.web.audit.trail import Actor
from yjqa.web.caseload.models import CaseRecord, VictimRecord
from yjqa.web.demo import DEMO_INSPECTION_TITLE
from yjqa.web.indicators.models import Child
from yjqa.web.inspections.models import AuditAnswer, CaseAudit, Inspection, SampledCase
from yjqa.web.inspections.ratings import inspection_rating
from yjqa.web.retention import REMOVED, do_apply_retention, do_erase_child, due
from yjqa.web.surveys.models import ResponseAnswer
from yjqa.web.tenancy.models import AccessLog, Membership, Service

pytestmark = pytest.mark.django_db
FAR = date(2045, 1, 1)  # every demo record is past its period by then


def member(email: str) -> Actor:
    return Actor.member(Membership.objects.get(user__email=email, service__slug="northshire"))


def demo_inspection() -> Inspection:
    return Inspection.objects.get(service__slug="northshire", title=DEMO_INSPECTION_TITLE)


def ratings(inspection: Inspection) -> dict[str, str]:
    return {s.standard_id: s.rating for s in inspection_rating(inspection).standards}


def mentions(ref: str) -> list[str]:
    """Where the reference still appears in the access log and the audit trail."""
    whole = re.compile(rf"(?<![\w/-]){re.escape(ref)}(?![\w/-])")
    found = [f"access log {e.pk}" for e in AccessLog.objects.filter(record_ref=ref)]
    for event in AuditEvent.objects.all():
        if whole.search(event.object_label + event.object_id + json.dumps(event.changes)):
            found.append(f"audit event {event.pk} {event.action}")
    return found


def test_the_policy_is_data_and_a_bad_file_is_named(tmp_path: Path) -> None:
    shipped = load_policy()
    assert shipped.case_records.years == 6 and shipped.access_log.years == 2
    bad = tmp_path / "retention.yaml"
    bad.write_text("case_records: {years: 0, from: closing, then: deleted}\n")
    with pytest.raises(InputError) as raised:
        load_policy(bad)
    assert "retention.yaml" in str(raised.value) and "years" in str(raised.value)
    assert cutoff(date(2032, 2, 29), 6) == date(2026, 2, 28)


def test_a_dry_run_counts_what_is_due_and_changes_nothing() -> None:
    cases = CaseRecord.objects.count()
    found = {item.kind: item for item in due(load_policy(), FAR)}
    assert found["case_records"].count == cases
    assert found["access_log"].count == AccessLog.objects.count()
    assert found["survey_comments"].count > 0 and found["indicator_records"].count > 0
    assert {
        item.kind: item.count for item in due(load_policy(), date(2020, 1, 1))
    } == dict.fromkeys(found, 0)
    assert CaseRecord.objects.count() == cases


def test_retention_keeps_the_audits_answers_and_ratings_but_not_the_children() -> None:
    inspection = demo_inspection()
    before = ratings(inspection)
    answers = AuditAnswer.objects.filter(audit__inspection=inspection).count()
    audited = set(CaseAudit.objects.values_list("case__case_ref", flat=True))
    sampled = set(SampledCase.objects.values_list("case_id", flat=True))
    loose = CaseRecord.objects.exclude(pk__in=sampled).exclude(audits__isnull=False).count()
    assert loose > 0
    comments_before = ResponseAnswer.objects.count()
    done = {
        item.kind: item.count for item in do_apply_retention(Actor.operator(), load_policy(), FAR)
    }
    assert done["case_records"] > loose
    # Held cases stay, pseudonymised; the rest are gone.
    assert not CaseRecord.objects.exclude(case_ref__startswith="ERASED-").exists()
    assert not CaseRecord.objects.exclude(child_ref="").exists()
    assert not CaseRecord.objects.exclude(case_manager="").exists()
    assert not CaseRecord.objects.filter(case_ref__in=audited).exists()
    assert AuditAnswer.objects.filter(audit__inspection=inspection).count() == answers
    assert ratings(inspection) == before
    assert not AuditAnswer.objects.exclude(evidence="").exclude(evidence=REMOVED).exists()
    # Ratings and choices of surveys stay; written answers go.
    assert 0 < ResponseAnswer.objects.count() < comments_before
    assert not Child.objects.exists() and not AccessLog.objects.exists()
    assert not VictimRecord.objects.exclude(victim_ref__startswith="ERASED-").exists()
    event = AuditEvent.objects.filter(action="apply_retention", object_label="case_records")
    assert event.get().changes["records"]["before"] == done["case_records"]
    # Running again finds nothing more.
    assert all(item.count == 0 for item in due(load_policy(), FAR) if item.kind != "case_records")


def test_erasing_a_child_leaves_the_answers_but_nothing_that_names_them() -> None:
    inspection = demo_inspection()
    audit = (
        CaseAudit.objects.filter(inspection=inspection, status="submitted", victim=None)
        .select_related("case")
        .first()
    )
    assert audit is not None
    ref = audit.case.case_ref
    AccessLog.objects.create(
        service=inspection.service,
        user_email="qa@northshire.example",
        action="view",
        record_ref=ref,
    )
    before = ratings(inspection)
    answers = list(audit.answers.values_list("key_question_id", "answer"))
    done = do_erase_child(member("admin@northshire.example"), inspection.service, ref, "SAR-12")
    assert done.records >= 1 and done.pseudonymised >= 1
    assert not CaseRecord.objects.filter(case_ref=ref).exists()
    audit.refresh_from_db()
    assert audit.case.case_ref.startswith("ERASED-") and audit.case.date_of_birth.month == 7
    assert list(audit.answers.values_list("key_question_id", "answer")) == answers
    assert {a.evidence for a in audit.answers.exclude(evidence="")} <= {REMOVED}
    assert ratings(inspection) == before
    assert mentions(ref) == []
    logged = AccessLog.objects.get(record_type="erasure")
    assert (logged.action, logged.record_ref, logged.user_email) == (
        "delete",
        audit.case.case_ref,
        "admin@northshire.example",
    )
    event = AuditEvent.objects.get(action="erase_child")
    assert event.changes["reason"]["after"] == "SAR-12" and ref not in json.dumps(event.changes)


def test_a_child_no_audit_holds_is_deleted_with_their_victims() -> None:
    service = Service.objects.get(slug="northshire")
    held = set(SampledCase.objects.values_list("case_id", flat=True)) | set(
        CaseAudit.objects.values_list("case_id", flat=True)
    )
    case = CaseRecord.objects.filter(service=service, child_ref="").exclude(pk__in=held).first()
    assert case is not None
    done = do_erase_child(Actor.operator(), service, case.case_ref, "Request 7")
    assert (done.records, done.pseudonymised) == (1, 0)
    assert not CaseRecord.objects.filter(pk=case.pk).exists()
    assert not VictimRecord.objects.filter(case_id=case.pk).exists()


def test_erasure_is_for_administrators_and_needs_a_reason() -> None:
    service = Service.objects.get(slug="northshire")
    ref = CaseRecord.objects.filter(service=service).first().case_ref  # type: ignore[union-attr]
    with pytest.raises(PermissionDenied):
        do_erase_child(member("manager@northshire.example"), service, ref, "Request")
    with pytest.raises(ValueError, match="reason"):
        do_erase_child(Actor.operator(), service, ref, "  ")
    with pytest.raises(CaseRecord.DoesNotExist):
        do_erase_child(Actor.operator(), service, "NO-SUCH-REF", "Request")
    assert CaseRecord.objects.filter(service=service, case_ref=ref).exists()


def test_the_commands(run_cli) -> None:  # type: ignore[no-untyped-def]
    dry = run_cli("retention", "run", "--dry-run", "--today", "2045-01-01")
    assert dry.exit_code == 0, dry.stderr
    assert "case_records" in dry.stdout and "nothing changed" in dry.stdout
    cases = CaseRecord.objects.count()
    assert cases > 0
    ref = CaseRecord.objects.filter(service__slug="northshire").first().case_ref  # type: ignore[union-attr]
    erased = run_cli("erase", "northshire", ref, "--reason", "SAR-1")
    assert erased.exit_code == 0, erased.stderr
    assert "Erased the child's" in erased.stdout
    assert not CaseRecord.objects.filter(case_ref=ref).exists()
    missing = run_cli("erase", "northshire", "NO-SUCH", "--reason", "x")
    assert missing.exit_code == 2 and "no case" in missing.stderr
    bad = run_cli("retention", "run", "--today", "soon")
    assert bad.exit_code == 2
