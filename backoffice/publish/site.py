"""The public site's own Flask app: its pages, their URL generators, and its Freezer.

It shares only the models (read through `publish.snapshot`) and `content/` with the
back-office: no Flask-Admin, no login, no session, templates and assets from `site/` alone.
Every page has a URL generator registered with Frozen-Flask's `Freezer` (`make_freezer`), so
`Freezer.freeze()` alone writes the whole site; the builder hands the Freezer shares of the
same URLs (`planned_pages`). Every link is relative (`link()`), so the built folder works from
any folder, any host and from file://.
"""

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace

from flask import Flask, Response, abort, current_app, g, render_template, request, url_for
from flask_frozen import Freezer
from jinja2 import ChoiceLoader, FileSystemBytecodeCache, FileSystemLoader
from markupsafe import Markup

from backoffice.db import database
from backoffice.domain.deadlines import clock_text, office_status
from backoffice.i18n import (
    ZONE_ABBREVIATIONS,
    format_date_id,
    format_datetime_id,
    format_decimal_id,
)
from backoffice.models.offices import WEEKDAYS
from backoffice.models.surveys import SURVEY_ELEMENTS
from backoffice.paths import SITE_DIR
from backoffice.publish.content import faq_topics
from backoffice.publish.markup import RenderCache
from backoffice.publish.snapshot import OfficeInfo, SiteData, load_site

SITE_NAME = "Informasi Layanan PBI JKN-KIS"
CHECKLIST_HINT = "Centang setiap berkas yang sudah Anda siapkan sebelum datang ke loket."
LISTING = "listing"  # the tag of pages that list every office's services
DEFAULTS = {
    "SITE_PREVIEW": False,  # include drafts, marked as such (the webmaster's preview)
    "SITE_PREVIEW_OFFICE": None,  # with an office's id, only that office's drafts
    "SITE_DEMO": False,  # demo installation: quotas and survey figures are examples
    "SITE_URL": "",  # absolute base for sitemap.xml and og:url, when known
    "SITE_CONTENT_DIR": None,  # content/ unless set
    "SITE_TEMPLATES": None,  # a folder whose templates take precedence over site/templates
    # Frozen-Flask: we manage the build folders ourselves (see `store`), so it removes nothing.
    "FREEZER_REMOVE_EXTRA_FILES": False,
    "FREEZER_RELATIVE_URLS": True,
    "FREEZER_DESTINATION": "build",
}


def create_site_app(
    config: dict | None = None, data: SiteData | None = None, cache: RenderCache | None = None
) -> Flask:
    """The public site. With `data` it renders that snapshot and never opens the database."""
    app = Flask(
        "loket_site",
        root_path=str(SITE_DIR),
        template_folder=str(SITE_DIR / "templates"),
        static_folder=str(SITE_DIR / "static"),
        static_url_path="/static",
    )
    app.config.update(DEFAULTS)
    app.config.update(config or {})
    cache = cache if cache is not None else RenderCache()
    if cache.directory is not None:
        (cache.directory / "templates").mkdir(parents=True, exist_ok=True)
        app.jinja_env.bytecode_cache = FileSystemBytecodeCache(str(cache.directory / "templates"))
    app.extensions["loket_site"] = {"data": data, "cache": cache, "urls": {}}
    if app.config["SITE_TEMPLATES"]:
        app.jinja_loader = ChoiceLoader(
            [FileSystemLoader(str(app.config["SITE_TEMPLATES"])), app.jinja_loader]
        )
    env = app.jinja_env
    env.globals.update(link=link, asset=asset, site_name=SITE_NAME, canonical=canonical)
    env.globals.update(weekly_hours=weekly_hours, zone_name=zone_name, demo=demo_mode)
    env.filters.update(markdown=markdown_filter, date_id=format_date_id)
    env.filters.update(datetime_id=format_datetime_id, desimal=format_decimal_id)
    env.trim_blocks = env.lstrip_blocks = True
    for rule, view in RULES:
        app.add_url_rule(rule, view.__name__, view)
    app.register_error_handler(404, lambda error: (render_template("404.html"), 404))
    app.teardown_request(_close_database)
    return app


