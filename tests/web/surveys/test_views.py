"""Surveys on the web: creating, links, the public form, imports, summaries and who sees what."""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator
from xml.etree import ElementTree

import pytest
import segno
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from jobs_helpers import assert_job_access, post_and_run
from yjqa.core.surveys.definitions import get_survey_definition
from yjqa.web.audit.models import AuditEvent
from yjqa.web.audit.trail import Actor
from yjqa.web.jobs.models import Job
from yjqa.web.jobs.services import run_jobs_now
from yjqa.web.surveys.demo import DEMO_PERIOD, DEMO_PREVIOUS_PERIOD, seed_demo_surveys
from yjqa.web.surveys.invitations import qr_svg
from yjqa.web.surveys.models import CommentTheme, Response, ResponseAnswer, Survey, SurveyLink
from yjqa.web.surveys.services import do_create_survey, do_generate_links
from yjqa.web.tenancy.models import Service

ClientFor = Callable[[str], Client]
pytestmark = pytest.mark.django_db
GOOD_ANSWERS = {
    "listened": "9",
    "explained": "8",
    "safe": "10",
    "helped": "7",
    "overall": "9",
    "saw_worker": "About right",
    "best_thing": "Going climbing",
}


@pytest.fixture(scope="module", autouse=True)
def demo_surveys(django_db_setup: None, django_db_blocker) -> Iterator[None]:  # type: ignore[no-untyped-def]
    with django_db_blocker.unblock():
        for seed, service in enumerate(Service.objects.order_by("slug"), start=11):
            seed_demo_surveys(service, seed)
            seed_demo_surveys(service, seed)  # idempotent
    yield


def demo_survey(slug: str = "northshire") -> Survey:
    return Survey.objects.get(service__slug=slug, period=DEMO_PERIOD, audience="children")


def new_survey(slug: str = "northshire", template: str = "children-feedback") -> Survey:
    return do_create_survey(
        Actor.operator(),
        Service.objects.get(slug=slug),
        get_survey_definition(template),
        period="2030 to 2031",
        title=f"Test survey {Survey.objects.count()}",
    )


def url(name: str, survey: Survey, *args: object) -> str:
    return reverse(name, args=[survey.service.slug, survey.pk, *args])


def public_url(link: SurveyLink) -> str:
    return reverse("survey_public", args=[link.code])


# --- Demo data ---------------------------------------------------------------------------------


def test_the_demo_has_a_survey_this_period_and_last() -> None:
    survey = demo_survey()
    assert 30 <= survey.responses.count() <= 40
    assert Survey.objects.filter(service__slug="northshire", audience="children").count() == 2
    previous = survey.previous()
    assert previous is not None and previous.period == DEMO_PREVIOUS_PERIOD
    assert survey.links.filter(used_at__isnull=True).count() == 5
    assert ResponseAnswer.objects.filter(response__survey=survey, theme__isnull=False).exists()
    assert ResponseAnswer.objects.filter(
        response__survey=survey, question_id="best_thing", theme__isnull=True
    ).exists()


# --- Staff pages -------------------------------------------------------------------------------


def test_a_manager_creates_a_survey_from_a_template(client_for: ClientFor) -> None:
    client = client_for("manager@northshire.example")
    create = reverse("survey_create", args=["northshire"])
    page = client.get(create).content.decode()
    assert "How was your time with the youth justice service?" in page
    response = client.post(
        create,
        {
            "template": "parents-carers-feedback",
            "title": "",
            "period": "2025 to 2026",
            "invited": "40",
        },
    )
    survey = Survey.objects.get(service__slug="northshire", audience="parents_carers")
    assert response.status_code == 302
    assert response["Location"] == url("survey_links", survey)
    assert survey.title == "Your views on the youth justice service"
    assert survey.invited == 40 and survey.template_id == "parents-carers-feedback"
    assert survey.parsed().questions[0].id == "kept_informed"


