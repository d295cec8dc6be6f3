"""This app's pages: `service_patterns` sit under /services/<slug>/ (scoped by membership)."""

from django.urls import URLPattern, path

from yjqa.web.improvement import views

service_patterns: list[URLPattern] = [
    path("improvement/", views.improvement_plan_list, name="improvement_plan_list"),
    path("improvement/new/", views.improvement_plan_create, name="improvement_plan_create"),
    path(
        "improvement/<int:improvement_plan_id>/",
        views.improvement_plan_detail,
        name="improvement_plan_detail",
    ),
    path(
        "improvement/<int:improvement_plan_id>/history/",
        views.improvement_plan_history,
        name="improvement_plan_history",
    ),
    path(
        "improvement/<int:improvement_plan_id>/improvement-plan.xlsx",
        views.improvement_plan_export,
        name="improvement_plan_export",
    ),
    path(
        "improvement/<int:improvement_plan_id>/import/",
        views.improvement_plan_import,
        name="improvement_plan_import",
    ),
    path(
        "improvement/<int:improvement_plan_id>/items/<int:item_id>/actions/new/",
        views.action_create,
        name="action_create",
    ),
    path(
        "improvement/<int:improvement_plan_id>/actions/<int:action_id>/",
        views.action_history,
        name="action_history",
    ),
    path(
        "improvement/<int:improvement_plan_id>/actions/<int:action_id>/edit/",
        views.action_edit,
        name="action_edit",
    ),
    path(
        "improvement/<int:improvement_plan_id>/actions/<int:action_id>/evidence/",
        views.evidence_add,
        name="evidence_add",
    ),
    path(
        "improvement/<int:improvement_plan_id>/evidence/<int:evidence_id>/file/",
        views.evidence_file,
        name="evidence_file",
    ),
    path("improvement/board/", views.meeting_list, name="meeting_list"),
    path("improvement/board/new/", views.meeting_create, name="meeting_create"),
    path("improvement/board/<int:meeting_id>/", views.meeting_detail, name="meeting_detail"),
    path("improvement/board/<int:meeting_id>/edit/", views.meeting_edit, name="meeting_edit"),
    path(
        "improvement/board/<int:meeting_id>/held/",
        views.meeting_mark_held,
        name="meeting_mark_held",
    ),
    path(
        "improvement/board/<int:meeting_id>/pack.<str:fmt>",
        views.board_pack,
        name="board_pack",
    ),
]
public_patterns: list[URLPattern] = []  # no sign-in (surveys' public forms only)
