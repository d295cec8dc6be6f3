"""Inspections: set-up, cases, the generated audit form, judgements and live ratings."""

from __future__ import annotations

from datetime import date
from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from yjqa.core.caseload.codes import CUSTODY, OUT_OF_COURT, STATUTORY
from yjqa.core.frameworks.model import NOT_RATED
from yjqa.core.rating.uncertainty import BORDERLINE_BELOW
from yjqa.web.accounts.models import User
from yjqa.web.caseload.models import CaseRecord
from yjqa.web.inspections import services
from yjqa.web.inspections.forms import (
    InspectionForm,
    StatusForm,
    audit_layout,
    case_audit_form,
    field_key,
    judgement_form,
)
from yjqa.web.inspections.models import (
    Answer,
    AuditAnswer,
    CaseAudit,
    Inspection,
    JudgementRecord,
)
from yjqa.web.inspections.moderation import counted_answers, hidden_markings
from yjqa.web.inspections.ratings import inspection_rating_details
from yjqa.web.tenancy.access import can, page_context, service_view
from yjqa.web.tenancy.models import AccessLog, Membership, Role
from yjqa.web.tenancy.services import do_log_access


def _inspection(membership: Membership, inspection_id: int) -> Inspection:
    return get_object_or_404(Inspection, pk=inspection_id, service=membership.service)


def _people(membership: Membership) -> QuerySet[User]:
    return User.objects.filter(
        memberships__in=membership.service.memberships.active().filter(
            role__in=[Role.AUDITOR, Role.MANAGER]
        )
    ).order_by("full_name")


@service_view("view_inspections")
def inspection_list(request: HttpRequest, membership: Membership) -> HttpResponse:
    inspections = membership.service.inspections.annotate(
        cases=Count("audits"),
        submitted=Count("audits", filter=Q(audits__status=CaseAudit.Status.SUBMITTED)),
    )
    return render(
        request, "inspections/list.html", page_context(membership, inspections=inspections)
    )


@service_view("manage_inspections")
def inspection_create(request: HttpRequest, membership: Membership) -> HttpResponse:
    form = InspectionForm(request.POST or None, people=_people(membership))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        team = data.pop("team")
        inspection = services.do_create_inspection(membership.service, team=team, **data)
        messages.success(request, f"{inspection.title} has been created.")
        return redirect(
            "inspection_detail", slug=membership.service.slug, inspection_id=inspection.pk
        )
    return render(
        request, "inspections/form.html", page_context(membership, form=form, creating=True)
    )


@service_view("manage_inspections")
def inspection_edit(
    request: HttpRequest, membership: Membership, inspection_id: int
) -> HttpResponse:
    inspection = _inspection(membership, inspection_id)
    if inspection.is_read_only:
        raise Http404
    form = InspectionForm(request.POST or None, instance=inspection, people=_people(membership))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        team = data.pop("team")
        services.do_update_inspection(inspection, team=team, **data)
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
    inspection = _inspection(membership, inspection_id)
    audits = inspection.audits.select_related("case", "auditor")
    progress = (
        audits.values("auditor__full_name")
        .annotate(
            total=Count("id"),
            not_started=Count("id", filter=Q(status=CaseAudit.Status.NOT_STARTED)),
            drafted=Count("id", filter=Q(status=CaseAudit.Status.DRAFT)),
            submitted=Count("id", filter=Q(status=CaseAudit.Status.SUBMITTED)),
        )
        .order_by("auditor__full_name")
    )
    framework = inspection.framework
    judgements = {j.standard_id: j for j in inspection.judgements.all()}
    judgement_standards = [
        (s, judgements.get(s.id)) for s in framework.iter_standards() if s.kind == "judgement"
    ]
    user = cast(User, request.user)
    return render(
        request,
        "inspections/detail.html",
        page_context(
            membership,
            inspection=inspection,
            framework=framework,
            audits=audits,
            progress=progress,
            judgement_standards=judgement_standards,
            samples=inspection.samples.all(),
            status_form=StatusForm(initial={"status": inspection.status}),
            may_edit_audit={a.pk for a in audits if _may_edit_audit(membership, user, a)},
        ),
    )