def test_creating_a_survey_shows_errors(client_for: ClientFor) -> None:
    client = client_for("qa@northshire.example")
    page = client.post(
        reverse("survey_create", args=["northshire"]), {"period": "", "invited": "many"}
    ).content.decode()
    assert "There is a problem" in page
    assert "Select a survey" in page
    assert "Enter the period the survey covers" in page
    assert "Number of people invited must be a whole number" in page


def test_a_survey_from_your_own_definition_file(client_for: ClientFor) -> None:
    client = client_for("admin@northshire.example")
    definition = (
        "id: pilot\ntitle: Pilot survey\naudience: staff\nintro: Hello.\nquestions:\n"
        "  - id: q\n    kind: text\n    text: Anything?\n"
    )
    create = reverse("survey_create", args=["northshire"])
    bad = SimpleUploadedFile("pilot.yaml", definition.replace("staff", "pupils").encode())
    page = client.post(create, {"template": "own", "definition_file": bad, "period": "2025"})
    assert "pilot.yaml:3: audience" in page.content.decode()
    good = SimpleUploadedFile("pilot.yaml", definition.encode())
    response = client.post(create, {"template": "own", "definition_file": good, "period": "2025"})
    assert response.status_code == 302
    assert Survey.objects.get(title="Pilot survey").audience == "staff"


def test_links_are_generated_listed_and_downloaded(client_for: ClientFor) -> None:
    survey = new_survey()
    client = client_for("qa@northshire.example")
    response = client.post(url("survey_links", survey), {"count": "3"}, follow=True)
    page = response.content.decode()
    assert "3 new links created." in page
    codes = list(survey.links.values_list("code", flat=True))
    assert len(codes) == 3 and len(set(codes)) == 3
    assert all(re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}", code) for code in codes)
    for code in codes:
        assert f"http://testserver/feedback/{code}/" in page
    csv_text = client.get(url("survey_links_csv", survey)).content.decode()
    assert csv_text.splitlines()[0] == "link,created,used"
    assert len(csv_text.splitlines()) == 4
    errors = client.post(url("survey_links", survey), {"count": "0"}).content.decode()
    assert "Number of links must be 1 or more" in errors
    assert survey.links.count() == 3


# --- The public form ---------------------------------------------------------------------------


def test_a_child_answers_once_and_the_link_then_is_refused() -> None:
    survey = new_survey()
    (link,) = do_generate_links(Actor.operator(), survey, 1)
    client = Client()
    form = client.get(public_url(link))
    assert form.status_code == 200
    page = form.content.decode()
    assert "How well did your worker listen to you?" in page
    assert 'name="listened"' in page and 'type="radio"' in page
    assert "1 means not at all and 10 means really well." in page
    assert "Your services" not in page and "Sign in" not in page and "Sign out" not in page
    assert "Cache-Control" in form and "no-store" in form["Cache-Control"]
    response = client.post(public_url(link), GOOD_ANSWERS)
    assert response.status_code == 302 and response["Location"] == reverse("survey_thanks")
    assert "Your answers have been sent" in client.get(reverse("survey_thanks")).content.decode()
    saved = Response.objects.get(survey=survey)
    assert saved.link == link and saved.period == "2030 to 2031"
    assert {a.question_id: a.value for a in saved.answers.all()} == GOOD_ANSWERS
    again = client.get(public_url(link))
    assert again.status_code == 410
    assert "This link has already been used or is not valid" in again.content.decode()
    assert client.post(public_url(link), GOOD_ANSWERS).status_code == 410
    assert Response.objects.filter(survey=survey).count() == 1
    unknown = client.get(reverse("survey_public", args=["not-a-real-code"]))
    assert unknown.status_code == 404
    assert "This link has already been used or is not valid" in unknown.content.decode()


