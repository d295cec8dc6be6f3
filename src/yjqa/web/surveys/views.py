"""Survey pages: the service's surveys, their links, imports, summaries and comments; and the
public form a child, parent, carer or member of staff answers through a single-use link."""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from yjqa.core.surveys.definitions import (
    AUDIENCES,
    NOT_ANSWERED,
    SUPPRESSED_NOTE,
    ChoiceQuestion,
    RatingQuestion,
    SurveyDefinition,
    TextQuestion,
)
from yjqa.web.audit.trail import Actor
from yjqa.web.jobs.services import do_start_job, job_url
from yjqa.web.surveys.charts import distribution_svg
from yjqa.web.surveys.forms import (
    OWN,
    AnswersUploadForm,
    CodeForm,
    LinksForm,
    PublicSurveyForm,
    SurveyCreateForm,
    ThemeForm,
)
from yjqa.web.surveys.imports import survey_answers_job
from yjqa.web.surveys.invitations import qr_svg
from yjqa.web.surveys.models import ResponseAnswer, Survey, SurveyLink
from yjqa.web.surveys.queries import (
    comments_of,
    link_with_code,
    links_of,
    surveys_of,
    themes_of,
    unused_links,
    used_link_count,
)
from yjqa.web.surveys.services import (
    do_add_theme,
    do_assign_themes,
    do_change_survey_status,
    do_create_survey,
    do_generate_links,
    do_submit_response,
    financial_year_label,
    survey_summary,
)
from yjqa.web.tenancy.access import can, page_context, service_view, tenant_object
from yjqa.web.tenancy.models import Membership


def _survey(membership: Membership, survey_id: int) -> Survey:
    return tenant_object(Survey, membership, pk=survey_id)


# --- The service's surveys ---------------------------------------------------------------------


@service_view("view_surveys")
def survey_list(request: HttpRequest, membership: Membership) -> HttpResponse:
    surveys = surveys_of(membership.service)
    return render(
        request,
        "surveys/list.html",
        page_context(membership, surveys=surveys, audiences=AUDIENCES),
    )


@service_view("manage_surveys")
def survey_create(request: HttpRequest, membership: Membership) -> HttpResponse:
    form = SurveyCreateForm(
        request.POST or None,
        request.FILES or None,
        initial={"period": financial_year_label(date.today())},
    )
    if request.method == "POST" and form.is_valid():
        assert form.definition is not None
        template = form.cleaned_data["template"]
        survey = do_create_survey(
            Actor.member(membership),
            membership.service,
            form.definition,
            period=form.cleaned_data["period"].strip(),
            title=form.cleaned_data["title"].strip(),
            template_id="" if template == OWN else template,
            invited=form.cleaned_data["invited"],
        )
        messages.success(request, f"Survey created: {survey.title}. Now create its links.")
        return redirect("survey_links", slug=membership.service.slug, survey_id=survey.pk)
    return render(request, "surveys/create.html", page_context(membership, form=form))


def _public_url(request: HttpRequest, link: SurveyLink) -> str:
    return request.build_absolute_uri(reverse("survey_public", args=[link.code]))


@service_view("manage_surveys")
def survey_links(request: HttpRequest, membership: Membership, survey_id: int) -> HttpResponse:
    survey = _survey(membership, survey_id)
    form = LinksForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        made = do_generate_links(Actor.member(membership), survey, form.cleaned_data["count"])
        messages.success(request, f"{len(made)} new link{'s' if len(made) != 1 else ''} created.")
        return redirect("survey_links", slug=membership.service.slug, survey_id=survey.pk)
    unused = list(unused_links(survey))
    used = used_link_count(survey)
    return render(
        request,
        "surveys/links.html",
        page_context(
            membership,
            survey=survey,
            form=form,
            unused=[(link, _public_url(request, link)) for link in unused],
            used=used,
        ),
    )


def _invitation(request: HttpRequest, link: SurveyLink) -> dict[str, Any]:
    url = _public_url(request, link)
    start = request.build_absolute_uri(reverse("survey_start"))
    return {
        "link": link,
        "url": url,
        "address": url.split("://", 1)[-1].rstrip("/"),
        "start": start.split("://", 1)[-1].rstrip("/"),
        "qr": qr_svg(url),
    }


@service_view("manage_surveys")
def survey_invitations(
    request: HttpRequest, membership: Membership, survey_id: int, link_id: int | None = None
) -> HttpResponse:
    """Invitations to print, one for each unused link (or for the one link asked for): the
    survey's title, the short code, the address to type and the link's QR code."""
    survey = _survey(membership, survey_id)
    links = list(unused_links(survey))
    if link_id is not None:
        links = [get_object_or_404(SurveyLink, survey=survey, pk=link_id)]
    return render(
        request,
        "surveys/invitations.html",
        page_context(
            membership,
            survey=survey,
            invitations=[_invitation(request, link) for link in links],
            single=link_id is not None,
        ),
    )


