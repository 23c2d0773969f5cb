from django.urls import path

from coalitionlens.accounts.scoping import get_scope
from coalitionlens.directory import pages, platform, views
from coalitionlens.directory.people import PEOPLE
from coalitionlens.kit.crud import resource_urls

urlpatterns = [
    path("", pages.home, name="home"),
    path("platform/", platform.platform_home, name="platform_home"),
    path("c/<slug:slug>/audit/", pages.audit_log, name="audit_log"),
    path("c/<slug:slug>/", views.coalition_home, name="coalition_home"),
    path("c/<slug:slug>/settings/", views.coalition_settings, name="coalition_settings"),
    path("c/<slug:slug>/organisations/pick/", views.organisation_pick, name="organisation_pick"),
]
for resource in (*views.RESOURCES, PEOPLE):
    urlpatterns += resource_urls(resource, get_scope=get_scope)