def test_a_rating_is_a_compact_scale_of_ten_in_a_fieldset_with_its_meaning_in_the_hint() -> None:
    survey = new_survey()
    (link,) = do_generate_links(Actor.operator(), survey, 1)
    page = html.unescape(Client().get(public_url(link)).content.decode())
    scale = re.search(
        r'<fieldset class="govuk-fieldset" aria-describedby="id_listened-hint">\s*'
        r"<legend[^>]*>How well did your worker listen to you\?</legend>(.*?)</fieldset>",
        page,
        re.S,
    )
    assert scale is not None
    assert re.findall(r'<input class="yjqa-scale__input" type="radio" name="listened" '
                      r'value="(\d+)"', scale[1]) == [str(n) for n in range(1, 11)]  # fmt: skip
    assert (
        '<div id="id_listened-hint" class="govuk-visually-hidden">1 means not at all and 10 '
        "means really well.</div>" in scale[1]
    )
    assert '<div class="yjqa-scale__ends" aria-hidden="true">' in scale[1]
    assert "<span>1: Not at all</span>" in scale[1] and "<span>10: Really well</span>" in scale[1]
    assert "/static/yjqa/surveys" in page and ".css" in page


def test_the_form_says_how_answers_are_used_and_where_to_turn_if_worried() -> None:
    survey = new_survey()
    (link,) = do_generate_links(Actor.operator(), survey, 1)
    page = html.unescape(Client().get(public_url(link)).content.decode())
    privacy = page[page.index('id="privacy"') :]
    assert "Your answers are anonymous." in privacy and "not your name" in privacy
    assert "others see only totals of 5 or more people" in privacy
    assert "We delete them after 3 years" in privacy
    assert f'href="{reverse("privacy")}#surveys"' in privacy
    signpost = 'call Childline on <a class="govuk-link" href="tel:08001111">0800 1111</a>'
    assert "If you are worried about your safety or someone else's, tell your case worker" in page
    assert signpost in page and 'href="tel:999">999</a>' in page
    thanks = html.unescape(Client().get(reverse("survey_thanks")).content.decode())
    assert signpost in thanks


@pytest.mark.parametrize("typed", [str.lower, lambda code: code.replace("-", ""), str.upper])
def test_the_public_form_takes_a_code_in_any_case_with_or_without_its_hyphen(
    typed: Callable[[str], str],
) -> None:
    survey = new_survey()
    (link,) = do_generate_links(Actor.operator(), survey, 1)
    address = reverse("survey_public", args=[typed(link.code)])
    assert Client().get(address).status_code == 200
    assert Client().post(address, GOOD_ANSWERS).status_code == 302
    assert Response.objects.get(survey=survey).link == link
    assert Client().get(address).status_code == 410


def test_a_link_made_before_short_codes_still_works_as_it_was() -> None:
    survey = new_survey()
    old = SurveyLink.objects.create(survey=survey, code="Xq3Jm9f2Kd8pL0sTzW4yB7nR")
    assert Client().get(reverse("survey_public", args=[old.code])).status_code == 200
    assert Client().get(reverse("survey_public", args=[old.code.lower()])).status_code == 404


def test_the_public_form_explains_its_errors() -> None:
    survey = new_survey()
    (link,) = do_generate_links(Actor.operator(), survey, 1)
    answers = {**GOOD_ANSWERS, "listened": "11", "best_thing": "x" * 1001}
    del answers["overall"]
    response = Client().post(public_url(link), answers)
    page = html.unescape(response.content.decode())
    assert response.status_code == 200
    assert "<title>Error: " in page
    assert "There is a problem" in page
    assert 'href="#id_listened_0"' in page
    assert 'Select a number from 1 to 10 for "How well did your worker listen to you?"' in page
    assert 'Select a number from 1 to 10 for "Overall, how good was your time with us?"' in page
    assert "must be 1,000 characters or fewer" in page
    assert 'value="8" id="id_explained_7" checked' in page  # what was chosen is kept
    assert not Response.objects.filter(survey=survey).exists()
    link.refresh_from_db()
    assert link.used_at is None


def test_the_public_form_needs_its_csrf_token_but_no_sign_in() -> None:
    survey = new_survey()
    (link,) = do_generate_links(Actor.operator(), survey, 1)
    client = Client(enforce_csrf_checks=True)
    assert client.post(public_url(link), GOOD_ANSWERS).status_code == 403
    page = client.get(public_url(link)).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token is not None
    response = client.post(public_url(link), {**GOOD_ANSWERS, "csrfmiddlewaretoken": token[1]})
    assert response.status_code == 302
    assert Response.objects.filter(survey=survey).count() == 1


