"""Import (upload → preview → apply), export and template pages."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from coalitionlens.accounts.reauth import confirm_first, signed_in_recently
from coalitionlens.accounts.scoping import Scope, get_scope
from coalitionlens.kit.once import once
from coalitionlens.pathways.views import VIEW_PERM as PATHWAY_VIEW_PERM
from coalitionlens.pathways.views import filters_of
from coalitionlens.transfer import selectors
from coalitionlens.transfer.exports import FORMATS, export_filename
from coalitionlens.transfer.forms import KIND_CHOICES, ExportForm, UploadForm
from coalitionlens.transfer.models import BatchStatus, ImportBatch
from coalitionlens.transfer.readers import FileRejected
from coalitionlens.transfer.services import (
    accepted_codes,
    batch_file,
    coverage_export_run,
    export_run,
    import_apply,
    import_batch_answer,
    import_batch_create,
    import_batch_preview,
    import_batch_sheets,
    preview_data,
    value_mapping_delete,
)
from coalitionlens.transfer.uploads import upload_too_large

IMPORT_PERMS = ("cl.edit_directory", "cl.edit_engagements")
#: The sheet choice: as recognised, a kind of record, or skipped.
SHEET_CHOICES = [
    ("", gettext_lazy("As recognised")),
    *[(k, label) for k, label in KIND_CHOICES if k],
    ("skip", gettext_lazy("Skip this sheet")),
]


def _sheet_rows(sheets: list[dict[str, Any]], chosen: dict[str, str]) -> list[dict[str, Any]]:
    """The preview's sheets with the choice made for each, and a field name of their own."""
    return [
        {**sheet, "choice": chosen.get(sheet["name"], ""), "field": f"sheet_{i}"}
        for i, sheet in enumerate(sheets)
    ]


def _require_import(scope: Scope, request: HttpRequest) -> None:
    for perm in IMPORT_PERMS:
        scope.require(perm, request)


def _get_batch_for_user(scope: Scope, pk: int) -> ImportBatch:
    batch = selectors.batch_for_scope(coalition=scope.coalition, pk=pk)
    if batch is None:
        raise Http404
    return batch


@login_required
@once
@require_http_methods(["GET", "HEAD", "POST"])
def import_upload(request: HttpRequest, slug: str) -> HttpResponse:
    scope = get_scope(request, slug)
    _require_import(scope, request)
    files = request.FILES or None  # read first: it is what tells a body too large to read
    form = UploadForm(request.POST or None, files, too_large=upload_too_large(request))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                batch = import_batch_create(
                    coalition=scope.coalition,
                    actor=request.user,
                    name=upload.name or "",
                    data=upload.read(),
                    kind=form.cleaned_data["kind"],
                )
            except FileRejected as exc:
                form.add_error("file", str(exc))
            else:
                return HttpResponseRedirect(reverse("importbatch_preview", args=[slug, batch.pk]))
    return render(
        request,
        "transfer/import.html",
        {"scope": scope, "coalition": scope.coalition, "form": form},
        status=status,
    )


def _preview_page(
    request: HttpRequest,
    scope: Scope,
    batch: ImportBatch,
    preview: dict[str, Any],
    status: int = 200,
) -> HttpResponse:
    """``preview``: :func:`~coalitionlens.transfer.services.preview_data`, as stored."""
    questions = {"values": [], "dates": [], **(preview.get("questions") or {})}
    return render(
        request,
        "transfer/preview.html",
        {
            "scope": scope,
            "coalition": scope.coalition,
            "batch": batch,
            "rows": preview["rows"],
            "more_rows": preview["row_count"] - len(preview["rows"]),
            "errors": preview["errors"],
            "error_count": preview["error_count"],
            "more_errors": preview["error_count"] - len(preview["errors"]),
            "warnings": preview["warnings"],
            "more_warnings": preview["warning_count"] - len(preview["warnings"]),
            "totals": preview["totals"],
            "counts": preview["counts"],
            "can_apply": preview["applicable"] and batch.status == BatchStatus.PREVIEWED,
            "questions": questions,
            "can_answer": batch.status == BatchStatus.PREVIEWED
            and bool(questions["values"] or questions["dates"]),
            "sheets": _sheet_rows(preview.get("sheets") or [], batch.sheet_kinds or {}),
            "sheet_choices": SHEET_CHOICES,
            "can_choose_sheets": batch.status == BatchStatus.PREVIEWED
            and bool(preview.get("sheets")),
        },
        status=status,
    )


