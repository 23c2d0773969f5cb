"""Django, set up by a process that did not start as the server: the command line
(:mod:`coalitionlens.cli._django`) and the Python API (:mod:`coalitionlens.data`) both start it here.

Importing this module imports no Django: ``coalitionlens --help`` stays light.
"""

from __future__ import annotations

import os

__all__ = ["setup_django"]


def setup_django() -> None:
    """Configure Django with the product's settings unless it is already configured (as under pytest,
    or inside the server)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coalitionlens.web.settings")
    from django.apps import apps

    if not apps.ready:
        import django

        django.setup()