def test_a_closed_surveys_links_do_not_work(client_for: ClientFor) -> None:
    survey = new_survey()
    (link,) = do_generate_links(Actor.operator(), survey, 1)
    client = client_for("manager@northshire.example")
    client.post(url("survey_status", survey), {"status": "closed"})
    response = Client().get(public_url(link))
    assert response.status_code == 410
    assert "This survey has closed" in response.content.decode()
    assert (
        client_for("board@northshire.example")
        .post(url("survey_status", survey), {"status": "open"})
        .status_code
        == 403
    )
    client.post(url("survey_status", survey), {"status": "open"})
    assert Client().get(public_url(link)).status_code == 200


# --- Import ------------------------------------------------------------------------------------


def upload(client: Client, survey: Survey, text: str, name: str = "answers.csv") -> str:
    """Upload through the page: it queues a job, which runs here; the job's page, then."""
    file = SimpleUploadedFile(name, text.encode())
    return post_and_run(client, url("survey_import", survey), {"file": file}).content.decode()


def test_an_import_adds_every_response_or_none(client_for: ClientFor) -> None:
    survey = new_survey()
    client = client_for("manager@northshire.example")
    bad = (
        "respondent,question,answer\n"
        "p1,overall,9\n"
        "p1,saw_worker,maybe\n"
        "p2,overall,eleven\n"
        "p3,overall,7\n"
        "p3,favourite_colour,blue\n"
    )
    page = upload(client, survey, bad)
    assert "The file was not imported" in page
    assert "answers.csv: row 3, column answer: &#x27;maybe&#x27; is not an option" in page
    assert "row 4, column answer" in page and "row 6, column question" in page
    assert not survey.responses.exists()
    good = (
        "".join(f"p{i},overall,{v}\n" for i, v in enumerate([9, 3, 10, 7, 8], start=1))
        + "p1,Did you see your worker enough?,about right\n"
    )
    page = upload(client, survey, "respondent,question,answer\n" + good)
    assert "answers.csv: 5 responses imported" in page
    assert survey.responses.count() == 5
    assert set(survey.responses.values_list("link", flat=True)) == {None}
    assert ResponseAnswer.objects.get(response__survey=survey, question_id="saw_worker").value == (
        "About right"
    )


def post_answers(client: Client, survey: Survey, text: str, name: str = "answers.csv") -> str:
    """Upload without running the queue: the address the page sends the person to."""
    file = SimpleUploadedFile(name, text.encode())
    response = client.post(url("survey_import", survey), {"file": file})
    assert response.status_code == 302, response.content.decode()[:2000]
    location: str = response["Location"]
    return location


ANSWERS_FILE = "respondent,question,answer\n" + "".join(
    f"p{i},overall,{v}\n" for i, v in enumerate([9, 3, 10], start=1)
)


def test_the_upload_is_queued_and_the_worker_adds_the_responses(client_for: ClientFor) -> None:
    survey = new_survey()
    client = client_for("manager@northshire.example")
    location = post_answers(client, survey, ANSWERS_FILE)
    job = Job.objects.get(kind="survey_answers_import")
    assert location == reverse("job_progress", args=["northshire", job.pk])
    assert (job.state, job.view_capability) == ("queued", "manage_surveys")
    assert job.arguments == {"survey_id": survey.pk, "file_name": "answers.csv"}
    assert not survey.responses.exists()  # nothing added until the worker runs it
    assert run_jobs_now() == 1
    job.refresh_from_db()
    assert (job.state, job.progress) == ("done", 1.0)
    assert job.message == "answers.csv: 3 responses imported"
    assert job.result_url == url("survey_summary", survey)  # where the page sent one before
    assert survey.responses.count() == 3
    event = AuditEvent.objects.get(action="import_responses", object_id=str(survey.pk))
    assert (event.actor_label, event.via, event.object_label) == (
        "manager@northshire.example",
        "web",
        "answers.csv",
    )
    done = client.get(location).content.decode()
    assert f'href="{url("survey_summary", survey)}">See the result</a>' in done


