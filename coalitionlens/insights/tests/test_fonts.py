"""The shipped fonts: Khmer charts are drawn with them alone, on a machine with no font at all, and a
chart's cache key changes when they do."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from coalitionlens.insights.fonts import FACES, FONT_DIR, font_stamp

#: Drawn in a fresh process: a Khmer chart (Khmer title, Khmer and Latin labels, a Thai label) with
#: matplotlib's warnings as errors and every log record kept; it prints which font files were used.
_DRAW = textwrap.dedent(
    """
    import json, logging, warnings
    records = []
    class Keep(logging.Handler):
        def emit(self, record):
            records.append(f"{record.name}: {record.getMessage()}")
    logging.getLogger().addHandler(Keep(level=logging.INFO))
    logging.getLogger("matplotlib").setLevel(logging.INFO)
    warnings.simplefilter("error")

    import django
    django.setup()
    from django.utils import translation
    from matplotlib import font_manager
    from coalitionlens.insights.charts import render_chart
    from coalitionlens.insights.dashboard import Table

    used = set()
    find = font_manager.fontManager._find_fonts_by_props
    def spy(*args, **kwargs):
        found = find(*args, **kwargs)
        used.update(str(f) for f in found)
        return found
    font_manager.fontManager._find_fonts_by_props = spy

    translation.activate("km")
    table = Table("macro", "សមាជិក និងដៃគូតាមផ្នែក", ["ផ្នែក", "សមាជិក", "ដៃគូ"],
                  [["សាធារណៈ", 3, 4], ["ឯកជន", 1, 2], ["Civil society", 2, 0], ["ไทย", 1, 1]])
    svgs = [render_chart(table, size) for size in ("wide", "narrow")]
    print(json.dumps({"used": sorted(used), "records": records,
                      "bytes": [len(s) for s in svgs]}))
    """
)


def _fontless_env(tmp_path: Path) -> dict[str, str]:
    """The environment of a machine with no font: fontconfig reads a configuration with no font
    directory, and matplotlib builds its font list afresh in an empty configuration folder."""
    conf = tmp_path / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd">'
        f"<fontconfig><cachedir>{tmp_path / 'fc-cache'}</cachedir></fontconfig>"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FONTCONFIG", "MPL", "XDG"))}
    (tmp_path / "mpl").mkdir()
    (tmp_path / "home").mkdir()
    env.update(
        FONTCONFIG_FILE=str(conf),
        FONTCONFIG_PATH=str(tmp_path),
        MPLCONFIGDIR=str(tmp_path / "mpl"),
        HOME=str(tmp_path / "home"),
        XDG_DATA_HOME=str(tmp_path / "home"),
        DJANGO_SETTINGS_MODULE="coalitionlens.web.settings",
        COALITIONLENS_DATA_DIR=str(tmp_path / "var"),
        DATABASE_URL="",
    )
    return env


def test_a_khmer_chart_is_drawn_with_the_shipped_fonts_alone_on_a_machine_without_fonts(tmp_path):
    env = _fontless_env(tmp_path)
    if shutil.which("fc-list"):  # the configuration really hides every system font from fontconfig
        listed = subprocess.run(["fc-list"], env=env, capture_output=True, text=True, check=True)
        assert listed.stdout.strip() == ""

    done = subprocess.run(
        [sys.executable, "-c", _DRAW], env=env, capture_output=True, text=True, timeout=240
    )
    assert done.returncode == 0, done.stderr[-3000:]
    out = json.loads(done.stdout.strip().splitlines()[-1])
    missing = [r for r in out["records"] if "missing" in r.lower() or "not found" in r.lower()]
    assert missing == []
    assert all(size > 5_000 for size in out["bytes"])
    # Every font a text was drawn with is a shipped file: Khmer, Latin and Thai each found theirs.
    assert out["used"], "no font looked up: was any text drawn?"
    assert {Path(f).parent for f in out["used"]} == {FONT_DIR}
    used = {Path(f).name for f in out["used"]}
    assert {"NotoSansKhmer-Regular.ttf", "NotoSans-Regular.ttf", "NotoSansThai-Regular.ttf"} <= used


def test_the_shipped_fonts_and_their_licence_are_in_the_package():
    for face in FACES:
        head = face.path.read_bytes()[:4]
        assert head in (b"\x00\x01\x00\x00", b"OTTO"), f"{face.file} is no TrueType/OpenType font"
    licence = (FONT_DIR / "OFL.txt").read_text()
    assert "SIL OPEN FONT LICENSE" in licence
    assert "Version 1.1" in licence
    readme = (FONT_DIR / "README.md").read_text()
    assert all(face.file in readme for face in FACES)  # each file's source and version is recorded


def test_a_chart_is_drawn_again_when_the_fonts_change(tmp_path, monkeypatch):
    from coalitionlens.insights import fonts
    from coalitionlens.insights.caching import chart_key

    stamp = font_stamp()
    before = chart_key("signature", "wide")
    assert before == chart_key("signature", "wide", fonts=stamp)
    # The same font set elsewhere: same stamp; one file changed (a newer release, or a font that
    # was missing when the chart was drawn): another stamp, so another key.
    copy = tmp_path / "fonts"
    shutil.copytree(FONT_DIR, copy)
    monkeypatch.setattr(fonts, "FONT_DIR", copy)
    fonts.font_stamp.cache_clear()
    try:
        assert fonts.font_stamp() == stamp
        with (copy / "NotoSansKhmer-Regular.ttf").open("ab") as f:
            f.write(b"\0" * 4)
        fonts.font_stamp.cache_clear()
        assert chart_key("signature", "wide") != before
    finally:
        monkeypatch.undo()
        fonts.font_stamp.cache_clear()
    assert chart_key("signature", "wide") == before
    assert chart_key("signature", "narrow") != before


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_khmer_page_is_set_in_the_shipped_web_font_with_the_csp_on(browser, live_server, cast):
    from coalitionlens.accounts.tests.factories import PASSWORD
    from coalitionlens.conftest import sign_in

    context = browser.new_context(viewport={"width": 390, "height": 800}, locale="km")
    page = context.new_page()
    fonts: list[tuple[str, int]] = []
    page.on(
        "response", lambda r: fonts.append((r.url, r.status)) if "/static/fonts/" in r.url else None
    )
    blocked: list[str] = []
    page.on("console", lambda m: blocked.append(m.text) if m.type == "error" else None)
    try:
        sign_in(page, live_server, "alice@example.org", PASSWORD)
        response = page.goto(f"{live_server.url}/c/lens/insights/exercises/")
        assert "default-src 'self'" in response.headers["content-security-policy"]
        page.wait_for_load_state("networkidle")
        page.evaluate("document.fonts.ready")
        faces = page.evaluate(
            "[...document.fonts].filter(f => f.status === 'loaded').map(f => f.family)"
        )
        khmer_ready = page.evaluate("document.fonts.check('16px \"CL Noto Sans Khmer\"', 'ផ្ទាំង')")
        family = page.evaluate("getComputedStyle(document.body).fontFamily")
    finally:
        context.close()
    assert family.startswith('"CL Noto Sans Khmer"')
    assert '"CL Noto Sans Khmer"' in faces or "CL Noto Sans Khmer" in faces
    assert khmer_ready
    assert any(
        url.endswith("/NotoSansKhmer-Regular.ttf") and status == 200 for url, status in fonts
    )
    assert blocked == []


def test_the_session_check_keeps_what_weasyprint_and_matplotlib_log_about_missing_glyphs():
    import logging

    from coalitionlens.conftest import _glyph_log

    start = len(_glyph_log.records)
    logging.getLogger("weasyprint").warning(
        '.notdef glyph rendered for Unicode string unsupported by fonts: "%s" (U+%04X)', "ក", 0x1780
    )
    logging.getLogger("matplotlib.font_manager").warning(
        "findfont: Font family ['Khmer OS'] not found. Falling back to DejaVu Sans."
    )
    logging.getLogger("weasyprint").warning("an unrelated warning")
    kept = _glyph_log.records[start:]
    del _glyph_log.records[start:]  # this test's own records must not fail it
    assert len(kept) == 2
    assert kept[0].startswith("weasyprint: .notdef glyph rendered")
    assert "Khmer OS" in kept[1]