@require_POST
@service_view("manage_inspections")
def inspection_status(
    request: HttpRequest, membership: Membership, inspection_id: int
) -> HttpResponse:
    inspection = _inspection(membership, inspection_id)
    form = StatusForm(request.POST)
    if form.is_valid():
        try:
            services.do_change_status(inspection, form.cleaned_data["status"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, f"The inspection is now at {inspection.get_status_display().lower()}."
            )
    return redirect("inspection_detail", slug=membership.service.slug, inspection_id=inspection.pk)


def eligible_cases(inspection: Inspection) -> QuerySet[CaseRecord]:
    """Cases whose outcome falls in a window of the inspection, not already in it."""
    cases = CaseRecord.objects.filter(service=inspection.service).exclude(
        pk__in=inspection.audits.values("case_id")
    )
    windows = Q(pk__in=[])
    for outcomes, start, end in (
        (STATUTORY, inspection.court_window_start, inspection.court_window_end),
        (OUT_OF_COURT, inspection.oocd_window_start, inspection.oocd_window_end),
        (CUSTODY, inspection.resettlement_window_start, inspection.resettlement_window_end),
    ):
        if start or end:
            window = Q(outcome__in=outcomes)
            if start:
                window &= Q(outcome_date__gte=start)
            if end:
                window &= Q(outcome_date__lte=end)
            windows |= window
    return cases.filter(windows).order_by("outcome", "case_ref")


@service_view("manage_inspections")
def add_cases(request: HttpRequest, membership: Membership, inspection_id: int) -> HttpResponse:
    inspection = _inspection(membership, inspection_id)
    if inspection.is_read_only:
        raise Http404
    eligible = eligible_cases(inspection)
    auditors = inspection.team.all() or _people(membership)
    if request.method == "POST":
        chosen = eligible.filter(case_ref__in=request.POST.getlist("cases"))
        auditor = auditors.filter(pk=request.POST.get("auditor") or 0).first()
        if not chosen:
            messages.error(request, "Select at least one case to add.")
        else:
            result = services.do_add_cases(inspection, chosen, auditor)
            messages.success(
                request, f"{len(result.added)} case{'s' if len(result.added) != 1 else ''} added."
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
        page_context(membership, inspection=inspection, eligible=eligible, auditors=auditors),
    )


def _may_edit_audit(membership: Membership, user: User, audit: CaseAudit) -> bool:
    if audit.inspection.is_read_only:
        return False
    if can(membership, "manage_inspections") or audit.inspection.lead_id == user.pk:
        return True
    return can(membership, "record_audits") and audit.auditor_id == user.pk


def _audit_initial(audit: CaseAudit) -> dict[str, Any]:
    initial: dict[str, Any] = {"version": audit.version}
    if audit.case_manager_interviewed is not None:
        initial["case_manager_interviewed"] = "yes" if audit.case_manager_interviewed else "no"
    for answer in audit.answers.all():
        initial[f"kq_{field_key(answer.key_question_id)}"] = answer.answer
        initial[f"evidence_{field_key(answer.key_question_id)}"] = answer.evidence
    for prompt in audit.prompt_answers.all():
        initial[f"prompt_{field_key(prompt.prompt_id)}"] = prompt.answer
    return initial


@service_view("view_cases")
def case_audit(
    request: HttpRequest, membership: Membership, inspection_id: int, audit_id: int
) -> HttpResponse:
    inspection = _inspection(membership, inspection_id)
    audit = get_object_or_404(
        CaseAudit.objects.select_related("case"), pk=audit_id, inspection=inspection
    )
    user = cast(User, request.user)
    do_log_access(
        user,
        membership.service,
        AccessLog.Action.CHANGE if request.method == "POST" else AccessLog.Action.VIEW,
        audit.case.case_ref,
        record_type="case audit",
    )
    if audit.pk in hidden_markings(inspection, user):
        return render(
            request,
            "inspections/audit_hidden.html",
            page_context(membership, inspection=inspection, audit=audit, case=audit.case),
        )
    editable = _may_edit_audit(membership, user, audit)
    domain = next(d for d in inspection.framework.domains if d.id == audit.domain_id)
    if request.method == "POST" and not editable:
        raise Http404
    form = case_audit_form(domain, data=request.POST or None, initial=_audit_initial(audit))
    conflict = None
    unanswered: list[str] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        questions = [q for s in domain.standards if s.kind == "case" for q in s.key_questions]
        audit_input = services.AuditInput(
            answers={q.id: data[f"kq_{field_key(q.id)}"] for q in questions},
            evidence={q.id: data[f"evidence_{field_key(q.id)}"] for q in questions},
            prompt_answers={
                p.id: data[f"prompt_{field_key(p.id)}"] for q in questions for p in q.prompts
            },
            case_manager_interviewed=data["case_manager_interviewed"],
        )
        try:
            unanswered = services.do_save_audit(
                audit, user, data["version"], audit_input, submit="submit" in request.POST
            )
        except services.EditConflict as clash:
            conflict = clash
        else:
            if not unanswered:
                done = (
                    "submitted"
                    if audit.status == CaseAudit.Status.SUBMITTED
                    else "saved as a draft"
                )
                messages.success(
                    request, f"The audit of case {audit.case.case_ref} has been {done}."
                )
                return redirect(
                    "inspection_detail", slug=membership.service.slug, inspection_id=inspection.pk
                )
            form = case_audit_form(domain, data=None, initial=_audit_initial(audit))
    return render(
        request,
        "inspections/audit.html",
        page_context(
            membership,
            inspection=inspection,
            audit=audit,
            case=audit.case,
            domain=domain,
            form=form,
            layout=audit_layout(domain, form),
            editable=editable,
            conflict=conflict,
            unanswered=[(q, field_key(q)) for q in unanswered],
        ),
    )


@service_view("manage_inspections")
def judgement(
    request: HttpRequest, membership: Membership, inspection_id: int, standard_id: str
) -> HttpResponse:
    inspection = _inspection(membership, inspection_id)
    framework = inspection.framework
    try:
        standard = framework.standard(standard_id)
    except KeyError:
        raise Http404 from None
    if standard.kind != "judgement" or inspection.is_read_only:
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
                inspection, standard_id, cast(User, request.user), version, **data
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
            membership, inspection=inspection, standard=standard, form=form, conflict=conflict
        ),
    )


