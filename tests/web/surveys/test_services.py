"""Every survey write goes through its service: who may make it, and the audit row it leaves.

A response's row says how many questions were answered, never the answers: they are children's
words, and the trail is read by people who must not see them.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from yjqa.core.surveys.answers import parse_answers_text, responses_for_survey
from yjqa.core.surveys.definitions import SurveyResponse, get_survey_definition
from yjqa.web.audit.models import AuditEvent
from yjqa.web.audit.trail import Actor
from yjqa.web.surveys.models import CommentTheme, Response, ResponseAnswer, Survey, SurveyLink
from yjqa.web.surveys.services import (
    do_add_theme,
    do_assign_themes,
    do_change_survey_status,
    do_create_survey,
    do_generate_links,
    do_import_responses,
    do_submit_response,
)
from yjqa.web.tenancy.models import Membership, Service

pytestmark = pytest.mark.django_db
ClientFor = Callable[[str], Client]

ANSWERS = {
    "listened": "9",
    "explained": "8",
    "safe": "10",
    "helped": "7",
    "overall": "9",
    "saw_worker": "About right",
    "best_thing": "My worker Sam took me climbing",
}
ANSWERS_CSV = (
    "respondent,question,answer\n"
    "r1,listened,8\nr1,overall,9\nr1,best_thing,The climbing trip with Sam\n"
    "r2,listened,6\nr2,overall,7\n"
)
# Refused: a board member reads summaries only; another service's manager is not of this one.
REFUSED = [
    ("board@northshire.example", "northshire"),
    ("manager@southvale.example", "southvale"),
]


def actor(email: str, slug: str = "northshire") -> Actor:
    return Actor.member(Membership.objects.get(user__email=email, service__slug=slug))


def northshire() -> Service:
    return Service.objects.get(slug="northshire")


def new_survey(status: str = Survey.Status.OPEN) -> Survey:
    survey = do_create_survey(
        Actor.operator(),
        northshire(),
        get_survey_definition("children-feedback"),
        period="2031 to 2032",
        title="Service test survey",
    )
    if status != survey.status:
        do_change_survey_status(Actor.operator(), survey, status)
    return survey


def new_link(survey: Survey) -> SurveyLink:
    (link,) = do_generate_links(Actor.operator(), survey, 1)
    return link


def last_event(action: str) -> AuditEvent:
    return AuditEvent.objects.filter(action=action).order_by("-id")[0]


def trail() -> int:
    return AuditEvent.objects.count()


def who(event: AuditEvent) -> tuple[object, ...]:
    return (event.service, event.actor, event.actor_label, event.via)


def comment_with_theme(survey: Survey, theme: CommentTheme | None = None) -> ResponseAnswer:
    response = do_submit_response(Actor.respondent(), new_link(survey), ANSWERS)
    assert response is not None
    answer = response.answers.get(question_id="best_thing")
    if theme is not None:
        do_assign_themes(Actor.operator(), survey, {answer.pk: theme.pk})
        answer.refresh_from_db()
    return answer


# --- Creating a survey -------------------------------------------------------------------------


@pytest.mark.parametrize(("email", "slug"), REFUSED)
def test_creating_a_survey_is_refused_to_a_board_member_or_another_service(
    email: str, slug: str
) -> None:
    before = (Survey.objects.count(), trail())
    with pytest.raises(PermissionDenied):
        do_create_survey(
            actor(email, slug),
            northshire(),
            get_survey_definition("children-feedback"),
            period="2031 to 2032",
        )
    assert (Survey.objects.count(), trail()) == before


def test_creating_a_survey_records_who_created_it_and_its_title_period_and_audience() -> None:
    auditor = actor("qa@northshire.example")
    survey = do_create_survey(
        auditor,
        northshire(),
        get_survey_definition("children-feedback"),
        period="2031 to 2032",
        title="Spring survey",
        template_id="children-feedback",
        invited=40,
    )
    assert survey.created_by == auditor.user
    event = last_event("create_survey")
    assert who(event) == (northshire(), auditor.user, "qa@northshire.example", AuditEvent.Via.WEB)
    assert (event.object_type, event.object_id) == ("survey", str(survey.pk))
    assert event.changes["title"] == {"before": None, "after": "Spring survey"}
    assert event.changes["period"] == {"before": None, "after": "2031 to 2032"}
    assert event.changes["audience"] == {"before": None, "after": "children"}
    assert event.changes["invited"] == {"before": None, "after": 40}
    assert event.changes["status"] == {"before": None, "after": "open"}


# --- Links -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("email", "slug"), REFUSED)
def test_generating_links_is_refused_to_a_board_member_or_another_service(
    email: str, slug: str
) -> None:
    survey = new_survey()
    before = (SurveyLink.objects.count(), trail())
    with pytest.raises(PermissionDenied):
        do_generate_links(actor(email, slug), survey, 3)
    assert (SurveyLink.objects.count(), trail()) == before


def test_generating_links_records_how_many_but_not_their_codes() -> None:
    survey = new_survey()
    manager = actor("manager@northshire.example")
    links = do_generate_links(manager, survey, 3)
    event = last_event("generate_links")
    assert who(event) == (northshire(), manager.user, "manager@northshire.example", "web")
    assert (event.object_type, event.object_id) == ("survey", str(survey.pk))
    assert event.changes == {"links": {"before": None, "after": 3}}
    assert not any(link.code in str(event.changes) for link in links)


# --- Opening and closing -----------------------------------------------------------------------


@pytest.mark.parametrize(("email", "slug"), REFUSED)
def test_closing_a_survey_is_refused_to_a_board_member_or_another_service(
    email: str, slug: str
) -> None:
    survey = new_survey()
    before = trail()
    with pytest.raises(PermissionDenied):
        do_change_survey_status(actor(email, slug), survey, Survey.Status.CLOSED)
    survey.refresh_from_db()
    assert survey.status == Survey.Status.OPEN
    assert trail() == before


def test_closing_a_survey_records_who_and_the_status_before_and_after() -> None:
    survey = new_survey()
    admin = actor("admin@northshire.example")
    assert do_change_survey_status(admin, survey, Survey.Status.CLOSED) is True
    survey.refresh_from_db()
    assert survey.status == Survey.Status.CLOSED
    event = last_event("change_survey_status")
    assert who(event) == (northshire(), admin.user, "admin@northshire.example", "web")
    assert event.changes == {"status": {"before": "open", "after": "closed"}}


def test_setting_the_status_a_survey_already_has_writes_nothing() -> None:
    survey = new_survey()
    before = trail()
    assert do_change_survey_status(actor("qa@northshire.example"), survey, "open") is False
    assert trail() == before


def test_closing_a_survey_on_its_page_is_recorded_as_the_signed_in_person(
    client_for: ClientFor,
) -> None:
    survey = new_survey()
    client_for("manager@northshire.example").post(
        reverse("survey_status", args=["northshire", survey.pk]), {"status": "closed"}
    )
    event = last_event("change_survey_status")
    assert (event.actor_label, event.via, event.object_id) == (
        "manager@northshire.example",
        AuditEvent.Via.WEB,
        str(survey.pk),
    )


# --- Answering through a public link -----------------------------------------------------------


def test_answering_a_closed_survey_through_its_link_is_refused() -> None:
    survey = new_survey()
    link = new_link(survey)
    do_change_survey_status(Actor.operator(), survey, Survey.Status.CLOSED)
    before = (Response.objects.count(), ResponseAnswer.objects.count(), trail())
    with pytest.raises(PermissionDenied):
        do_submit_response(Actor.respondent(), SurveyLink.objects.get(pk=link.pk), ANSWERS)
    assert (Response.objects.count(), ResponseAnswer.objects.count(), trail()) == before
    link.refresh_from_db()
    assert link.used_at is None


def test_a_signed_in_person_cannot_answer_in_their_own_name() -> None:
    link = new_link(new_survey())
    before = (Response.objects.count(), trail())
    with pytest.raises(PermissionDenied):
        do_submit_response(actor("manager@northshire.example"), link, ANSWERS)
    assert (Response.objects.count(), trail()) == before


def test_an_answer_through_a_link_records_an_anonymous_respondent_and_counts_not_answers() -> None:
    survey = new_survey()
    response = do_submit_response(Actor.respondent(), new_link(survey), ANSWERS)
    assert response is not None
    event = last_event("submit_response")
    assert who(event) == (northshire(), None, "anonymous respondent", AuditEvent.Via.PUBLIC_LINK)
    assert event.object_id == str(response.pk)
    assert event.changes == {
        "survey": {"before": None, "after": survey.pk},
        "answers": {"before": None, "after": len(ANSWERS)},
    }
    written = f"{event.changes} {event.object_label}"
    assert "climbing" not in written and "About right" not in written


def test_the_public_form_records_its_answer_through_the_service() -> None:
    survey = new_survey()
    link = new_link(survey)
    assert Client().post(reverse("survey_public", args=[link.code]), ANSWERS).status_code == 302
    event = last_event("submit_response")
    assert (event.actor, event.via) == (None, AuditEvent.Via.PUBLIC_LINK)
    assert "climbing" not in str(event.changes)


# --- Importing responses -----------------------------------------------------------------------


def checked_responses(survey: Survey) -> list[SurveyResponse]:
    return responses_for_survey(parse_answers_text(ANSWERS_CSV, "answers.csv"), survey.parsed())


@pytest.mark.parametrize(("email", "slug"), REFUSED)
def test_importing_responses_is_refused_to_a_board_member_or_another_service(
    email: str, slug: str
) -> None:
    survey = new_survey()
    before = (Response.objects.count(), ResponseAnswer.objects.count(), trail())
    with pytest.raises(PermissionDenied):
        do_import_responses(actor(email, slug), survey, checked_responses(survey))
    assert (Response.objects.count(), ResponseAnswer.objects.count(), trail()) == before


def test_importing_responses_records_the_file_and_counts_not_the_answers() -> None:
    survey = new_survey()
    auditor = actor("qa@northshire.example")
    count = do_import_responses(
        auditor,
        survey,
        checked_responses(survey),
        source="answers.csv",
    )
    assert count == 2
    event = last_event("import_responses")
    assert who(event) == (northshire(), auditor.user, "qa@northshire.example", "web")
    assert (event.object_id, event.object_label) == (str(survey.pk), "answers.csv")
    assert event.changes == {
        "responses": {"before": None, "after": 2},
        "answers": {"before": None, "after": 5},
    }
    assert "climbing" not in str(event.changes)


# --- Themes ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("email", "slug"), REFUSED)
def test_adding_a_theme_is_refused_to_a_board_member_or_another_service(
    email: str, slug: str
) -> None:
    survey = new_survey()
    before = (CommentTheme.objects.count(), trail())
    with pytest.raises(PermissionDenied):
        do_add_theme(actor(email, slug), survey, "Activities")
    assert (CommentTheme.objects.count(), trail()) == before


def test_adding_a_theme_records_its_name_once() -> None:
    survey = new_survey()
    auditor = actor("qa@northshire.example")
    theme = do_add_theme(auditor, survey, "  Being listened to ")
    event = last_event("add_theme")
    assert who(event) == (northshire(), auditor.user, "qa@northshire.example", "web")
    assert (event.object_type, event.object_id) == ("comment theme", str(theme.pk))
    assert event.changes == {
        "survey": {"before": None, "after": survey.pk},
        "name": {"before": None, "after": "Being listened to"},
    }
    before = trail()
    assert do_add_theme(auditor, survey, "Being listened to") == theme  # already there
    assert trail() == before


@pytest.mark.parametrize(("email", "slug"), REFUSED)
def test_assigning_themes_is_refused_to_a_board_member_or_another_service(
    email: str, slug: str
) -> None:
    survey = new_survey()
    theme = do_add_theme(Actor.operator(), survey, "Activities")
    answer = comment_with_theme(survey)
    before = trail()
    with pytest.raises(PermissionDenied):
        do_assign_themes(actor(email, slug), survey, {answer.pk: theme.pk})
    answer.refresh_from_db()
    assert answer.theme is None
    assert trail() == before


def test_assigning_themes_records_each_comments_theme_before_and_after_not_its_words() -> None:
    survey = new_survey()
    activities = do_add_theme(Actor.operator(), survey, "Activities")
    listened = do_add_theme(Actor.operator(), survey, "Being listened to")
    themed = comment_with_theme(survey, activities)
    unthemed = comment_with_theme(survey)
    manager = actor("manager@northshire.example")
    changed = do_assign_themes(
        manager, survey, {themed.pk: listened.pk, unthemed.pk: activities.pk}
    )
    assert changed == 2
    event = last_event("assign_themes")
    assert who(event) == (northshire(), manager.user, "manager@northshire.example", "web")
    assert event.object_id == str(survey.pk)
    assert event.changes == {
        f"comment {themed.pk}": {"before": "Activities", "after": "Being listened to"},
        f"comment {unthemed.pk}": {"before": None, "after": "Activities"},
    }
    assert "climbing" not in str(event.changes)


# --- The demo ----------------------------------------------------------------------------------


def test_the_demo_surveys_were_created_and_closed_through_the_services() -> None:
    created = AuditEvent.objects.filter(action="create_survey", service=northshire(), via="demo")
    assert created.count() >= 2
    closed = AuditEvent.objects.filter(action="change_survey_status", via="demo")
    assert closed.filter(service=northshire()).exists()
    assert AuditEvent.objects.filter(action="add_theme", via="demo").exists()
