"""SAFETY.md "Survey confidentiality" and the confidential engagement fields, end to end.

Sentinels are seeded where no page may show them: one organisation's answers carry values that only
a figure computed from it alone could show; a respondent of an open round has saved, and not
submitted, answers with a sentinel comment; a restricted and a confidential engagement carry sentinel
words in their titles and outcome notes, and each has a counterpart organisation of its own.

Every route of the site is fetched as every role (and anonymously, and as a platform admin), with
the query parameters each page takes (search words, filters; no page takes a sort parameter today,
and the ones tried change nothing): no sentinel appears where the role may not read it, and for a
role that may not read a field, no response depends on it — a search for a hidden word answers
exactly as a search for a word that exists nowhere, and swapping the hidden titles, outcomes and
counterparts for others changes no byte of any page the role gets.
"""

from __future__ import annotations

import inspect
import re
from typing import Any

import pytest
from django.core.cache import cache
from django.urls import get_resolver, reverse

from coalitionlens.accounts.tests.factories import UserFactory
from coalitionlens.coalitions.tests.factories import OrganisationFactory, core_sector
from coalitionlens.conftest import within_one_day
from coalitionlens.engagements.models import Engagement, Participation
from coalitionlens.engagements.tests.factories import EngagementFactory
from coalitionlens.insights.caching import clear_local
from coalitionlens.surveys import services
from coalitionlens.surveys.answering import AnswerIn, sections
from coalitionlens.surveys.instruments import latest
from coalitionlens.surveys.models import RoundStatus
from coalitionlens.surveys.tests.factories import (
    RespondentFactory,
    SurveyRoundFactory,
    counting_organisation,
    invite,
)
from coalitionlens.web.tests import api_routes, doors
from coalitionlens.web.tests.test_tenant_isolation import (
    UNSCOPED,
    _matrix_routes,
    _named_patterns,
    _seed,
)

# The sentinel organisation's trust (1,1,2) → 1.33, value (2,1,2) → 1.67, factor items (1,2,2) →
# 1.67 and (1,1,2) → 1.33; everyone else answers 4 and 5. No figure that mixes the sentinel with
# four or more others can come near these values.
SENTINELS = [re.compile(r"(?<![\d.])1\.33(?!\d)"), re.compile(r"(?<![\d.])1\.67(?!\d)")]
COMMENT = "zq-sentinel-comment"
SAVED = "zq-saved-unsubmitted-comment"
#: Hidden engagement words and who may read them (SAFETY.md: field by field).
HIDDEN = {
    "RESTRICTED": {"title": "zqrestrictedtitle", "outcome": "zqrestrictedoutcome"},
    "CONFIDENTIAL": {"title": "zqconfidentialtitle", "outcome": "zqconfidentialoutcome"},
}
READERS = {"RESTRICTED": {"coordinator"}, "CONFIDENTIAL": {"coordinator", "analyst"}}
NOWHERE = "zqnowhereword"
#: A funding flow's notes: read by coordinators and analysts alone (``cl.view_funding``).
FUNDING_NOTE = "zqfundingnote"
FUNDING_READERS = {"coordinator", "analyst"}


def _answers(target: int, sentinel: bool) -> list[AnswerIn]:
    rel = [
        AnswerIn("relationship", "partners", None, "", [target]),
        AnswerIn("relationship", "frequency", target, "", 1 if sentinel else 4),
        AnswerIn("relationship", "level", target, "", 1 if sentinel else 4),
    ]
    trust = (1, 1, 2) if sentinel else (4, 4, 4)
    value = (2, 1, 2) if sentinel else (4, 4, 4)
    for code, v in zip(("trust_reliable", "trust_open", "trust_mission"), trust, strict=True):
        rel.append(AnswerIn("relationship", code, target, "", v))
    for code, v in zip(
        ("value_resources", "value_influence", "value_involvement"), value, strict=True
    ):
        rel.append(AnswerIn("relationship", code, target, "", v))
    health = []
    for i, item in enumerate(latest("health").items):
        v = ((1, 2, 2) if i % 2 else (1, 1, 2))[int(item["code"][-1]) - 1] if sentinel else 5
        health.append(AnswerIn("health", item["code"], None, "", v))
    hopes = [AnswerIn("hopes_fears", "seen", None, "PUBLIC", True)]
    if sentinel:
        hopes.append(AnswerIn("hopes_fears", "fear:retaliation", None, "PUBLIC", 1))
        health.append(AnswerIn("health", "comment", None, "", COMMENT))
    return rel + health + hopes


