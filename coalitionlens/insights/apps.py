from typing import Any

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
        # A strategy's plan page shows its findings' measures now through the diagnostics
        # page's own function (tensions sits below insights, so insights hands it down).
        from coalitionlens.tensions.selectors import register_findings_source

        register_findings_source(_findings_now, _evidence_words)


def _findings_now(coalition: Any, role: str | None) -> list[Any]:
    """Today's findings as the diagnostics page has them: from its cache, until the data change."""
    from coalitionlens.insights.selectors import diagnosis

    return diagnosis(coalition, role)[1]


def _evidence_words(key: str, value: Any, rule: str) -> tuple[str, str]:
    from coalitionlens.insights.evidence import evidence_label, evidence_value

    return evidence_label(key, rule), evidence_value(key, value, rule)
