from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "coalitionlens.web"
    label = "web"

    def ready(self) -> None:
        from coalitionlens.web import checks  # noqa: F401  (registers the deployment checks)
