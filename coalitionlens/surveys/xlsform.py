"""An XLSForm of a round for offline collection in KoboToolbox or ODK Collect. No Django import.

One label column per language; the coalition's roster as choices; one group per partner, shown only
when that partner is selected; question names are the answer items' codes, so
:mod:`coalitionlens.surveys.offline` reads the submissions back by name.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from typing import Any

from coalitionlens.surveys.answering import hope_codes
from coalitionlens.surveys.instruments import LANGUAGES, load

__all__ = ["LANGUAGE_NAMES", "build_xlsform", "hope_field", "partner_field"]

LANGUAGE_NAMES = {"en": "English (en)", "fr": "Français (fr)", "km": "ខ្មែរ (km)"}
_TEXT = {
    "org": (
        "Which organisation do you answer for?",
        "Pour quelle organisation répondez-vous ?",
        "តើអ្នកឆ្លើយជំនួសអង្គការណា?",
    ),
    "consent": ("Do you agree to take part?", "Acceptez-vous de participer ?", "តើអ្នកយល់ព្រមចូលរួមទេ?"),
    "yes": ("Yes", "Oui", "បាទ/ចាស"),
    "no": ("No", "Non", "ទេ"),
}


def partner_field(partner: int, item: str) -> str:
    return f"p{partner}_{item}"


def hope_field(about: str, code: str) -> str:
    return f"hf_{about}_{code.replace(':', '_')}"


def _labels(texts: Mapping[str, str] | Sequence[str]) -> dict[str, str]:
    if isinstance(texts, Mapping):
        return {
            f"label::{LANGUAGE_NAMES[lang]}": texts.get(lang) or texts["en"] for lang in LANGUAGES
        }
    return {
        f"label::{LANGUAGE_NAMES[lang]}": text for lang, text in zip(LANGUAGES, texts, strict=True)
    }


def build_xlsform(
    *,
    title: str,
    form_id: str,
    version: str,
    instruments: Mapping[str, int],
    organisations: Sequence[tuple[int, str]],
) -> bytes:
    """The XLSForm as XLSX bytes. ``organisations`` is the roster: (id, name)."""
    import openpyxl

    survey: list[dict[str, Any]] = []
    choices: list[dict[str, Any]] = []

    def q(type_: str, name: str, labels: Any, **extra: Any) -> None:
        survey.append({"type": type_, "name": name, **_labels(labels), **extra})

    def choice_list(name: str, items: Sequence[tuple[Any, Any]]) -> None:
        for value, labels in items:
            choices.append({"list_name": name, "name": str(value), **_labels(labels)})

    notice = load("notice", 1)
    choice_list("yesno", [("yes", _TEXT["yes"]), ("no", _TEXT["no"])])
    choice_list("orgs", [(pk, dict.fromkeys(LANGUAGES, name)) for pk, name in organisations])
    q("select_one orgs", "respondent_org", _TEXT["org"], required="yes", appearance="minimal")
    survey.append(
        {
            "type": "note",
            "name": "notice",
            **_labels(
                {
                    lang: " ".join(notice.text(p, lang) for p in notice.data["paragraphs"])
                    for lang in LANGUAGES
                }
            ),
        }
    )
    q("select_one yesno", "consent", _TEXT["consent"], required="yes")
    agreed = "${consent} = 'yes'"

    if "relationship" in instruments:
        rel = load("relationship", instruments["relationship"])
        for scale in rel.data["scales"]:
            choice_list(f"rel_{scale}", [(c["value"], c["label"]) for c in rel.scale(scale)])
        choice_list(
            "practices", [(c["value"], c["label"]) for c in rel.data["practices"]["choices"]]
        )
        survey.append(
            {
                "type": "begin group",
                "name": "relationship",
                **_labels(rel.data["title"]),
                "relevant": agreed,
            }
        )
        q(
            "select_multiple orgs",
            "partners",
            rel.data["partners"]["text"],
            choice_filter="name != ${respondent_org}",
        )
        for pk, name in organisations:
            survey.append(
                {
                    "type": "begin group",
                    "name": f"p{pk}",
                    **_labels(dict.fromkeys(LANGUAGES, name)),
                    "relevant": f"selected(${{partners}}, '{pk}')",
                }
            )
            for item in rel.items:
                q(f"select_one rel_{item['scale']}", partner_field(pk, item["code"]), item["text"])
            q(
                "select_multiple practices",
                partner_field(pk, "practices"),
                rel.data["practices"]["text"],
            )
            survey.append({"type": "end group", "name": f"p{pk}"})
        survey.append({"type": "end group", "name": "relationship"})

    if "health" in instruments:
        health = load("health", instruments["health"])
        choice_list("agree5", [(c["value"], c["label"]) for c in health.scale("agree5")])
        survey.append(
            {
                "type": "begin group",
                "name": "health",
                **_labels(health.data["title"]),
                "relevant": agreed,
            }
        )
        for item in health.items:
            q("select_one agree5", item["code"], item["text"])
        q("text", "comment", health.data["comment"]["text"])
        survey.append({"type": "end group", "name": "health"})

    if "hopes_fears" in instruments:
        hf = load("hopes_fears", instruments["hopes_fears"])
        choice_list("strength", [(c["value"], c["label"]) for c in hf.scale("strength")])
        labels = {f"hope:{h['code']}": h["label"] for h in hf.data["hopes"]}
        labels.update({f"fear:{f['code']}": f["label"] for f in hf.data["fears"]})
        survey.append(
            {
                "type": "begin group",
                "name": "hopes_fears",
                **_labels(hf.data["title"]),
                "relevant": agreed,
            }
        )
        for about in hf.data["about"]:
            survey.append(
                {"type": "begin group", "name": f"hf_{about['code']}", **_labels(about["label"])}
            )
            for code in hope_codes(hf):
                q("select_one strength", hope_field(about["code"], code), labels[code])
            survey.append({"type": "end group", "name": f"hf_{about['code']}"})
        survey.append({"type": "end group", "name": "hopes_fears"})

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "survey"
    _write(
        sheet,
        survey,
        [
            "type",
            "name",
            *(_labels(_TEXT["yes"]).keys()),
            "required",
            "relevant",
            "appearance",
            "choice_filter",
        ],
    )
    _write(
        book.create_sheet("choices"),
        choices,
        ["list_name", "name", *(_labels(_TEXT["yes"]).keys())],
    )
    settings = book.create_sheet("settings")
    _write(
        settings,
        [
            {
                "form_title": title,
                "form_id": form_id,
                "version": version,
                "default_language": LANGUAGE_NAMES["en"],
            }
        ],
        ["form_title", "form_id", "version", "default_language"],
    )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _write(sheet: Any, rows: list[dict[str, Any]], columns: list[str]) -> None:
    sheet.append(columns)
    for row in rows:
        sheet.append([row.get(c, "") for c in columns])
