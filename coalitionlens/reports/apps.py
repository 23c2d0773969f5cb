import sys

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "coalitionlens.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        # Only a report worker (`python -m django db_worker`) looks for jobs whose worker stopped
        # on a timer; other processes do not import the report machinery at start-up for it.
        if "db_worker" in sys.argv[1:3]:
            from coalitionlens.reports.tasks import reaper_start

            reaper_start()