# --- the snapshot a page reads ------------------------------------------------------------


def site_data() -> SiteData:
    """The build's snapshot, or (preview) one read for this request."""
    state = current_app.extensions["loket_site"]
    if state["data"] is not None:
        return state["data"]
    if "site_data" not in g:
        g.opened_database = database.is_closed()
        database.connect(reuse_if_open=True)
        g.site_data = load_site(
            preview=current_app.config["SITE_PREVIEW"],
            details=False,
            content_root=current_app.config["SITE_CONTENT_DIR"],
            demo=current_app.config["SITE_DEMO"],
            preview_office=current_app.config.get("SITE_PREVIEW_OFFICE"),
        )
        for path, page in current_app.config.get("SITE_PAGE_OVERRIDES", {}).items():
            g.site_data.pages[path] = page
    return g.site_data


def _close_database(exc) -> None:
    if g.get("opened_database") and not database.is_closed():
        database.close()


def demo_mode() -> bool:
    return site_data().demo or current_app.config["SITE_DEMO"]


# --- template helpers ----------------------------------------------------------------------


def link(endpoint: str, **values) -> str:
    """A relative URL to `endpoint`, ending in index.html where the path ends in "/"."""
    # A listing names 2,000 services: each link is built once per folder it is linked from.
    built = current_app.extensions["loket_site"]["urls"]
    base = request.path
    key = (endpoint, base.rpartition("/")[0], *values.items())
    found = built.get(key)
    if found is None:
        found = built[key] = relative(url_for(endpoint, **values), base)
    return found


def relative(url: str, base: str) -> str:
    """`url` (from the site's root) as seen from the page at `base`."""
    path, hash_mark, fragment = url.partition("#")
    if path.endswith("/"):
        path += "index.html"
    here = base.split("/")[1:-1]  # the folders of the page
    there = path.split("/")[1:]
    common = 0
    while common < min(len(here), len(there) - 1) and here[common] == there[common]:
        common += 1
    steps = [".."] * (len(here) - common) + there[common:]
    return "/".join(steps) + hash_mark + fragment


def asset(filename: str) -> str:
    return link("static", filename=filename)


def canonical() -> str:
    """The page's absolute URL when SITE_URL is known, else ""."""
    base = current_app.config["SITE_URL"].rstrip("/")
    return f"{base}{request.path}" if base else ""


def markdown_filter(text: str) -> Markup:
    return current_app.extensions["loket_site"]["cache"].render(text or "")


def zone_name(office: OfficeInfo) -> str:
    return ZONE_ABBREVIATIONS.get(office.zone, office.record["time_zone"])


def weekly_hours(office: OfficeInfo) -> list[tuple[str, str]]:
    """(day name, "08.00–15.00" or "Tutup") for Monday to Sunday."""
    by_day = {weekday: (opens, closes) for weekday, opens, closes in office.hours}
    rows = []
    for weekday, name in WEEKDAYS:
        hours = by_day.get(weekday)
        rows.append((name, f"{clock_text(hours[0])}–{clock_text(hours[1])}" if hours else "Tutup"))
    return rows


def status_sentence(office: OfficeInfo, data: SiteData) -> str:
    """Today's status line, by the same rule the deadlines count working days with."""
    status = office_status(office.calendar, data.built_at, office.record["time_zone"])
    day = dict(WEEKDAYS)[status.date.weekday()]
    return f"{day}, {format_date_id(status.date)}: {status.text}"


# --- the pages -----------------------------------------------------------------------------


def _office(slug: str) -> OfficeInfo:
    office = site_data().office(slug)
    if office is None:
        abort(404)
    return office


def index():
    data = site_data()
    return render_template("index.html", offices=data.offices, about=data.page("pages/tentang.md"))


