"""Inspections: set-up, cases, the generated audit form, judgements, live ratings, history."""

from __future__ import annotations

from datetime import date
from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from yjqa.core.documents.chances import chances, likelier_text
from yjqa.core.documents.proportions import ALL_NOT_APPLICABLE, NO_CASES_YET, figure_proportion
from yjqa.core.documents.ratings_table import as_draft
from yjqa.core.frameworks.model import NOT_RATED, Framework
from yjqa.web.accounts.models import User
from yjqa.web.audit.trail import Actor
from yjqa.web.inspections import cached, history, queries, services
from yjqa.web.inspections.forms import (
    AddCasesForm,
    InspectionForm,
    StatusForm,
    judgement_form,
)
from yjqa.web.inspections.guards import may_edit_audit
from yjqa.web.inspections.how_sure import borderline_rule_text, standard_sure
from yjqa.web.inspections.judgement_evidence import evidence_counts
from yjqa.web.inspections.judgement_views import register_context
from yjqa.web.inspections.models import (
    Answer,
    AuditAnswer,
    CaseAudit,
    Inspection,
    JudgementRecord,
)
from yjqa.web.inspections.moderation import counted_answers, hidden_markings
from yjqa.web.inspections.ratings import InspectionRating
from yjqa.web.inspections.report import Gap
from yjqa.web.inspections.sampling import (
    audited_under,
    plan_title,
    sample_domains,
    sample_label,
)
from yjqa.web.tenancy.access import page_context, service_view, tenant_object
from yjqa.web.tenancy.models import AccessLog, Membership
from yjqa.web.tenancy.queries import member_names
from yjqa.web.tenancy.services import do_log_access


def domain_label(framework: Framework, domain_id: str) -> str:
    """A domain as people read it: "2: Court disposals", never a bare "2"."""
    try:
        return f"{domain_id}: {framework.domain(domain_id).title}"
    except KeyError:
        return domain_id


def inspection_page(
    membership: Membership, inspection_id: int, *, writable: bool = False
) -> Inspection:
    """The service's own inspection, or "Page not found"; and so for a page that changes
    it, once the inspection is published and read-only."""
    inspection = tenant_object(Inspection, membership, pk=inspection_id)
    if writable and inspection.is_read_only:
        raise Http404
    return inspection


@service_view("view_inspections")
def inspection_list(request: HttpRequest, membership: Membership) -> HttpResponse:
    inspections = queries.inspections_of(membership.service)
    return render(
        request, "inspections/list.html", page_context(membership, inspections=inspections)
    )


@service_view("manage_inspections")
def inspection_create(request: HttpRequest, membership: Membership) -> HttpResponse:
    form = InspectionForm(request.POST or None, people=queries.auditing_people(membership.service))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        team = data.pop("team")
        try:
            inspection = services.do_create_inspection(
                Actor.member(membership), membership.service, team=team, **data
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"{inspection.title} has been created.")
            return redirect(
                "inspection_detail", slug=membership.service.slug, inspection_id=inspection.pk
            )
    return render(
        request, "inspections/form.html", page_context(membership, form=form, creating=True)
    )


