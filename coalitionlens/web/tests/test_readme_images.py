"""Every image the README shows exists in the repository, is a PNG and stays small."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
#: Markdown images ``![caption](path)`` and HTML ``<img src="path">``.
IMAGE = re.compile(r"!\[([^\]]*)\]\(\s*([^)\s]+)[^)]*\)|<img[^>]*\ssrc=\"([^\"]+)\"")
LIMIT = 200 * 1024


def _images(text: str) -> list[tuple[str, str]]:
    return [(m[1] or "", m[2] or m[3]) for m in IMAGE.finditer(text)]


def test_the_image_pattern_finds_markdown_and_html_images():
    text = '![A map](docs/a.png) text <img alt="b" src="docs/b.png"> ![](c.png "title")'
    assert _images(text) == [("A map", "docs/a.png"), ("", "docs/b.png"), ("", "c.png")]


def test_every_image_the_readme_references_exists_is_a_png_and_is_small():
    images = _images((ROOT / "README.md").read_text(encoding="utf-8"))
    assert images, "the README shows no image"
    problems = []
    for caption, ref in images:
        assert not ref.startswith(("http://", "https://")), f"{ref}: the README links no host"
        path = ROOT / ref
        if not path.is_file():
            problems.append(f"{ref}: missing")
            continue
        if not caption.strip():
            problems.append(f"{ref}: no caption")
        if path.read_bytes()[:8] != b"\x89PNG\r\n\x1a\n":
            problems.append(f"{ref}: not a PNG")
        if path.stat().st_size > LIMIT:
            problems.append(f"{ref}: {path.stat().st_size} bytes, more than {LIMIT}")
    assert problems == [], "\n".join(problems)
