"""The youth justice plan's pages, under /services/<slug>/."""

from django.urls import URLPattern, path

from yjqa.web.yjplan import views

service_patterns: list[URLPattern] = [
    path("youth-justice-plans/", views.plan_list, name="yj_plans"),
    path("youth-justice-plans/new/", views.plan_create, name="yj_plan_create"),
    path("youth-justice-plans/<int:start_year>/", views.plan_detail, name="yj_plan"),
    path("youth-justice-plans/<int:start_year>/edit/", views.plan_edit, name="yj_plan_edit"),
    path(
        "youth-justice-plans/<int:start_year>/plan.<str:fmt>",
        views.plan_file,
        name="yj_plan_file",
    ),
]
