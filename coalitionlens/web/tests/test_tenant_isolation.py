"""Tenant isolation (SAFETY.md): every route × role × method against another coalition's objects
answers 404 and changes nothing. A meta-test fails when a route is missing from the matrix."""

from __future__ import annotations

import hashlib
import json

import pytest
from django.apps import apps
from django.core import serializers
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from coalitionlens.accounts.models import CoalitionRole
from coalitionlens.coalitions.models import Organisation
from coalitionlens.coalitions.tests.factories import (
    core_sector,
)
from coalitionlens.kit.crud import Resource
from coalitionlens.reports.models import Report
from coalitionlens.surveys.models import Respondent, SurveyRound
from coalitionlens.surveys.tests.factories import RespondentFactory
from coalitionlens.transfer.models import ImportBatch, ValueMapping
from coalitionlens.web.tests import api_routes
from coalitionlens.web.tests.seeding import seed_every_kind

# django-allauth's second-factor pages (accounts/2fa/): each reads and changes only the signed-in
# person's own authenticators (accounts/tests/test_mfa.py proves it against another person's).
MFA_ROUTES = {
    "mfa_index": "the signed-in person's own second factor",
    "mfa_authenticate": "the code step of the sign-in under way in this session",
    "mfa_reauthenticate": "the signed-in person's own code",
    "mfa_activate_totp": "sets up the signed-in person's own authenticator app",
    "mfa_deactivate_totp": "the signed-in person's own app (refused for roles that require it)",
    "mfa_view_recovery_codes": "the signed-in person's own recovery codes",
    "mfa_generate_recovery_codes": "the signed-in person's own recovery codes",
    "mfa_download_recovery_codes": "the signed-in person's own recovery codes",
}
# Routes that take no coalition, with the reason they are safe without scoping.
UNSCOPED = {
    **MFA_ROUTES,
    "home": "lists only the caller's own coalitions",
    "set_language": "stores a language preference in the session",
    "javascript_catalog": "static translation strings",
    "help_metrics": "docs/metrics.md, the same for everyone (insights/tests/test_metrics_help_page.py)",
    "token_list": "the signed-in person's own access tokens (accounts/tests/test_tokens_page.py)",
    "token_create": "makes a token for the signed-in person, in a coalition where they hold a role",
    "token_revoke": "revokes only the signed-in person's own tokens (404 for another's)",
    "platform_home": "platform admins only (404 for everyone else, tested in test_platform.py)",
    "survey_answer_start": "answering by a link's token, which alone picks the respondent (surveys tests)",
    "survey_answer_section": "answering by a link's token, which alone picks the respondent",
    "survey_answer_submit": "answering by a link's token, which alone picks the respondent",
    "survey_answer_withdraw": "answering by a link's token, which alone picks the respondent",
}
# Non-CRUD coalition routes: name → model of the <pk> argument (None when the route takes no pk).
EXTRA_SCOPED = {
    "coalition_home": None,
    "coalition_settings": None,
    "organisation_pick": None,
    "audit_log": None,
    "transfer_import": None,
    "transfer_template": None,
    "transfer_export": None,
    "importbatch_preview": ImportBatch,
    "importbatch_apply": ImportBatch,
    "importbatch_map": ImportBatch,
    "importbatch_sheets": ImportBatch,
    "valuemapping_list": None,
    "valuemapping_delete": ValueMapping,
    "survey_round_list": None,
    "survey_round_create": None,
    "survey_round_detail": SurveyRound,
    "survey_round_open": SurveyRound,
    "survey_round_close": SurveyRound,
    "survey_round_invite": SurveyRound,
    "survey_round_remind": SurveyRound,
    "survey_round_respondents": SurveyRound,
    "survey_round_results": SurveyRound,
    "survey_round_compare": SurveyRound,
    "survey_round_xlsform": SurveyRound,
    "survey_round_import": SurveyRound,
    "survey_respondent_remove": Respondent,
    "insights_dashboard": None,
    "insights_chart": None,
    "insights_network": None,
    "insights_network_data": None,
    "insights_diagnostics": None,
    "insights_adopt": None,
    "insights_exercises": None,
    "insights_exercise": None,
    "insights_exercise_handout": None,
    "insights_compare": None,
    "insights_compare_export": None,
    "insights_timeline": None,
    "insights_timeline_chart": None,
    "insights_timeline_export": None,
    "organisation_network": Organisation,
    "report_list": None,
    "report_detail": Report,
    "report_download": Report,
    "pathway_view": None,
    "pathway_coverage": None,
    "pathway_coverage_export": None,
}


def _named_patterns(resolver: URLResolver | None = None, prefix: str = "") -> list[tuple[str, str]]:
    resolver = resolver or get_resolver()
    out = []
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            out += _named_patterns(p, prefix + str(p.pattern))
        elif isinstance(p, URLPattern) and p.name:
            out.append((p.name, prefix + str(p.pattern)))
    return out


