"""Pages that are not about one kind of record: the start page and the audit log."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from coalitionlens.accounts.permissions import roles_of
from coalitionlens.accounts.scoping import get_scope
from coalitionlens.audit.models import AuditEntry
from coalitionlens.coalitions.models import Coalition


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    roles = roles_of(request.user)
    coalitions = (
        Coalition.objects.filter(pk__in=roles)
        .annotate(n_orgs=Count("organisations"))
        .order_by("name")
    )
    if len(roles) == 1 and not request.user.is_superuser:
        return redirect("coalition_home", slug=coalitions[0].slug)
    rows = [(c, roles[c.pk]) for c in coalitions]
    return render(request, "web/home.html", {"rows": rows})


@login_required
@require_GET
def audit_log(request: HttpRequest, slug: str) -> HttpResponse:
    scope = get_scope(request, slug)
    scope.require("cl.view_audit", request)
    entries = AuditEntry.objects.filter(coalition_id=scope.coalition.pk).select_related("actor")
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(
        request, "web/audit.html", {"scope": scope, "coalition": scope.coalition, "page": page}
    )
