from django.apps import AppConfig


class KitConfig(AppConfig):
    """The toolkit every app builds its pages on: scope, scoped CRUD, base forms, template tags,
    audited saves. It sits below every domain app and imports none of them."""

    name = "coalitionlens.kit"
    label = "kit"
