"""Which pages the site has (the generators, in Pelican's words) and what each depends on.

Every page carries tags naming the data it shows, so a rebuild after one standard changed
renders only the pages tagged with that standard or with a listing of its office.
"""

from dataclasses import dataclass

from flask import Flask, url_for

from backoffice.publish.data import SiteData

LISTING = "listing"  # pages that list every office's services: home, search, sitemap


@dataclass(frozen=True)
class Page:
    url: str
    tags: frozenset[str]

    @property
    def file(self) -> str:
        """The file the URL is written to, relative to the site folder."""
        path = self.url.lstrip("/")
        return path + "index.html" if path.endswith("/") or not path else path


def plan_pages(app: Flask, data: SiteData) -> list[Page]:
    """Every page of the site, in a stable order."""
    with app.test_request_context():
        return _site_pages(data) + [p for o in data.offices for p in _office_pages(data, o)]


def _site_pages(data: SiteData) -> list[Page]:
    listing = frozenset({LISTING})
    pages = [
        Page(url_for("index"), listing),
        Page(url_for("search"), listing),
        Page(url_for("search_data"), listing),
        Page(url_for("sitemap"), listing),
        Page(url_for("not_found"), frozenset({"content"})),
    ]
    for path, content in sorted(data.pages.items()):
        if path.startswith("pages/") and data.page(path):
            pages.append(Page(url_for("page", slug=content.slug), frozenset({"content", LISTING})))
    return pages


def _office_pages(data: SiteData, office) -> list[Page]:
    slug = office.slug
    own = frozenset({f"office:{slug}"})
    pages = [
        Page(url_for("office_home", office=slug), own | {f"listing:{slug}"}),
        Page(url_for("quota", office=slug), own),
    ]
    if data.page("maklumat.md"):
        pages.append(Page(url_for("maklumat", office=slug), own | {"content"}))
    if data.page(f"faq/{slug}.md"):
        pages.append(Page(url_for("faq", office=slug), own | {"content"}))
    if office.survey is not None:
        pages.append(Page(url_for("ikm", office=slug), own))
    for service in office.services:
        tags = own | {f"standard:{service.standard_id}"}
        values = {"office": slug, "service": service.slug}
        pages.append(Page(url_for("service", **values), tags))
        pages.append(Page(url_for("checklist", **values), tags))
    return pages


def tags_for_standards(data: SiteData, standard_ids: set[int], offices: set[str]) -> set[str]:
    """The tags of every page that may show something of `standard_ids`.

    `offices` are the slugs of the offices those standards belong (or belonged) to: a standard
    that left the public site no longer says whose it was.
    """
    tags = {LISTING} | {f"standard:{i}" for i in standard_ids}
    return tags | {f"listing:{slug}" for slug in offices}