def _add_errors(form: InspectionForm, error: ValidationError) -> None:
    """A service's refusal on the form: on its field where it names one the form has."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


@service_view("manage_inspections")
def inspection_edit(
    request: HttpRequest, membership: Membership, inspection_id: int
) -> HttpResponse:
    inspection = inspection_page(membership, inspection_id, writable=True)
    form = InspectionForm(
        request.POST or None,
        instance=inspection,
        people=queries.auditing_people(membership.service),
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        team = data.pop("team")
        try:
            services.do_update_inspection(Actor.member(membership), inspection, team=team, **data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, "The inspection has been updated.")
            return redirect(
                "inspection_detail", slug=membership.service.slug, inspection_id=inspection.pk
            )
    return render(
        request,
        "inspections/form.html",
        page_context(membership, form=form, inspection=inspection, creating=False),
    )


@service_view("view_inspections")
def inspection_detail(
    request: HttpRequest, membership: Membership, inspection_id: int
) -> HttpResponse:
    inspection = inspection_page(membership, inspection_id)
    return _detail_page(request, membership, inspection)


def _gap_links(membership: Membership, inspection: Inspection, gaps: list[Gap]) -> list[Any]:
    """Each gap with the address that fills it, for the error summary."""
    links = []
    for gap in gaps:
        args: list[Any] = [membership.service.slug, inspection.pk]
        if gap.page == "inspection_detail":
            href = "#progress"
        else:
            href = reverse(gap.page, args=[*args, gap.standard_id] if gap.standard_id else args)
        links.append((gap.text, href))
    return links


def _detail_page(
    request: HttpRequest,
    membership: Membership,
    inspection: Inspection,
    status_form: StatusForm | None = None,
    gaps: list[Gap] | None = None,
) -> HttpResponse:
    audits = queries.audits_of(inspection)
    framework = inspection.framework
    judgements = queries.judgements_by_standard(inspection)
    judgement_standards = [
        (s, judgements.get(s.id))
        for s in framework.standards_for(inspection.inspection_type or None)
        if s.kind == "judgement"
    ]
    actor = Actor.member(membership)
    # The samples in the framework's order (the national standards': standard 1 to 5).
    order = {str(domain): n for n, domain in enumerate(sample_domains(framework))}
    return render(
        request,
        "inspections/detail.html",
        page_context(
            membership,
            inspection=inspection,
            framework=framework,
            audits=audits,
            audit_rows=[(a, domain_label(framework, a.domain_id)) for a in audits],
            progress=queries.audit_progress(inspection),
            judgement_standards=judgement_standards,
            samples=[
                (s, plan_title(s.plan_id), sample_label(framework, s.domain))
                for s in sorted(inspection.samples.all(), key=lambda s: order.get(s.domain, 99))
            ],
            status_form=status_form or StatusForm(initial={"status": inspection.status}),
            form=status_form,  # the page's title says "Error:" when it has errors
            gaps=_gap_links(membership, inspection, gaps or []),
            may_edit_audit={
                a.pk for a in audits if not inspection.is_read_only and may_edit_audit(actor, a)
            },
        ),
    )


@require_POST
@service_view("manage_inspections")
def inspection_status(
    request: HttpRequest, membership: Membership, inspection_id: int
) -> HttpResponse:
    inspection = inspection_page(membership, inspection_id, writable=True)
    form = StatusForm(request.POST)
    if form.is_valid():
        try:
            services.do_change_status(
                Actor.member(membership), inspection, form.cleaned_data["status"]
            )
        except services.NotReadyToPublish as refusal:
            form.add_error(
                "status",
                "The report cannot be published yet: record what is missing, listed above",
            )
            return _detail_page(request, membership, inspection, form, refusal.gaps)
        except ValidationError as error:
            form.add_error("status", " ".join(error.messages))
        else:
            messages.success(
                request, f"The inspection is now at {inspection.get_status_display().lower()}."
            )
            return redirect(
                "inspection_detail", slug=membership.service.slug, inspection_id=inspection.pk
            )
    return _detail_page(request, membership, inspection, form)


@service_view("manage_inspections")
def add_cases(request: HttpRequest, membership: Membership, inspection_id: int) -> HttpResponse:
    inspection = inspection_page(membership, inspection_id, writable=True)
    eligible = queries.cases_to_add(inspection)
    auditors = inspection.team.all() or queries.auditing_people(membership.service)
    form = AddCasesForm(
        request.POST or None,
        eligible=eligible,
        people=auditors,
        audited_under=audited_under(inspection, eligible),
    )
    if request.method == "POST" and form.is_valid():
        chosen = eligible.filter(case_ref__in=form.cleaned_data["cases"])
        result = services.do_add_cases(
            Actor.member(membership), inspection, chosen, form.cleaned_data["auditor"]
        )
        messages.success(
            request, f"{len(result.added)} case{'s' if len(result.added) != 1 else ''} added."
        )
        if result.already:
            messages.info(
                request,
                "Not added again, because they are in the inspection already under every "
                f"domain their outcome belongs to: {', '.join(result.already)}.",
            )
        if result.same_child:
            messages.info(
                request,
                "Not added, because the framework audits each child once and their child "
                f"is in the inspection already: {', '.join(result.same_child)}.",
            )
        if result.not_in_framework:
            messages.info(
                request,
                f"Not added, because the framework does not audit their kind of outcome: "
                f"{', '.join(result.not_in_framework)}.",
            )
        return redirect(
            "inspection_detail", slug=membership.service.slug, inspection_id=inspection.pk
        )
    return render(
        request,
        "inspections/add_cases.html",
        page_context(membership, inspection=inspection, eligible=eligible, form=form),
    )


@service_view("manage_inspections")
def judgement(
    request: HttpRequest, membership: Membership, inspection_id: int, standard_id: str
) -> HttpResponse:
    inspection = inspection_page(membership, inspection_id, writable=True)
    framework = inspection.framework
    try:
        standard = framework.standard(standard_id)
    except KeyError:
        raise Http404 from None
    if standard.kind != "judgement":
        raise Http404
    record = JudgementRecord.objects.filter(inspection=inspection, standard_id=standard_id).first()
    initial: dict[str, Any] = {"version": record.version if record else 0}
    if record:
        initial |= {
            "rating": record.rating,
            "evidence": record.evidence,
        }
    form = judgement_form(framework, standard_id, data=request.POST or None, initial=initial)
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            services.do_save_judgement(
                Actor.member(membership), inspection, standard_id, version, **data
            )
        except services.EditConflict as clash:
            conflict = clash
        else:
            messages.success(
                request, f"The judgement for {standard.id} {standard.title} has been saved."
            )
            return redirect(
                "inspection_detail", slug=membership.service.slug, inspection_id=inspection.pk
            )
    return render(
        request,
        "inspections/judgement.html",
        page_context(
            membership,
            inspection=inspection,
            standard=standard,
            form=form,
            conflict=conflict,
            **register_context(membership, inspection, standard),
        ),
    )


@service_view("view_inspections")
def ratings(request: HttpRequest, membership: Membership, inspection_id: int) -> HttpResponse:
    inspection = inspection_page(membership, inspection_id)
    if not inspection.framework.rated:
        return _proportions_page(request, membership, inspection, cached.rating_details(inspection))
    context = page_context(membership, inspection=inspection)
    body = cached.page_part(
        "ratings-page",
        inspection,
        context["can"],  # type: ignore[arg-type]
        lambda: render_to_string(
            "inspections/_ratings_body.html",
            _ratings_context(membership, inspection),
            request=request,
        ),
    )
    return render(request, "inspections/ratings.html", {**context, "body": mark_safe(body)})


def _ratings_context(membership: Membership, inspection: Inspection) -> dict[str, object]:
    """The ratings page's content: everything in it comes from the inspection's figures and
    records, and the person's capabilities (cached.page_part)."""
    framework = inspection.framework
    details = cached.rating_details(inspection)
    rating = details.rating
    if not inspection.is_read_only:  # in progress: say what is not yet rated
        judged = inspection.judgements.exclude(rating="").values_list("standard_id", flat=True)
        rating = as_draft(framework, rating, frozenset(judged))
    rows = []
    evidence = evidence_counts(inspection)
    for domain in framework.domains_for(rating.inspection_type):
        standards = []
        for standard in domain.standards:
            result = rating.standard(standard.id)
            sure = details.uncertainty.get(standard.id)
            stats = {s.key_question_id: s for s in sure.key_question_stats} if sure else {}
            questions = [
                (q, kq, stats.get(q.id))
                for q, kq in zip(standard.key_questions, result.key_questions, strict=False)
            ]
            standards.append(
                {
                    "standard": standard,
                    "result": result,
                    "questions": questions,
                    "sure": sure,
                    "how": standard_sure(
                        framework, domain, result.rating, sure, details.standard_population
                    )
                    if sure
                    else None,
                    "evidence": evidence.get(standard.id, 0),
                }
            )
        rows.append({"domain": domain, "standards": standards})
    counts = queries.first_marking_counts(inspection)
    overall_chances = chances(framework, details.overall_probability, rating.overall)
    return page_context(
        membership,
        inspection=inspection,
        framework=framework,
        rating=rating,
        rows=rows,
        areas=[
            (area, rating.areas.get(area.id) or "Not yet rated")
            for area in framework.areas_for(rating.inspection_type)
        ]
        if rating.inspection_type
        else [],
        kind=framework.inspection_type(rating.inspection_type) if rating.inspection_type else None,
        counts=counts,
        not_rated=NOT_RATED,
        awaiting=len(details.awaiting_moderation),
        overall_chances=overall_chances,
        overall_likelier=likelier_text(overall_chances),
        too_few_any=any(sure.too_few_cases for sure in details.uncertainty.values()),
        borderline_rule=borderline_rule_text(framework),
    )


