"""Improvement plans and board meetings: pages under /services/<slug>/improvement/.

Everyone who may view the service's improvement work (board members included) reads
improvement plans, actions with their evidence and history, meetings and the board pack; only
administrators and managers change anything (`manage_improvement`): for anyone else those
pages are 404. Every change goes through a `services.do_*` function; reads come from
`queries`.
"""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from yjqa.core.improvement.rules import DUE_SOON_DAYS, Status
from yjqa.web.audit.trail import Actor
from yjqa.web.document_jobs import FILE_FORMATS, document_file
from yjqa.web.documents import CONTENT_TYPES, document_csp, document_response
from yjqa.web.improvement import queries, services
from yjqa.web.improvement.board_pack import latest_inspection, meeting_pack, reported_inspection
from yjqa.web.improvement.forms import (
    ActionForm,
    EvidenceForm,
    ImprovementPlanFromInspectionForm,
    ImprovementPlanImportForm,
    MarkHeldForm,
    MeetingForm,
)
from yjqa.web.improvement.imports import improvement_plan_import_job
from yjqa.web.improvement.models import Action, BoardMeeting, ImprovementPlan, PlanItem
from yjqa.web.improvement.spreadsheet import XLSX, export_name, improvement_plan_workbook
from yjqa.web.inspections.models import Inspection
from yjqa.web.jobs.services import do_start_job, job_url
from yjqa.web.tenancy.access import page_context, service_view, tenant_object
from yjqa.web.tenancy.models import AccessLog, Membership
from yjqa.web.tenancy.services import do_log_access


def _improvement_plan(membership: Membership, improvement_plan_id: int) -> ImprovementPlan:
    return tenant_object(ImprovementPlan, membership, pk=improvement_plan_id)


def _item(plan: ImprovementPlan, item_id: int) -> PlanItem:
    item = queries.item_of(plan, item_id)
    if item is None:
        raise Http404("No such page")
    return item


def _action(plan: ImprovementPlan, action_id: int) -> Action:
    action = queries.action_of(plan, action_id)
    if action is None:
        raise Http404("No such page")
    return action


def _meeting(membership: Membership, meeting_id: int) -> BoardMeeting:
    return tenant_object(BoardMeeting, membership, pk=meeting_id)


def _posted(request: HttpRequest) -> QueryDict | None:
    """The form data of a POST (even an empty one, so its errors show), or None."""
    return request.POST if request.method == "POST" else None


def _to_improvement_plan(membership: Membership, plan: ImprovementPlan) -> HttpResponse:
    return redirect(
        "improvement_plan_detail", slug=membership.service.slug, improvement_plan_id=plan.pk
    )


# --- Improvement plans ----------------------------------------------------------------------------


@service_view("view_improvement")
def improvement_plan_list(request: HttpRequest, membership: Membership) -> HttpResponse:
    plans = queries.improvement_plan_summaries(membership.service, timezone.localdate())
    return render(
        request,
        "improvement/improvement_plans.html",
        page_context(
            membership,
            plans=plans,
            may_create=membership.service.inspections.exists(),
        ),
    )


@service_view("manage_improvement")
def improvement_plan_create(request: HttpRequest, membership: Membership) -> HttpResponse:
    inspections = membership.service.inspections.all()
    form = ImprovementPlanFromInspectionForm(_posted(request), inspections=inspections)
    if request.method == "POST" and form.is_valid():
        inspection = tenant_object(Inspection, membership, pk=form.cleaned_data["inspection"])
        plan, added = services.do_create_improvement_plan_from_inspection(
            Actor.member(membership), inspection
        )
        messages.success(
            request,
            f"{plan.title}: {added} item{'s' if added != 1 else ''} added from the "
            "inspection's recommendations."
            if added
            else f"{plan.title} already has an item for every recommendation.",
        )
        return _to_improvement_plan(membership, plan)
    return render(
        request, "improvement/improvement_plan_create.html", page_context(membership, form=form)
    )


