"""The translation catalogues: compiled, complete, and used by the pages (issue 2, i18n bullet).

The catalogues live in ``coalitionlens/locale/<lang>/LC_MESSAGES/django.po`` and are compiled to
``django.mo`` and committed, so the app runs without gettext installed. See docs/translating.md.
These tests read the ``.po`` files with a tiny parser and the ``.mo`` files with the standard
library's :class:`gettext.GNUTranslations`; they need neither gettext nor polib.
"""

from __future__ import annotations

import gettext
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

PACKAGE = Path(__file__).resolve().parents[2]
LOCALE = PACKAGE / "locale"
LANGS = ("fr", "km")
REMEDY = (
    "run `cd coalitionlens && ../.venv/bin/python -m django makemessages -l fr -l km "
    "--settings=coalitionlens.web.settings --ignore='static/vendor/*' --ignore='core/*' "
    "--ignore='cli/*' --ignore='demo/*'`, translate, then `make messages` (docs/translating.md)"
)
KHMER = re.compile("[\u1780-\u17ff]")

# Templates whose every string must read in Khmer: navigation, forms, lists, detail and sign-in.
KHMER_REQUIRED_TEMPLATES = [
    "templates/base.html",
    "templates/web/_coalition_nav.html",
    "templates/web/form.html",
    "templates/web/list.html",
    "templates/web/_list_rows.html",
    "templates/web/detail.html",
    "templates/web/confirm_delete.html",
    "templates/account/login.html",
    "templates/account/logout.html",
    "templates/account/reauthenticate.html",
    "templates/mfa/authenticate.html",
    "templates/mfa/reauthenticate.html",
    "templates/mfa/index.html",
    "templates/mfa/totp/activate_form.html",
    "templates/mfa/totp/deactivate_form.html",
    "templates/mfa/recovery_codes/index.html",
    "templates/mfa/recovery_codes/generate.html",
]

# Every CRUD resource a coordinator can create (``<noun>_create``), for the Khmer form check.
CREATE_FORMS = [
    "organisation",
    "membership",
    "partnership",
    "unit",
    "unitmember",
    "person",
    "seat",
    "observation",
    "sector",
    "engagement",
    "tension",
    "strategy",
    "service",
    "referral",
    "substage",
]


# --- a tiny .po reader ---------------------------------------------------------------------------


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.msgctxt, self.msgid)

    @property
    def translations(self) -> list[str]:
        return [self.msgstr[i] for i in sorted(self.msgstr)]


def _unquote(token: str) -> str:
    if len(token) < 2 or token[0] != '"' or token[-1] != '"':
        raise ValueError(f"not a quoted .po string: {token!r}")
    escapes = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}
    return re.sub(r"\\(.)", lambda m: escapes.get(m.group(1), m.group(1)), token[1:-1])


