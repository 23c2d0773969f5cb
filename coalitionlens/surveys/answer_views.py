"""The answering pages, reached by the link's token (no account). Plain forms, one page per section,
no script: they work on a small phone and a slow connection, and every page saves as it goes."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from coalitionlens.surveys import answering, selectors, services
from coalitionlens.surveys.answering import AnswerError, AnswerIn, Section, answer_key
from coalitionlens.surveys.instruments import load
from coalitionlens.surveys.models import Answer, Respondent, Response

LANGS = dict(settings.LANGUAGES)


def _lang(request: HttpRequest, respondent: Respondent) -> str:
    asked = request.POST.get("lang") or request.GET.get("lang") or ""
    return (
        asked if asked in LANGS else respondent.language if respondent.language in LANGS else "en"
    )


def _respondent(token: str) -> Respondent:
    respondent = services.respondent_for_token(token)
    if respondent is None:
        raise Http404
    return respondent


def _url(name: str, token: str, lang: str, *args: str) -> str:
    return f"{reverse(name, args=[token, *args])}?lang={lang}"


def _render(
    request: HttpRequest, template: str, lang: str, ctx: dict[str, Any], status: int = 200
) -> HttpResponse:
    with translation.override(lang):
        response = render(
            request,
            template,
            {
                **ctx,
                "lang": lang,
                "languages": [
                    (c, settings.LANGUAGE_NAMES_LOCAL.get(c, n)) for c, n in settings.LANGUAGES
                ],
            },
            status=status,
        )
    response["Cache-Control"] = "no-store"
    # The token is in the path: the site's "same-origin" referrer policy keeps it off other hosts
    # ("no-referrer" would make browsers send Origin: null, which CSRF protection refuses).
    return response


def _response(respondent: Respondent) -> Response | None:
    return Response.objects.filter(respondent=respondent).first()


def _sections(respondent: Respondent) -> list[Section]:
    return answering.sections({k: int(v) for k, v in respondent.round.instruments.items()})


def _keys(response: Response) -> dict[str, Any]:
    return dict(Answer.objects.filter(response=response).values_list("key", "value"))


def _done(section: Section, keys: dict[str, Any]) -> bool:
    if section.code == "partners":
        return answer_key("relationship", "partners") in keys
    if section.code == "ratings":
        return any(
            k.startswith("relationship:") and not k.startswith("relationship:partners")
            for k in keys
        )
    if section.instrument == "health":
        return any(answer_key("health", c) in keys for c in section.part)
    return answer_key("hopes_fears", "seen", None, section.part[0]) in keys


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def start(request: HttpRequest, token: str) -> HttpResponse:
    respondent = _respondent(token)
    lang = _lang(request, respondent)
    response = _response(respondent)
    notice = load("notice", respondent.round.notice_version)
    base = {"respondent": respondent, "round": respondent.round, "token": token}
    if request.method == "POST":
        if request.POST.get("consent") == "yes":
            services.consent_give(respondent=respondent, language=lang)
            first = _sections(respondent)[0]
            return HttpResponseRedirect(_url("survey_answer_section", token, lang, first.code))
        return _render(request, "surveys/answer/declined.html", lang, base)
    if response is None:
        return _render(
            request,
            "surveys/answer/consent.html",
            lang,
            {
                **base,
                "title": notice.text("title", lang),
                "paragraphs": [notice.text(p, lang) for p in notice.data["paragraphs"]],
                "agree": notice.text("agree", lang),
                "decline": notice.text("decline", lang),
            },
        )
    keys = _keys(response)
    sections = [
        {
            "code": s.code,
            "title": _section_title(s, lang),
            "done": _done(s, keys),
            "url": _url("survey_answer_section", token, lang, s.code),
        }
        for s in _sections(respondent)
    ]
    nxt = next((s for s in sections if not s["done"]), None)
    return _render(
        request,
        "surveys/answer/progress.html",
        lang,
        {**base, "sections": sections, "next": nxt, "submitted": response.submitted_at is not None},
    )


def _section_title(section: Section, lang: str, versions: dict[str, int] | None = None) -> str:
    from django.utils.translation import gettext as _

    with translation.override(lang):
        if section.code == "partners":
            return _("Your partners")
        if section.code == "ratings":
            return _("Working with each partner")
        if section.instrument == "health":
            return _("How the coalition works (%(n)s)") % {"n": section.code.rsplit("-", 1)[1]}
        inst = load("hopes_fears", (versions or {}).get("hopes_fears", 1))
        about = next(a for a in inst.data["about"] if a["code"] == section.part[0])
        return _("Hopes and fears: %(about)s") % {"about": inst.text(about, lang)}


def _choices(inst: Any, scale: str, lang: str) -> list[tuple[Any, str]]:
    return [(c["value"], inst.text(c, lang)) for c in inst.scale(scale)]


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def section(request: HttpRequest, token: str, section: str) -> HttpResponse:
    respondent = _respondent(token)
    lang = _lang(request, respondent)
    response = _response(respondent)
    if response is None or response.submitted_at is not None:
        return HttpResponseRedirect(_url("survey_answer_start", token, lang))
    sections = _sections(respondent)
    current = next((s for s in sections if s.code == section), None)
    if current is None:
        raise Http404
    versions = {k: int(v) for k, v in response.versions.items()}
    inst = load(current.instrument, versions[current.instrument])
    keys = _keys(response)
    roster = list(selectors.roster(round=respondent.round, exclude=respondent.organisation_id))
    error: AnswerError | None = None
    if request.method == "POST":
        try:
            replace, answers = _parse(current, inst, request, keys, roster)
            services.answers_save(response=response, replace=replace, answers=answers)
        except AnswerError as exc:
            error = exc
        except ValidationError:
            return HttpResponseRedirect(_url("survey_answer_start", token, lang))
        else:
            index = sections.index(current)
            if index + 1 < len(sections):
                return HttpResponseRedirect(
                    _url("survey_answer_section", token, lang, sections[index + 1].code)
                )
            return HttpResponseRedirect(_url("survey_answer_start", token, lang))
        keys = {**keys, **_posted(request)}
    ctx = _section_context(current, inst, lang, keys, roster)
    return _render(
        request,
        "surveys/answer/section.html",
        lang,
        {
            "respondent": respondent,
            "round": respondent.round,
            "token": token,
            "section": current,
            "title": _section_title(current, lang),
            "error": error,
            "back": _url("survey_answer_start", token, lang),
            **ctx,
        },
        status=400 if error else 200,
    )


def _posted(request: HttpRequest) -> dict[str, Any]:
    return {f"posted:{k}": request.POST.getlist(k) for k in request.POST}


def _parse(
    current: Section, inst: Any, request: HttpRequest, keys: dict[str, Any], roster: list[Any]
) -> tuple[list[str], list[AnswerIn]]:
    post = request.POST
    if current.code == "partners":
        chosen = answering.parse_partners(post.getlist("partners"), [o.pk for o in roster])
        before = set(keys.get(answer_key("relationship", "partners")) or [])
        dropped = before - set(chosen)
        items = [i["code"] for i in inst.items] + ["practices"]
        replace = [answer_key("relationship", "partners")]
        replace += [answer_key("relationship", item, t) for t in dropped for item in items]
        return replace, [AnswerIn("relationship", "partners", None, "", chosen)]
    if current.code == "ratings":
        chosen = list(keys.get(answer_key("relationship", "partners")) or [])
        items = [i["code"] for i in inst.items] + ["practices"]
        answers: list[AnswerIn] = []
        for t in chosen:
            answers += answering.parse_ratings(inst, t, post.get, post.getlist, prefix=f"p{t}_")
        return [answer_key("relationship", item, t) for t in chosen for item in items], answers
    if current.instrument == "health":
        last = current.part[-1] == inst.items[-1]["code"]
        answers = answering.parse_health(inst, current.part, post.get, comment=last)
        replace = [answer_key("health", c) for c in current.part]
        if last:
            replace.append(answer_key("health", "comment"))
        return replace, answers
    about = current.part[0]
    answers = answering.parse_hopes(inst, about, post.get)
    replace = [
        answer_key("hopes_fears", c, None, about) for c in [*answering.hope_codes(inst), "seen"]
    ]
    return replace, answers


def _section_context(
    current: Section, inst: Any, lang: str, keys: dict[str, Any], roster: list[Any]
) -> dict[str, Any]:
    from coalitionlens.coalitions.vocab import SECTOR_LABELS

    if current.code == "partners":
        chosen = set(keys.get(answer_key("relationship", "partners")) or [])
        if "posted:partners" in keys:
            chosen = {int(v) for v in keys["posted:partners"] if str(v).isdigit()}
        groups: dict[str, list[dict[str, Any]]] = {}
        with translation.override(lang):
            for org in roster:
                label = str(SECTOR_LABELS.get(org.sector.code, org.sector.name))
                groups.setdefault(label, []).append(
                    {"id": org.pk, "name": org.name, "checked": org.pk in chosen}
                )
        return {
            "intro": inst.text("intro", lang),
            "question": inst.text(inst.data["partners"], lang),
            "groups": groups,
        }
    if current.code == "ratings":
        names = {o.pk: o.name for o in roster}
        partners = [t for t in keys.get(answer_key("relationship", "partners")) or [] if t in names]
        practices = [(c["value"], inst.text(c, lang)) for c in inst.data["practices"]["choices"]]
        blocks = []
        for t in partners:
            fields = []
            for item in inst.items:
                name = f"p{t}_{item['code']}"
                current_value = _current(keys, name, answer_key("relationship", item["code"], t))
                fields.append(
                    {
                        "name": name,
                        "label": inst.text(item, lang),
                        "choices": _choices(inst, item["scale"], lang),
                        "value": current_value,
                    }
                )
            picked = keys.get(answer_key("relationship", "practices", t)) or []
            blocks.append(
                {
                    "id": t,
                    "name": names[t],
                    "fields": fields,
                    "practices_name": f"p{t}_practices",
                    "practices": [(v, lbl, v in picked) for v, lbl in practices],
                }
            )
        return {"blocks": blocks, "practices_label": inst.text(inst.data["practices"], lang)}
    if current.instrument == "health":
        statements = []
        for code in current.part:
            item = inst.item(code)
            statements.append(
                {
                    "name": code,
                    "label": inst.text(item, lang),
                    "choices": _choices(inst, item["scale"], lang),
                    "value": _current(keys, code, answer_key("health", code)),
                }
            )
        last = current.part[-1] == inst.items[-1]["code"]
        comment = keys.get(answer_key("health", "comment"), "") if last else None
        return {
            "intro": inst.text("intro", lang),
            "statements": statements,
            "comment": comment,
            "comment_label": inst.text(inst.data["comment"], lang),
        }
    about = current.part[0]
    strength = _choices(inst, "strength", lang)
    rows: dict[str, list[dict[str, Any]]] = {"hope": [], "fear": []}
    for kind, nodes in (("hope", inst.data["hopes"]), ("fear", inst.data["fears"])):
        for node in nodes:
            code = f"{kind}:{node['code']}"
            name = code.replace(":", "_")
            rows[kind].append(
                {
                    "name": name,
                    "label": inst.text(node, lang),
                    "value": _current(keys, name, answer_key("hopes_fears", code, None, about)),
                }
            )
    return {
        "intro": inst.text("intro", lang),
        "hopes": rows["hope"],
        "fears": rows["fear"],
        "hopes_text": inst.text("hopes_text", lang),
        "fears_text": inst.text("fears_text", lang),
        "strength": strength,
    }


def _current(keys: dict[str, Any], field: str, key: str) -> str:
    posted = keys.get(f"posted:{field}")
    if posted:
        return str(posted[0])
    value = keys.get(key)
    return "" if value is None else str(value)


@never_cache
@require_http_methods(["POST"])
def submit(request: HttpRequest, token: str) -> HttpResponse:
    respondent = _respondent(token)
    lang = _lang(request, respondent)
    response = _response(respondent)
    if response is not None:
        services.response_submit(response=response)
    return HttpResponseRedirect(_url("survey_answer_start", token, lang))


@never_cache
@require_http_methods(["POST"])
def withdraw(request: HttpRequest, token: str) -> HttpResponse:
    respondent = _respondent(token)
    lang = _lang(request, respondent)
    services.response_withdraw(respondent=respondent)
    return _render(request, "surveys/answer/withdrawn.html", lang, {"round": respondent.round})
