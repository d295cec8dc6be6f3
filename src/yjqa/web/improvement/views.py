"""Improvement plans and board meetings: pages under /services/<slug>/improvement/.

Everyone who may view the service's improvement work (board members included) reads plans,
actions with their evidence and history, meetings and the board pack; only administrators
and managers change anything (`manage_improvement`): for anyone else those pages are 404.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any, cast

from django.contrib import messages
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from yjqa.core.improvement.rules import DUE_SOON_DAYS, Status, agency_label, attendance_rates
from yjqa.core.improvement.rules import AttendanceRecord as AttendanceFacts
from yjqa.core.validation.problems import InputError
from yjqa.web.accounts.models import User
from yjqa.web.documents import CONTENT_TYPES, document_csp, document_response
from yjqa.web.improvement import services
from yjqa.web.improvement.forms import (
    ActionForm,
    EvidenceForm,
    MeetingForm,
    PlanFromInspectionForm,
    PlanImportForm,
)
from yjqa.web.improvement.models import (
    Action,
    ActionChange,
    BoardMeeting,
    Evidence,
    ImprovementPlan,
    PlanItem,
)
from yjqa.web.improvement.pack import AGENCY_ORDER, latest_plan, meeting_pack
from yjqa.web.improvement.spreadsheet import XLSX, do_import_plan, export_name, plan_workbook
from yjqa.web.tenancy.access import page_context, service_view
from yjqa.web.tenancy.models import AccessLog, Membership
from yjqa.web.tenancy.services import do_log_access


def _plan(membership: Membership, plan_id: int) -> ImprovementPlan:
    return get_object_or_404(ImprovementPlan, pk=plan_id, service=membership.service)


def _action(plan: ImprovementPlan, action_id: int) -> Action:
    return get_object_or_404(
        Action.objects.select_related("item", "updated_by"), pk=action_id, item__plan=plan
    )


def _meeting(membership: Membership, meeting_id: int) -> BoardMeeting:
    return get_object_or_404(BoardMeeting, pk=meeting_id, service=membership.service)


def _posted(request: HttpRequest) -> QueryDict | None:
    """The form data of a POST (even an empty one, so its errors show), or None."""
    return request.POST if request.method == "POST" else None


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


# --- Plans ------------------------------------------------------------------------------------


@service_view("view_improvement")
def plan_list(request: HttpRequest, membership: Membership) -> HttpResponse:
    today = timezone.localdate()
    plans = []
    for plan in membership.service.improvement_plans.select_related("inspection"):
        _items, summary = services.plan_view(plan, today)
        plans.append((plan, summary))
    return render(
        request,
        "improvement/plans.html",
        page_context(
            membership,
            plans=plans,
            may_create=membership.service.inspections.exists(),
        ),
    )


@service_view("manage_improvement")
def plan_create(request: HttpRequest, membership: Membership) -> HttpResponse:
    inspections = membership.service.inspections.all()
    form = PlanFromInspectionForm(_posted(request), inspections=inspections)
    if request.method == "POST" and form.is_valid():
        inspection = get_object_or_404(inspections, pk=form.cleaned_data["inspection"])
        plan, added = services.do_create_plan_from_inspection(inspection)
        messages.success(
            request,
            f"{plan.title}: {added} item{'s' if added != 1 else ''} added from the "
            "inspection's recommendations."
            if added
            else f"{plan.title} already has an item for every recommendation.",
        )
        return redirect("plan_detail", slug=membership.service.slug, plan_id=plan.pk)
    return render(request, "improvement/plan_create.html", page_context(membership, form=form))


@service_view("view_improvement")
def plan_detail(request: HttpRequest, membership: Membership, plan_id: int) -> HttpResponse:
    plan = _plan(membership, plan_id)
    today = timezone.localdate()
    items, summary = services.plan_view(plan, today)
    only_overdue = request.GET.get("show") == "overdue"
    shown = items
    if only_overdue:
        shown = [
            services.ItemView(i.item, i.status, [a for a in i.actions if a.overdue])
            for i in items
            if i.overdue
        ]
    return render(
        request,
        "improvement/plan.html",
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
def plan_history(request: HttpRequest, membership: Membership, plan_id: int) -> HttpResponse:
    plan = _plan(membership, plan_id)
    changes = ActionChange.objects.filter(action__item__plan=plan).select_related("action__item")
    return render(
        request,
        "improvement/plan_history.html",
        page_context(membership, plan=plan, changes=changes[:500], total=changes.count()),
    )


@service_view("view_improvement")
def plan_export(request: HttpRequest, membership: Membership, plan_id: int) -> HttpResponse:
    plan = _plan(membership, plan_id)
    response = HttpResponse(plan_workbook(plan), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{export_name(plan)}"'
    return response


@service_view("manage_improvement")
def plan_import(request: HttpRequest, membership: Membership, plan_id: int) -> HttpResponse:
    plan = _plan(membership, plan_id)
    form = PlanImportForm(_posted(request), request.FILES if request.method == "POST" else None)
    problems: list[str] = []
    file_name = ""
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        file_name = upload.name
        try:
            result = do_import_plan(plan, _user(request), upload.read(), upload.name)
        except InputError as error:
            problems = [p.describe() for p in error.problems]
        else:
            parts = [
                f"{result.created} action{'s' if result.created != 1 else ''} added",
                f"{result.updated} changed",
                f"{result.unchanged} unchanged",
            ]
            if result.items_created:
                parts.append(f"{result.items_created} new items")
            messages.success(request, f"{upload.name} imported: {', '.join(parts)}.")
            return redirect("plan_detail", slug=membership.service.slug, plan_id=plan.pk)
    return render(
        request,
        "improvement/import.html",
        page_context(membership, plan=plan, form=form, problems=problems, file_name=file_name),
    )


# --- Actions ----------------------------------------------------------------------------------


def _rule_errors(form: ActionForm, error: services.ActionRulesBroken) -> None:
    for problem in error.problems:
        form.add_rule_problem(problem.field, problem.message)


@service_view("manage_improvement")
def action_create(
    request: HttpRequest, membership: Membership, plan_id: int, item_id: int
) -> HttpResponse:
    plan = _plan(membership, plan_id)
    item = get_object_or_404(PlanItem, pk=item_id, plan=plan)
    form = ActionForm(_posted(request), initial={"status": Status.NOT_STARTED.value})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.do_add_action(
                item,
                _user(request),
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
            return redirect("plan_detail", slug=membership.service.slug, plan_id=plan.pk)
    return render(
        request,
        "improvement/action_form.html",
        page_context(membership, plan=plan, item=item, form=form, action=None, conflict=None),
    )


@service_view("manage_improvement")
def action_edit(
    request: HttpRequest, membership: Membership, plan_id: int, action_id: int
) -> HttpResponse:
    plan = _plan(membership, plan_id)
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
                action,
                _user(request),
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
            return redirect("plan_detail", slug=membership.service.slug, plan_id=plan.pk)
    return render(
        request,
        "improvement/action_form.html",
        page_context(
            membership, plan=plan, item=action.item, form=form, action=action, conflict=conflict
        ),
    )


@service_view("manage_improvement")
def evidence_add(
    request: HttpRequest, membership: Membership, plan_id: int, action_id: int
) -> HttpResponse:
    plan = _plan(membership, plan_id)
    action = _action(plan, action_id)
    form = EvidenceForm(_posted(request), request.FILES if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.do_add_evidence(
            action, _user(request), note=form.cleaned_data["note"], upload=form.cleaned_data["file"]
        )
        messages.success(request, "The evidence has been added.")
        return redirect(
            "action_history", slug=membership.service.slug, plan_id=plan.pk, action_id=action.pk
        )
    return render(
        request,
        "improvement/evidence_form.html",
        page_context(membership, plan=plan, action=action, form=form),
    )


@service_view("view_improvement")
def action_history(
    request: HttpRequest, membership: Membership, plan_id: int, action_id: int
) -> HttpResponse:
    """The action: its details, its evidence and every change made to it."""
    plan = _plan(membership, plan_id)
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
            evidence=action.evidence.select_related("added_by"),
            changes=action.changes.all(),
            view=services.action_view(action, today),
        ),
    )


@service_view("view_improvement")
def evidence_file(
    request: HttpRequest, membership: Membership, plan_id: int, evidence_id: int
) -> HttpResponse:
    """An evidence file, only ever through this scoped view, always as a download."""
    plan = _plan(membership, plan_id)
    evidence = get_object_or_404(Evidence, pk=evidence_id, action__item__plan=plan)
    if not evidence.file:
        raise Http404
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    do_log_access(
        _user(request),
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
    meetings = membership.service.board_meetings.annotate(
        agencies=Count("attendance", distinct=True),
        came=Count("attendance", filter=Q(attendance__attended=True), distinct=True),
        reviewed=Count("reviews", distinct=True),
    ).order_by("-date", "-id")  # aggregating drops the model's ordering
    today = timezone.localdate()
    recent = membership.service.board_meetings.filter(
        date__gt=today - timedelta(days=365), date__lte=today
    ).prefetch_related("attendance")
    rates = attendance_rates(
        AttendanceFacts(m.date, {a.agency: a.attended for a in m.attendance.all()}) for m in recent
    )
    return render(
        request,
        "improvement/meetings.html",
        page_context(
            membership,
            meetings=meetings,
            rates=[(agency_label(code), came, of, 100 * came / of) for code, came, of in rates],
        ),
    )


def _meeting_items(membership: Membership) -> list[PlanItem]:
    plan = latest_plan(membership.service)
    return list(plan.items.all()) if plan else []


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
    items = _meeting_items(membership)
    form = MeetingForm(_posted(request), items=items, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        saved = services.do_save_meeting(
            membership.service,
            meeting,
            date=form.cleaned_data["date"],
            notes=form.cleaned_data["notes"],
            attendance=form.attendance(),
            decisions=form.decisions(),
        )
        done = "recorded" if meeting is None else "saved"
        messages.success(request, f"The board meeting has been {done}.")
        return redirect("meeting_detail", slug=membership.service.slug, meeting_id=saved.pk)
    return render(
        request,
        "improvement/meeting_form.html",
        page_context(membership, form=form, meeting=meeting, plan=latest_plan(membership.service)),
    )


@service_view("view_improvement")
def meeting_detail(request: HttpRequest, membership: Membership, meeting_id: int) -> HttpResponse:
    meeting = _meeting(membership, meeting_id)
    attendance = sorted(meeting.attendance.all(), key=lambda a: AGENCY_ORDER.get(a.agency, 99))
    return render(
        request,
        "improvement/meeting.html",
        page_context(
            membership,
            meeting=meeting,
            attendance=attendance,
            came=sum(a.attended for a in attendance),
            reviews=meeting.reviews.select_related("item"),
        ),
    )


@document_csp
@service_view("view_improvement")
def board_pack(
    request: HttpRequest, membership: Membership, meeting_id: int, fmt: str
) -> HttpResponse:
    """The meeting's board pack as a web page, PDF or Word file."""
    meeting = _meeting(membership, meeting_id)
    if fmt not in CONTENT_TYPES:
        raise Http404
    return document_response(
        meeting_pack(meeting, timezone.localdate()),
        fmt,
        f"{membership.service.slug}-board-pack-{meeting.date:%Y-%m-%d}",
        download=bool(request.GET.get("download")),
    )
