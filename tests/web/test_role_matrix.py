"""The role matrix (`yjqa.web.tenancy.access.CAPABILITIES`) is documented, and every page of a
service answers each role as it says: 200 for a role that may, 403 saying who can for one that
may not (outside the service it is 404: tests/web/test_scoping.py)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from django.test import Client
from django.urls import resolve
from tests.web.test_scoping import WRITES, northshire_urls

from yjqa.web.audit.trail import Actor
from yjqa.web.inspections.guards import may_edit_audit
from yjqa.web.inspections.models import CaseAudit
from yjqa.web.tenancy.access import CAPABILITIES, can, who_can
from yjqa.web.tenancy.models import Membership, Role

ClientFor = Callable[[str], Client]
ROLES_MD = Path(__file__).resolve().parents[2] / "docs" / "roles.md"
COLUMNS = {  # docs/roles.md's columns
    "Administrator": Role.ADMIN,
    "QA lead": Role.QA_LEAD,
    "Auditor": Role.AUDITOR,
    "Manager": Role.MANAGER,
    "Case manager": Role.CASE_MANAGER,
    "Board member": Role.BOARD,
}
# The demo's people, one per role (and an inspector), in Northshire.
PEOPLE = ("admin", "lead", "qa", "manager", "casemanager", "board", "inspector")

# What each page needs, written out by hand: the matrix's capabilities say who has them.
VIEW_CAPABILITY = {
    "service_api_tokens": "manage_people",
    "reset_second_factor": "manage_people",
    "revoke_service_api_token": "manage_people",
    "service_home": "view_service",
    "erase_child": "erase_records",
    "case_list": "view_cases",
    "case_detail": "view_cases",
    "victim_list": "view_cases",
    "victim_detail": "view_cases",
    "caseload_import": "manage_caseload",
    # A job is for those who may read what it makes: the caseload import's, case records.
    "job_progress": "view_cases",
    "job_status": "view_cases",
    # A made PDF or Word file is for those who may read its document (this one, a report).
    "document_download": "view_inspections",
    "caseload_template": "manage_caseload",
    "victims_import": "manage_caseload",
    "victims_template": "manage_caseload",
    "indicators": "view_indicators",
    "indicators_export": "view_indicators",
    "indicator_data": "manage_caseload",
    "indicator_template": "manage_caseload",
    "people": "manage_people",
    "add_person": "manage_people",
    "change_person": "manage_people",
    "remove_person": "manage_people",
    "access_log": "view_access_log",
    "inspection_list": "view_inspections",
    "inspection_detail": "view_inspections",
    "ratings": "view_inspections",
    "report_contents": "view_inspections",
    "report_file": "view_inspections",
    "agreement": "view_inspections",
    "inspection_create": "manage_inspections",
    "inspection_edit": "manage_inspections",
    "inspection_status": "manage_inspections",
    "inspection_history": "manage_inspections",
    "add_cases": "manage_inspections",
    "judgement": "manage_inspections",
    "judgement_evidence": "view_inspections",
    "judgement_evidence_add": "manage_inspections",
    "judgement_evidence_suggested": "manage_inspections",
    "judgement_evidence_edit": "manage_inspections",
    "judgement_evidence_remove": "manage_inspections",
    "draw_sample": "manage_inspections",
    "replace_case": "manage_inspections",
    "assign_auditors": "manage_inspections",
    "findings": "manage_inspections",
    "report_letter": "manage_inspections",
    "add_recommendation": "manage_inspections",
    "edit_recommendation": "manage_inspections",
    "case_audit": "view_cases",
    "reopen_audit": "view_cases",
    "raise_concern": "view_cases",
    "leave_feedback": "view_cases",
    "resolve_concern": "resolve_concerns",
    "my_feedback": "read_feedback",
    "feedback_thread": "read_feedback",
    "cases_behind": "view_cases",
    "sample_detail": "view_cases",
    "double_marking": "view_cases",
    "moderation": "view_cases",
    "moderate": "moderate",
    "improvement_plan_list": "view_improvement",
    "improvement_plan_detail": "view_improvement",
    "improvement_plan_history": "view_improvement",
    "improvement_plan_export": "view_improvement",
    "action_history": "view_improvement",
    "evidence_file": "view_improvement",
    "meeting_list": "view_improvement",
    "meeting_detail": "view_improvement",
    "board_pack": "view_improvement",
    "youth_justice_plans": "view_improvement",
    "youth_justice_plan": "view_improvement",
    "youth_justice_plan_file": "view_improvement",
    "improvement_plan_create": "manage_improvement",
    "improvement_plan_import": "manage_improvement",
    "action_create": "manage_improvement",
    "action_edit": "manage_improvement",
    "evidence_add": "manage_improvement",
    "meeting_create": "manage_improvement",
    "meeting_edit": "manage_improvement",
    "meeting_mark_held": "manage_improvement",
    "youth_justice_plan_create": "manage_improvement",
    "youth_justice_plan_edit": "manage_improvement",
    "youth_justice_plan_sign_off": "manage_improvement",
    "youth_justice_plan_reopen": "manage_improvement",
    "youth_justice_plan_staffing": "manage_improvement",
    "youth_justice_plan_staff_post_remove": "manage_improvement",
    "survey_list": "view_surveys",
    "survey_summary": "view_surveys",
    "survey_create": "manage_surveys",
    "survey_links": "manage_surveys",
    "survey_links_csv": "manage_surveys",
    "survey_invitations": "manage_surveys",
    "survey_invitation": "manage_surveys",
    "survey_import": "manage_surveys",
    "survey_comments": "manage_surveys",
    "survey_status": "manage_surveys",
    "benchmark": "view_inspections",
    "benchmark_standards": "view_inspections",
    "benchmark_position": "view_inspections",
    "benchmark_flagged": "view_inspections",
    "benchmark_export": "view_inspections",
}
# Pages whose decorator admits a wider role and whose view then applies the finer capability
# (an auditor may read the moderation queue but only a moderator, or the lead, rules).
FINER = {
    "moderate": "view_cases",
    "job_progress": "view_service",
    "job_status": "view_service",
    "document_download": "view_service",
}
# Pages about one audit, for those who may change it (its auditor, the lead, managers).
ONE_AUDIT = {"reopen_audit", "raise_concern", "leave_feedback"}


def documented_matrix() -> dict[str, tuple[str, frozenset[str], bool]]:
    """docs/roles.md's table: capability -> (what it allows, roles, inspectors too)."""
    lines = [line for line in ROLES_MD.read_text().splitlines() if line.startswith("| ")]
    header = [cell.strip() for cell in lines[0].strip("|").split("|")]
    rows = {}
    for line in lines[2:]:
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        marks = dict(zip(header, cells, strict=True))
        roles = frozenset(role for column, role in COLUMNS.items() if marks[column] == "Y")
        rows[marks["Capability"]] = (marks["What it allows"], roles, marks["Inspector"] == "I")
    return rows


