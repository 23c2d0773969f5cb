"""Scoped list / detail / create / edit / delete pages, declared once per kind of record.

Each kind of coalition record is described by a :class:`Resource`; :func:`resource_urls` turns it
into five URL patterns whose views all follow the same steps: resolve the coalition from the URL and
the user's role in it (404 for anyone else), check the permission (403 and an audit entry when
refused), read through a coalition-scoped query, write through a service, render.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from coalitionlens.kit.audited import record_delete, record_save
from coalitionlens.kit.once import once
from coalitionlens.kit.scoping import Scope

#: How a page finds its scope from the request and the URL's slug (``accounts.scoping.get_scope``,
#: handed in by each app's ``urls.py``: the toolkit knows no app).
ScopeOf = Callable[[HttpRequest, str], Scope]


@dataclass(frozen=True)
class Column:
    label: Any
    attr: str
    link: bool = False
    nowrap: bool = False


def _default_save(scope: Scope, form: Any, request: HttpRequest) -> models.Model:
    instance = form.save(commit=False)
    m2m = {
        name: form.cleaned_data[name]
        for name in form._meta.fields
        if name in form.cleaned_data and isinstance(form.fields[name], _multiple_model_field())
    }
    return record_save(instance=instance, actor=request.user, m2m=m2m, request=request)


def _multiple_model_field() -> type:
    from django.forms import ModelMultipleChoiceField

    return ModelMultipleChoiceField


def _default_delete(obj: Any, request: HttpRequest) -> None:
    record_delete(instance=obj, actor=request.user, request=request)


def _identity(obj: Any, scope: Scope) -> Any:
    return obj


@dataclass(frozen=True)
class Resource:
    noun: str
    plural: str
    title: Any
    model: type[models.Model]
    form: type
    rows: Callable[[Scope, Any], Any]
    columns: Sequence[Column]
    #: Fields shown on the detail page; by default the form's fields.
    detail_fields: Sequence[str] = ()
    view_perm: str = "cl.view_coalition"
    edit_perm: str = "cl.edit_directory"
    filters: type | None = None
    save: Callable[[Scope, Any, HttpRequest], models.Model] = _default_save
    delete: Callable[[Any, HttpRequest], None] = _default_delete
    #: Lets a role without ``edit_perm`` edit one particular record (never create or delete).
    may_edit_object: Callable[[Scope, Any], bool] | None = None
    present: Callable[[Any, Scope], Any] = _identity
    present_many: Callable[[Any, Scope], Any] | None = None
    detail_template: str = "web/detail.html"
    extra_context: Callable[[Any, Scope], dict[str, Any]] | None = None
    initial_from_query: Sequence[str] = ()
    labels: dict[str, Any] = field(default_factory=dict)
    code_lists: dict[str, Any] = field(default_factory=dict)
    #: A table drawn above the list's rows (its template and its context), e.g. by province.
    list_extra: Callable[[Scope], dict[str, Any]] | None = None
    #: Detail fields shown only to roles holding a permission, e.g. ``{"tensions": "cl.view_tensions"}``.
    field_perms: dict[str, str] = field(default_factory=dict)

    def visible_fields(self, scope: Scope) -> list[str]:
        return [
            f
            for f in (self.detail_fields or self.form._meta.fields)  # type: ignore[attr-defined]
            if f not in self.field_perms or scope.can(self.field_perms[f])
        ]

    @property
    def singular(self) -> Any:
        return self.model._meta.verbose_name

    def objects(self, scope: Scope) -> Any:
        return self.model._default_manager.filter(coalition=scope.coalition)


def coalition_rows(selector: Callable[..., Any], *filters: str) -> Callable[[Scope, Any], Any]:
    """A resource's ``rows``: ``selector`` for the page's coalition, given the list filter's
    cleaned ``filters`` by name ("" for one the form left out)."""

    def rows(scope: Scope, params: Any) -> Any:
        return selector(coalition=scope.coalition, **{f: params.get(f, "") for f in filters})

    # The rows are the selector's app's: the REST API files a resource's operations under the
    # module of its rows (kit/api.py), and the test layout's check reads the app from it.
    rows.__module__ = selector.__module__
    return rows


def _get(resource: Resource, scope: Scope, pk: int) -> Any:
    obj = resource.objects(scope).filter(pk=pk).first()
    if obj is None:
        raise Http404
    return obj


def _may_edit(resource: Resource, scope: Scope, obj: Any) -> bool:
    if scope.can(resource.edit_perm):
        return True
    return (
        obj is not None
        and resource.may_edit_object is not None
        and resource.may_edit_object(scope, obj)
    )


def resource_submit(
    resource: Resource,
    scope: Scope,
    request: HttpRequest,
    data: Any,
    *,
    instance: Any = None,
    initial: dict[str, Any] | None = None,
) -> tuple[models.Model | None, Any]:
    """What the create and edit pages do with a sent form, for a page or the REST API alike:
    refuse (403, audited) a role that may not write it, bind the resource's form to ``data``,
    validate, and save through the resource's service. ``(record, form)``, or ``(None, form)``
    with the form's errors."""
    if not _may_edit(resource, scope, instance):
        scope.require(resource.edit_perm, request)
    form = resource.form(data, instance=instance, coalition=scope.coalition, initial=initial or {})
    if not form.is_valid():
        return None, form
    try:
        return resource.save(scope, form, request), form
    except ValidationError as exc:
        _attach_errors(form, exc)
        return None, form


