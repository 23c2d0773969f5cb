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
