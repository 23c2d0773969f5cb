"""The comparison page compares only coalitions where the user has a role."""

from __future__ import annotations

from django.urls import reverse

from coalitionlens.insights.tests.helpers import grow


def test_comparison_shows_only_coalitions_where_the_user_has_a_role(client, cast):
    from coalitionlens.accounts.tests.factories import RoleFactory

    grow(cast.lens, 5)
    grow(cast.other, 5)
    client.force_login(cast.carol)
    page = client.get(reverse("insights_compare", args=["lens"]) + "?with=other")
    assert page.context["table"].columns == ["Lens Coalition"]
    RoleFactory(user=cast.carol, coalition=cast.other, role="analyst")
    page = client.get(reverse("insights_compare", args=["lens"]) + "?with=other")
    assert page.context["table"].columns == ["Lens Coalition", "Other Coalition"]


def _column_file(doc_change=None) -> bytes:
    from coalitionlens.insights.tests.test_comparison_file import _bytes, _valid

    doc = _valid()
    if doc_change is not None:
        doc_change(doc)
    return _bytes(doc)


def test_uploaded_column_files_are_compared_beside_the_coalition_and_kept_nowhere(client, cast):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from coalitionlens.insights.caching import _local

    grow(cast.lens, 5)
    client.force_login(cast.vic)
    upload = SimpleUploadedFile("study.json", _column_file(), content_type="application/json")
    page = client.post(reverse("insights_compare", args=["lens"]), {"column": [upload]})
    assert page.status_code == 200
    table = page.context["table"]
    assert table.columns == ["Lens Coalition", "Coalition 0A1B2C3D4E (file)"]
    rows = {m: v for _s, m, v in table.rows}
    assert rows["Tensions: Trust and suspicion"] == [None, 2]  # a viewer reads no local tensions
    assert "Coalition 0A1B2C3D4E (file)" in page.content.decode()
    # The local columns' analyses are cached as always; nothing holding the file's column is.
    assert _local
    assert not any("0A1B2C3D4E" in repr(value) for value in _local.values())
    again = client.get(reverse("insights_compare", args=["lens"]))
    assert again.context["table"].columns == ["Lens Coalition"]


def test_a_tampered_upload_is_refused_naming_the_file_and_nothing_of_it_is_shown(client, cast):
    from django.core.files.uploadedfile import SimpleUploadedFile

    name = "Harbourline Shipping Co."

    def tamper(doc):
        doc["facts"]["practices_PUBLIC"] = [[name, 4]]

    grow(cast.lens, 5)
    client.force_login(cast.alice)
    good = SimpleUploadedFile("good.json", _column_file())
    bad = SimpleUploadedFile("bad.json", _column_file(tamper))
    page = client.post(reverse("insights_compare", args=["lens"]), {"column": [good, bad]})
    assert page.status_code == 400
    body = page.content.decode()
    assert "bad.json: fact practices_PUBLIC should be one of the codes" in body
    assert name not in body
    assert page.context["table"].columns == ["Lens Coalition"]
