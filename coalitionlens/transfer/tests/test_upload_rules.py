"""SAFETY.md "Uploads": size cap, content sniffed, zip bombs refused before parsing, no path from names."""

from __future__ import annotations

import io
import zipfile

import pytest

from coalitionlens.transfer.models import ImportBatch
from coalitionlens.transfer.readers import FileRejected, read_sheets, sniff_format
from coalitionlens.transfer.services import import_batch_create, import_batch_purge
from coalitionlens.transfer.tests.helpers import ORGS, csv_bytes, xlsx


def test_the_format_comes_from_the_bytes_not_the_name():
    assert sniff_format(xlsx({"organisations": ORGS})) == "xlsx"
    assert sniff_format(csv_bytes(ORGS)) == "csv"
    with pytest.raises(FileRejected, match="old Excel"):
        sniff_format(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)
    with pytest.raises(FileRejected):
        sniff_format(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(FileRejected, match="not an XLSX or ODS"):
        sniff_format(out.getvalue())


def _bomb(size: int, entries: int = 1) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<x/>")
        archive.writestr("xl/workbook.xml", "<x/>")
        for i in range(entries):
            archive.writestr(f"xl/worksheets/sheet{i}.xml", b"\x00" * size)
    return out.getvalue()


def test_a_zip_bomb_is_refused_before_any_parser_sees_it(settings):
    settings.COALITIONLENS_IMPORT_MAX_UNPACKED_BYTES = 1_000_000
    data = _bomb(5_000_000)
    assert len(data) < 20_000
    with pytest.raises(FileRejected, match="unpacks to more"):
        sniff_format(data)
    with pytest.raises(FileRejected, match="unpacks to more"):
        read_sheets(data, "xlsx")


def test_a_zip_that_lies_about_its_sizes_is_caught_while_inflating(settings):
    settings.COALITIONLENS_IMPORT_MAX_UNPACKED_BYTES = 1_000_000
    data = bytearray(_bomb(5_000_000))
    # Rewrite the declared uncompressed size (central directory) to 10 bytes.
    cd = data.rfind(b"PK\x01\x02")
    data[cd + 24 : cd + 28] = (10).to_bytes(4, "little")
    with pytest.raises(FileRejected):
        sniff_format(bytes(data))


def test_a_zip_with_too_many_entries_is_refused(settings):
    settings.COALITIONLENS_IMPORT_MAX_ZIP_ENTRIES = 20
    with pytest.raises(FileRejected, match="too many parts"):
        sniff_format(_bomb(10, entries=50))


@pytest.mark.django_db
def test_uploads_over_the_size_cap_are_refused(cast, settings):
    settings.COALITIONLENS_IMPORT_MAX_BYTES = 1024
    with pytest.raises(FileRejected, match="larger than"):
        import_batch_create(
            coalition=cast.lens, actor=cast.alice, name="big.csv", data=b"a,b\n" * 1000
        )
    assert not ImportBatch.objects.exists()


@pytest.mark.django_db
def test_the_uploaded_name_is_kept_for_display_only(cast):
    batch = import_batch_create(
        coalition=cast.lens,
        actor=cast.alice,
        name="../../etc/passwd\x00.csv",
        data=csv_bytes(ORGS),
    )
    assert batch.file_name == "passwd.csv"
    assert batch.file_format == "csv"
    assert len(batch.sha256) == 64
    assert bytes(batch.data) == csv_bytes(ORGS)


@pytest.mark.django_db
def test_old_batches_are_purged(cast, settings):
    import datetime as dt

    from django.utils import timezone

    settings.COALITIONLENS_IMPORT_KEEP_HOURS = 24
    batch = import_batch_create(coalition=cast.lens, actor=cast.alice, name="a.csv", data=b"a\n")
    assert import_batch_purge(now=timezone.now() + dt.timedelta(hours=23)) == 0
    assert import_batch_purge(now=timezone.now() + dt.timedelta(hours=25)) == 1
    assert not ImportBatch.objects.filter(pk=batch.pk).exists()
