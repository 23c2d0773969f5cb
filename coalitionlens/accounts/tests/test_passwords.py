from __future__ import annotations

import importlib

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError


def test_production_settings_hash_passwords_with_argon2():
    settings_module = importlib.import_module("coalitionlens.web.settings")
    assert settings_module.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


@pytest.mark.parametrize("password", ["short-pw-1", "password1234", "qwertyuiop123"])
def test_short_or_common_passwords_are_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password)


def test_a_long_uncommon_passphrase_needs_no_symbols_or_capitals():
    validate_password("lantern river morning tide")
