from django.urls import path

from coalitionlens.insights import views

base = "c/<slug:slug>/insights/"
urlpatterns = [
    path(base, views.dashboard, name="insights_dashboard"),
    path(base + "chart.svg", views.chart, name="insights_chart"),
    path(base + "network/", views.network, name="insights_network"),
    path(base + "network.json", views.network_data, name="insights_network_data"),
    path(base + "diagnostics/", views.diagnostics, name="insights_diagnostics"),
    path(base + "diagnostics/adopt/", views.adopt, name="insights_adopt"),
    path(base + "exercises/", views.exercise_library, name="insights_exercises"),
    path(base + "exercises/exercise/", views.exercise_detail, name="insights_exercise"),
    path(base + "compare/", views.compare, name="insights_compare"),
    path("help/metrics/", views.metrics_help, name="help_metrics"),
    path(base + "compare/column.json", views.compare_export, name="insights_compare_export"),
    path(base + "timeline/", views.timeline, name="insights_timeline"),
    path(base + "timeline/chart.svg", views.timeline_chart, name="insights_timeline_chart"),
    path(base + "timeline/export/", views.timeline_export, name="insights_timeline_export"),
    path(
        "c/<slug:slug>/organisations/<int:pk>/network/",
        views.organisation_network,
        name="organisation_network",
    ),
]
