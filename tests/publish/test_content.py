"""content/: front matter, FAQ topics, and writes that stay inside the folder."""

import pytest

from backoffice.paths import CONTENT_DIR
from backoffice.publish.content import (
    ContentError,
    ContentPage,
    faq_topics,
    parse,
    read_all,
    read_page,
    safe_path,
    save_page,
)


def test_front_matter_becomes_metadata_and_the_rest_the_body():
    page = parse("pages/x.md", "---\ntitle: Judul\nstatus: draft\n---\nIsi **tebal**\n")
    assert page.title == "Judul" and not page.published and page.body == "Isi **tebal**\n"


def test_a_page_without_front_matter_is_published():
    assert parse("pages/x.md", "Isi saja").published


def test_unclosed_front_matter_is_refused_in_indonesian():
    with pytest.raises(ContentError, match="tidak ditutup"):
        parse("pages/x.md", "---\ntitle: Judul\nIsi")


def test_faq_body_groups_questions_under_topics():
    body = (
        "## Biaya\n\n### Apakah gratis?\n\nYa.\n\n### Ada pungutan?\n\nTidak.\n\n"
        "## Waktu\n\n### Berapa lama?\n\n1 hari"
    )
    assert faq_topics(body) == [
        ("Biaya", [("Apakah gratis?", "Ya."), ("Ada pungutan?", "Tidak.")]),
        ("Waktu", [("Berapa lama?", "1 hari")]),
    ]


@pytest.mark.parametrize(
    "path",
    [
        "../secret.md",
        "pages/../../x.md",
        "/etc/passwd",
        "pages/x.html",
        "faqx/a.md",
        "pages/a/b.md",
        "pages/.md",
    ],
)
def test_paths_outside_the_layout_are_refused(path, tmp_path):
    with pytest.raises(ContentError):
        safe_path(path, tmp_path)


def test_a_symlink_out_of_the_folder_is_refused(tmp_path):
    (tmp_path / "pages").mkdir()
    outside = tmp_path.parent / "outside.md"
    outside.write_text("x")
    (tmp_path / "pages" / "bocor.md").symlink_to(outside)
    with pytest.raises(ContentError):
        safe_path("pages/bocor.md", tmp_path)


def test_saved_page_reads_back_the_same(tmp_path):
    page = ContentPage("pages/baru.md", {"title": "Baru", "status": "draft"}, "Isi\n")
    save_page(page, tmp_path)
    assert read_page("pages/baru.md", tmp_path) == page
    assert [p.name for p in tmp_path.rglob("*")] == ["pages", "baru.md"]  # no temporary left


def test_an_unknown_status_is_refused(tmp_path):
    with pytest.raises(ContentError, match="Status"):
        save_page(ContentPage("pages/a.md", {"status": "arsip"}, ""), tmp_path)


def test_the_shipped_content_parses_and_has_an_faq_for_every_seed_office():
    pages = {p.path: p for p in read_all(CONTENT_DIR)}
    for slug in ("bali", "karangasem", "banjarmasin", "batang", "belitung"):
        assert faq_topics(pages[f"faq/{slug}.md"].body), slug
    assert {"pages/tentang.md", "pages/pengaduan.md"} <= set(pages)
    assert not (CONTENT_DIR / "maklumat.md").exists()  # a maklumat is a record, never a file
