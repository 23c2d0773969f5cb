from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "coalitionlens.web"
    label = "web"