def _resources() -> dict[str, Resource]:
    from coalitionlens.directory.people import PEOPLE
    from coalitionlens.directory.views import RESOURCES
    from coalitionlens.engagements.views import ENGAGEMENTS
    from coalitionlens.pathways.views import RESOURCES as PATHWAYS
    from coalitionlens.tensions.views import ACTIONS, STRATEGIES, TENSIONS

    return {
        r.noun: r
        for r in [*RESOURCES, ENGAGEMENTS, TENSIONS, STRATEGIES, ACTIONS, PEOPLE, *PATHWAYS]
    }


def _matrix_routes() -> dict[str, type | None]:
    """Every coalition-scoped route name → the model its <pk> refers to."""
    routes: dict[str, type | None] = dict(EXTRA_SCOPED)
    for noun, resource in _resources().items():
        routes[f"{noun}_list"] = None
        routes[f"{noun}_create"] = None
        for action in ("detail", "edit", "delete"):
            routes[f"{noun}_{action}"] = resource.model
    return routes


def _is_allauth(route: str) -> bool:
    """allauth's sign-in, sign-out and password pages; its second-factor pages (accounts/2fa/)
    must each be listed in MFA_ROUTES."""
    return route.startswith("accounts/") and not route.startswith("accounts/2fa/")


def test_every_route_is_in_the_tenant_matrix():
    covered = _matrix_routes()
    missing = [
        (name, route)
        for name, route in _named_patterns()
        if name not in covered
        and name not in UNSCOPED
        and not _is_allauth(route)
        and not route.startswith("api/")  # the REST API's matrix is below
    ]
    assert missing == [], f"routes missing from the tenant matrix: {missing}"
    for name, route in _named_patterns():
        if name in covered:
            assert "<slug:slug>" in route, f"{name} is coalition data but takes no coalition slug"


def _seed(coalition):
    objs = seed_every_kind(coalition)
    objs["importbatch"] = ImportBatch.objects.create(
        coalition=coalition,
        file_name="a.csv",
        file_format="csv",
        data=b"name\n",
        sha256="0",
        size=5,
    )
    objs["valuemapping"] = ValueMapping.objects.create(
        coalition=coalition, column="sector", value="entr", code="BUSINESS"
    )
    objs["survey_respondent"] = RespondentFactory(
        round__coalition=coalition, organisation=objs["organisation"]
    )
    objs["survey_round"] = objs["survey_respondent"].round
    objs["report"] = Report.objects.create(
        coalition=coalition, role="coordinator", format="html", language="en",
        status="done", content=b"<html></html>",
    )  # fmt: skip
    return objs


def _fingerprint() -> str:
    """A digest of every row of every model: any change anywhere changes it."""
    h = hashlib.sha256()
    for model in apps.get_models():
        if model._meta.label in {"sessions.Session", "audit.AuditEntry"}:
            continue
        fields = None
        if model._meta.label == "accounts.AccessToken":  # each use stamps its last use
            fields = [f.name for f in model._meta.fields if f.name != "last_used_at"]
        rows = serializers.serialize("json", model._default_manager.order_by("pk"), fields=fields)
        h.update(model._meta.label.encode())
        h.update(json.dumps(json.loads(rows), sort_keys=True).encode())
    return h.hexdigest()


def _post_data(own_objs, other_objs) -> dict:
    """Plausible form data that points at the other coalition's records wherever an id is asked."""
    o = other_objs
    return {
        "name": "Injected",
        "title": "Injected",
        "code": "INJECTED",
        "sector": core_sector("BUSINESS").pk,
        "subsector": o["sector"].pk,
        "organisation": o["organisation"].pk,
        "unit": o["unit"].pk,
        "body": o["seat"].body_id,
        "leads": [o["organisation"].pk],
        "counterparts": [],
        "parties": [o["organisation"].pk],
        "tensions": [o["tension"].pk],
        "strategy": o["strategy"].pk,
        "owner": o["organisation"].pk,
        "text": "Injected",
        "due_on": "2025-01-01",
        "parent": core_sector("BUSINESS").pk,
        "date": "2025-01-01",
        "observed_on": "2025-01-01",
        "practice_type": "JOINT_EVENT",
        "partnership_type": "REFERRAL",
        "formality": "INFORMAL",
        "level": 2,
        "tier": "FULL",
        "status": "ACTIVE",
        "kind": "STAFF",
        "value": "3",
        "level_": "x",
        "category": "POWER_ASYMMETRY",
        "initiated_by": "COALITION",
        "outcome": "PENDING",
        "confidentiality": "INTERNAL",
        "scale": "NATIONAL",
        "origin": "DOMESTIC",
        "role": "MEMBER",
        "email": "intruder@example.org",
        "from_service": o["referral"].from_service_id,
        "to_service": o["service"].pk,
        "substage": o["substage"].pk,
        "partnership": o["partnership"].pk,
        "engagement": o["engagement"].pk,
        "trafficking_types": ["LABOUR"],
        "populations": ["ADULTS"],
        "capacity": "LARGE",
        "stage": "SHELTER",
    }


