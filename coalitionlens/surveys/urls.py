from django.urls import path

from coalitionlens.surveys import answer_views, views

urlpatterns = [
    path("c/<slug:slug>/surveys/", views.round_list, name="survey_round_list"),
    path("c/<slug:slug>/surveys/new/", views.round_create, name="survey_round_create"),
    path("c/<slug:slug>/surveys/<int:pk>/", views.round_detail, name="survey_round_detail"),
    path("c/<slug:slug>/surveys/<int:pk>/open/", views.round_open, name="survey_round_open"),
    path("c/<slug:slug>/surveys/<int:pk>/close/", views.round_close, name="survey_round_close"),
    path("c/<slug:slug>/surveys/<int:pk>/invite/", views.round_invite, name="survey_round_invite"),
    path("c/<slug:slug>/surveys/<int:pk>/remind/", views.round_remind, name="survey_round_remind"),
    path(
        "c/<slug:slug>/surveys/<int:pk>/respondents/",
        views.round_respondents,
        name="survey_round_respondents",
    ),
    path(
        "c/<slug:slug>/surveys/<int:pk>/results/", views.round_results, name="survey_round_results"
    ),
    path(
        "c/<slug:slug>/surveys/<int:pk>/compare/",
        views.round_compare,
        name="survey_round_compare",
    ),
    path(
        "c/<slug:slug>/surveys/<int:pk>/xlsform/", views.round_xlsform, name="survey_round_xlsform"
    ),
    path("c/<slug:slug>/surveys/<int:pk>/import/", views.round_import, name="survey_round_import"),
    path(
        "c/<slug:slug>/surveys/respondents/<int:pk>/remove/",
        views.respondent_remove,
        name="survey_respondent_remove",
    ),
    path("s/<str:token>/", answer_views.start, name="survey_answer_start"),
    path("s/<str:token>/p/<slug:section>/", answer_views.section, name="survey_answer_section"),
    path("s/<str:token>/submit/", answer_views.submit, name="survey_answer_submit"),
    path("s/<str:token>/withdraw/", answer_views.withdraw, name="survey_answer_withdraw"),
]
