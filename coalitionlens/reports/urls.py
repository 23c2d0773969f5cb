from django.urls import path

from coalitionlens.reports import views

base = "c/<slug:slug>/reports/"
urlpatterns = [
    path(base, views.report_list, name="report_list"),
    path(base + "<int:pk>/", views.report_detail, name="report_detail"),
    path(base + "<int:pk>/download/", views.report_download, name="report_download"),
    # an exercise's handout, beside the exercise page it is printed from (insights/urls.py)
    path(
        "c/<slug:slug>/insights/exercises/handout.pdf",
        views.exercise_handout,
        name="insights_exercise_handout",
    ),
]