@login_required
@require_GET
def import_preview_page(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    scope = get_scope(request, slug)
    batch = _get_batch_for_user(scope, pk)
    _require_import(scope, request)
    return _preview_page(request, scope, batch, import_batch_preview(batch=batch))


@login_required
@once
@require_POST
def import_apply_page(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    scope = get_scope(request, slug)
    batch = _get_batch_for_user(scope, pk)
    _require_import(scope, request)
    if batch.status != BatchStatus.PREVIEWED:
        messages.info(request, _("This file has already been imported."))
        return HttpResponseRedirect(reverse("importbatch_preview", args=[slug, pk]))
    report = import_apply(
        coalition=scope.coalition,
        file=batch_file(batch),
        actor=request.user,
        request=request,
        batch=batch,
    )
    if not report.ok:
        messages.error(request, _("Nothing was imported: the file has errors."))
        return _preview_page(
            request, scope, batch, preview_data(report, coalition=scope.coalition), status=400
        )
    totals = report.totals()
    messages.success(
        request,
        _("Imported: %(new)s new, %(changed)s changed, %(unchanged)s unchanged.") % totals,
    )
    return HttpResponseRedirect(reverse("importbatch_preview", args=[slug, pk]))


@login_required
@once
@require_POST
def import_map_page(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The mapping step's answers: values mapped to codes (remembered for the coalition), and the
    order of the date columns the values left open."""
    scope = get_scope(request, slug)
    batch = _get_batch_for_user(scope, pk)
    _require_import(scope, request)
    if batch.status != BatchStatus.PREVIEWED:
        messages.info(request, _("This file has already been imported."))
        return HttpResponseRedirect(reverse("importbatch_preview", args=[slug, pk]))
    values: dict[tuple[str, str], str] = {}
    post = request.POST
    for name in post:
        if name.startswith("column_"):
            index = name.removeprefix("column_")
            column = post.get(name, "")
            code = post.get(f"code_{index}", "")
            value = post.get(f"value_{index}", "")
            if column and code and value:
                values[(column, value)] = code
    orders = {
        name.removeprefix("order_"): post.get(name, "")
        for name in post
        if name.startswith("order_") and post.get(name)
    }
    try:
        import_batch_answer(
            batch=batch, actor=request.user, values=values, date_orders=orders, request=request
        )
    except ValueError:
        messages.error(request, _("An answer is not one of the choices offered; nothing was kept."))
        return _preview_page(request, scope, batch, import_batch_preview(batch=batch), status=400)
    messages.success(request, _("Answers kept; the preview below uses them."))
    return HttpResponseRedirect(reverse("importbatch_preview", args=[slug, pk]))


@login_required
@once
@require_POST
def import_sheets_page(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The sheet choice: which kind of record each sheet holds, or that it is skipped."""
    scope = get_scope(request, slug)
    batch = _get_batch_for_user(scope, pk)
    _require_import(scope, request)
    if batch.status != BatchStatus.PREVIEWED:
        messages.info(request, _("This file has already been imported."))
        return HttpResponseRedirect(reverse("importbatch_preview", args=[slug, pk]))
    sheets = import_batch_preview(batch=batch).get("sheets") or []
    chosen = {row["name"]: request.POST.get(row["field"], "") for row in _sheet_rows(sheets, {})}
    try:
        import_batch_sheets(batch=batch, actor=request.user, sheets=chosen, request=request)
    except ValueError:
        messages.error(request, _("A sheet choice is not one of those offered; nothing was kept."))
        return _preview_page(request, scope, batch, import_batch_preview(batch=batch), status=400)
    messages.success(request, _("Sheet choice kept; the preview below uses it."))
    return HttpResponseRedirect(reverse("importbatch_preview", args=[slug, pk]))


@login_required
@require_GET
def mapping_list(request: HttpRequest, slug: str) -> HttpResponse:
    """The values this coalition's imports remember (mapped once in a preview), to review and
    forget; for the people who import (coordinators)."""
    scope = get_scope(request, slug)
    _require_import(scope, request)
    mappings = selectors.value_mappings_for(coalition=scope.coalition)
    labels: dict[str, dict[str, str]] = {}
    for m in mappings:
        if m.column not in labels:
            labels[m.column] = dict(accepted_codes(coalition=scope.coalition, column=m.column))
        m.code_label = labels[m.column].get(m.code, "")  # type: ignore[attr-defined]
    return render(
        request,
        "transfer/mappings.html",
        {"scope": scope, "coalition": scope.coalition, "mappings": mappings},
    )


@login_required
@require_POST
def mapping_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    scope = get_scope(request, slug)
    mapping = selectors.value_mapping_for_scope(coalition=scope.coalition, pk=pk)
    if mapping is None:
        raise Http404
    _require_import(scope, request)
    value_mapping_delete(mapping=mapping, actor=request.user, request=request)
    messages.success(
        request,
        _("Forgotten: “%(value)s” in %(column)s; the next import will ask about it again.")
        % {"value": mapping.value, "column": mapping.column},
    )
    return HttpResponseRedirect(reverse("valuemapping_list", args=[slug]))


@login_required
@require_GET
def template_download(request: HttpRequest, slug: str) -> HttpResponse:
    scope = get_scope(request, slug)
    scope.require("cl.view_coalition", request)
    from coalitionlens.transfer.template import template_bytes

    response = HttpResponse(template_bytes(), content_type=FORMATS["xlsx"][0])
    response["Content-Disposition"] = 'attachment; filename="coalitionlens-import-template.xlsx"'
    return response


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def export_page(request: HttpRequest, slug: str) -> HttpResponse:
    scope = get_scope(request, slug)
    scope.require("cl.export", request)
    form = ExportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not signed_in_recently(request):
            return confirm_first(request, reverse("transfer_export", args=[slug]))
        fmt, safe = form.cleaned_data["format"], form.cleaned_data["safe"]
        data = export_run(
            coalition=scope.coalition,
            role=scope.role,
            fmt=fmt,
            actor=request.user,
            request=request,
            safe=safe,
        )
        response = HttpResponse(data, content_type=FORMATS[fmt][0])
        name = export_filename(scope.coalition, fmt, safe=safe)
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    return render(
        request,
        "transfer/export.html",
        {
            "scope": scope,
            "coalition": scope.coalition,
            "form": form,
            "recent": signed_in_recently(request),
        },
        status=400 if request.method == "POST" else 200,
    )


#: The coverage matrix's file formats: content type and file ending.
COVERAGE_FORMATS = {
    "csv": ("text/csv; charset=utf-8", "csv"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
}


@login_required
@require_GET
def coverage_export(request: HttpRequest, slug: str) -> HttpResponse:
    """The matrix the page shows, with the same filters, as CSV or XLSX (``?format=``, CSV by
    default): one line per cell (the
    export conventions of transfer: formula-like text neutralised, lists joined by ``; ``). As
    every export: the export permission, a recent sign-in, an audit entry."""
    fmt = request.GET.get("format", "csv")
    if fmt not in COVERAGE_FORMATS:
        raise Http404
    scope = get_scope(request, slug)
    scope.require(PATHWAY_VIEW_PERM, request)
    scope.require("cl.export", request)
    if not signed_in_recently(request):
        return confirm_first(request, request.get_full_path())
    _form, params = filters_of(request, scope)
    data = coverage_export_run(
        coalition=scope.coalition, params=params, fmt=fmt, actor=request.user, request=request
    )
    content_type, ending = COVERAGE_FORMATS[fmt]
    response = HttpResponse(data, content_type=content_type)
    name = f"{scope.coalition.slug}-coverage.{ending}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
