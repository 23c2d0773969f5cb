"""A request body larger than the import size cap is refused before it is read (SAFETY.md "Uploads").

Django streams a multipart body through the handlers of ``FILE_UPLOAD_HANDLERS``. This one, listed
first, looks at the body's declared length: past :func:`max_request_bytes` (the size cap plus room
for the form's other fields) it stops the parser at the first file, so the fields before
it (the CSRF token) are read and the file is not, and marks the request for the view to say why.

It is the second line: ``coalitionlens serve`` with waitress refuses such a body itself, from its
``Content-Length``, before reading it (``max_request_body_size``); gunicorn has no such limit, and
there this handler is the one that stops it.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import HttpRequest

__all__ = ["CappedUploadHandler", "max_request_bytes", "upload_too_large"]

MARK = "coalitionlens.upload_too_large"
#: Room in a request body for the multipart headers and the form's other fields.
FORM_BYTES = 1 << 20


def max_request_bytes() -> int:
    """The largest request body worth reading: an import file at the size cap, and its form."""
    return int(settings.COALITIONLENS_IMPORT_MAX_BYTES) + FORM_BYTES


class CappedUploadHandler(FileUploadHandler):
    """Read no file of a request whose body is larger than :func:`max_request_bytes`."""

    too_large = False

    def handle_raw_input(
        self,
        input_data: Any,
        META: dict[str, Any],  # noqa: N803 -- Django's name for it
        content_length: int,
        boundary: str,
        encoding: str | None = None,
    ) -> None:
        self.too_large = content_length > max_request_bytes()
        if self.too_large:
            META[MARK] = True

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        if self.too_large:
            # connection_reset: the rest of the body is not read either.
            raise StopUpload(connection_reset=True)

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


def upload_too_large(request: HttpRequest) -> bool:
    """Whether :class:`CappedUploadHandler` refused this request's files (after ``request.FILES``)."""
    return bool(request.META.get(MARK))
