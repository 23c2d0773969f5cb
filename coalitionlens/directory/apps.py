from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    """The directory's pages: the coalition home page, organisations, units, people, the platform
    page and the audit log. The records themselves live in ``coalitions`` and ``accounts``."""

    name = "coalitionlens.directory"
    label = "directory"