def test_docs_roles_md_is_the_role_matrix() -> None:
    assert documented_matrix() == {
        name: (rule.what, rule.roles, rule.inspectors and Role.AUDITOR in rule.roles)
        for name, rule in CAPABILITIES.items()
    }


def test_the_refusal_says_who_can() -> None:
    assert who_can("manage_inspections") == "Ask a manager or QA lead"
    assert who_can("manage_people") == "Ask an administrator"
    assert who_can("record_audits") == "Ask a manager, QA lead or auditor"


def test_every_service_page_declares_the_capability_it_needs() -> None:
    from yjqa.web.urls import service_patterns

    declared = {p.name: getattr(p.callback, "capability", None) for p in service_patterns}
    assert sorted(declared) == sorted(VIEW_CAPABILITY), "a page is missing from the matrix test"
    for name, capability in declared.items():
        assert capability == FINER.get(name, VIEW_CAPABILITY[name]), name


@pytest.mark.django_db
@pytest.mark.parametrize("person", PEOPLE)
def test_every_page_answers_each_role_as_the_matrix_says(
    client_for: ClientFor, person: str
) -> None:
    email = f"{person}@northshire.example"
    membership = Membership.objects.get(user__email=email, service__slug="northshire")
    client = client_for(email)
    wrong = []
    for view, (method, url) in northshire_urls().items():
        if view in WRITES:
            continue
        capability = VIEW_CAPABILITY[resolve(url).url_name]
        first = FINER.get(view, capability)  # the decorator's, refused before the finer one
        if not can(membership, first):
            capability = first
        response = getattr(client, method)(url)
        allowed = can(membership, capability)
        if view in ONE_AUDIT and allowed:
            audit = CaseAudit.objects.get(pk=resolve(url).kwargs["audit_id"])
            if not may_edit_audit(Actor.member(membership), audit):
                assert response.status_code == 403, (view, response.status_code)
                continue
        if allowed and response.status_code != 200:
            wrong.append(f"{view}: {response.status_code}, expected 200")
        elif not allowed:
            page = response.content.decode()
            if response.status_code != 403 or who_can(capability) not in page:
                wrong.append(f"{view}: {response.status_code}, expected 403 saying who can")
    assert not wrong, f"{person}: " + "; ".join(wrong)


@pytest.mark.django_db
@pytest.mark.parametrize("view", sorted(WRITES))
def test_a_write_beyond_the_role_is_refused_saying_who_can(
    client_for: ClientFor, view: str
) -> None:
    method, url = northshire_urls()[view]
    response = getattr(client_for("board@northshire.example"), method)(url)
    assert response.status_code == 403
    assert re.search(r"Ask (a|an) [a-zA-Z ,]+\.", response.content.decode())