@service_view("manage_surveys")
def survey_links_csv(request: HttpRequest, membership: Membership, survey_id: int) -> HttpResponse:
    survey = _survey(membership, survey_id)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["link", "created", "used"])
    for link in links_of(survey):
        writer.writerow(
            [
                _public_url(request, link),
                link.created_at.date().isoformat(),
                "yes" if link.used_at else "no",
            ]
        )
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="survey-{survey.pk}-links.csv"'
    return response


@service_view("manage_surveys")
@require_POST
def survey_status(request: HttpRequest, membership: Membership, survey_id: int) -> HttpResponse:
    survey = _survey(membership, survey_id)
    wanted = request.POST.get("status", "")
    if wanted in Survey.Status.values and do_change_survey_status(
        Actor.member(membership), survey, wanted
    ):
        messages.success(
            request,
            "The survey is closed: its links no longer work."
            if wanted == Survey.Status.CLOSED
            else "The survey is open: its unused links work again.",
        )
    return redirect("survey_summary", slug=membership.service.slug, survey_id=survey.pk)


def _question_rows(definition: SurveyDefinition) -> list[dict[str, str]]:
    rows = []
    for q in definition.questions:
        if isinstance(q, RatingQuestion):
            accepts = f"a whole number from 1 ({q.low_label}) to 10 ({q.high_label})"
        elif isinstance(q, ChoiceQuestion):
            accepts = "one of: " + "; ".join(q.options)
        else:
            assert isinstance(q, TextQuestion)
            accepts = f"text, up to {q.max_length:,} characters"
        rows.append({"id": q.id, "text": q.text, "accepts": accepts})
    return rows


@service_view("manage_surveys")
def survey_import(request: HttpRequest, membership: Membership, survey_id: int) -> HttpResponse:
    """Check the upload's size, then queue it: the worker reads and checks every answer and
    adds the responses, and the progress page shows how far it has got (then the survey's
    summary, or every problem found)."""
    survey = _survey(membership, survey_id)
    definition = survey.parsed()
    form = AnswersUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        job = do_start_job(
            Actor.member(membership),
            membership.service,
            "survey_answers_import",
            f"Importing {upload.name} into {survey.title}",
            survey_answers_job,
            requires="manage_surveys",
            view="manage_surveys",
            payload=upload,
            survey_id=survey.pk,
            file_name=upload.name,
        )
        return redirect(job_url(job))
    return render(
        request,
        "surveys/import.html",
        page_context(
            membership,
            survey=survey,
            form=form,
            questions=_question_rows(definition),
        ),
    )


def _signed(value: float, places: int, unit: str = "") -> str:
    if round(value, places) == 0:
        return "no change"
    word = "up" if value > 0 else "down"
    return f"{word} {abs(value):.{places}f}{unit}"


def _rating_view(question: RatingQuestion, figures: dict[str, Any]) -> dict[str, Any]:
    if figures.get("suppressed"):
        return {"question": question, "suppressed": True}
    counts = tuple(figures["distribution"].values())
    n = figures["n"]
    return {
        "question": question,
        "suppressed": False,
        "figures": figures,
        "distribution": [
            (rating, count, round(100 * count / n, 1))
            for rating, count in figures["distribution"].items()
        ],
        "svg": distribution_svg(question.text, counts),
    }


def _change_view(
    question: RatingQuestion, figures: dict[str, Any], change: dict[str, Any]
) -> dict[str, Any]:
    if change.get("suppressed"):
        return {"question": question, "suppressed": True}
    return {
        "question": question,
        "suppressed": False,
        "mean": figures["mean"],
        "previous_mean": change["previous"]["mean"],
        "mean_change": _signed(change["mean"], 2),
        "share": figures["share_9_10"],
        "previous_share": change["previous"]["share_9_10"],
        "share_change": _signed(change["share_9_10"], 1, " points"),
    }