@pytest.mark.parametrize("role", ["coordinator", "member", "analyst", "viewer"])
def test_no_route_reaches_another_coalitions_objects(client, cast, role):
    own = _seed(cast.lens)
    theirs = _seed(cast.other)
    user = cast.by_role()[role]
    client.force_login(user)
    before = _fingerprint()
    checked = 0
    for name, model in _matrix_routes().items():
        noun = name.rsplit("_", 1)[0]
        for slug, pk_source in (("lens", theirs), ("other", theirs), ("other", own)):
            args = [slug]
            if model is not None:
                args.append(pk_source[noun].pk)
            elif slug == "lens":
                continue  # routes without a pk under one's own coalition are the user's own data
            url = reverse(name, args=args)
            for method in ("get", "post"):
                response = getattr(client, method)(
                    url, data=_post_data(own, theirs) if method == "post" else None
                )
                assert response.status_code in (404, 405), (
                    f"{role} {method.upper()} {url} → {response.status_code}"
                )
                checked += 1
            response = client.delete(url)
            assert response.status_code in (404, 405), (
                f"{role} DELETE {url} → {response.status_code}"
            )
    assert _fingerprint() == before, "a request changed data across coalitions"
    assert checked > 150


def test_forms_under_ones_own_coalition_cannot_attach_another_coalitions_records(client, cast):
    own = _seed(cast.lens)
    theirs = _seed(cast.other)
    client.force_login(cast.alice)
    before = _fingerprint()
    from django.forms import ModelChoiceField

    for noun, resource in _resources().items():
        form = resource.form(coalition=cast.lens)
        related = [
            n for n, f in form.fields.items() if isinstance(f, ModelChoiceField) and n != "parent"
        ]
        if not related:
            continue  # nothing in this form can point at another coalition's records
        response = client.post(
            reverse(f"{noun}_create", args=["lens"]), data=_post_data(own, theirs)
        )
        assert response.status_code == 400, noun
    assert _fingerprint() == before


def test_a_user_without_a_role_gets_404_even_on_the_coalition_home(client, cast):
    client.force_login(cast.dave)
    assert client.get(reverse("coalition_home", args=["lens"])).status_code == 404
    assert not CoalitionRole.objects.filter(user=cast.dave, coalition=cast.lens).exists()


# --- the REST API: every operation of its OpenAPI document × role × session or token ------------


def test_every_api_route_is_in_the_api_matrix(cast):
    """Every URL of the API is an operation of the document (or open, with its reason), every
    operation taking no coalition is listed with its reason, and every coalition operation's path
    can be filled with the fixture coalition's records: so the matrix below reaches each one."""
    assert api_routes.missing_from_document() == []
    unscoped = [op.key for op in api_routes.operations() if not op.scoped]
    assert sorted(set(unscoped) - set(api_routes.UNSCOPED)) == [], "unscoped API operations"
    assert api_routes.unfillable(_seed(cast.lens)) == [], "path parameters naming no record"
    assert "GET /api/v1/coalitions" in {op.key for op in api_routes.operations()}


def _api_variants(op, own, theirs):
    """(slug, records) to try: another coalition's slug, and one's own slug with another
    coalition's records (only for operations that name a record)."""
    out = [("other", theirs)]
    if [p for p in op.params if p != "slug"]:
        out += [("lens", theirs), ("other", own)]
    return out


@pytest.mark.parametrize("way", ["session", "token"])
@pytest.mark.parametrize("role", ["coordinator", "member", "analyst", "viewer"])
def test_no_api_operation_reaches_another_coalitions_records(client, cast, settings, role, way):
    """A session of someone with no role in ``other``, and a token for ``lens`` of someone who
    COORDINATES ``other``: every operation on ``other``'s records answers 404 (a write whose body
    the schema refuses answers 422 before any record is looked up; under one's own coalition a
    role may be refused, 403) and nothing changes anywhere."""
    from coalitionlens.accounts.tokens import token_create

    settings.COALITIONLENS_TOKEN_REQUESTS_PER_MINUTE = 100_000
    own = _seed(cast.lens)
    theirs = _seed(cast.other)
    user = cast.by_role()[role]
    headers = {}
    if way == "token":
        CoalitionRole.objects.create(user=user, coalition=cast.other, role="coordinator")
        _t, raw = token_create(user=user, coalition=cast.lens, role=role)
        headers = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    else:
        client.force_login(user)
    plausible = _post_data(own, theirs)
    before = _fingerprint()
    checked = 0
    for op in api_routes.operations():
        if not op.scoped:
            continue
        for slug, objs in _api_variants(op, own, theirs):
            url = api_routes.fill(op, slug, objs)
            assert url is not None, op.key
            answer = api_routes.request(
                client, op, url, data=api_routes.body(op, plausible), **headers
            )
            allowed = {404} if slug == "other" else {403, 404}
            if op.method in api_routes.UNSAFE:
                allowed |= {422}
            assert answer.status_code in allowed, (
                f"{role} {way} {op.method} {url}: {answer.status_code}"
            )
            checked += 1
    assert _fingerprint() == before, "an API request changed data across coalitions"
    scoped = [op for op in api_routes.operations() if op.scoped]
    assert checked >= len(scoped)