def read_po(path: Path) -> list[Entry]:
    """Entries of a .po file, header included (msgid ""), obsolete ``#~`` entries left out."""
    entries: list[Entry] = []
    entry, last = Entry(), None
    started = False

    def finish() -> None:
        nonlocal entry, started, last
        if started:
            entries.append(entry)
        entry, started, last = Entry(), False, None

    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line:
            finish()
        elif line.startswith("#,"):
            entry.flags |= {f.strip() for f in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            value = _unquote(line)
            if last == "msgid":
                entry.msgid += value
            elif last == "msgid_plural":
                entry.msgid_plural = (entry.msgid_plural or "") + value
            elif last == "msgctxt":
                entry.msgctxt = (entry.msgctxt or "") + value
            elif isinstance(last, int):
                entry.msgstr[last] += value
        else:
            keyword, _, rest = line.partition(" ")
            started, value = True, _unquote(rest)
            if keyword == "msgid":
                entry.msgid, last = value, "msgid"
            elif keyword == "msgid_plural":
                entry.msgid_plural, last = value, "msgid_plural"
            elif keyword == "msgctxt":
                entry.msgctxt, last = value, "msgctxt"
            elif keyword == "msgstr":
                entry.msgstr[0], last = value, 0
            else:
                index = int(re.fullmatch(r"msgstr\[(\d+)\]", keyword).group(1))  # type: ignore[union-attr]
                entry.msgstr[index], last = value, index
    finish()
    return entries


def po_path(lang: str) -> Path:
    return LOCALE / lang / "LC_MESSAGES" / "django.po"


def messages(lang: str) -> dict[tuple[str | None, str], Entry]:
    return {e.key: e for e in read_po(po_path(lang)) if e.msgid}


# --- strings used in templates -------------------------------------------------------------------

_TRANSLATE = re.compile(r"""{%\s*(?:translate|trans)\s+(["'])(.*?)\1(.*?)%}""")
_BLOCK = re.compile(
    r"{%\s*(blocktranslate|blocktrans)\b(.*?)%}(.*?){%\s*end(?:blocktranslate|blocktrans)\s*%}",
    re.DOTALL,
)
_UNDERSCORE = re.compile(r"""\b_\((["'])(.*?)\1\)""")
_CONTEXT = re.compile(r"""\bcontext\s+(["'])(.*?)\1""")


def template_strings(path: Path) -> set[tuple[str | None, str]]:
    """(context, msgid) of every literal the template marks for translation."""
    text = path.read_text(encoding="utf-8")
    found: set[tuple[str | None, str]] = set()
    for m in _TRANSLATE.finditer(text):
        ctx = _CONTEXT.search(m.group(3))
        found.add((ctx.group(2) if ctx else None, m.group(2)))
    for m in _BLOCK.finditer(text):
        options, body = m.group(2), m.group(3)
        singular = re.split(r"{%\s*plural\s*%}", body)[0]
        if "trimmed" in options.split():
            singular = " ".join(ln.strip() for ln in singular.splitlines() if ln.strip())
        msgid = re.sub(r"{{\s*(\w+)\s*}}", r"%(\1)s", singular.replace("%", "%%"))
        ctx = _CONTEXT.search(options)
        found.add((ctx.group(2) if ctx else None, msgid))
    found |= {(None, m.group(2)) for m in _UNDERSCORE.finditer(text)}
    return found


def all_templates() -> list[Path]:
    return sorted(
        p
        for pattern in ("templates/**/*.html", "*/templates/**/*.html")
        for p in PACKAGE.glob(pattern)
        if "static" not in p.parts
    )


# --- (a) compiled files exist and match their sources --------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_each_catalogue_is_compiled_and_the_compiled_file_is_not_stale(lang):
    mo = po_path(lang).with_suffix(".mo")
    assert mo.exists(), f"{mo} is missing: {REMEDY}"
    with mo.open("rb") as fh:
        compiled = gettext.GNUTranslations(fh)._catalog  # type: ignore[attr-defined]

    expected: dict[object, str] = {}
    for e in messages(lang).values():
        if "fuzzy" in e.flags or not all(e.translations):
            continue  # msgfmt leaves out fuzzy and untranslated entries
        msgid = e.msgid if e.msgctxt is None else f"{e.msgctxt}\x04{e.msgid}"
        if e.msgid_plural is None:
            expected[msgid] = e.msgstr[0]
        else:
            expected.update({(msgid, i): s for i, s in e.msgstr.items()})
    compiled_messages = {k: v for k, v in compiled.items() if k != ""}
    assert compiled_messages == expected, f"{mo} does not match {po_path(lang).name}: {REMEDY}"


@pytest.mark.parametrize(
    ("lang", "singular", "plural", "record"),
    [
        ("fr", "Se déconnecter", "Adhésions", "3 enregistrements"),
        ("km", "ចាកចេញ", "សមាជិកភាព", "3 កំណត់ត្រា"),
    ],
)
def test_known_strings_translate_through_django(lang, singular, plural, record):
    with translation.override(lang):
        assert translation.gettext("Sign out") == singular
        assert translation.gettext("Memberships") == plural
        assert translation.ngettext("%(n)s record", "%(n)s records", 3) % {"n": 3} == record
    with translation.override("fr"):
        assert translation.ngettext("%(n)s record", "%(n)s records", 1) % {"n": 1} == (
            "1 enregistrement"
        )


# --- (b) the pages follow the language switcher --------------------------------------------------

PAGE_TEXT = {
    "fr": ["Adhésions", "Partenariats", "Instances", "Stratégies", "Se déconnecter"],
    "km": ["អង្គការ", "ការចូលរួម", "រចនាសម្ព័ន្ធ", "សមាជិកភាព", "ចាកចេញ"],
}
ENGLISH_ONLY = ["Sign out", "Memberships", "Partnerships", "Strategies", "Main navigation"]


@pytest.mark.parametrize("lang", LANGS)
def test_the_language_switcher_turns_the_coalition_pages_into_that_language(client, cast, lang):
    client.force_login(cast.alice)
    response = client.post(reverse("set_language"), {"language": lang, "next": "/c/lens/"})
    assert response.status_code == 302
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == lang

    for url in ("/c/lens/", "/c/lens/organisations/"):
        html = client.get(url).content.decode()
        assert f'<html lang="{lang}" dir="ltr">' in html, url
        for text in PAGE_TEXT[lang]:
            assert text in html, (url, text)
        for text in ENGLISH_ONLY:
            assert text not in html, (url, text)


def test_english_is_the_default_and_the_cookie_alone_switches(client, cast):
    client.force_login(cast.alice)
    assert "Sign out" in client.get("/c/lens/").content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "km"
    assert "ចាកចេញ" in client.get("/c/lens/organisations/").content.decode()


def test_the_sign_in_page_is_translated(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    html = client.get(reverse("account_login")).content.decode()
    assert "Se connecter" in html
    assert "Mot de passe" in html
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "km"
    html = client.get(reverse("account_login")).content.decode()
    assert "ចូលគណនី" in html
    assert "ពាក្យសម្ងាត់" in html


def test_a_right_to_left_language_loads_the_rtl_stylesheet(client, cast, settings):
    settings.LANGUAGES = [*settings.LANGUAGES, ("ar", "Arabic")]
    client.force_login(cast.alice)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    html = client.get("/c/lens/").content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert 'data-bootstrap="rtl"' in html
    assert "bootstrap.rtl.min.css" in html


# --- (c) Khmer covers navigation, forms and lists ------------------------------------------------


@pytest.mark.parametrize("template", KHMER_REQUIRED_TEMPLATES)
def test_every_navigation_form_and_list_string_has_a_khmer_translation(template):
    km = messages("km")
    strings = template_strings(PACKAGE / template)
    assert strings, f"no translatable strings found in {template}"
    untranslated = sorted(s for _, s in strings if not all(km.get((_, s), Entry()).translations))
    assert not untranslated, f"Khmer missing for {untranslated} in {template}: {REMEDY}"


def _labels() -> list[tuple[str, object]]:
    """Every field label and vocabulary label people read in the forms."""
    from django.apps import apps
    from django.db import models
    from django.utils.functional import Promise

    from coalitionlens.coalitions import vocab

    labels: list[tuple[str, object]] = []
    for model in apps.get_models():
        if not model.__module__.startswith("coalitionlens."):
            continue
        labels += [
            (model.__name__, model._meta.verbose_name),
            (model.__name__, model._meta.verbose_name_plural),
        ]
        for f in model._meta.get_fields():
            name = getattr(f, "verbose_name", None)
            if isinstance(name, Promise):
                labels.append((f"{model.__name__}.{f.name}", name))
    for obj in vars(vocab).values():
        if (
            isinstance(obj, type)
            and issubclass(obj, models.Choices)
            and obj.__module__ == vocab.__name__
        ):
            labels += [(f"{obj.__name__}.{c.name}", c.label) for c in obj]
    labels += [(code, label) for code, label in vocab.SECTOR_LABELS.items()]
    for sector, subs in vocab.SUBSECTOR_LABELS.items():
        labels += [(f"{sector}.{code}", label) for code, label in subs.items()]
    return labels


def test_every_model_field_and_vocabulary_label_has_a_khmer_translation():
    km = messages("km")
    missing = []
    for where, label in _labels():
        with translation.override("en"):
            msgid = str(label)
        if not all(km.get((None, msgid), Entry()).translations):
            missing.append((where, msgid))
    assert not missing, f"Khmer missing for {missing}: {REMEDY}"


@pytest.mark.parametrize("noun", CREATE_FORMS)
def test_every_create_form_reads_in_khmer(client, cast, noun):
    client.force_login(cast.alice)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "km"
    response = client.get(reverse(f"{noun}_create", args=["lens"]))
    assert response.status_code == 200
    html = response.content.decode()
    # Field labels and fieldset legends; the labels of single choices (id_<field>_<n>) are
    # vocabulary labels or organisation names, checked through the catalogue above.
    found = re.findall(r"<(label|legend)\b([^>]*)>(.*?)</\1>", html, re.S)
    labels = [
        re.sub(r"<[^>]+>|\*", "", text).strip()
        for _, attrs, text in found
        if not re.search(r'for="id_\w+_\d+"', attrs)
    ]
    labels = [lb for lb in labels if lb]
    assert labels, noun
    english = [lb for lb in labels if not KHMER.search(lb)]
    assert not english, f"{noun} form labels not in Khmer: {english}"


# --- (d) catalogues complete and in step with the templates --------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_no_catalogue_has_a_fuzzy_entry(lang):
    fuzzy = [e.msgid for e in read_po(po_path(lang)) if "fuzzy" in e.flags]
    assert not fuzzy, f"fuzzy entries in {lang} (msgfmt skips them): {fuzzy}"


def test_every_french_entry_is_translated():
    fr = messages("fr")
    assert len(fr) > 300
    untranslated = [e.msgid for e in fr.values() if not all(e.translations)]
    assert not untranslated, f"French missing for {untranslated}: {REMEDY}"


@pytest.mark.parametrize(("lang", "forms"), [("fr", 2), ("km", 1)])
def test_plural_forms_match_the_language(lang, forms):
    header = read_po(po_path(lang))[0]
    assert header.msgid == ""
    assert f"nplurals={forms};" in header.msgstr[0]
    assert f"Language: {lang}\n" in header.msgstr[0]
    for e in messages(lang).values():
        if e.msgid_plural is not None:
            assert len(e.msgstr) == forms, e.msgid


@pytest.mark.parametrize("lang", LANGS)
def test_translations_keep_the_placeholders(lang):
    placeholder = re.compile(r"%\(\w+\)[sd]|\{\{\s*\w+\s*\}\}")
    wrong = []
    for e in messages(lang).values():
        wanted = set(placeholder.findall(e.msgid + (e.msgid_plural or "")))
        for text in e.translations:
            if text and set(placeholder.findall(text)) != wanted:
                wrong.append((e.msgid, text))
    assert not wrong, wrong


def test_every_template_string_is_in_the_catalogues():
    catalogues = {lang: messages(lang) for lang in LANGS}
    missing = []
    for template in all_templates():
        for key in template_strings(template):
            for lang, catalogue in catalogues.items():
                if key not in catalogue:
                    missing.append((lang, template.relative_to(PACKAGE).as_posix(), key[1]))
    assert not missing, f"template strings not in the catalogues: {missing}; {REMEDY}"
