"""Staff-typed Markdown comes out as inert HTML, and identical text is rendered once."""

import pytest

from backoffice.publish.render import RenderCache, render_markdown

ATTACKS = [
    "<script>alert(1)</script>",
    "[klik](javascript:alert(1))",
    "[klik](JaVaScRiPt:alert(1))",
    '<a href="javascript:alert(1)">klik</a>',
    '<img src=x onerror="alert(1)">',
    '<p onclick="alert(1)">teks</p>',
    "<iframe src=https://contoh.test></iframe>",
    '<svg onload="alert(1)"></svg>',
    "![x](javascript:alert(1))",
    '<a href="data:text/html;base64,PHNjcmlwdD4=">klik</a>',
    "<style>body{display:none}</style>",
]


@pytest.mark.parametrize("text", ATTACKS)
def test_markdown_with_script_javascript_links_or_event_attributes_renders_inert(text):
    html = str(render_markdown(text, RenderCache())).lower()
    for needle in (
        "<script",
        "javascript:",
        "onerror",
        "onclick",
        "onload",
        "<iframe",
        "<style",
        "data:",
    ):
        assert needle not in html, html


def test_script_text_survives_only_as_escaped_text():
    html = str(render_markdown("a <script>alert(1)</script> b", RenderCache()))
    assert "<script" not in html and "a" in html and "b" in html


def test_ordinary_markdown_keeps_lists_emphasis_tables_and_safe_links():
    text = "1. **Satu**\n2. [LAPOR!](https://www.lapor.go.id)\n\n| a | b |\n|---|---|\n| 1 | 2 |"
    html = str(render_markdown(text, RenderCache()))
    assert "<ol>" in html and "<strong>Satu</strong>" in html and "<table>" in html
    assert 'href="https://www.lapor.go.id"' in html and 'rel="noopener noreferrer"' in html


def test_mailto_and_tel_links_are_kept():
    html = str(render_markdown("[tel](tel:036321154) [mail](mailto:a@b.id)", RenderCache()))
    assert 'href="tel:036321154"' in html and 'href="mailto:a@b.id"' in html


def test_identical_text_is_rendered_once_and_served_from_the_cache():
    cache = RenderCache()
    first = cache.render("1. KK\n2. KTP")
    second = cache.render("1. KK\n2. KTP")
    assert first == second and (cache.misses, cache.hits) == (1, 1)


def test_the_disk_cache_serves_another_process(tmp_path):
    RenderCache(tmp_path).render("**tebal**")
    later = RenderCache(tmp_path)
    assert str(later.render("**tebal**")) == "<p><strong>tebal</strong></p>"
    assert later.misses == 0


def test_empty_text_renders_nothing():
    assert render_markdown("  \n") == ""