@service_view("view_inspections")
def ratings(request: HttpRequest, membership: Membership, inspection_id: int) -> HttpResponse:
    inspection = _inspection(membership, inspection_id)
    framework = inspection.framework
    details = inspection_rating_details(inspection)
    rating = details.rating
    rows = []
    for domain in framework.domains:
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
                {"standard": standard, "result": result, "questions": questions, "sure": sure}
            )
        rows.append({"domain": domain, "standards": standards})
    counts = inspection.audits.filter(marking=CaseAudit.Marking.FIRST).aggregate(
        total=Count("id"), submitted=Count("id", filter=Q(status=CaseAudit.Status.SUBMITTED))
    )
    return render(
        request,
        "inspections/ratings.html",
        page_context(
            membership,
            inspection=inspection,
            framework=framework,
            rating=rating,
            rows=rows,
            counts=counts,
            not_rated=NOT_RATED,
            awaiting=len(details.awaiting_moderation),
            borderline_below=BORDERLINE_BELOW,
        ),
    )


@service_view("view_cases")
def cases_behind(
    request: HttpRequest, membership: Membership, inspection_id: int, key_question_id: str
) -> HttpResponse:
    inspection = _inspection(membership, inspection_id)
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
        .select_related("audit__case", "audit__auditor")
    ):
        counts = counted.get(answer.audit.case.case_ref, {}).get(key_question_id, answer.answer)
        answers.append((answer, Answer(counts).label, counts != answer.answer))
    answers.sort(key=lambda row: (row[1], row[0].audit.case.case_ref))
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
