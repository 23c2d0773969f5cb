"""Helpers shared by the directory pages' tests."""

from __future__ import annotations

from coalitionlens.accounts.tests.factories import UserFactory


def _admin():
    return UserFactory(email="root@example.org", is_superuser=True, is_staff=True)