@service_view("view_surveys")
def survey_summary_page(
    request: HttpRequest, membership: Membership, survey_id: int
) -> HttpResponse:
    survey = _survey(membership, survey_id)
    definition = survey.parsed()
    comments = can(membership, "manage_surveys")
    summary = survey_summary(survey, include_comments=comments)
    questions: list[dict[str, Any]] = []
    changes: list[dict[str, Any]] = []
    for question in definition.questions:
        figures = summary["questions"][question.id]
        if isinstance(question, RatingQuestion):
            questions.append({"kind": "rating", **_rating_view(question, figures)})
            if summary["change"] is not None:
                changes.append(_change_view(question, figures, summary["change"][question.id]))
        else:
            questions.append(
                {
                    "kind": question.kind,
                    "question": question,
                    "suppressed": bool(figures.get("suppressed")),
                    "figures": figures,
                }
            )
    ratings = definition.rating_questions()
    breakdowns = []
    for group in definition.breakdown_questions():
        by_rating = summary["breakdowns"][group.id]
        labels = list(next(iter(by_rating.values()), {}))
        breakdowns.append(
            {
                "question": group,
                "groups": labels,
                "rows": [
                    (rating, [by_rating[rating.id][label] for label in labels])
                    for rating in ratings
                ],
            }
        )
    return render(
        request,
        "surveys/summary.html",
        page_context(
            membership,
            survey=survey,
            definition=definition,
            summary=summary,
            questions=questions,
            ratings=[q for q in questions if q["kind"] == "rating"],
            changes=changes,
            previous=summary["previous_survey"],
            breakdowns=breakdowns,
            show_comments=comments,
            suppressed_note=SUPPRESSED_NOTE,
            not_answered=NOT_ANSWERED,
            audience=AUDIENCES[survey.audience],
        ),
    )


@service_view("manage_surveys")
def survey_comments(request: HttpRequest, membership: Membership, survey_id: int) -> HttpResponse:
    survey = _survey(membership, survey_id)
    definition = survey.parsed()
    theme_form = ThemeForm(request.POST if request.POST.get("action") == "add" else None)
    url = reverse("survey_comments", args=[membership.service.slug, survey.pk])
    if request.method == "POST":
        if request.POST.get("action") == "add":
            if theme_form.is_valid():
                theme = do_add_theme(
                    Actor.member(membership), survey, theme_form.cleaned_data["name"]
                )
                messages.success(request, f"Theme added: {theme.name}.")
                return redirect(url)
        else:
            assignments: dict[int, int | None] = {}
            for key in request.POST:
                if key.startswith("theme-") and key[6:].isdigit():
                    value = request.POST.get(key, "")
                    assignments[int(key[6:])] = int(value) if value.isdigit() else None
            changed = do_assign_themes(Actor.member(membership), survey, assignments)
            messages.success(
                request, f"Themes saved: {changed} comment{'s' if changed != 1 else ''} changed."
            )
            return redirect(url)
    themes = list(themes_of(survey))
    text_questions = [q for q in definition.questions if isinstance(q, TextQuestion)]
    answers = comments_of(survey, [q.id for q in text_questions])
    by_question: dict[str, list[ResponseAnswer]] = {q.id: [] for q in text_questions}
    for answer in answers:
        by_question[answer.question_id].append(answer)
    return render(
        request,
        "surveys/comments.html",
        page_context(
            membership,
            survey=survey,
            form=theme_form,
            themes=themes,
            sections=[(q, by_question[q.id]) for q in text_questions],
            comment_count=sum(len(v) for v in by_question.values()),
        ),
    )


# --- The public form ---------------------------------------------------------------------------


def _link_refused(request: HttpRequest, status: int, closed: bool = False) -> HttpResponse:
    return render(request, "surveys/public_refused.html", {"closed": closed}, status=status)


@never_cache
def survey_public(request: HttpRequest, code: str) -> HttpResponse:
    link = link_with_code(code)
    if link is None:
        return _link_refused(request, 404)
    if link.used_at is not None:
        return _link_refused(request, 410)
    survey = link.survey
    if survey.status != Survey.Status.OPEN:
        return _link_refused(request, 410, closed=True)
    definition = survey.parsed()
    form = PublicSurveyForm(definition, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            response = do_submit_response(Actor.respondent(), link, form.answers())
        except PermissionDenied:  # closed meanwhile
            return _link_refused(request, 410, closed=True)
        if response is None:
            return _link_refused(request, 410)
        return redirect("survey_thanks")
    return render(
        request,
        "surveys/public_form.html",
        {"form": form, "definition": definition, "survey": survey, "service": survey.service},
    )


@never_cache
def survey_start(request: HttpRequest) -> HttpResponse:
    """Where a person types the code from their printed invitation."""
    form = CodeForm(request.GET or None)
    if form.is_valid():
        return redirect("survey_public", code=form.cleaned_data["code"])
    return render(request, "surveys/public_start.html", {"form": form})


@never_cache
def survey_thanks(request: HttpRequest) -> HttpResponse:
    return render(request, "surveys/public_thanks.html")