def resource_current(resource: Resource, scope: Scope, instance: Any) -> dict[str, Any]:
    """A record's values as its edit form shows them (related records by id): what a partial
    change (the API's PATCH) starts from."""
    form = resource.form(None, instance=instance, coalition=scope.coalition)
    return {name: form.initial.get(name, field.initial) for name, field in form.fields.items()}


def _ctx(resource: Resource, scope: Scope, **extra: Any) -> dict[str, Any]:
    return {
        "resource": resource,
        "scope": scope,
        "coalition": scope.coalition,
        "can_edit": scope.can(resource.edit_perm),
        "can_delete": scope.can(resource.edit_perm),
        **extra,
    }


def _list_view(resource: Resource, get_scope: ScopeOf) -> Callable[..., HttpResponse]:
    @login_required
    @require_http_methods(["GET", "HEAD"])
    def view(request: HttpRequest, slug: str) -> HttpResponse:
        scope = get_scope(request, slug)
        scope.require(resource.view_perm, request)
        filters = (
            resource.filters(request.GET, coalition=scope.coalition) if resource.filters else None
        )
        params = filters.cleaned_data if filters is not None and filters.is_valid() else {}
        rows = resource.rows(scope, params)
        page = Paginator(rows, settings.COALITIONLENS_PAGE_SIZE).get_page(request.GET.get("page"))
        objects = (
            resource.present_many(page.object_list, scope)
            if resource.present_many
            else page.object_list
        )
        query = request.GET.copy()
        query.pop("page", None)
        htmx = getattr(request, "htmx", None)
        partial = bool(htmx) and htmx.target == "list-rows"  # type: ignore[union-attr]
        template = "web/_list_rows.html" if partial else "web/list.html"
        return render(
            request,
            template,
            _ctx(
                resource,
                scope,
                page=page,
                objects=objects,
                filters=filters,
                query=query.urlencode(),
                **(resource.list_extra(scope) if resource.list_extra and not partial else {}),
            ),
        )

    return view


def _detail_view(resource: Resource, get_scope: ScopeOf) -> Callable[..., HttpResponse]:
    @login_required
    @require_http_methods(["GET", "HEAD"])
    def view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
        scope = get_scope(request, slug)
        obj = _get(resource, scope, pk)
        scope.require(resource.view_perm, request)
        obj = resource.present(obj, scope)
        extra = resource.extra_context(obj, scope) if resource.extra_context else {}
        ctx = _ctx(resource, scope, object=obj, **extra)
        ctx["can_edit"] = _may_edit(resource, scope, obj)
        return render(request, resource.detail_template, ctx)

    return view


def _form_view(
    resource: Resource, get_scope: ScopeOf, creating: bool
) -> Callable[..., HttpResponse]:
    @login_required
    @require_http_methods(["GET", "HEAD", "POST"])
    def view(request: HttpRequest, slug: str, pk: int | None = None) -> HttpResponse:
        scope = get_scope(request, slug)
        instance = None if creating else _get(resource, scope, pk)  # type: ignore[arg-type]
        if not _may_edit(resource, scope, instance):
            scope.require(resource.edit_perm, request)
        initial = {k: request.GET[k] for k in resource.initial_from_query if k in request.GET}
        if request.method == "POST":
            obj, form = resource_submit(
                resource, scope, request, request.POST, instance=instance, initial=initial
            )
            if obj is not None:
                messages.success(request, _("Saved: %(obj)s") % {"obj": obj})
                return HttpResponseRedirect(reverse(f"{resource.noun}_detail", args=[slug, obj.pk]))
        else:
            form = resource.form(
                None, instance=instance, coalition=scope.coalition, initial=initial
            )
        status = 400 if request.method == "POST" else 200
        return render(
            request,
            "web/form.html",
            _ctx(resource, scope, form=form, object=instance, creating=creating),
            status=status,
        )

    return view


def _attach_errors(form: Any, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def _delete_view(resource: Resource, get_scope: ScopeOf) -> Callable[..., HttpResponse]:
    @login_required
    @require_http_methods(["GET", "HEAD", "POST"])
    def view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
        scope = get_scope(request, slug)
        obj = _get(resource, scope, pk)
        scope.require(resource.edit_perm, request)
        error = None
        if request.method == "POST":
            try:
                resource.delete(obj, request)
            except ValidationError as exc:
                error = " ".join(exc.messages)
            else:
                messages.success(request, _("Deleted: %(obj)s") % {"obj": obj})
                return HttpResponseRedirect(reverse(f"{resource.noun}_list", args=[slug]))
        return render(
            request,
            "web/confirm_delete.html",
            _ctx(resource, scope, object=obj, error=error),
            status=409 if error else 200,
        )

    return view


def resource_urls(resource: Resource, *, get_scope: ScopeOf) -> list[URLPattern]:
    base = f"c/<slug:slug>/{resource.plural}/"
    n = resource.noun
    return [
        path(base, _list_view(resource, get_scope), name=f"{n}_list"),
        path(
            base + "new/", once(_form_view(resource, get_scope, creating=True)), name=f"{n}_create"
        ),
        path(base + "<int:pk>/", _detail_view(resource, get_scope), name=f"{n}_detail"),
        path(
            base + "<int:pk>/edit/",
            _form_view(resource, get_scope, creating=False),
            name=f"{n}_edit",
        ),
        path(base + "<int:pk>/delete/", _delete_view(resource, get_scope), name=f"{n}_delete"),
    ]
