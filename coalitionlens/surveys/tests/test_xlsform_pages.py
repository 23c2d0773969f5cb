"""A round's offline pages: the XLSForm download and the import of its submissions."""

from __future__ import annotations

from django.urls import reverse

from coalitionlens.audit.models import AuditEntry
from coalitionlens.surveys.models import Response
from coalitionlens.surveys.tests.factories import SurveyRoundFactory
from coalitionlens.surveys.tests.helpers import _orgs


def test_the_xlsform_downloads_and_an_upload_imports(client, cast):
    from coalitionlens.surveys.tests.test_offline import _odk_csv, _submission

    orgs = _orgs(cast, 5)
    round_ = SurveyRoundFactory(coalition=cast.lens)
    client.force_login(cast.alice)
    form = client.get(reverse("survey_round_xlsform", args=["lens", round_.pk]))
    assert form.status_code == 200
    assert AuditEntry.objects.filter(action="export", object_id=str(round_.pk)).exists()
    ids = [o.pk for o in orgs]
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("e.csv", _odk_csv(form.content, [_submission(1, ids[1], ids)]))
    client.post(reverse("survey_round_import", args=["lens", round_.pk]), {"file": upload})
    assert Response.objects.filter(round=round_).count() == 1
    client.force_login(cast.carol)
    assert client.get(reverse("survey_round_xlsform", args=["lens", round_.pk])).status_code == 403


def test_the_import_page_says_how_many_rejected_submissions_were_skipped(client, cast):
    from django.contrib.messages import get_messages
    from django.core.files.uploadedfile import SimpleUploadedFile

    from coalitionlens.surveys.tests.test_offline import _labels_export, _submission

    orgs = _orgs(cast, 5)
    round_ = SurveyRoundFactory(coalition=cast.lens)
    client.force_login(cast.alice)
    form = client.get(reverse("survey_round_xlsform", args=["lens", round_.pk])).content
    ids = [o.pk for o in orgs]
    subs = [_submission(i, ids[i], ids) for i in range(4)]
    marks = dict.fromkeys(range(3), "validation_status_not_approved")
    upload = SimpleUploadedFile("kobo.xlsx", _labels_export(form, subs, marks))
    answer = client.post(reverse("survey_round_import", args=["lens", round_.pk]), {"file": upload})
    texts = [str(m) for m in get_messages(answer.wsgi_request)]
    assert "3 rejected submissions skipped." in texts
    assert Response.objects.filter(round=round_).count() == 1
