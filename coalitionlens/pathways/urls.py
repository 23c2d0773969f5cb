from django.urls import path

from coalitionlens.accounts.scoping import get_scope
from coalitionlens.kit.crud import resource_urls
from coalitionlens.pathways import views

urlpatterns = [
    path("c/<slug:slug>/pathway/", views.pathway_view, name="pathway_view"),
    path("c/<slug:slug>/coverage/", views.coverage_view, name="pathway_coverage"),
]
for resource in views.RESOURCES:
    urlpatterns += resource_urls(resource, get_scope=get_scope)
