"""Each app's tests sit in that app, one file per view (STYLE.md habit 4), and a machine checks it.

What a test *requests* is read from its source: the URL names it hands to ``reverse()`` or keeps in a
module-level list, and the literal paths it opens (``"/c/lens/tensions/new/"``, f-strings
included), following the module's own helpers and constants. Each URL name belongs to the app whose
``urls.py`` declares it, so the check follows the URLconf and never a hand-kept list. Sign-in pages
(django-allauth's, re-authentication included) are every page's door, so they belong to no app here.

Two rules, both in docs/architecture.md's testing paragraph:

1. **Placement.** A test module under ``<app>/tests/`` requests only ``<app>``'s pages. Modules in
   ``web/tests/`` test the glue (its own pages: the language switch, the script catalogue) or the
   whole product (pages of two apps or more): a web test of one app's pages, and of no page of the
   glue's own, belongs in that app. The few modules that use another app's pages on purpose
   (as the door to what they test, or as the reference a figure is compared with) are listed in
   ``REACHES_ACROSS`` with the reason; an entry that no longer reaches across fails too.
2. **One view per file.** Within a module, the tests that request the module's own pages hang
   together: two tests are joined when they request a common page (a scoped CRUD resource's five
   pages count as one), and all of them must form one group. A file gathering unrelated pages falls
   into several groups, and the failure names them. Tests of a service or a model that request no
   page are not grouped (their file is named after the service); a service tested through several
   pages is listed in ``SERVICE_THROUGH_PAGES``.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve

PACKAGE = Path(__file__).resolve().parents[2]
CRUD_SUFFIXES = ("_list", "_create", "_detail", "_edit", "_delete")
DOOR = "sign-in"

#: Modules that request another app's pages on purpose, and why.
REACHES_ACROSS: dict[str, str] = {
    "transfer/tests/test_coverage_export.py": "the coverage page is the reference its files equal",
    "pathways/tests/test_by_province.py": (
        "one table by province, from one selector, on the organisation list and the pathway pages"
    ),
    "accounts/tests/test_mfa.py": "a page behind sign-in is the door to the second factor",
    "accounts/tests/test_mfa_browser.py": "a page behind sign-in is the door to the second factor",
    "accounts/tests/test_sign_in.py": "a page behind sign-in is the door to signing in",
    "audit/tests/test_audit_log.py": "the audit trail is written by the directory pages' saves",
    "cli/tests/test_analyze_exports.py": "the network page is the reference `analyze` must equal",
    "data/tests/test_load.py": (
        "the analyst's network and directory pages and the member's engagement page are the "
        "reference the Python API's frames must equal"
    ),
    "directory/tests/test_coalition_home_page.py": (
        "the home page says what to do next: its tests check the links it gives to engagements, "
        "the dashboard, survey rounds and the diagnostics (they request the home page only)"
    ),
    "engagements/tests/test_confidential_fields.py": (
        "a hidden field must stay hidden on the organisation page too (every door)"
    ),
    "engagements/tests/test_once_keys.py": (
        "a one-time key sent to another app's create form (the tensions one) must be refused"
    ),
    "engagements/tests/test_hidden_fields_change_nothing.py": (
        "hidden engagement fields must change no figure on the home and insight pages"
    ),
    "insights/tests/test_fonts.py": (
        "the shipped web font is set on every page; one page in Khmer stands for all"
    ),
    "insights/tests/test_diagnostics_browser.py": (
        "the organisation page is where the network partial is loaded"
    ),
    "insights/tests/test_mode_counts_agree_everywhere.py": (
        "the home page's mode counts are the reference the insight pages must equal"
    ),
    "insights/tests/test_modes.py": "the home page's mode counts are the reference",
    "insights/tests/test_network_until_day.py": (
        "the OpenAPI document is where the API says that Until is a day in"
    ),
    "insights/tests/test_organisation_network.py": (
        "the partial is loaded by the organisation page, which the test opens"
    ),
    "insights/tests/test_organisation_network_browser.py": (
        "the partial is loaded by the organisation page, which the test opens"
    ),
    "kit/tests/test_every_create_form_has_a_key.py": (
        "walks every app's pages for a create form without its one-time key"
    ),
    "kit/tests/test_once_purge.py": "keys are made as people make them, by sending a create form",
    "reports/tests/test_browser.py": "the flow starts on the home page, as a person starts it",
    "surveys/tests/test_confidentiality_crawl.py": (
        "crawls every page for a survey answer that must not leak"
    ),
    "surveys/tests/test_reminders.py": (
        "whoever submitted, the home page and the audit log must read the same after a reminder "
        "(every door the coordinator has)"
    ),
    "transfer/tests/test_browser.py": "the organisation list shows that nothing was written",
}

#: Modules that test one service through several of their own app's pages, and which service.
SERVICE_THROUGH_PAGES: dict[str, str] = {
    "insights/tests/test_caching.py": "the insight cache, seen through each page it serves",
    "insights/tests/test_network_until_day.py": (
        "the network filters' From and Until, read by the network page, its map data and the API"
    ),
    "surveys/tests/test_once_keys.py": "the one-time key, seen through each of the surveys' create forms",
    "reports/tests/test_report_lease.py": (
        "the worker lease, taken over by both report pages that a coordinator may be reading"
    ),
}


@dataclass(frozen=True)
class Page:
    app: str
    key: str  # one view: a URL name, or "<app>:<noun>" for a CRUD resource's five pages


def _app_of(urlconf: object) -> str:
    name = urlconf if isinstance(urlconf, str) else getattr(urlconf, "__name__", "")
    parts = name.split(".")
    if parts[0] == "coalitionlens":
        return parts[1]
    return DOOR if parts[0] in ("allauth",) else "web"


def _api_app(pattern: URLPattern) -> str | None:
    """The app whose ``api.py`` router serves a REST API route (django-ninja's view for a path
    holds that path's operations), or None for a pattern that is no API operation."""
    for cell in getattr(pattern.callback, "__closure__", None) or ():
        operations = getattr(cell.cell_contents, "operations", None)
        if operations:
            return _app_of(operations[0].view_func.__module__)
    return None


def _api_key(app: str, pattern: URLPattern) -> str:
    """One API resource, whatever its operations (list, read, create, change): its first path
    segment after the coalition's slug (``coalitions/<slug>/organisations/<int:pk>``)."""
    parts = [s for s in str(pattern.pattern).split("/") if s]
    after = parts[2:] if parts[:1] == ["coalitions"] and len(parts) > 2 else parts
    return f"{app}:api:{after[0] if after else ''}"


def _pages() -> dict[str, Page]:
    """Every named page, by its view name (``namespace:name`` inside a namespace, as the REST
    API's ``api-1:``)."""
    pages: dict[str, Page] = {}

    def walk(patterns: list[URLPattern | URLResolver], app: str, namespace: str) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                inner = ":".join(n for n in (namespace, p.namespace) if n)
                walk(p.url_patterns, _app_of(p.urlconf_name), inner)
            elif p.name:
                name = f"{namespace}:{p.name}" if namespace else p.name
                key = name
                if p.callback.__module__ == "coalitionlens.kit.crud" and p.name.endswith(
                    CRUD_SUFFIXES
                ):
                    key = f"{app}:{p.name.rsplit('_', 1)[0]}"
                api_app = _api_app(p)
                if api_app is not None:
                    pages[name] = Page(api_app, _api_key(api_app, p))
                else:
                    pages[name] = Page(app, key)

    walk(get_resolver().url_patterns, "web", "")
    return pages


def _literal_path(node: ast.AST) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        text = node.value
    elif isinstance(node, ast.JoinedStr):
        values = list(node.values)
        while values and not isinstance(values[0], ast.Constant):
            values.pop(0)  # f"{live_server.url}/c/lens/": the path after the server's address
        # a formatted value inside the path stands for an id or a slug
        text = "".join(str(v.value) if isinstance(v, ast.Constant) else "1" for v in values)
    else:
        return None
    return text if text.startswith("/") and " " not in text and len(text) > 1 else None


class Module:
    """One test module: what each of its tests requests."""

    def __init__(self, rel: str, source: str, pages: dict[str, Page]) -> None:
        self.rel = rel  # the path under coalitionlens/
        self.app = rel.split("/")[0]
        self.pages = pages
        tree = ast.parse(source)
        self.helpers: dict[str, ast.AST] = {}
        self.tests: dict[str, ast.AST] = {}
        for node in tree.body:
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                target = self.tests if node.name.startswith("test") else self.helpers
                target[node.name] = node
            elif isinstance(node, ast.ClassDef) and node.name.startswith("Test"):
                for item in node.body:
                    if isinstance(item, ast.FunctionDef) and item.name.startswith("test"):
                        self.tests[f"{node.name}.{item.name}"] = item
            elif isinstance(node, ast.Assign | ast.AnnAssign):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                for t in targets:
                    if isinstance(t, ast.Name):
                        self.helpers[t.id] = node

    def requested(self, node: ast.AST, seen: set[str] | None = None) -> set[Page]:
        seen = set() if seen is None else seen
        found: set[Page] = set()
        pieces = {
            id(v) for sub in ast.walk(node) if isinstance(sub, ast.JoinedStr) for v in sub.values
        }  # an f-string's parts are read with the f-string, not one by one
        for sub in ast.walk(node):
            if id(sub) in pieces:
                continue
            if isinstance(sub, ast.Constant) and sub.value in self.pages:
                found.add(self.pages[sub.value])
            path = _literal_path(sub)
            if path is not None:
                try:
                    name = resolve(path.split("?")[0]).view_name
                except Resolver404:
                    name = None
                if name in self.pages:
                    found.add(self.pages[name])
            if isinstance(sub, ast.Name) and sub.id in self.helpers and sub.id not in seen:
                seen.add(sub.id)
                found |= self.requested(self.helpers[sub.id], seen)
        return found

    def per_test(self) -> dict[str, set[Page]]:
        return {name: self.requested(node) for name, node in self.tests.items()}


def _modules() -> Iterator[Path]:
    """Every test module but this one (whose own examples name pages it never requests)."""
    here = Path(__file__).resolve()
    yield from (p for p in sorted(PACKAGE.glob("*/tests/**/test_*.py")) if p.resolve() != here)


def placement_problem(module: Module) -> str | None:
    apps = {p.app for pages in module.per_test().values() for p in pages} - {DOOR}
    if module.app == "web":
        others = apps - {"web"}
        if len(others) == 1 and "web" not in apps:
            return f"{module.rel} tests only {others.pop()}'s pages: it belongs in that app's tests"
        return None
    foreign = apps - {module.app}
    if foreign and module.rel not in REACHES_ACROSS:
        return (
            f"{module.rel} requests pages of {sorted(foreign)}: move those tests to that app's "
            "tests, or say in REACHES_ACROSS why this module must reach across"
        )
    return None


def mixing_problem(module: Module) -> str | None:
    if module.app == "web" or module.rel in SERVICE_THROUGH_PAGES:
        return None
    own = {
        name: {p.key for p in pages if p.app == module.app}
        for name, pages in module.per_test().items()
    }
    groups: list[tuple[set[str], set[str]]] = []  # (tests, pages)
    for name, keys in own.items():
        if not keys:
            continue  # a test of a service or a model, through no page
        joined = [g for g in groups if g[1] & keys]
        tests, pages = {name}, set(keys)
        for g in joined:
            groups.remove(g)
            tests |= g[0]
            pages |= g[1]
        groups.append((tests, pages))
    if len(groups) <= 1:
        return None
    listed = "; ".join(f"{sorted(p)} by {sorted(t)}" for t, p in groups)
    return f"{module.rel} tests {len(groups)} unrelated views, one file each: {listed}"


@pytest.fixture(scope="module")
def modules() -> list[Module]:
    pages = _pages()
    return [Module(str(path.relative_to(PACKAGE)), path.read_text(), pages) for path in _modules()]


def test_every_test_module_tests_its_own_apps_pages(modules: list[Module]) -> None:
    problems = [p for m in modules if (p := placement_problem(m))]
    assert problems == []


def test_each_test_module_tests_one_view(modules: list[Module]) -> None:
    problems = [p for m in modules if (p := mixing_problem(m))]
    assert problems == []


def test_every_module_listed_as_reaching_across_still_does(modules: list[Module]) -> None:
    by_rel = {m.rel: m for m in modules}
    stale = []
    for rel in REACHES_ACROSS:
        module = by_rel.get(rel)
        apps = (
            {p.app for pages in module.per_test().values() for p in pages} - {DOOR, module.app}
            if module
            else set()
        )
        if not apps:
            stale.append(rel)
    assert stale == []


def test_the_reader_finds_what_a_test_requests() -> None:
    """The checks are only as good as this reading: a reverse(), a listed name, a helper's literal
    path and an f-string are each seen, and a module mixing them fails both rules."""
    source = (
        "PAGES = ['insights_dashboard']\n"
        "def _open(client):\n    return client.get('/c/lens/tensions/new/')\n"
        "def test_a(client):\n    client.get(reverse('insights_chart', args=['lens']))\n"
        "def test_b(client):\n    for p in PAGES: client.get(p)\n"
        "def test_c(client):\n    _open(client)\n"
        "def test_d(client, pk):\n    client.get(f'/c/lens/engagements/{pk}/?q=x')\n"
        "def test_e(client):\n    client.get('/accounts/login/')\n"
        "def test_g(page, live_server):\n    page.goto(f'{live_server.url}/c/lens/insights/')\n"
    )
    module = Module("insights/tests/test_example.py", source, _pages())
    keys = {name: {p.key for p in pages} for name, pages in module.per_test().items()}
    assert keys == {
        "test_a": {"insights_chart"},
        "test_b": {"insights_dashboard"},
        "test_c": {"tensions:tension"},
        "test_d": {"engagements:engagement"},
        "test_e": {"account_login"},
        "test_g": {"insights_dashboard"},
    }
    assert "['engagements', 'tensions']" in (placement_problem(module) or "")
    assert "2 unrelated views" in (mixing_problem(module) or "")
    one_app = Module("web/tests/test_example.py", source.split("def test_c")[0], _pages())
    assert "belongs in that app" in (placement_problem(one_app) or "")
    api = "def test_h(c):\n    c.get('/api/v1/coalitions')\n"
    api = Module("web/tests/test_example.py", api, _pages())
    assert {p.key for p in api.per_test()["test_h"]} == {"web:api:coalitions"}
    glue = "def test_f(c):\n    c.get('/jsi18n/')\n    c.get('/c/lens/tensions/')\n"
    glue = Module("web/tests/test_example.py", glue, _pages())
    assert placement_problem(glue) is None
