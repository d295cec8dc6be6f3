"""URL map. Every service page sits under /services/<slug>/ and is scoped by membership."""

from django.urls import include, path, register_converter

from yjqa.web import document_jobs
from yjqa.web.accounts import second_factor_views as second_factor
from yjqa.web.accounts import single_sign_on
from yjqa.web.accounts import token_views as tokens
from yjqa.web.accounts import views as accounts
from yjqa.web.api import api
from yjqa.web.benchmark import urls as benchmark_urls
from yjqa.web.caseload import erasure_views as erasure
from yjqa.web.caseload import views as caseload
from yjqa.web.caseload.converters import ReferenceConverter
from yjqa.web.improvement import urls as improvement_urls
from yjqa.web.indicators import views as indicators
from yjqa.web.inspections import audit_views, feedback_views
from yjqa.web.inspections import judgement_urls as judgement_evidence
from yjqa.web.inspections import moderation_views as moderation
from yjqa.web.inspections import report_views as reports
from yjqa.web.inspections import sampling_views as sampling
from yjqa.web.inspections import views as inspections
from yjqa.web.jobs import views as jobs
from yjqa.web.pages import urls as pages_urls
from yjqa.web.surveys import urls as survey_urls
from yjqa.web.tenancy import views as tenancy
from yjqa.web.yjplan import urls as yjplan_urls

# A case or victim reference may hold "/" (NS/2026/0001): `ref` takes it whole.
register_converter(ReferenceConverter, "ref")

service_patterns = [
    path("", tenancy.service_home, name="service_home"),
    path("cases/", caseload.case_list, name="case_list"),
    path("cases/import/", caseload.caseload_import, name="caseload_import"),
    path("jobs/<int:job_id>/", jobs.job_progress, name="job_progress"),
    path("jobs/<int:job_id>/status.json", jobs.job_status, name="job_status"),
    path(
        "documents/<int:job_id>/<str:filename>",
        document_jobs.document_download,
        name="document_download",
    ),
    path(
        "cases/template.<str:fmt>",
        caseload.caseload_template,
        name="caseload_template",
    ),
    path("cases/<ref:case_ref>/", caseload.case_detail, name="case_detail"),
    path("erasure/<ref:case_ref>/", erasure.erase_child, name="erase_child"),
    path("victims/", caseload.victim_list, name="victim_list"),
    path("victims/import/", caseload.victims_import, name="victims_import"),
    path("victims/template.<str:fmt>", caseload.victims_template, name="victims_template"),
    path("victims/<ref:victim_ref>/", caseload.victim_detail, name="victim_detail"),
    path("indicators/", indicators.indicators, name="indicators"),
    path("indicators/data/", indicators.indicator_data, name="indicator_data"),
    path(
        "indicators/data/<str:table>-template.csv",
        indicators.indicator_template,
        name="indicator_template",
    ),
    path("indicators/indicators.<str:fmt>", indicators.indicators_export, name="indicators_export"),
    path("people/", tenancy.people, name="people"),
    path("people/add/", tenancy.add_person, name="add_person"),
    path("people/<int:member_id>/", tenancy.change_person, name="change_person"),
    path("people/<int:member_id>/remove/", tenancy.remove_person, name="remove_person"),
    path(
        "people/<int:member_id>/second-factor/reset/",
        second_factor.reset_second_factor,
        name="reset_second_factor",
    ),
    path("people/api-tokens/", tokens.service_api_tokens, name="service_api_tokens"),
    path(
        "people/api-tokens/<int:token_id>/revoke/",
        tokens.revoke_service_api_token,
        name="revoke_service_api_token",
    ),
    path("access-log/", tenancy.access_log, name="access_log"),
    path("inspections/", inspections.inspection_list, name="inspection_list"),
    path("inspections/new/", inspections.inspection_create, name="inspection_create"),
    path(
        "inspections/<int:inspection_id>/", inspections.inspection_detail, name="inspection_detail"
    ),
    path(
        "inspections/<int:inspection_id>/edit/", inspections.inspection_edit, name="inspection_edit"
    ),
    path(
        "inspections/<int:inspection_id>/status/",
        inspections.inspection_status,
        name="inspection_status",
    ),
    path(
        "inspections/<int:inspection_id>/history/",
        inspections.inspection_history,
        name="inspection_history",
    ),
    path("inspections/<int:inspection_id>/cases/add/", inspections.add_cases, name="add_cases"),
    path(
        "inspections/<int:inspection_id>/audits/<int:audit_id>/",
        audit_views.case_audit,
        name="case_audit",
    ),
    path(
        "inspections/<int:inspection_id>/audits/<int:audit_id>/reopen/",
        audit_views.reopen_audit,
        name="reopen_audit",
    ),
    path(
        "inspections/<int:inspection_id>/audits/<int:audit_id>/concerns/new/",
        audit_views.raise_concern,
        name="raise_concern",
    ),
    path(
        "inspections/<int:inspection_id>/audits/<int:audit_id>/feedback/new/",
        audit_views.leave_feedback,
        name="leave_feedback",
    ),
    path("concerns/<int:concern_id>/", audit_views.resolve_concern, name="resolve_concern"),
    path("feedback/", feedback_views.my_feedback, name="my_feedback"),
    path("feedback/<int:audit_id>/", feedback_views.feedback_thread, name="feedback_thread"),
    path(
        "inspections/<int:inspection_id>/judgements/<str:standard_id>/",
        inspections.judgement,
        name="judgement",
    ),
    *judgement_evidence.patterns,
    path("inspections/<int:inspection_id>/ratings/", inspections.ratings, name="ratings"),
    path("inspections/<int:inspection_id>/samples/new/", sampling.draw_sample, name="draw_sample"),
    path(
        "inspections/<int:inspection_id>/samples/<int:sample_id>/",
        sampling.sample_detail,
        name="sample_detail",
    ),
    path(
        "inspections/<int:inspection_id>/samples/<int:sample_id>/replace/<int:entry_id>/",
        sampling.replace_case,
        name="replace_case",
    ),
    path(
        "inspections/<int:inspection_id>/report/", reports.report_contents, name="report_contents"
    ),
    path(
        "inspections/<int:inspection_id>/report/letter/",
        reports.letter_details,
        name="report_letter",
    ),
    path(
        "inspections/<int:inspection_id>/report/findings/<str:standard_id>/",
        reports.findings,
        name="findings",
    ),
    path(
        "inspections/<int:inspection_id>/report/recommendations/",
        reports.add_recommendation,
        name="add_recommendation",
    ),
    path(
        "inspections/<int:inspection_id>/report/recommendations/<int:recommendation_id>/",
        reports.edit_recommendation,
        name="edit_recommendation",
    ),
    path(
        "inspections/<int:inspection_id>/report.<str:fmt>",
        reports.report_file,
        name="report_file",
    ),
    path(
        "inspections/<int:inspection_id>/auditors/",
        sampling.assign_auditors,
        name="assign_auditors",
    ),
    path(
        "inspections/<int:inspection_id>/double-marking/",
        moderation.double_marking,
        name="double_marking",
    ),
    path("inspections/<int:inspection_id>/moderation/", moderation.moderation, name="moderation"),
    path(
        "inspections/<int:inspection_id>/moderation/<ref:case_ref>/<str:key_question_id>/",
        moderation.moderate,
        name="moderate",
    ),
    path("inspections/<int:inspection_id>/agreement/", moderation.agreement, name="agreement"),
    path(
        "inspections/<int:inspection_id>/ratings/<str:key_question_id>/cases/",
        inspections.cases_behind,
        name="cases_behind",
    ),
]

