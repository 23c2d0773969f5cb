"""k can be raised but never set below 3, however it is set; bands and the reminder interval are
checked too."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from coalitionlens.surveys.conf import (
    parse_bands,
    survey_bands,
    survey_k,
    survey_reminder_interval,
)


def test_the_environment_cannot_set_k_below_three():
    env = {
        **os.environ,
        "COALITIONLENS_SURVEY_K": "2",
        "DJANGO_SETTINGS_MODULE": "coalitionlens.web.settings",
    }
    out = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert out.returncode != 0
    assert "COALITIONLENS_SURVEY_K=2: must be at least 3" in out.stderr


@pytest.mark.parametrize("k", [2, 0, "5", 4.0])
def test_a_settings_override_below_three_or_not_whole_is_refused(settings, k):
    settings.COALITIONLENS_SURVEY_K = k
    with pytest.raises(ImproperlyConfigured):
        survey_k()


def test_k_may_be_raised(settings):
    settings.COALITIONLENS_SURVEY_K = 8
    assert survey_k() == 8


@pytest.mark.parametrize("raw", ["3,4", "4", "6,3", "a,b", "4,0.5"])
def test_bands_must_be_two_ordered_numbers_on_the_scale(raw):
    with pytest.raises(ImproperlyConfigured):
        parse_bands(raw)


def test_bands_come_from_the_setting(settings):
    settings.COALITIONLENS_SURVEY_BANDS = (4.5, 3.5)
    assert survey_bands() == (4.5, 3.5)


@pytest.mark.parametrize("hours", [0, -1, "72", 1.5, True])
def test_a_reminder_interval_under_an_hour_or_not_whole_is_refused(settings, hours):
    settings.COALITIONLENS_SURVEY_REMINDER_HOURS = hours
    with pytest.raises(ImproperlyConfigured, match="COALITIONLENS_SURVEY_REMINDER_HOURS"):
        survey_reminder_interval()


def test_the_reminder_interval_comes_from_the_setting(settings):
    settings.COALITIONLENS_SURVEY_REMINDER_HOURS = 24
    assert survey_reminder_interval() == dt.timedelta(hours=24)
