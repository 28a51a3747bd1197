"""The public site's own Flask app: what the builder freezes and the back-office previews.

It shares only the models (read through `publish.data`) and `content/` with the back-office:
no Flask-Admin, no login, no session, no back-office static files, templates and assets from
`site/` alone. Every link is relative (`link()`), so the built folder works from any folder,
any host and from file://.
"""

import datetime as dt
import functools
from pathlib import Path

from flask import Flask, current_app, g, request, url_for
from jinja2 import BytecodeCache, ChoiceLoader, FileSystemBytecodeCache, FileSystemLoader
from jinja2.bccache import Bucket
from markupsafe import Markup

from backoffice.db import database
from backoffice.i18n import format_date_id, format_datetime_id
from backoffice.paths import SITE_DIR
from backoffice.publish.data import SiteData, load_site
from backoffice.publish.render import RenderCache, render_markdown
from backoffice.publish.schedule import weekly_hours, zone_name

SITE_NAME = "Informasi Layanan PBI JKN-KIS"


class TemplateCache(BytecodeCache):
    """Compiled templates kept for the process (each build makes a new app, not new
    templates) and, given a folder, on disk: a fresh process (every `loket build-site`, and
    the builder itself after its forked workers did the compiling) loads them instead of
    compiling, which costs more than rendering the few pages of a rebuild."""

    def __init__(self, directory: Path | None = None) -> None:
        self.store: dict[str, bytes] = {}
        self.disk = FileSystemBytecodeCache(str(directory)) if directory else None

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key not in self.store and self.disk is not None:
            self.disk.load_bytecode(bucket)
            if bucket.code is not None:
                self.store[bucket.key] = bucket.bytecode_to_string()
        if bucket.key in self.store:
            bucket.bytecode_from_string(self.store[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()
        if self.disk is not None:
            self.disk.dump_bytecode(bucket)


@functools.cache
def template_cache(directory: Path | None) -> TemplateCache:
    if directory is not None:
        directory.mkdir(parents=True, exist_ok=True)
    return TemplateCache(directory)


DEFAULTS = {
    "SITE_PREVIEW": False,  # include drafts, marked as such (the webmaster's preview)
    "SITE_URL": "",  # absolute base for sitemap.xml and og:url, when known
    "SITE_CONTENT_DIR": None,  # content/ unless set
    "SITE_TEMPLATES": None,  # a folder whose templates take precedence over site/templates
}


def create_site_app(
    config: dict | None = None, data: SiteData | None = None, cache: RenderCache | None = None
) -> Flask:
    """The public site. With `data` it renders that snapshot and never opens the database."""
    from backoffice.publish import views

    app = Flask(
        "loket_site",
        root_path=str(SITE_DIR),
        template_folder=str(SITE_DIR / "templates"),
        static_folder=str(SITE_DIR / "static"),
        static_url_path="/static",
    )
    app.config.update(DEFAULTS)
    app.config.update(config or {})
    cache = cache or RenderCache()
    folder = cache.directory / "templates" if cache.directory else None
    app.jinja_env.bytecode_cache = template_cache(folder)
    app.extensions["loket_site"] = {"data": data, "cache": cache, "urls": {}}
    if app.config["SITE_TEMPLATES"]:
        app.jinja_loader = ChoiceLoader(
            [FileSystemLoader(str(app.config["SITE_TEMPLATES"])), app.jinja_loader]
        )
    app.jinja_env.globals.update(link=link, asset=asset, site_name=SITE_NAME, canonical=canonical)
    app.jinja_env.globals.update(weekly_hours=weekly_hours, zone_name=zone_name)
    app.jinja_env.filters.update(markdown=markdown_filter, date_id=format_date_id)
    app.jinja_env.filters["datetime_id"] = format_datetime_id
    app.jinja_env.trim_blocks = app.jinja_env.lstrip_blocks = True
    views.register(app)
    app.teardown_request(_close_database)
    return app


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
        )
        for path, page in current_app.config.get("SITE_PAGE_OVERRIDES", {}).items():
            g.site_data.pages[path] = page
    return g.site_data


def _close_database(exc) -> None:
    if g.get("opened_database") and not database.is_closed():
        database.close()


def link(endpoint: str, **values) -> str:
    """A relative URL to `endpoint`, ending in index.html where the path ends in "/"."""
    built = current_app.extensions["loket_site"]["urls"]
    key = (endpoint, *sorted(values.items()))
    url = built.get(key)
    if url is None:  # url_for is most of a page's cost when a listing names 2,000 services
        url = built[key] = url_for(endpoint, **values)
    return relative(url, request.path)


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
    return render_markdown(text or "", current_app.extensions["loket_site"]["cache"])


def now_utc() -> dt.datetime:
    return site_data().built_at