def _proportions_page(
    request: HttpRequest,
    membership: Membership,
    inspection: Inspection,
    details: InspectionRating,
) -> HttpResponse:
    """An unrated framework's figures: each key question's proportion of cases in figures and
    in the framework's words, and whether each judgement is recorded; no rating, band,
    score or chance of a rating, as inspectors report such a framework's findings."""
    framework, rating = inspection.framework, details.rating
    judged = set(inspection.judgements.exclude(rating="").values_list("standard_id", flat=True))
    evidence = evidence_counts(inspection)
    rows = []
    for domain in framework.domains_for(rating.inspection_type):
        standards = []
        for standard in domain.standards:
            result = rating.standard(standard.id)
            questions = []
            for question, figure in zip(standard.key_questions, result.key_questions, strict=False):
                shown = figure_proportion(framework, figure)
                if shown is not None:
                    said = shown.text()
                elif figure.tally is not None and figure.tally.not_applicable:
                    said = ALL_NOT_APPLICABLE
                else:
                    said = NO_CASES_YET
                questions.append((question, figure, shown, said))
            standards.append(
                {
                    "standard": standard,
                    "result": result,
                    "questions": questions,
                    "recorded": standard.id in judged,
                    "evidence": evidence.get(standard.id, 0),
                }
            )
        rows.append({"domain": domain, "standards": standards})
    return render(
        request,
        "inspections/proportions.html",
        page_context(
            membership,
            inspection=inspection,
            framework=framework,
            rows=rows,
            several_domains=len(rows) > 1,
            counts=queries.first_marking_counts(inspection),
            awaiting=len(details.awaiting_moderation),
        ),
    )