@service_view("view_improvement")
def improvement_plan_detail(
    request: HttpRequest, membership: Membership, improvement_plan_id: int
) -> HttpResponse:
    plan = _improvement_plan(membership, improvement_plan_id)
    today = timezone.localdate()
    items, summary = queries.improvement_plan_view(plan, today)
    only_overdue = request.GET.get("show") == "overdue"
    shown = items
    if only_overdue:
        shown = [
            queries.ItemView(i.item, i.status, [a for a in i.actions if a.overdue])
            for i in items
            if i.overdue
        ]
    return render(
        request,
        "improvement/improvement_plan.html",
        page_context(
            membership,
            plan=plan,
            items=shown,
            summary=summary,
            only_overdue=only_overdue,
            today=today,
            due_soon_days=DUE_SOON_DAYS,
        ),
    )


@service_view("view_improvement")
def improvement_plan_history(
    request: HttpRequest, membership: Membership, improvement_plan_id: int
) -> HttpResponse:
    plan = _improvement_plan(membership, improvement_plan_id)
    changes = queries.improvement_plan_changes(plan)
    return render(
        request,
        "improvement/improvement_plan_history.html",
        page_context(
            membership,
            plan=plan,
            changes=changes[:500],
            total=changes.count(),
            today=timezone.localdate(),
        ),
    )


