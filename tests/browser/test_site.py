"""The built public site in a real browser: from file:// and over HTTP, on a 360 px phone and a
desktop, search, the printed checklist, and axe-core on every page."""

import functools
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.publish.conftest import demo_site  # noqa: F401 (the fixture, built once per module)

pytestmark = pytest.mark.browser

WIDTHS = {"ponsel": {"width": 360, "height": 740}, "desktop": {"width": 1280, "height": 900}}
SERIOUS = {"serious", "critical"}


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the stdlib's signature
        pass


@pytest.fixture(scope="module")
def http_site(demo_site):  # noqa: F811
    """The built folder served by Python's http.server on 127.0.0.1, from a thread."""
    handler = functools.partial(QuietHandler, directory=str(demo_site.resolve()))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


@pytest.fixture(params=["file", "http"])
def site_url(request, demo_site, http_site):  # noqa: F811
    if request.param == "file":
        return demo_site.resolve().as_uri() + "/index.html"
    return http_site


@pytest.fixture(params=list(WIDTHS))
def screen(request, browser):
    context = browser.new_context(locale="id-ID", viewport=WIDTHS[request.param])
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def overflows(page) -> bool:
    return page.evaluate(
        "document.documentElement.scrollWidth > document.documentElement.clientWidth + 1"
    )


def test_a_reader_reaches_a_service_from_the_home_page(screen, site_url):
    screen.goto(site_url)
    assert not overflows(screen)
    screen.get_by_role("link", name="Reaktivasi PBI JKN-KIS").first.click()
    screen.wait_for_load_state()
    assert screen.locator("h1").inner_text() == "Reaktivasi PBI JKN-KIS"
    assert screen.locator(".checklist li").count() == 2
    assert screen.evaluate("getComputedStyle(document.body).fontFamily")  # stylesheet loaded
    assert (
        screen.evaluate(
            "getComputedStyle(document.querySelector('.checklist .box')).borderTopStyle"
        )
        == "solid"
    )
    assert not overflows(screen)


def test_search_finds_a_service(screen, site_url):
    screen.goto(site_url)
    screen.get_by_role("link", name="Cari layanan").first.click()
    screen.get_by_label("Kata kunci").fill("reaktivasi")
    screen.get_by_role("button", name="Cari").click()
    result = screen.locator("#search-results a", has_text="Reaktivasi PBI JKN-KIS")
    result.first.wait_for()
    result.first.click()
    screen.wait_for_load_state()
    assert screen.locator("h1").inner_text() == "Reaktivasi PBI JKN-KIS"


def test_search_over_http_uses_the_pagefind_index(page, http_site):
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(http_site + "cari/?q=kedaruratan")
    page.locator("#search-results li").first.wait_for()
    assert any("/pagefind/" in url for url in requests)


def test_the_checklist_prints_on_a_phone_without_overflow(screen, site_url):
    screen.goto(site_url)
    screen.get_by_role("link", name="Reaktivasi PBI JKN-KIS").first.click()
    screen.get_by_role("link", name="Daftar periksa untuk dicetak").click()
    screen.emulate_media(media="print")
    assert screen.locator("header.top").is_hidden()
    assert screen.locator(".checklist .box").count() == 2
    assert not overflows(screen)
    if screen.viewport_size["width"] > 1000:  # and it really prints, on A4
        assert screen.pdf(format="A4").startswith(b"%PDF")


def site_pages(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.html") if "pagefind" not in p.parts)


def test_every_page_passes_axe_without_serious_violations(browser, demo_site):  # noqa: F811
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    context = browser.new_context(locale="id-ID", viewport=WIDTHS["ponsel"])
    page = context.new_page()
    failures = []
    for file in site_pages(demo_site.resolve()):
        page.goto(file.as_uri())
        violations = axe.run(page).response["violations"]
        failures += [
            f"{file.relative_to(demo_site.resolve())}: {v['id']} ({v['impact']})"
            for v in violations
            if v["impact"] in SERIOUS
        ]
    context.close()
    assert not failures, "\n".join(failures)