service_patterns += (
    improvement_urls.service_patterns
    + survey_urls.service_patterns
    + yjplan_urls.service_patterns
    + benchmark_urls.service_patterns
)

urlpatterns = [
    path("", tenancy.home, name="home"),
    path("sign-in/", accounts.SignInView.as_view(), name="sign_in"),
    path("sign-out/", accounts.SignOutView.as_view(), name="sign_out"),
    path("sign-in/single-sign-on/", single_sign_on.start, name="single_sign_on"),
    path(
        "sign-in/single-sign-on/callback/",
        single_sign_on.callback,
        name="single_sign_on_callback",
    ),
    path("second-factor/", second_factor.second_factor, name="second_factor"),
    path(
        "second-factor/recovery-codes/",
        second_factor.recovery_codes,
        name="second_factor_recovery_codes",
    ),
    path("account/api-tokens/", tokens.api_tokens, name="api_tokens"),
    path(
        "account/api-tokens/<int:token_id>/revoke/",
        tokens.revoke_own_api_token,
        name="revoke_own_api_token",
    ),
    path(
        "set-password/<uidb64>/<token>/",
        accounts.SetPasswordView.as_view(),
        name="set_password",
    ),
    path("services/<slug:slug>/", include(service_patterns)),
    path("api/v1/", api.urls),
    *survey_urls.public_patterns,
    *pages_urls.public_patterns,
    *benchmark_urls.installation_patterns,
]

handler403 = "yjqa.web.errors.permission_denied"