@pytest.fixture
def world(cast):
    own = _seed(cast.lens)
    _seed(cast.other)
    target = OrganisationFactory(
        coalition=cast.lens, name="Ministry T", sector=core_sector("GOVERNMENT")
    )
    raters = [
        counting_organisation(
            coalition=cast.lens, name=f"Shelter {i}", sector=core_sector("CIVIL_SOCIETY")
        )
        for i in range(6)
    ]
    lone = counting_organisation(
        coalition=cast.lens, name="Lone Media", sector=core_sector("MEDIA")
    )
    for status in (RoundStatus.OPEN, RoundStatus.OPEN):
        round_ = SurveyRoundFactory(coalition=cast.lens, status=status)
        for org in [*raters, lone]:
            respondent = RespondentFactory(round=round_, organisation=org)
            response = services.consent_give(respondent=respondent)
            services.answers_save(
                response=response, replace=[], answers=_answers(target.pk, org == lone)
            )
    services.round_close(round=round_, actor=cast.alice)
    open_respondent = RespondentFactory(round__coalition=cast.lens, organisation=raters[0])
    token = invite(open_respondent)
    services.consent_give(respondent=open_respondent)
    # another respondent of that open round saved answers and did not submit them
    saver = RespondentFactory(round=open_respondent.round, organisation=raters[1])
    invite(saver)
    saved = _answers(target.pk, True)
    saved = [a for a in saved if a.item != "comment"]
    saved.append(AnswerIn("health", "comment", None, "", SAVED))
    services.answers_save(
        response=services.consent_give(respondent=saver), replace=[], answers=saved
    )
    # and the coordinator gave that respondent a new link: the crawler answers through it too
    ((_saver, link),) = services.invitations_issue(
        round=open_respondent.round,
        respondents=[saver],
        base_url="http://testserver",
        actor=cast.alice,
    ).links
    reissued = link.rstrip("/").rsplit("/", 1)[1]
    own["survey_round"] = round_
    admin = UserFactory(email="root@example.org", is_superuser=True, is_staff=True)
    hidden = {}
    for level, words in HIDDEN.items():
        e = EngagementFactory(
            coalition=cast.lens,
            confidentiality=level,
            title=f"Briefing {words['title']}",
            outcome_notes=f"Agreed {words['outcome']}",
            description=f"About {words['title']}",
        )
        counterpart = OrganisationFactory(
            coalition=cast.lens,
            name=f"Zq{level.lower()}counterpart",
            sector=core_sector("LAW_ENFORCEMENT"),
        )
        Participation.objects.create(
            coalition=cast.lens, engagement=e, organisation=counterpart, role="COUNTERPART"
        )
        # a second organisation, in the roster like the counterpart but linked to nothing: the
        # swapped world makes it the counterpart instead
        control = OrganisationFactory(
            coalition=cast.lens,
            name=f"Plain {level.lower()} unit",
            sector=core_sector("LAW_ENFORCEMENT"),
        )
        hidden[level] = {"engagement": e, "counterpart": counterpart, "control": control}
    own["funding"].notes = f"Grant {FUNDING_NOTE}"
    own["funding"].save()
    from coalitionlens.accounts.tokens import token_create

    access_token, _secret = token_create(user=cast.alice, coalition=cast.lens, role="viewer")
    return {
        "objs": own,
        "access_token": access_token,
        "token": token,
        "tokens": [token, reissued],
        "admin": admin,
        "round": round_,
        "hidden": hidden,
    }


