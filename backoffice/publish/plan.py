"""Which pages the site has (the generators, in Pelican's words) and what each depends on.

Every page carries tags naming the data it shows, so a rebuild after one standard changed
renders only the pages tagged with that standard or with a listing of its office.
"""

import hashlib
import json
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


def plan_pages(app: Flask, data: SiteData, only: set[str] | None = None) -> list[Page]:
    """Every page of the site in a stable order; with `only`, those carrying one of its tags."""
    with app.test_request_context():
        pages = _site_pages(data) + [p for o in data.offices for p in _office_pages(data, o, only)]
    return [p for p in pages if only is None or p.tags & only]


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


def _office_pages(data: SiteData, office, only: set[str] | None) -> list[Page]:
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
        if only is not None and not tags & only:
            continue  # building a URL costs; a rebuild asks for a few pages of thousands
        values = {"office": slug, "service": service.slug}
        pages.append(Page(url_for("service", **values), tags))
        pages.append(Page(url_for("checklist", **values), tags))
    return pages


def tags_for_standards(
    standard_ids: set[int], offices: set[str], old: dict[str, str], new: dict[str, str]
) -> set[str]:
    """The tags of every page that may show something of `standard_ids`.

    `offices` are the slugs of the offices those standards belong (or belonged) to: a standard
    that left the public site no longer says whose it was. `old` and `new` are the listing
    fingerprints of the live build and of now.
    """
    tags = {f"standard:{i}" for i in standard_ids}
    tags |= {f"listing:{slug}" for slug in offices if old.get(slug) != new.get(slug)}
    return tags | ({LISTING} if old.get("*") != new.get("*") else set())


def standard_digests(data: SiteData) -> dict[str, list[str]]:
    """Per standard in `data` (id as text): [its office's slug, a hash of its listing rows].

    A listing shows of each service its name, link, time, kind and product; the manifest keeps
    these digests, so a rebuild reads only the edited standards and still knows every listing.
    """
    rows: dict[int, list] = {}
    for service in data.all_services():
        rows.setdefault(service.standard_id, []).append(
            (service.slug, service.name, service.promised, service.around_the_clock,
             service.kind, service.product)
        )  # fmt: skip
    slugs = {office.id: office.slug for office in data.offices}
    return {
        str(i): [slugs[standard.office_id], _sha(rows.get(i, []))]
        for i, standard in data.standards.items()
    }


def listing_fingerprints(data: SiteData, digests: dict[str, list[str]]) -> dict[str, str]:
    """A hash of what the listings show, per office and for the whole site ("*").

    A rebuild re-renders a listing only when its hash changed: editing a standard's text
    leaves every list of service names, times and links as it was. Services are listed in the
    order of their ids, which their rows hold, so the sorted digests fix each listing.
    """
    by_office: dict[str, list] = {office.slug: [] for office in data.offices}
    for standard_id, (slug, digest) in digests.items():
        by_office.setdefault(slug, []).append((int(standard_id), digest))
    prints = {
        office.slug: _sha(
            [office.slug, office.name, office.short_name, sorted(by_office[office.slug])]
        )
        for office in data.offices
    }
    prints["*"] = _sha(sorted(prints.items()))
    return prints


def _sha(value) -> str:
    return hashlib.sha1(json.dumps(value, ensure_ascii=False).encode()).hexdigest()
