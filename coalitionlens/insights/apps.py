from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightsConfig(AppConfig):
    name = "coalitionlens.insights"
    label = "insights"
    verbose_name = _("Insights")

    def ready(self) -> None:
        # A bad threshold override stops start-up with a clear message, like every other setting.
        from coalitionlens.insights.diagnostics import configured_thresholds

        configured_thresholds()