def _crawled(world) -> list[tuple[str, str]]:
    """(route name, URL) for every named route of the site, plus the hidden engagements' pages and
    their counterparts' organisation pages (which list an organisation's engagements)."""
    routes = _matrix_routes()
    out = []
    for name, pattern in _named_patterns():
        if name in routes:
            model = routes[name]
            args: list = ["lens"]
            if model is not None:
                args.append(world["objs"][name.rsplit("_", 1)[0]].pk)
            out.append((name, reverse(name, args=args)))
        elif name in UNSCOPED:
            if "<str:token>" in pattern:
                for token in world["tokens"]:
                    if "<slug:section>" in pattern:
                        for section in sections(world["round"].instruments):
                            out.append((name, reverse(name, args=[token, section.code])))
                    else:
                        out.append((name, reverse(name, args=[token])))
            elif "<int:pk>" in pattern:  # the tokens page's revoke: an access token of alice's
                out.append((name, reverse(name, args=[world["access_token"].pk])))
            else:
                out.append((name, reverse(name)))
    out += _api_crawled(world)
    for h in world["hidden"].values():
        for name in ("engagement_detail", "engagement_edit"):
            out.append((name, reverse(name, args=["lens", h["engagement"].pk])))
        for org in (h["counterpart"], h["control"]):
            out.append(
                ("organisation_detail", reverse("organisation_detail", args=["lens", org.pk]))
            )
    return out


def _api_crawled(world) -> list[tuple[str, str]]:
    """(route name, URL) of every read operation of the REST API (from its OpenAPI document) and of
    its open routes, paths filled with the fixture coalition's records; the hidden engagements and
    their counterparts too, where a path names an engagement or an organisation."""
    from django.urls import resolve

    out = [(name, reverse(f"api-1:{name}")) for name in api_routes.OPEN]
    for op in api_routes.operations():
        if op.method != "GET":
            continue
        variants = [world["objs"]]
        for h in world["hidden"].values():
            if "/engagements/{" in op.path:
                variants.append({**world["objs"], "engagement": h["engagement"]})
            if "/organisations/{" in op.path:
                variants += [
                    {**world["objs"], "organisation": h[k]} for k in ("counterpart", "control")
                ]
        for objs in variants:
            url = api_routes.fill(op, "lens", objs)
            assert url is not None, f"{op.key}: a path parameter names no seeded record"
            out.append((resolve(url).url_name or op.key, url))
    return out


def _urls(world) -> list[str]:
    return [url for _name, url in _crawled(world)]


def _hidden_words(role: str | None) -> list[str]:
    hidden = [
        w for level, words in HIDDEN.items() if role not in READERS[level] for w in words.values()
    ]
    return hidden + ([] if role in FUNDING_READERS else [FUNDING_NOTE])


