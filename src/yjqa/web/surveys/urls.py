"""This app's pages: `service_patterns` sit under /services/<slug>/ (scoped by membership)."""

from django.urls import URLPattern, path

from yjqa.web.surveys import views

service_patterns: list[URLPattern] = [
    path("surveys/", views.survey_list, name="survey_list"),
    path("surveys/new/", views.survey_create, name="survey_create"),
    path("surveys/<int:survey_id>/", views.survey_summary_page, name="survey_summary"),
    path("surveys/<int:survey_id>/links/", views.survey_links, name="survey_links"),
    path("surveys/<int:survey_id>/links.csv", views.survey_links_csv, name="survey_links_csv"),
    path(
        "surveys/<int:survey_id>/invitations/",
        views.survey_invitations,
        name="survey_invitations",
    ),
    path(
        "surveys/<int:survey_id>/invitations/<int:link_id>/",
        views.survey_invitations,
        name="survey_invitation",
    ),
    path("surveys/<int:survey_id>/import/", views.survey_import, name="survey_import"),
    path("surveys/<int:survey_id>/comments/", views.survey_comments, name="survey_comments"),
    path("surveys/<int:survey_id>/status/", views.survey_status, name="survey_status"),
]
# No sign-in: where a person types their code, the form they answer through their single-use
# link, and its thank-you page.
public_patterns: list[URLPattern] = [
    path("feedback/", views.survey_start, name="survey_start"),
    path("feedback/thanks/", views.survey_thanks, name="survey_thanks"),
    path("feedback/<str:code>/", views.survey_public, name="survey_public"),
]