@service_view("view_improvement")
def improvement_plan_export(
    request: HttpRequest, membership: Membership, improvement_plan_id: int
) -> HttpResponse:
    plan = _improvement_plan(membership, improvement_plan_id)
    response = HttpResponse(improvement_plan_workbook(plan), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{export_name(plan)}"'
    return response


@service_view("manage_improvement")
def improvement_plan_import(
    request: HttpRequest, membership: Membership, improvement_plan_id: int
) -> HttpResponse:
    """Check the upload's size and type, then queue it: the worker reads, checks and applies
    it (all or nothing, compare-and-set on each action's exported version), and the progress
    page, where this sends the person, shows how far it has got and then any problems."""
    plan = _improvement_plan(membership, improvement_plan_id)
    form = ImprovementPlanImportForm(
        _posted(request), request.FILES if request.method == "POST" else None
    )
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        job = do_start_job(
            Actor.member(membership),
            membership.service,
            "improvement_plan_import",
            f"Importing {upload.name} into {plan.title}",
            improvement_plan_import_job,
            requires="manage_improvement",
            view="view_improvement",
            payload=upload,
            improvement_plan_id=plan.pk,
            file_name=upload.name,
        )
        return redirect(job_url(job))
    return render(
        request,
        "improvement/import.html",
        page_context(membership, plan=plan, form=form, problems=[], problem_total=0),
    )


# --- Actions ----------------------------------------------------------------------------------


def _rule_errors(form: ActionForm, error: services.ActionRulesBroken) -> None:
    for problem in error.problems:
        form.add_rule_problem(problem.field, problem.message)


@service_view("manage_improvement")
def action_create(
    request: HttpRequest, membership: Membership, improvement_plan_id: int, item_id: int
) -> HttpResponse:
    plan = _improvement_plan(membership, improvement_plan_id)
    item = _item(plan, item_id)
    form = ActionForm(_posted(request), initial={"status": Status.NOT_STARTED.value})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.do_add_action(
                Actor.member(membership),
                item,
                description=data["description"],
                owner=data["owner"],
                due_date=data["due_date"],
                status=Status(data["status"]),
                closed_reason=data["closed_reason"],
                evidence_note=data["evidence_note"],
            )
        except services.ActionRulesBroken as error:
            _rule_errors(form, error)
        else:
            messages.success(request, f"The action has been added to item {item.order}.")
            return _to_improvement_plan(membership, plan)
    return render(
        request,
        "improvement/action_form.html",
        page_context(membership, plan=plan, item=item, form=form, action=None, conflict=None),
    )


@service_view("manage_improvement")
def action_edit(
    request: HttpRequest, membership: Membership, improvement_plan_id: int, action_id: int
) -> HttpResponse:
    plan = _improvement_plan(membership, improvement_plan_id)
    action = _action(plan, action_id)
    initial: dict[str, Any] = {
        "version": action.version,
        "description": action.description,
        "owner": action.owner,
        "due_date": action.due_date,
        "status": action.status,
        "closed_reason": action.closed_reason,
    }
    form = ActionForm(
        _posted(request),
        initial=initial,
        old_status=action.status_enum,
        evidence=action.evidence.count(),
        editing=True,
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            changed = services.do_update_action(
                Actor.member(membership),
                action,
                data["version"],
                description=data["description"],
                owner=data["owner"],
                due_date=data["due_date"],
                status=Status(data["status"]),
                closed_reason=data["closed_reason"],
                reopen_reason=data.get("reopen_reason", ""),
                evidence_note=data["evidence_note"],
            )
        except services.EditConflict as clash:
            conflict = clash
        except services.ActionRulesBroken as error:
            _rule_errors(form, error)
        else:
            messages.success(
                request,
                "The action has been saved." if changed else "Nothing was changed.",
            )
            return _to_improvement_plan(membership, plan)
    return render(
        request,
        "improvement/action_form.html",
        page_context(
            membership,
            plan=plan,
            item=action.item,
            form=form,
            action=action,
            conflict=conflict,
            view=queries.action_view(action, timezone.localdate()),
        ),
    )


@service_view("manage_improvement")
def evidence_add(
    request: HttpRequest, membership: Membership, improvement_plan_id: int, action_id: int
) -> HttpResponse:
    plan = _improvement_plan(membership, improvement_plan_id)
    action = _action(plan, action_id)
    form = EvidenceForm(_posted(request), request.FILES if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.do_add_evidence(
            Actor.member(membership),
            action,
            note=form.cleaned_data["note"],
            upload=form.cleaned_data["file"],
        )
        messages.success(request, "The evidence has been added.")
        return redirect(
            "action_history",
            slug=membership.service.slug,
            improvement_plan_id=plan.pk,
            action_id=action.pk,
        )
    return render(
        request,
        "improvement/evidence_form.html",
        page_context(membership, plan=plan, action=action, form=form),
    )


@service_view("view_improvement")
def action_history(
    request: HttpRequest, membership: Membership, improvement_plan_id: int, action_id: int
) -> HttpResponse:
    """The action: its details, its evidence and every change made to it."""
    plan = _improvement_plan(membership, improvement_plan_id)
    action = _action(plan, action_id)
    today = timezone.localdate()
    return render(
        request,
        "improvement/action.html",
        page_context(
            membership,
            plan=plan,
            action=action,
            item=action.item,
            evidence=queries.action_evidence(action),
            changes=action.changes.all(),
            view=queries.action_view(action, today),
        ),
    )


@service_view("view_improvement")
def evidence_file(
    request: HttpRequest, membership: Membership, improvement_plan_id: int, evidence_id: int
) -> HttpResponse:
    """An evidence file, only ever through this scoped view, always as a download."""
    plan = _improvement_plan(membership, improvement_plan_id)
    evidence = queries.evidence_of(plan, evidence_id)
    if evidence is None or not evidence.file:
        raise Http404
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    do_log_access(
        Actor.member(membership),
        membership.service,
        AccessLog.Action.VIEW,
        f"evidence {evidence.pk}",
        record_type="evidence file",
    )
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=evidence.file_name or "evidence",
        content_type="application/octet-stream",
    )
    return cast(HttpResponse, response)  # a streamed response; service_view passes it on


# --- Board meetings -----------------------------------------------------------------------------


@service_view("view_improvement")
def meeting_list(request: HttpRequest, membership: Membership) -> HttpResponse:
    meetings = queries.board_meetings(membership.service)
    rates = queries.attendance_in_the_year_to(membership.service, timezone.localdate())
    return render(
        request,
        "improvement/meetings.html",
        page_context(
            membership,
            meetings=meetings,
            rates=[(agency, came, of, 100 * came / of) for agency, came, of in rates],
        ),
    )


@service_view("manage_improvement")
def meeting_create(request: HttpRequest, membership: Membership) -> HttpResponse:
    return _meeting_form(request, membership, None)


@service_view("manage_improvement")
def meeting_edit(request: HttpRequest, membership: Membership, meeting_id: int) -> HttpResponse:
    return _meeting_form(request, membership, _meeting(membership, meeting_id))


def _meeting_form(
    request: HttpRequest, membership: Membership, meeting: BoardMeeting | None
) -> HttpResponse:
    """Record a new board meeting, or change one already recorded."""
    service = membership.service
    items = queries.items_for_review(service)
    form = MeetingForm(_posted(request), items=items, meeting=meeting, service=service)
    if request.method == "POST" and form.is_valid():
        actor = Actor.member(membership)
        if meeting is not None and form.held:  # its pack is frozen: its day and inspection stay
            day, inspection = meeting.date, meeting.inspection
        else:
            day = form.cleaned_data["date"]
            chosen = form.cleaned_data["inspection"]
            inspection = service.inspections.filter(pk=chosen).first() if chosen else None
        details: dict[str, Any] = {
            "date": day,
            "notes": form.cleaned_data["notes"],
            "attendance": form.attendance(),
            "decisions": form.decisions(),
            "inspection": inspection,
        }
        saved = (
            services.do_record_board_meeting(actor, membership.service, **details)
            if meeting is None
            else services.do_change_board_meeting(actor, meeting, **details)
        )
        done = "recorded" if meeting is None else "saved"
        messages.success(request, f"The board meeting has been {done}.")
        return redirect("meeting_detail", slug=membership.service.slug, meeting_id=saved.pk)
    return render(
        request,
        "improvement/meeting_form.html",
        page_context(
            membership,
            form=form,
            meeting=meeting,
            plan=queries.latest_improvement_plan(membership.service),
        ),
    )


def _meeting_page(
    request: HttpRequest,
    membership: Membership,
    meeting: BoardMeeting,
    held_form: MarkHeldForm | None = None,
) -> HttpResponse:
    attendance = queries.meeting_attendance(meeting)
    today = timezone.localdate()
    return render(
        request,
        "improvement/meeting.html",
        page_context(
            membership,
            meeting=meeting,
            attendance=attendance,
            came=sum(a.attended for a in attendance),
            reviews=queries.meeting_reviews(meeting),
            reported=reported_inspection(membership.service, meeting.inspection),
            chosen=meeting.inspection is not None,
            published=latest_inspection(membership.service),
            held_form=held_form or MarkHeldForm(meeting=meeting, today=today),
            may_be_held=meeting.date <= today,
        ),
    )


@service_view("view_improvement")
def meeting_detail(request: HttpRequest, membership: Membership, meeting_id: int) -> HttpResponse:
    return _meeting_page(request, membership, _meeting(membership, meeting_id))


@require_POST
@service_view("manage_improvement")
def meeting_mark_held(
    request: HttpRequest, membership: Membership, meeting_id: int
) -> HttpResponse:
    """Mark the meeting held (confirmed on its page): its pack is frozen from now on."""
    meeting = _meeting(membership, meeting_id)
    form = MarkHeldForm(request.POST, meeting=meeting, today=timezone.localdate())
    if meeting.held_at is None and not form.is_valid():
        return _meeting_page(request, membership, meeting, form)
    if meeting.held_at is None:
        services.do_mark_meeting_held(Actor.member(membership), meeting)
        messages.success(
            request,
            "The meeting has been marked held. Its board pack is kept as the board saw it "
            "and will not change.",
        )
    return redirect("meeting_detail", slug=membership.service.slug, meeting_id=meeting.pk)


@document_csp
@service_view("view_improvement")
def board_pack(
    request: HttpRequest, membership: Membership, meeting_id: int, fmt: str
) -> HttpResponse:
    """The meeting's board pack as a web page, PDF or Word file."""
    meeting = _meeting(membership, meeting_id)
    if fmt not in CONTENT_TYPES:
        raise Http404
    if fmt in FILE_FORMATS:  # made by the worker
        return document_file(request, membership, "board_pack", meeting, fmt)
    return document_response(
        meeting_pack(meeting, timezone.localdate()),
        fmt,
        f"{membership.service.slug}-board-pack-{meeting.date:%Y-%m-%d}",
        download=bool(request.GET.get("download")),
    )
