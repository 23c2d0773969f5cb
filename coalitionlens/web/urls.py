from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from coalitionlens.web.api import api

urlpatterns = [
    path("accounts/", include("allauth.urls")),
    path("", include("coalitionlens.accounts.urls")),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript_catalog"),
    path("", include("coalitionlens.directory.urls")),
    path("", include("coalitionlens.engagements.urls")),
    path("", include("coalitionlens.tensions.urls")),
    path("", include("coalitionlens.pathways.urls")),
    path("", include("coalitionlens.surveys.urls")),
    path("", include("coalitionlens.transfer.urls")),
    path("", include("coalitionlens.insights.urls")),
    path("", include("coalitionlens.reports.urls")),
]

# A database that is not answering or a full disk answers 503 with what happened; anything else 500.
handler500 = "coalitionlens.web.faults.server_error"
handler403 = "coalitionlens.web.refusals.permission_denied"