def test_a_file_that_is_not_utf8_fails_the_job_and_adds_nothing(client_for: ClientFor) -> None:
    survey = new_survey()
    client = client_for("manager@northshire.example")
    file = SimpleUploadedFile(
        "answers.csv", "respondent,question,answer\np1,overall,9 \u00e9\n".encode("latin-1")
    )
    location = client.post(url("survey_import", survey), {"file": file})["Location"]
    run_jobs_now()
    job = Job.objects.get(kind="survey_answers_import")
    assert job.state == "failed"
    assert len(job.problems) == 1 and job.problems[0].startswith("answers.csv: ")
    page = client.get(location).content.decode()
    assert "The file was not imported" in page and "UTF-8" in page
    assert not survey.responses.exists()
    assert not AuditEvent.objects.filter(action="import_responses", object_id=str(survey.pk))


@pytest.mark.parametrize(
    ("email", "page", "api"),
    [
        ("admin@southvale.example", 404, 404),  # another service's
        ("qa@southvale.example", 404, 404),
        ("board@northshire.example", 403, 404),  # reads the summary, but not the import
        ("qa@northshire.example", 200, 200),
    ],
)
def test_the_job_is_the_services_and_for_those_who_manage_surveys(
    client_for: ClientFor, email: str, page: int, api: int
) -> None:
    survey = new_survey()
    location = post_answers(client_for("manager@northshire.example"), survey, ANSWERS_FILE)
    run_jobs_now()
    job = Job.objects.get(kind="survey_answers_import")
    assert job.state == "done"
    assert_job_access(client_for(email), email, job.pk, location, page=page, api=api)


# --- The summary -------------------------------------------------------------------------------


def test_the_summary_shows_the_figures_worked_out_by_hand(client_for: ClientFor) -> None:
    survey = new_survey()
    client = client_for("qa@northshire.example")
    rows = (
        "".join(
            f"p{i},overall,{v}\np{i},listened,{v}\n"
            for i, v in enumerate([9, 3, 10, 7, 8], start=1)
        )
        + "p6,listened,5\n"
    )
    upload(client, survey, "respondent,question,answer\n" + rows)
    page = client.get(url("survey_summary", survey)).content.decode()
    overall = re.search(r'<tr class="govuk-table__row" id="rating-overall">(.*?)</tr>', page, re.S)
    assert overall is not None
    cells = re.findall(r"<td[^>]*>([^<]*)</td>", overall[1])
    # 3, 7, 8, 9, 10: mean 7.40, median 8, 2 of 5 answered 9 or 10.
    assert cells == ["5", "7.40", "8", "40%"]
    listened = re.search(r'id="rating-listened">(.*?)</tr>', page, re.S)
    assert listened is not None
    # 3 5 7 8 9 10: mean 42 / 6 = 7.00, median 7.5, 2 of 6 = 33.3%.
    assert re.findall(r"<td[^>]*>([^<]*)</td>", listened[1]) == ["6", "7.00", "7.5", "33.3%"]
    assert 'id="distribution-overall"' in page
    assert 'role="img"' in page  # the chart
    # The other ratings had no answers: suppressed, and said so.
    helped = re.search(r'id="rating-helped">(.*?)</tr>', page, re.S)
    assert helped is not None and "Fewer than 5 responses" in helped[1]
    assert 'id="respondents">6<' in page


def test_the_demo_summary_shows_the_change_since_last_period(client_for: ClientFor) -> None:
    survey = demo_survey()
    page = client_for("manager@northshire.example").get(url("survey_summary", survey))
    body = page.content.decode()
    assert page.status_code == 200
    assert f"Change since the last survey: {survey.title}, {DEMO_PREVIOUS_PERIOD}" in body
    assert re.search(r'id="change-overall">.*?(up|down) \d\.\d\d', body, re.S)
    assert 'id="breakdown-age_band"' in body
    assert "Response rate" in body and "invited" in body


