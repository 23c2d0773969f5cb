"""Django, set up on the first :func:`coalitionlens.data.load` (a notebook has not set it up).

The same steps as ``coalitionlens.cli._django.setup_django``, which this package may not import
(the CLI and this package are independent layers of ``.importlinter``): the product's settings,
unless Django is configured already (under pytest, or inside the server).
"""

from __future__ import annotations

import os

__all__ = ["setup_django"]


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coalitionlens.web.settings")
    from django.apps import apps

    if not apps.ready:
        import django

        django.setup()
