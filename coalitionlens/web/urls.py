from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from coalitionlens.web import platform, views

urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript_catalog"),
    path("platform/", platform.platform_home, name="platform_home"),
    path("c/<slug:slug>/audit/", views.audit_log, name="audit_log"),
    path("", include("coalitionlens.coalitions.urls")),
    path("", include("coalitionlens.engagements.urls")),
    path("", include("coalitionlens.tensions.urls")),
    path("", include("coalitionlens.surveys.urls")),
    path("", include("coalitionlens.accounts.urls")),
    path("", include("coalitionlens.transfer.urls")),
    path("", include("coalitionlens.insights.urls")),
    path("", include("coalitionlens.reports.urls")),
]