def test_board_members_see_the_themes_but_never_the_comments(client_for: ClientFor) -> None:
    survey = demo_survey()
    comment = ResponseAnswer.objects.filter(
        response__survey=survey, question_id="best_thing"
    ).first()
    assert comment is not None
    board = client_for("board@northshire.example").get(url("survey_summary", survey))
    assert board.status_code == 200
    page = board.content.decode()
    assert "Being listened to" in page  # a theme, with its count
    assert 'id="themes-best_thing"' in page
    assert comment.value not in page
    assert "Read the comments" not in page
    assert (
        client_for("board@northshire.example").get(url("survey_comments", survey)).status_code
        == 403
    )
    qa = client_for("qa@northshire.example").get(url("survey_summary", survey)).content.decode()
    assert comment.value in qa and "Read the comments" in qa


def test_analysts_theme_comments(client_for: ClientFor) -> None:
    survey = demo_survey()
    client = client_for("qa@northshire.example")
    comments_url = url("survey_comments", survey)
    client.post(comments_url, {"action": "add", "name": "Feeling safe"})
    theme = CommentTheme.objects.get(survey=survey, name="Feeling safe")
    answer = ResponseAnswer.objects.filter(response__survey=survey, question_id="do_better").first()
    rating = ResponseAnswer.objects.filter(response__survey=survey, question_id="overall").first()
    assert answer is not None and rating is not None
    page = client.get(comments_url).content.decode()
    assert f'name="theme-{answer.pk}"' in page
    assert f'name="theme-{rating.pk}"' not in page
    response = client.post(
        comments_url,
        {
            "action": "assign",
            f"theme-{answer.pk}": str(theme.pk),
            f"theme-{rating.pk}": str(theme.pk),
        },
        follow=True,
    )
    assert "Themes saved: 1 comment changed." in response.content.decode()
    answer.refresh_from_db()
    rating.refresh_from_db()
    assert answer.theme == theme and rating.theme is None
    other = demo_survey("southvale").themes.first()
    assert other is not None
    client.post(comments_url, {"action": "assign", f"theme-{answer.pk}": str(other.pk)})
    answer.refresh_from_db()
    assert answer.theme == theme  # another survey's theme is ignored
    empty = client.post(comments_url, {"action": "add", "name": ""}).content.decode()
    assert "Enter the name of the theme" in empty


def test_the_list_shows_the_services_surveys_only(client_for: ClientFor) -> None:
    page = client_for("board@northshire.example").get(reverse("survey_list", args=["northshire"]))
    body = page.content.decode()
    assert page.status_code == 200
    assert body.count('href="/services/northshire/surveys/') >= 2
    assert "/services/southvale/" not in body
    assert "Create a survey" not in body  # board members do not manage surveys


@pytest.mark.parametrize("email", ["admin@southvale.example", "qa@southvale.example"])
def test_another_services_person_gets_404(client_for: ClientFor, email: str) -> None:
    survey = demo_survey()
    client = client_for(email)
    for name in (
        "survey_summary",
        "survey_links",
        "survey_links_csv",
        "survey_import",
        "survey_comments",
    ):
        assert client.get(url(name, survey)).status_code == 404, name
    assert client.post(url("survey_status", survey), {"status": "closed"}).status_code == 404
    for name in ("survey_list", "survey_create"):
        assert client.get(reverse(name, args=["northshire"])).status_code == 404, name
    # Nor through their own service's address.
    mine = reverse("survey_summary", args=["southvale", survey.pk])
    assert client.get(mine).status_code == 404
    survey.refresh_from_db()
    assert survey.status == Survey.Status.OPEN


def test_what_each_role_may_open(client_for: ClientFor) -> None:
    survey = demo_survey()
    views = {
        "survey_list": reverse("survey_list", args=["northshire"]),
        "survey_create": reverse("survey_create", args=["northshire"]),
        "survey_summary": url("survey_summary", survey),
        "survey_links": url("survey_links", survey),
        "survey_links_csv": url("survey_links_csv", survey),
        "survey_import": url("survey_import", survey),
        "survey_comments": url("survey_comments", survey),
    }
    readers = {"survey_list", "survey_summary"}
    for role in ("admin", "qa", "manager", "board", "inspector"):
        client = client_for(f"{role}@northshire.example")
        for name, address in views.items():
            # Inspectors see case work, but not survey management or children's comments.
            allowed = role not in ("board", "inspector") or name in readers
            assert client.get(address).status_code == (200 if allowed else 403), (role, name)