#: The query parameters each page reads, by route name, for a role that may not read the hidden
#: fields (``words``: the hidden words it may not read). Pages of the generic list view take their
#: filter form's fields (:func:`_list_params`). A meta-test fails when a view reads ``request.GET``
#: and has no entry here.
def _params(name: str, world, words: list[str]) -> list[dict[str, Any]]:
    h = world["hidden"]
    e = h["RESTRICTED"]["engagement"]
    search = [{"q": w} for w in [*words, NOWHERE]]
    special: dict[str, list[dict[str, Any]]] = {
        "organisation_pick": search,
        "insights_network": [
            {"practice": e.practice_type, "mode": m, "start": "2025-01-01", "end": "2025-12-31"}
            for m in ("all", "engagement")
        ],
        "insights_network_data": [{"practice": e.practice_type, "mode": "engagement"}],
        "insights_chart": [
            {"name": n}
            for n in ("composition", "macro", "modes", "practices", "counterparts", "initiators")
        ],
        "insights_exercises": [
            *({"category": c} for c in ("POWER_ASYMMETRY", "MISALIGNED_VALUES")),
            {"kind": "BUILDING", "category": "SOCIAL_LOCATION"},
        ],
        "insights_exercise": [{"id": "power-walk"}],
        "insights_exercise_handout": [{"id": "power-walk", "lang": "km"}],
        "insights_compare": [{"with": "other"}],
        "insights_timeline": [{"period": "quarter", "measure": m} for m in ("degree", "ei_index")],
        "insights_timeline_chart": [{"period": "quarter", "size": "narrow"}],
        "insights_timeline_export": [{"format": f, "period": "quarter"} for f in ("csv", "xlsx")],
        "pathway_coverage_export": [
            {"format": f, "province": "North", "trafficking_type": "LABOUR"}
            for f in ("csv", "xlsx")
        ],
        # the other round to compare with: the world's closed round (no other closed round of
        # lens: 404), and one of another coalition (404)
        "survey_round_compare": [{"against": str(world["round"].pk)}, {"against": "999999"}],
        "audit_log": [{"page": "2"}],
        "set_language": [],
        "javascript_catalog": [],
    }
    if name in special:
        return special[name]
    if name.endswith("_list"):
        return _list_params(name, world, words)
    if name.endswith(("_create", "_edit")):
        return _initial_params(name, world)
    return []


def _initial_params(name: str, world) -> list[dict[str, Any]]:
    """Forms of the generic views take initial values from the query (``initial_from_query``)."""
    from coalitionlens.web.tests.test_tenant_isolation import _resources

    resource = _resources().get(name.rsplit("_", 1)[0])
    if resource is None:
        return []
    out: list[dict[str, Any]] = []
    for field in resource.initial_from_query:
        if field == "organisation":
            out += [
                {field: h[k].pk}
                for h in world["hidden"].values()
                for k in ("counterpart", "control")
            ]
        elif field in world["objs"]:
            out.append({field: world["objs"][field].pk})
        else:  # a code (a service's stage), or a record the crawl does not seed: every choice
            choices = getattr(resource.form.base_fields.get(field), "choices", None) or []
            out += [{field: value} for value, _label in choices if value]
    return out


def _list_params(name: str, world, words: list[str]) -> list[dict[str, Any]]:
    from coalitionlens.web.tests.test_tenant_isolation import _resources

    resource = _resources().get(name.removesuffix("_list"))
    if resource is None or resource.filters is None:
        return []
    fields = resource.filters(coalition=world["objs"]["organisation"].coalition).fields
    out: list[dict[str, Any]] = [{"sort": "title"}, {"o": "-title"}, {"page": "2"}]
    if "q" in fields:
        out += [{"q": w} for w in [*words, NOWHERE]]
    if "organisation" in fields:
        for h in world["hidden"].values():
            out += [{"organisation": h["counterpart"].pk}, {"organisation": h["control"].pk}]
    for field in ("practice_type", "sector", "macro_sector"):
        if field in fields:
            out += [{field: v} for v, _label in list(fields[field].choices)[1:3]]
    if "year" in fields:
        out.append({"year": "2025"})
    if "funder" in fields:  # the funding list (403 for a role that may not read funding)
        f = world["objs"]["funding"]
        out += [
            {"funder": f.funder_id, "band": f.amount_band, "sort": "band"},
            {"recipient": f.recipient_id, "active_on": "2025-01-01", "sort": "-started_on"},
            {"recipient": "coalition"},
        ]
    return out


