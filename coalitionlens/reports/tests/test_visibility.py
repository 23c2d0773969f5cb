"""Attack 4 of issue 10: reports across roles. A report is listed, opened and downloaded only by a
user whose role reads everything the report's role reads (coordinator ⊇ analyst ⊇ member = viewer);
any other attempt is refused with 403 and an audit entry, like every other refusal of the product."""

from __future__ import annotations

import pytest
from django.urls import reverse

from coalitionlens.accounts.tests.helpers import signed_in_just_now
from coalitionlens.audit.models import Action, AuditEntry
from coalitionlens.reports.models import Report, ReportStatus

SECRET = b"<html>ties through the restricted talks with the border police</html>"


def _report(cast, role: str, *, safe: bool = False, content: bytes = SECRET) -> Report:
    return Report.objects.create(
        coalition=cast.lens,
        role=role,
        format="html",
        language="en",
        safe=safe,
        status=ReportStatus.DONE,
        content=content,
    )


def _urls(report: Report) -> dict[str, str]:
    return {
        "detail": reverse("report_detail", args=["lens", report.pk]),
        "download": reverse("report_download", args=["lens", report.pk]),
    }


def _denials(user) -> list[str]:
    return list(
        AuditEntry.objects.filter(action=Action.DENIED, actor=user).values_list(
            "summary", flat=True
        )
    )


@pytest.mark.parametrize("safe", [False, True])
def test_an_analyst_does_not_see_a_coordinators_report_in_the_list(client, cast, safe):
    theirs = _report(cast, "coordinator", safe=safe)
    mine = _report(cast, "analyst", safe=safe)
    client.force_login(cast.carol)
    html = client.get(reverse("report_list", args=["lens"])).content.decode()
    assert _urls(mine)["detail"] in html
    assert _urls(theirs)["detail"] not in html


@pytest.mark.parametrize("safe", [False, True])
@pytest.mark.parametrize("recent", [True, False])
def test_an_analyst_cannot_open_or_download_a_coordinators_report(client, cast, safe, recent):
    """Also without a recent sign-in: the refusal comes before the re-authentication step, so the
    link the sign-in page sends back to (``?next=…/download/``) is refused the same way."""
    report = _report(cast, "coordinator", safe=safe)
    client.force_login(cast.carol)
    signed_in_just_now(client, cast.carol, ago=0 if recent else 16 * 60)
    for what, url in _urls(report).items():
        response = client.get(url)
        assert response.status_code == 403, (what, response.status_code)
        assert SECRET not in response.content
    denied = _denials(cast.carol)
    assert len(denied) == 2
    assert all(s.startswith("cl.read_report_coordinator GET ") for s in denied), denied
    assert not AuditEntry.objects.filter(action=Action.EXPORT).exists()


@pytest.mark.parametrize("role", ["member", "viewer"])
def test_members_and_viewers_get_no_analysts_report_and_the_refusal_is_audited(client, cast, role):
    user = cast.by_role()[role]
    report = _report(cast, "analyst")
    client.force_login(user)
    signed_in_just_now(client, user)
    urls = {"list": reverse("report_list", args=["lens"]), **_urls(report)}
    for what, url in urls.items():
        response = client.get(url)
        assert response.status_code == 403, (what, response.status_code)
        assert SECRET not in response.content
    assert len(_denials(user)) == 3
    assert not AuditEntry.objects.filter(action=Action.EXPORT).exists()


def test_a_coordinator_lists_and_downloads_an_analysts_report(client, cast):
    report = _report(cast, "analyst", safe=True)
    client.force_login(cast.alice)
    signed_in_just_now(client, cast.alice)
    html = client.get(reverse("report_list", args=["lens"])).content.decode()
    assert _urls(report)["detail"] in html
    assert client.get(_urls(report)["detail"]).status_code == 200
    response = client.get(_urls(report)["download"])
    assert response.status_code == 200
    assert response.content == SECRET
    assert AuditEntry.objects.filter(action=Action.EXPORT, actor=cast.alice).count() == 1
    assert not _denials(cast.alice)


def test_an_analyst_downloads_an_analysts_report(client, cast):
    report = _report(cast, "analyst")
    client.force_login(cast.carol)
    signed_in_just_now(client, cast.carol)
    assert client.get(_urls(report)["download"]).content == SECRET


def test_a_report_of_an_unknown_role_is_shown_to_nobody(client, cast):
    """Fail closed: a role the policy does not know reads nothing, so no one may read its report."""
    report = _report(cast, "auditor")
    client.force_login(cast.alice)
    signed_in_just_now(client, cast.alice)
    assert (
        _urls(report)["detail"]
        not in client.get(reverse("report_list", args=["lens"])).content.decode()
    )
    assert client.get(_urls(report)["download"]).status_code == 403


def test_a_coordinator_demoted_to_analyst_loses_their_own_coordinators_report(client, cast):
    from coalitionlens.accounts.models import CoalitionRole

    report = _report(cast, "coordinator")
    report.requested_by = cast.alice
    report.save()
    CoalitionRole.objects.filter(user=cast.alice, coalition=cast.lens).update(role="analyst")
    client.force_login(cast.alice)
    signed_in_just_now(client, cast.alice)
    assert client.get(_urls(report)["download"]).status_code == 403