@service_view("view_cases")
def cases_behind(
    request: HttpRequest, membership: Membership, inspection_id: int, key_question_id: str
) -> HttpResponse:
    inspection = inspection_page(membership, inspection_id)
    try:
        standard, question = inspection.framework.key_question(key_question_id)
    except KeyError:
        raise Http404 from None
    counted = counted_answers(inspection).by_case
    answers = []
    for answer in (
        AuditAnswer.objects.filter(
            audit__inspection=inspection,
            audit__status=CaseAudit.Status.SUBMITTED,
            audit__marking=CaseAudit.Marking.FIRST,
            key_question_id=key_question_id,
        )
        .exclude(answer="")
        .exclude(audit_id__in=hidden_markings(inspection, cast(User, request.user)))
        .select_related("audit__case", "audit__victim", "audit__auditor")
    ):
        counts = counted.get(answer.audit.answer_key, {}).get(key_question_id, answer.answer)
        answers.append((answer, Answer(counts).label, counts != answer.answer))
    answers.sort(key=lambda row: (row[1], row[0].audit.ref))
    actor = Actor.member(membership)
    for answer, _, _ in answers:  # the page shows each audit's answer and its evidence note
        do_log_access(
            actor,
            membership.service,
            AccessLog.Action.VIEW,
            answer.audit.ref,
            record_type="victim audit" if answer.audit.victim_id else "case audit",
        )
    return render(
        request,
        "inspections/cases_behind.html",
        page_context(
            membership,
            inspection=inspection,
            standard=standard,
            question=question,
            answers=answers,
            today=date.today(),
        ),
    )


HISTORY_PAGE_SIZE = 50


@service_view("manage_inspections")
def inspection_history(
    request: HttpRequest, membership: Membership, inspection_id: int
) -> HttpResponse:
    """Who changed what in the inspection, and when: its audit trail, newest first."""
    inspection = inspection_page(membership, inspection_id)
    page = Paginator(history.events(inspection), HISTORY_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    names = member_names(membership.service)
    return render(
        request,
        "inspections/history.html",
        page_context(
            membership,
            inspection=inspection,
            page=page,
            rows=[history.describe(event, names) for event in page],
            query=request.GET,
        ),
    )
