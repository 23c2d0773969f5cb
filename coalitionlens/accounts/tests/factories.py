from __future__ import annotations

import factory

from coalitionlens.accounts.models import CoalitionRole, User

PASSWORD = "correct-horse-battery-9"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            self.save()


class RoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CoalitionRole

    user = factory.SubFactory(UserFactory)
    role = "viewer"
