"""The addresses of a judgement standard's register of evidence (under /services/<slug>/)."""

from django.urls import path

from yjqa.web.inspections import judgement_views as views

EVIDENCE = "inspections/<int:inspection_id>/judgements/<str:standard_id>/evidence/"

patterns = [
    path(EVIDENCE, views.judgement_evidence, name="judgement_evidence"),
    path(f"{EVIDENCE}new/", views.judgement_evidence_add, name="judgement_evidence_add"),
    path(
        f"{EVIDENCE}suggested/",
        views.judgement_evidence_suggested,
        name="judgement_evidence_suggested",
    ),
    path(
        f"{EVIDENCE}<int:evidence_id>/",
        views.judgement_evidence_edit,
        name="judgement_evidence_edit",
    ),
    path(
        f"{EVIDENCE}<int:evidence_id>/remove/",
        views.judgement_evidence_remove,
        name="judgement_evidence_remove",
    ),
]
