"""The site `loket build-site` writes from the demo data: links, HTML5, the 14 components,
no personal data, no back-office file, small pages."""

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import html5lib
import pytest

from backoffice.demo.seeds import OFFICES
from backoffice.models import Applicant, Complaint, ServiceStandard
from backoffice.models.standards import COMPONENTS
from backoffice.publish.snapshot import slugify

ATTRIBUTES = {"href", "src"}


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ATTRIBUTES and value:
                self.links.append(value)
            if name == "id":
                self.ids.add(value)


def html_files(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "pagefind" not in p.parts)


def parse_links(path: Path) -> Links:
    parser = Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def is_internal(url: str) -> bool:
    return not urlsplit(url).scheme and not url.startswith("//")


def test_every_internal_link_resolves_to_a_file_and_anchor(demo_site):
    site = demo_site.resolve()
    broken = []
    for page in html_files(site):
        for url in parse_links(page).links:
            if not is_internal(url):
                continue
            path, _, fragment = url.partition("#")
            target = (page.parent / unquote(path)).resolve() if path else page
            if path.startswith("/") or not target.is_file() or not target.is_relative_to(site):
                broken.append(f"{page.relative_to(site)} → {url}")
            elif fragment and fragment not in parse_links(target).ids:
                broken.append(f"{page.relative_to(site)} → {url} (no anchor)")
    assert not broken, "\n".join(broken)


def test_every_page_is_valid_html5(demo_site):
    parser = html5lib.HTMLParser(strict=True)
    for page in html_files(demo_site):
        try:
            parser.parse(page.read_bytes())
        except html5lib.html5parser.ParseError as exc:
            pytest.fail(f"{page.relative_to(demo_site)}: {exc}")


def service_page(site: Path, office: str, name: str) -> Path:
    matches = list((site / office / "layanan").glob(f"*-{slugify(name)}.html"))
    assert len(matches) == 1, f"no single page for {office}: {name}"
    return matches[0]


def test_every_seed_service_shows_its_standard_with_the_14_components_in_order(demo_site):
    labels = [f"{n}. {label}" for n, (_, label) in enumerate(COMPONENTS, 1)]
    for office in OFFICES:
        for standard in office["standards"]:
            for service in standard["services"]:
                text = service_page(demo_site, office["slug"], service["name"]).read_text()
                positions = [text.find(f"<h4>{label}</h4>") for label in labels]
                assert -1 not in positions, f"{service['name']}: a component is missing"
                assert positions == sorted(positions), f"{service['name']}: components out of order"
                assert standard["title"] in text


def test_service_page_shows_checklist_steps_time_fee_and_channels(demo_site):
    page = service_page(demo_site, "karangasem", "Reaktivasi PBI JKN-KIS").read_text()
    assert 'class="checklist"' in page and "Fotocopy KTP" in page
    assert '<ol class="flow">' in page and "<svg" in page
    assert "Petugas membuat surat pengantar aktivasi" in page
    assert "1 hari" in page and "<strong>Gratis</strong>" in page
    assert "(0363) 21154" in page  # a complaint channel
    assert 'property="og:title"' in page


def test_service_pages_weigh_under_100_kb_with_their_stylesheet(demo_site):
    stylesheet = (demo_site / "static" / "site.css").stat().st_size
    for page in (demo_site.resolve()).glob("*/layanan/*.html"):
        assert page.stat().st_size + stylesheet < 100_000, page


def test_no_page_names_a_person_or_their_numbers(demo_site):
    text = "\n".join(
        p.read_text(errors="ignore") for p in demo_site.resolve().rglob("*") if p.is_file()
    )
    secrets = set()
    for nik, kk, name, phone in Applicant.select(
        Applicant.nik, Applicant.kk, Applicant.name, Applicant.phone
    ).tuples():
        secrets |= {nik, kk, name, phone}
    for contact, content in Complaint.select(
        Complaint.reporter_contact, Complaint.content
    ).tuples():
        secrets |= {contact, content}
    secrets.discard("")
    assert len(secrets) > 100  # the demo has people to hide
    leaked = sorted(s for s in secrets if s in text)
    assert not leaked, leaked[:10]


def test_only_site_files_are_written_never_the_back_office_or_the_database(demo_site):
    files = [
        p.relative_to(demo_site.resolve()) for p in demo_site.resolve().rglob("*") if p.is_file()
    ]
    names = {str(p) for p in files}
    assert not [n for n in names if n.startswith("admin") or "/admin/" in n]
    assert not [n for n in names if n.endswith((".sqlite3", ".db", ".py", ".po", ".mo"))]
    back_office_static = {p.name for p in (Path("backoffice") / "static").rglob("*") if p.is_file()}
    assert not back_office_static & {p.name for p in files}
    assert "static/site.css" in names and "sitemap.xml" in names and "404.html" in names


def test_links_are_relative_so_the_folder_works_anywhere(demo_site):
    for page in html_files(demo_site):
        for url in parse_links(page).links:
            assert not url.startswith("/"), f"{page}: {url}"


def test_drafts_never_reach_the_site(backend, demo_site):
    drafts = ServiceStandard.select().where(ServiceStandard.status == "draft").count()
    assert drafts == 0  # the demo publishes every seed standard; drafts are tested in test_builder
    assert "Draf:" not in "".join(p.read_text() for p in html_files(demo_site))


def test_sitemap_lists_every_service_page(demo_site):
    sitemap = (demo_site / "sitemap.xml").read_text()
    services = list(demo_site.resolve().glob("*/layanan/*.html"))
    assert len(services) == sum(len(s["services"]) for o in OFFICES for s in o["standards"])
    for page in services:
        url = "/" + str(page.relative_to(demo_site.resolve()))
        assert f"<loc>{url}</loc>" in sitemap


def test_faq_of_seed_000_is_published_grouped_by_topic(demo_site):
    page = (demo_site / "bali" / "faq" / "index.html").read_text()
    assert "Surat Tanda Registrasi (STR)" in page
    assert len(re.findall(r'<details class="qa"', page)) == 12


def test_quota_page_shows_counts_per_village(demo_site):
    page = (demo_site / "karangasem" / "kuota" / "index.html").read_text()
    assert '<th scope="col">Sisa</th>' in page
    assert re.search(r'<td class="num">\d+</td>', page)


def test_ikm_page_shows_score_and_grade_when_surveys_exist(demo_site):
    page = (demo_site / "karangasem" / "ikm" / "index.html").read_text()
    assert re.search(r"<strong>\d{2},\d{2}</strong> · mutu pelayanan <strong>[ABCD]</strong>", page)
    assert not (demo_site / "bali" / "ikm").exists()  # no survey there


def test_the_public_ikm_is_the_back_offices_per_service_index(demo_site):
    import datetime as dt

    from backoffice.domain import skm
    from backoffice.models import Office

    office = Office.get(Office.slug == "karangasem")
    end = dt.date.today()
    rows = skm.published_summary(office, end - dt.timedelta(days=365), end)
    page = (demo_site / "karangasem" / "ikm" / "index.html").read_text()
    whole = next(r for r in rows if r["service"] is None)
    assert f"<strong>{comma(whole['ikm'])}</strong>" in page  # 79,17 as Indonesians write it
    for row in rows:
        if row["service"] is not None:
            assert f'<td class="num">{comma(row["ikm"])}</td>' in page


def comma(score) -> str:
    return f"{score:.2f}".replace(".", ",")


def test_search_index_is_built(demo_site):
    assert (demo_site / "pagefind" / "pagefind.js").exists()
    assert "window.LOKET_SEARCH" in (demo_site / "cari" / "data.js").read_text()