def office_home(office: str):
    info, data = _office(office), site_data()
    return render_template(
        "office.html",
        office=info,
        status=status_sentence(info, data),
        hours=weekly_hours(info),
        zone=zone_name(info),
        has_faq=data.page(f"faq/{office}.md") is not None,
    )


def service(office: str, service: str):
    info = _office(office)
    found = site_data().service(office, service) or abort(404)
    standard = site_data().standard(found.standard_id)
    return render_template(
        "service.html",
        office=info,
        service=found,
        standard=standard,
        free=is_free(standard.components[3][2]),
        zone=zone_name(info),
        hours=weekly_hours(info),
    )


def checklist(office: str, service: str):
    info = _office(office)
    found = site_data().service(office, service) or abort(404)
    return render_template(
        "checklist.html", office=info, service=found, hint=CHECKLIST_HINT, hours=weekly_hours(info)
    )


def faq(office: str):
    info = _office(office)
    page = site_data().page(f"faq/{office}.md") or abort(404)
    return render_template("faq.html", office=info, page=page, topics=faq_topics(page.body))


def maklumat(office: str):
    info = _office(office)
    if info.maklumat is None:
        abort(404)
    return render_template("maklumat.html", office=info, maklumat=info.maklumat)


def quota(office: str):
    return render_template("quota.html", office=_office(office))


def ikm(office: str):
    info = _office(office)
    if info.survey is None:
        abort(404)
    return render_template("ikm.html", office=info, result=info.survey, elements=SURVEY_ELEMENTS)


def page(slug: str):
    content = site_data().page(f"pages/{slug}.md") or abort(404)
    return render_template("page.html", page=content, offices=site_data().offices)


def search():
    return render_template("search.html", offices=site_data().offices)


def search_data():
    """The small index the search page falls back on where Pagefind cannot load (file://)."""
    entries = [
        {
            "t": s.name,
            "u": link("service", office=s.office_slug, service=s.slug).removeprefix("../"),
            "o": office.short_name,
            "k": f"{s.kind_label} {s.product}",  # no details: they are read per standard
        }
        for office in site_data().offices
        for s in office.services
    ]
    body = "window.LOKET_SEARCH = " + json.dumps(entries, ensure_ascii=False) + ";\n"
    return Response(body, mimetype="text/javascript")


def not_found():
    return render_template("404.html")


def sitemap():
    return Response(render_template("sitemap.xml", urls=sitemap_urls()), mimetype="application/xml")


def sitemap_urls() -> list[str]:
    urls = [url_for("index"), url_for("search")]
    for office in site_data().offices:
        urls.append(url_for("office_home", office=office.slug))
        urls += [url_for("service", office=office.slug, service=s.slug) for s in office.services]
    return urls


def is_free(fee_text: str) -> bool:
    text = fee_text.lower()
    return "gratis" in text or "tidak dipungut" in text


# (rule, view): the site's whole URL map; directories end in "/" and become index.html.
RULES = [
    ("/", index),
    ("/cari/", search),
    ("/cari/data.js", search_data),
    ("/404.html", not_found),
    ("/sitemap.xml", sitemap),
    ("/halaman/<slug>/", page),
    ("/<office>/", office_home),
    ("/<office>/faq/", faq),
    ("/<office>/maklumat/", maklumat),
    ("/<office>/kuota/", quota),
    ("/<office>/ikm/", ikm),
    # Service pages are files, not folders: thousands of folders cost more to create (and to
    # link into a rebuild) than the pages themselves.
    ("/<office>/layanan/<service>.html", service),
    ("/<office>/persyaratan/<service>.html", checklist),
]


# --- URL generators: every page the site has, for Frozen-Flask ------------------------------

Entry = tuple[str, dict, frozenset[str]]  # (endpoint, values, tags)


def site_entries(data: SiteData) -> Iterator[Entry]:
    """The pages of the site as a whole: home, search, 404, sitemap, content pages."""
    listing = frozenset({LISTING})
    for endpoint in ("index", "search", "search_data", "sitemap"):
        yield endpoint, {}, listing
    yield "not_found", {}, frozenset({"content"})
    for path, content in sorted(data.pages.items()):
        if path.startswith("pages/") and data.page(path):
            yield "page", {"slug": content.slug}, frozenset({"content", LISTING})


