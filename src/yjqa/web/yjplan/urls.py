"""The youth justice plan's pages, under /services/<slug>/."""

from django.urls import URLPattern, path

from yjqa.web.yjplan import views

service_patterns: list[URLPattern] = [
    path("youth-justice-plans/", views.youth_justice_plan_list, name="youth_justice_plans"),
    path(
        "youth-justice-plans/new/",
        views.youth_justice_plan_create,
        name="youth_justice_plan_create",
    ),
    path(
        "youth-justice-plans/<int:start_year>/",
        views.youth_justice_plan_detail,
        name="youth_justice_plan",
    ),
    path(
        "youth-justice-plans/<int:start_year>/edit/",
        views.youth_justice_plan_edit,
        name="youth_justice_plan_edit",
    ),
    path(
        "youth-justice-plans/<int:start_year>/sign-off/",
        views.youth_justice_plan_sign_off,
        name="youth_justice_plan_sign_off",
    ),
    path(
        "youth-justice-plans/<int:start_year>/reopen/",
        views.youth_justice_plan_reopen,
        name="youth_justice_plan_reopen",
    ),
    path(
        "youth-justice-plans/<int:start_year>/staffing/",
        views.youth_justice_plan_staffing,
        name="youth_justice_plan_staffing",
    ),
    path(
        "youth-justice-plans/<int:start_year>/staffing/<int:post_id>/remove/",
        views.youth_justice_plan_staff_post_remove,
        name="youth_justice_plan_staff_post_remove",
    ),
    path(
        "youth-justice-plans/<int:start_year>/youth-justice-plan.<str:fmt>",
        views.youth_justice_plan_file,
        name="youth_justice_plan_file",
    ),
]
