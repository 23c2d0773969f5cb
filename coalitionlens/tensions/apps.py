from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TensionsConfig(AppConfig):
    name = "coalitionlens.tensions"
    label = "tensions"
    verbose_name = _("Tensions and strategies")