def office_entries(data: SiteData) -> Iterator[Entry]:
    """Each office's own pages; maklumat, FAQ and IKM only where there is one."""
    for office in data.offices:
        slug, own = office.slug, own_tags(office)
        yield "office_home", {"office": slug}, own | {f"listing:{slug}"}
        yield "quota", {"office": slug}, own
        if office.maklumat is not None:
            yield "maklumat", {"office": slug}, own
        if data.page(f"faq/{slug}.md"):
            yield "faq", {"office": slug}, own | {"content"}
        if office.survey is not None:
            yield "ikm", {"office": slug}, own


def service_entries(data: SiteData, standards: set[int] | None = None) -> Iterator[Entry]:
    """Each service's page and printable checklist (of `standards` only, when given)."""
    for office in data.offices:
        for found in office.services:
            if standards is not None and found.standard_id not in standards:
                continue
            tags = own_tags(office) | {f"standard:{found.standard_id}"}
            values = {"office": office.slug, "service": found.slug}
            yield "service", values, tags
            yield "checklist", values, tags


def own_tags(office: OfficeInfo) -> frozenset[str]:
    """The tags of an office's own pages: by its slug, and by its id (the pages it had are
    found again when a build leaves it out under a new, unusable slug: `publish.build`)."""
    return frozenset({f"office:{office.slug}", f"office-id:{office.id}"})


GENERATORS: tuple[Callable[[SiteData], Iterator[Entry]], ...] = (
    site_entries,
    office_entries,
    service_entries,
)


def make_freezer(app: Flask, data: SiteData | None = None) -> Freezer:
    """Frozen-Flask's Freezer for the app, with a URL generator for every page it has."""
    freezer = Freezer(app, with_static_files=True, with_no_argument_rules=False, log_url_for=False)
    for generate in GENERATORS:
        freezer.register_generator(_as_generator(generate, data))
    return freezer


def _as_generator(generate, data: SiteData | None):
    def urls():  # runs inside the Freezer's request context, where site_data() works
        for endpoint, values, _ in generate(data if data is not None else site_data()):
            yield endpoint, values

    urls.__name__ = generate.__name__
    return urls


def same_page_of(app: Flask, url: str, other: OfficeInfo, data: SiteData) -> str | None:
    """The URL of the page like `url` (an office's page) of office `other`, when it has one:
    the same kind of page, its first service's for a service page."""
    endpoint, values = app.url_map.bind("localhost").match(url)
    with app.test_request_context():
        if "service" in values:
            services = other.services
            if not services:
                return None
            return url_for(endpoint, office=other.slug, service=services[0].slug)
        entries = {endpoint for endpoint, _, _ in office_entries(_one_office(data, other))}
        return url_for(endpoint, office=other.slug) if endpoint in entries else None


def _one_office(data: SiteData, office: OfficeInfo) -> SiteData:
    return replace(data, offices=[office])


@dataclass(frozen=True)
class Page:
    url: str
    tags: frozenset[str]

    @property
    def file(self) -> str:
        """The file the URL is written to, relative to the site folder."""
        path = self.url.lstrip("/")
        return path + "index.html" if path.endswith("/") or not path else path


def planned_pages(
    app: Flask, data: SiteData, wanted: set[str] | None = None, standards: set[int] | None = None
) -> list[Page]:
    """Every page of the site in the generators' order; with `wanted`, those carrying one of
    those tags (`standards` narrows the service pages before their URLs are built)."""
    pages = []
    with app.test_request_context():
        for generate in GENERATORS:
            entries = generate(data, standards) if generate is service_entries else generate(data)
            for endpoint, values, tags in entries:
                if wanted is None or tags & wanted:
                    pages.append(Page(url_for(endpoint, **values), tags))
    return pages
