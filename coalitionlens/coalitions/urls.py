from django.urls import path

from coalitionlens.coalitions import views
from coalitionlens.web.crud import resource_urls

urlpatterns = [
    path("c/<slug:slug>/", views.coalition_home, name="coalition_home"),
    path("c/<slug:slug>/settings/", views.coalition_settings, name="coalition_settings"),
    path("c/<slug:slug>/organisations/pick/", views.organisation_pick, name="organisation_pick"),
]
for resource in views.RESOURCES:
    urlpatterns += resource_urls(resource)
