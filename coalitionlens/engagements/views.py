"""The engagement log pages."""

from __future__ import annotations

from typing import Any

from django import forms as djforms
from django.http import Http404, HttpRequest
from django.utils.translation import gettext_lazy as _

from coalitionlens.coalitions import vocab
from coalitionlens.coalitions.models import Coalition, Organisation
from coalitionlens.engagements import selectors
from coalitionlens.engagements.forms import EngagementForm
from coalitionlens.engagements.models import Engagement
from coalitionlens.engagements.policy import MaskedEngagement
from coalitionlens.engagements.services import engagement_save
from coalitionlens.kit.crud import Column, Resource
from coalitionlens.kit.scoping import Scope


class EngagementFilter(djforms.Form):
    q = djforms.CharField(
        label=_("Search"), required=False, max_length=100, widget=djforms.SearchInput
    )
    practice_type = djforms.ChoiceField(
        label=_("Practice"),
        required=False,
        choices=[("", _("All practices")), *vocab.PracticeType.choices],
    )
    year = djforms.IntegerField(label=_("Year"), required=False, min_value=1900, max_value=2100)
    organisation = djforms.ModelChoiceField(
        label=_("Organisation"), required=False, queryset=Organisation.objects.none()
    )
    # Only keys every role reads; a title sort reads the titles as the reader's role sees them.
    sort = djforms.ChoiceField(
        label=_("Sort"),
        required=False,
        choices=[
            ("", _("Newest first")),
            ("date", _("Oldest first")),
            ("practice", _("Practice")),
            ("title", _("Title")),
        ],
    )

    def __init__(self, *args: Any, coalition: Coalition, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(coalition=coalition)  # type: ignore[attr-defined]
        self.fields["q"].widget.attrs.update({"class": "form-control", "placeholder": _("Title")})
        self.fields["year"].widget.attrs.update({"class": "form-control"})
        for name in ("practice_type", "organisation", "sort"):
            self.fields[name].widget.attrs["class"] = "form-select"


def _rows(scope: Scope, p: dict[str, Any]) -> selectors.ReadableEngagements:
    org = p.get("organisation")
    return selectors.engagements_for(
        coalition=scope.coalition,
        role=scope.role,
        q=p.get("q", ""),
        practice_type=p.get("practice_type", ""),
        year=p.get("year"),
        organisation_id=org.pk if org else None,
        sort=p.get("sort") or "-date",
    )


def _save(scope: Scope, form: Any, request: HttpRequest) -> Engagement:
    engagement = form.save(commit=False)
    return engagement_save(
        engagement=engagement,
        leads=list(form.cleaned_data["leads"]),
        counterparts=list(form.cleaned_data["counterparts"]),
        # A caller that does not send focal points (the REST API) leaves them as they are.
        focal_points=(
            list(form.cleaned_data.get("focal_points") or [])
            if "focal_points" in form.data
            else None
        ),
        actor=request.user,
        request=request,
    )


def _present(engagement: Engagement, scope: Scope) -> MaskedEngagement:
    masked = selectors.engagements_for(coalition=scope.coalition, role=scope.role).get(
        engagement.pk
    )
    if masked is None:  # deleted between the two reads
        raise Http404
    return masked


ENGAGEMENTS = Resource(
    noun="engagement",
    plural="engagements",
    title=_("Engagement log"),
    model=Engagement,
    form=EngagementForm,
    filters=EngagementFilter,
    edit_perm="cl.edit_engagements",
    rows=_rows,
    save=_save,
    present=_present,
    columns=[
        Column(_("Date"), "date", nowrap=True),
        Column(_("Title"), "title", link=True),
        Column(_("Practice"), "get_practice_type_display"),
        Column(_("Lead"), "leads"),
        Column(_("Counterparts"), "counterparts"),
        Column(_("Outcome"), "get_outcome_display"),
    ],
    labels={"leads": _("Lead organisations"), "counterparts": _("Counterpart organisations")},
    code_lists={"domains": vocab.ActivityDomain, "four_ps": vocab.FourP},
    # Focal points are personal data: their names are shown to coordinators alone.
    field_perms={"focal_points": "cl.view_focal_points"},
    detail_template="engagements/engagement_detail.html",
)