_VARYING = [
    (re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"'), 'name="csrfmiddlewaretoken"'),
    (re.compile(r'csrf[-_]token[^>]*content="[^"]*"'), "csrf-token"),
    (re.compile(r'"csrfToken":\s*"[^"]*"'), '"csrfToken"'),
    # the API's docs page hands its CSRF token to Swagger UI
    (re.compile(r'data-csrf-token="[^"]*"'), "data-csrf-token"),
    (re.compile(r'nonce="[^"]*"'), "nonce"),
    # a create form's one-time key (kit/once.py) is new at every showing
    (re.compile(r'name="once_key" value="[0-9a-f]{32}"'), 'name="once_key"'),
    # the network map's layout is not reproducible from one build to the next (igraph's
    # Fruchterman-Reingold on a tiny component), whatever the data: positions are left out
    (re.compile(r'"x": -?[\d.]+, "y": -?[\d.]+'), '"x", "y"'),
]


def _normal(text: str, echoed: list[str] | tuple[()] = ()) -> str:
    """The body without what differs on every request, and with the words the request itself
    carried replaced (a search box shows what was searched for)."""
    for pattern, repl in _VARYING:
        text = pattern.sub(repl, text)
    for word in echoed:
        if word:
            text = text.replace(str(word), "ECHO")
    return re.sub(r" selected(?=[ >])", "", text)


def _fetch_all(client, cast, world, roles, *, skip=lambda name, params: False) -> dict:
    """Every route × role of ``roles`` × its parameters: normalised bodies by (role, url, params)."""
    out = {}
    for role in roles:
        client.force_login(cast.by_role()[role])
        words = _hidden_words(role)
        for name, url in _crawled(world):
            for params in [{}, *_params(name, world, words)]:
                if skip(name, params):
                    continue
                response = client.get(url, params)
                echoed = [str(v) for v in params.values()]
                out[(role, url, tuple(sorted(params.items())))] = _normal(
                    doors.shown(response), echoed
                )
    return out


def test_the_sentinel_pattern_would_be_seen():
    assert SENTINELS[0].search("<td>1.33</td>")
    assert SENTINELS[1].search("trust 1.67 ")
    assert not SENTINELS[0].search("11.33 or 1.335")


def test_every_route_is_crawled_and_every_query_a_view_reads_is_tried(world):
    crawled = {name for name, _url in _crawled(world)}
    # An API path's write operations have URL names of their own: its reads are crawled, and its
    # writes are sent by the tenant matrix and the read-only-token test (web/tests/).
    documented = {op.path for op in api_routes.operations()}
    crawled |= {
        name
        for name, route in api_routes.url_patterns()
        if api_routes.document_path(route) in documented
    }
    missing = [
        name
        for name, route in _named_patterns()
        if name not in crawled and not route.startswith("accounts/")
    ]
    assert missing == [], f"routes the crawler does not fetch: {missing}"
    untried = []
    for pattern in _patterns():
        view = inspect.unwrap(pattern.callback)
        source = inspect.getsource(view)
        if "request.GET" in source and not _params(pattern.name, world, [NOWHERE]):
            if pattern.name.endswith(("_list", "_create", "_edit")) or pattern.name in (
                "set_language",
            ):
                continue  # generic views without filters or initial values; Django's own view
            untried.append(pattern.name)
    assert untried == [], f"views that read query parameters the crawler does not try: {untried}"


def _patterns(resolver=None) -> list:
    from django.urls import URLPattern, URLResolver

    out = []
    for p in (resolver or get_resolver()).url_patterns:
        if isinstance(p, URLResolver):
            # the REST API's query parameters are its document's (tried in the API tests below)
            if not str(p.pattern).startswith(("accounts/", "api/")):
                out += _patterns(p)
        elif isinstance(p, URLPattern) and p.name:
            out.append(p)
    return out


def test_no_page_shows_an_answer_or_a_hidden_field_to_anyone_it_is_hidden_from(client, cast, world):
    crawled = _crawled(world)
    assert any("/results/" in u for _n, u in crawled)
    users = [(None, None), ("admin", world["admin"]), *cast.by_role().items()]
    fetched = 0
    for role, user in users:
        client.logout()
        if user is not None:
            client.force_login(user)
        words = _hidden_words(role)
        for name, url in crawled:
            variants = [{"lang": lang} for lang in ("en", "fr")] + _params(name, world, words)
            for params in variants:
                text = doors.shown(
                    client.get(url, params, HTTP_ACCEPT_LANGUAGE=params.get("lang", "en"))
                )
                text = _normal(text, [str(v) for v in params.values()])
                where = f"{url}?{params} as {role}"
                for pattern in SENTINELS:
                    assert not pattern.search(text), f"{where}: {pattern.pattern}"
                assert COMMENT not in text, f"{where} shows a comment below k+3"
                assert SAVED not in text, f"{where} shows a respondent's saved answers"
                for word in words:
                    assert word not in text, f"{where} shows the hidden word {word}"
                fetched += 1
    assert fetched > 500
    # the results page did show the mixed figures, and the coordinator does read the hidden
    # fields, so the test looked at real numbers and real words
    client.force_login(cast.alice)
    page = client.get(
        reverse("survey_round_results", args=["lens", world["round"].pk])
    ).content.decode()
    assert "3.62" in page  # (6 × 4 + 1.33) / 7 for Ministry T
    e = world["hidden"]["RESTRICTED"]["engagement"]
    detail = client.get(reverse("engagement_detail", args=["lens", e.pk])).content.decode()
    assert HIDDEN["RESTRICTED"]["title"] in detail
    assert "Zqrestrictedcounterpart" in detail
    funding = world["objs"]["funding"]
    client.force_login(cast.carol)
    seen = client.get(reverse("funding_detail", args=["lens", funding.pk])).content.decode()
    assert FUNDING_NOTE in seen


def _engagement_search(name: str, params: dict) -> bool:
    return name == "engagement_list" and "q" in params


def test_no_page_depends_on_hidden_titles_outcomes_or_counterparts(client, cast, world):
    """Fetch everything, swap every hidden title, outcome and counterpart for another, fetch again:
    a role that may not read them gets the same bytes. (The engagement log's search is checked on
    its own below.)"""
    within_one_day(900)  # the pages count days: before and after are fetched on the same one
    checked = 0
    for level in ("RESTRICTED", "CONFIDENTIAL"):
        roles = [r for r in cast.by_role() if r not in READERS[level]]
        before = _fetch_all(client, cast, world, roles, skip=_engagement_search)
        h, words = world["hidden"][level], HIDDEN[level]
        Engagement.objects.filter(pk=h["engagement"].pk).update(
            title=f"Other {words['title'][::-1]}",
            outcome_notes=f"Other {words['outcome'][::-1]}",
            description="Other",
        )
        Participation.objects.filter(engagement=h["engagement"], role="COUNTERPART").update(
            organisation=h["control"]
        )
        cache.clear()
        clear_local()
        after = _fetch_all(client, cast, world, roles, skip=_engagement_search)
        changed = [key for key in before if before[key] != after[key]]
        assert changed == [], (
            f"{level}: pages that depend on fields their reader may not read: {changed[:10]}"
        )
        checked += len(before)
    assert checked > 300


def _search_answers(client, cast, world, name: str) -> list[str]:
    url = reverse(name, args=["lens"])
    differ = []
    for role, user in cast.by_role().items():
        words = _hidden_words(role)
        client.force_login(user)
        control = _normal(doors.shown(client.get(url, {"q": NOWHERE})), [NOWHERE])
        for word in words:
            answer = _normal(doors.shown(client.get(url, {"q": word})), [word])
            if answer != control:
                differ.append(f"{role} q={word}")
    return differ


def test_searching_for_a_hidden_word_answers_as_a_word_that_exists_nowhere(client, cast, world):
    for name in ("organisation_list", "organisation_pick"):
        assert _search_answers(client, cast, world, name) == [], name


def test_the_engagement_log_search_answers_a_hidden_title_as_a_word_that_exists_nowhere(
    client, cast, world
):
    assert _search_answers(client, cast, world, "engagement_list") == []


#: The query parameters of the API's reads the token crawl tries, by name (values for a role that
#: may not read the hidden fields: ``words``). A meta-test fails on a read taking another one.
def _api_query(name: str, world, words: list[str]) -> list[dict[str, Any]]:
    orgs = [h[k].pk for h in world["hidden"].values() for k in ("counterpart", "control")]
    e = world["hidden"]["RESTRICTED"]["engagement"]
    known: dict[str, list[Any]] = {
        "q": [*words, NOWHERE],
        "search": [*words, NOWHERE],
        "organisation": orgs,
        "organisation_id": orgs,
        "limit": [1, 500],
        "offset": [1],
        "practice_type": [e.practice_type],
        "practice": [e.practice_type],
        "confidentiality": ["RESTRICTED", "CONFIDENTIAL"],
        "year": [2025],
        "sector": ["LAW_ENFORCEMENT"],
        "macro_sector": ["PUBLIC"],
        "mode": ["all", "engagement"],
        "with": ["other"],
        "period": ["year", "quarter"],
        # the referral pathways' filters (a province the world's organisations do not name: 422)
        "province": ["North", NOWHERE],
        "stage": ["IDENTIFICATION", "SHELTER"],
        "trafficking_type": ["LABOUR", "SEXUAL"],
        "population": ["MINORS", "ADULTS"],
        "sort": ["title", "-title", "date", "-date", "name", "-name", "band", "-started_on"],
        # the funding list's filters (the funding itself: a role that may not read it gets 403)
        "funder": [world["objs"]["funding"].funder_id],
        "recipient": [world["objs"]["funding"].recipient_id, "coalition"],
        "band": [world["objs"]["funding"].amount_band],
        "active_on": ["2025-01-01"],
        # the hidden engagement's own day, as the whole window and as each edge of one
        "start": [e.date.isoformat(), "2000-01-01"],
        "end": [e.date.isoformat(), "2099-12-31"],
    }
    if name not in known:
        return []
    tries: list[dict[str, Any]] = [{name: v} for v in known[name]]
    if name == "start":  # a window of the one day the hidden engagement happened
        tries.append({"start": e.date.isoformat(), "end": e.date.isoformat()})
    return tries


def _api_query_names(op) -> list[str]:
    return [p["name"] for p in op.spec.get("parameters", []) if p.get("in") == "query"]


def test_every_query_parameter_of_the_api_is_tried(world):
    untried = [
        f"{op.key} ?{name}"
        for op in api_routes.operations()
        if op.method == "GET"
        for name in _api_query_names(op)
        if not _api_query(name, world, [NOWHERE])
    ]
    assert untried == [], f"API query parameters the token crawl does not try: {untried}"


@pytest.mark.parametrize("role", ["coordinator", "analyst", "member", "viewer"])
def test_no_api_read_shows_an_answer_or_a_hidden_field_to_a_token_it_is_hidden_from(
    client, cast, world, settings, role
):
    """The REST API's reads, as the sessions above, by a coordinator's personal access token for
    each role: the token's role decides what it reads, not its owner's."""
    headers = doors.enter(client, cast, role, way="token", settings=settings)
    words = _hidden_words(role)
    crawled = _api_crawled(world)
    ops = {op.path: op for op in api_routes.operations() if op.method == "GET"}
    tries = []
    for _name, url in crawled:
        tries.append((url, {}))
        op = next((o for p, o in ops.items() if _matches_path(p, url)), None)
        for name in _api_query_names(op) if op is not None else []:
            tries += [(url, q) for q in _api_query(name, world, words)]
    for url, query in tries:
        answer = client.get(url, query, **headers)
        text = _normal(doors.shown(answer), [str(v) for v in query.values()])
        for pattern in SENTINELS:
            assert not pattern.search(text), f"{url} as a {role} token: {pattern.pattern}"
        assert COMMENT not in text, url
        assert SAVED not in text, url
        for word in words:
            assert word not in text, f"{url} shows the hidden word {word} to a {role} token"
    assert any(u.startswith("/api/v1/coalitions") for _n, u in crawled)


def _matches_path(template: str, url: str) -> bool:
    return re.fullmatch(re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template)), url) is not None
