"""URL map. Every service page sits under /services/<slug>/ and is scoped by membership."""

from django.urls import include, path

from yjqa.web.accounts import views as accounts
from yjqa.web.caseload import views as caseload
from yjqa.web.tenancy import views as tenancy

service_patterns = [
    path("", tenancy.service_home, name="service_home"),
    path("cases/", caseload.case_list, name="case_list"),
    path("cases/<str:case_ref>/", caseload.case_detail, name="case_detail"),
    path("people/", tenancy.people, name="people"),
    path("people/add/", tenancy.add_person, name="add_person"),
    path("people/<int:member_id>/", tenancy.change_person, name="change_person"),
    path("people/<int:member_id>/remove/", tenancy.remove_person, name="remove_person"),
    path("access-log/", tenancy.access_log, name="access_log"),
]

urlpatterns = [
    path("", tenancy.home, name="home"),
    path("sign-in/", accounts.SignInView.as_view(), name="sign_in"),
    path("sign-out/", accounts.SignOutView.as_view(), name="sign_out"),
    path(
        "set-password/<uidb64>/<token>/",
        accounts.SetPasswordView.as_view(),
        name="set_password",
    ),
    path("services/<slug:slug>/", include(service_patterns)),
]
