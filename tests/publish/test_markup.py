"""Staff-typed Markdown comes out as staff meant it and as inert HTML; identical text is
rendered once."""

import html5lib
import pytest

from backoffice.publish.markup import RENDERER, RENDERER_VERSION, RenderCache


def render_markdown(text: str, cache: RenderCache | None = None) -> str:
    return str((cache or RenderCache()).render(text))


def live_elements(html: str) -> list:
    """Every element the browser would build from `html` (escaped text builds none)."""
    tree = html5lib.parseFragment(html, namespaceHTMLElements=False)
    return list(tree.iter())[1:]


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
    html = render_markdown(text, RenderCache())
    for element in live_elements(html):
        assert element.tag in {"p", "a", "strong", "em", "br"}, html
        assert not any(name.lower().startswith("on") for name in element.attrib), html
        href = element.attrib.get("href", "").lower()
        assert not href.startswith(("javascript:", "data:")), html
        assert element.attrib.get("src") is None, html


def test_script_text_survives_only_as_escaped_text():
    html = render_markdown("a <script>alert(1)</script> b", RenderCache())
    assert html == "<p>a &lt;script&gt;alert(1)&lt;/script&gt; b</p>"


def test_text_in_angle_brackets_is_shown_as_typed_never_deleted():
    html = render_markdown("Ketik CEK#<NIK>#<nama ibu> lalu kirim.")
    assert html == "<p>Ketik CEK#&lt;NIK&gt;#&lt;nama ibu&gt; lalu kirim.</p>"


def test_a_numbered_list_right_under_a_line_of_text_is_a_list():
    html = render_markdown("Syarat:\n1. Fotokopi KK\n2. Fotokopi KTP")
    assert html == "<p>Syarat:</p>\n<ol>\n<li>Fotokopi KK</li>\n<li>Fotokopi KTP</li>\n</ol>"


def test_a_list_nested_by_two_spaces_comes_out_nested():
    html = render_markdown("- Berkas:\n  - KK\n  - KTP\n- Datang ke loket")
    tree = html5lib.parseFragment(html, namespaceHTMLElements=False)
    outer = tree.find("ul")
    assert [li.text for li in outer.findall("li")] == ["Berkas:", "Datang ke loket"]
    assert [li.text for li in outer.find("li").find("ul").findall("li")] == ["KK", "KTP"]


def test_a_single_line_break_is_kept():
    html = render_markdown("Telepon (0363) 21154\nWhatsApp 0812 3456 7890")
    assert html == "<p>Telepon (0363) 21154<br>\nWhatsApp 0812 3456 7890</p>"


def test_a_numbered_item_with_its_own_paragraph_keeps_the_numbering():
    html = render_markdown("1. Datang\n\n   bawa berkas asli\n2. Ambil nomor antrean")
    tree = html5lib.parseFragment(html, namespaceHTMLElements=False)
    assert len(tree.find("ol").findall("li")) == 2


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


def test_the_cache_key_names_the_renderer_versions_as_well_as_the_text():
    now, upgraded = RenderCache(renderer=RENDERER), RenderCache(renderer=RENDERER + " (baru)")
    assert now.key("**tebal**") != upgraded.key("**tebal**")
    assert now.key("**tebal**") != now.key("**tipis**")
    assert "markdown" in RENDERER and "nh3" in RENDERER and RENDERER_VERSION in RENDERER


def test_an_upgraded_renderer_renders_a_cached_text_again(tmp_path):
    RenderCache(tmp_path, renderer="markdown 3.0; nh3 0.1").render("**tebal**")
    upgraded = RenderCache(tmp_path)
    assert str(upgraded.render("**tebal**")) == "<p><strong>tebal</strong></p>"
    assert upgraded.misses == 1