# --- Printed invitations and typed codes -------------------------------------------------------


def test_each_unused_link_has_an_invitation_with_its_code_address_and_qr_code(
    client_for: ClientFor,
) -> None:
    survey = new_survey()
    links = do_generate_links(Actor.operator(), survey, 3)
    used = links[0]
    used.used_at = used.created_at
    used.save()
    client = client_for("qa@northshire.example")
    page = client.get(url("survey_links", survey)).content.decode()
    assert f'href="{url("survey_invitations", survey)}"' in page
    assert f'href="{url("survey_invitation", survey, links[1].pk)}"' in page

    sheet = client.get(url("survey_invitations", survey))
    assert sheet.status_code == 200
    text = html.unescape(sheet.content.decode())
    cards = re.findall(r'<li class="yjqa-invitation">(.*?)</li>', text, re.S)
    assert len(cards) == 2  # the used link has none
    for link, card in zip(sorted(links[1:], key=lambda k: k.pk), cards, strict=True):
        address = f"http://testserver/feedback/{link.code}/"
        assert survey.title in card and link.code in card
        assert 'go to <strong class="yjqa-invitation__address">testserver/feedback</strong>' in card
        assert f"testserver/feedback/{link.code}</span>" in card
        # The QR code is segno's for the link's address, inline, hidden from screen readers.
        assert str(qr_svg(address)) in card
        svg = re.search(r"<svg .*?</svg>", card, re.S)
        assert svg is not None
        element = ElementTree.fromstring(svg[0])
        assert element.tag == "{http://www.w3.org/2000/svg}svg"
        assert element.get("aria-hidden") == "true" and element.get("viewBox")
        assert str(qr_svg(address)) == str(qr_svg(address))
        assert str(qr_svg(address)) != str(qr_svg(address.replace(link.code, "ABCD-EFGH")))
    expected = segno.make(f"http://testserver/feedback/{links[1].code}/", error="m")
    assert f'viewBox="0 0 {expected.symbol_size(border=4)[0]} ' in text

    one = client.get(url("survey_invitation", survey, links[2].pk)).content.decode()
    assert len(re.findall(r'<li class="yjqa-invitation">', one)) == 1 and links[2].code in one
    other = new_survey(slug="southvale")
    (elsewhere,) = do_generate_links(Actor.operator(), other, 1)
    assert client.get(url("survey_invitation", survey, elsewhere.pk)).status_code == 404


def test_invitations_are_for_those_who_manage_surveys(client_for: ClientFor) -> None:
    survey = new_survey()
    assert (
        client_for("board@northshire.example").get(url("survey_invitations", survey)).status_code
        == 403
    )
    assert (
        client_for("qa@southvale.example").get(url("survey_invitations", survey)).status_code == 404
    )


@pytest.mark.parametrize("typed", [str.lower, lambda code: " " + code.replace("-", "") + " "])
def test_a_typed_code_takes_the_person_to_their_survey(typed: Callable[[str], str]) -> None:
    survey = new_survey()
    (link,) = do_generate_links(Actor.operator(), survey, 1)
    start = Client().get(reverse("survey_start"))
    assert start.status_code == 200 and "Enter your code" in start.content.decode()
    response = Client().get(reverse("survey_start"), {"code": typed(link.code)})
    assert response.status_code == 302
    assert response["Location"] == reverse("survey_public", args=[link.code])


@pytest.mark.parametrize("typed", ["", "ABCD-EFG0", "hello"])
def test_a_code_that_cannot_be_one_gets_an_error_on_the_field(typed: str) -> None:
    page = Client().get(reverse("survey_start"), {"code": typed})
    assert page.status_code == 200
    text = html.unescape(page.content.decode())
    assert "There is a problem" in text and 'id="id_code-error"' in text
