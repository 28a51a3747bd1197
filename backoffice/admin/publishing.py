"""The webmaster's desk for the public site: preview, publish, history, restore, content pages.

Content pages are edited through our own form, one Markdown file at a time, by the names
`backoffice.publish.content` accepts; never Flask-Admin's FileAdmin (it serves uploaded HTML
and checks paths by prefix). The view only calls `backoffice.publish`; it decides nothing.
"""

import datetime as dt
import os
from pathlib import Path

from flask import abort, current_app, flash, redirect, request, url_for
from flask_admin import BaseView, expose
from flask_login import current_user
from werkzeug.exceptions import NotFound
from wtforms import HiddenField, SelectField, StringField, TextAreaField
from wtforms.fields import SelectChoice
from wtforms.validators import DataRequired, Length, Regexp, ValidationError

from backoffice import audit, config
from backoffice.admin.access import AccessMixin, needs
from backoffice.admin.base import IndonesianSecureForm, current_zone
from backoffice.admin.limits import text_length
from backoffice.i18n import format_datetime_id
from backoffice.models import PublishRecord
from backoffice.models.publishing import PUBLISH_KINDS, PUBLISH_STATUSES
from backoffice.publish import history
from backoffice.publish.content import (
    ContentError,
    ContentPage,
    check_meta_value,
    content_dir,
    read_all,
    read_content,
    save_page,
)
from backoffice.publish.publisher import BuildOptions, PublishError, plan_publish
from backoffice.publish.site import create_site_app
from backoffice.publish.snapshot import load_site
from backoffice.publish.store import STAMP, SiteStore
from backoffice.tasks import publishing
from backoffice.tasks.records import status_of as job_state

HISTORY_SIZE = 20
STATUS_CHOICES = [SelectChoice("published", "Terbit"), SelectChoice("draft", "Draf")]


class ContentForm(IndonesianSecureForm):
    path = HiddenField()
    slug = StringField(
        "Nama berkas (untuk alamat halaman)",
        validators=[Regexp(r"^[a-z0-9][a-z0-9-]{0,60}$", message="Huruf kecil, angka dan '-'.")],
    )
    title = StringField("Judul", validators=[DataRequired(), Length(max=200)])
    description = StringField("Ringkasan (untuk mesin pencari)", validators=[Length(max=300)])
    status = SelectField("Status", choices=STATUS_CHOICES)
    body = TextAreaField(
        "Isi (Markdown)",
        validators=[text_length(100_000)],
        render_kw={"rows": 18, "data-markdown-preview": ""},
    )

    def validate_title(self, field) -> None:
        one_line(field, "title")

    def validate_description(self, field) -> None:
        one_line(field, "description")


def one_line(field, key: str) -> None:
    """A front-matter value must stay on one line, with no control characters."""
    try:
        check_meta_value(key, field.data or "")
    except ContentError as exc:
        raise ValidationError(str(exc)) from None


class PublishingView(AccessMixin, BaseView):
    area = "publishing"

    # --- the desk --------------------------------------------------------------------------
    @expose("/")
    @needs("read")
    def index(self):
        records = (
            PublishRecord.select().order_by(PublishRecord.started_at.desc()).limit(HISTORY_SIZE)
        )
        store = SiteStore(live_dir())
        run = history.running()  # closes the records of publishes whose worker stopped
        pages, problems = read_content(content_root())
        data = preview_data()
        return self.render(
            "admin/publish/index.html",
            records=list(records),
            run=run,
            waiting=job_state(run.job)["label"].rstrip(".") + "." if run else "",
            built=built_when,
            live=store.current(),
            previous=store.previous(),
            pages=[page for page in pages if may_touch_content(page.path)],
            may_restore=self.may("create") and current_user.office_id is None,
            may_add_page=self.may("edit") and current_user.office_id is None,
            problems=problems,
            drafts=draft_service_urls(data),
            unusable=[office for office in data.skipped if may_see_office(office.id)],
            may_publish=self.may("create"),
            may_edit=self.may("edit"),
            when=lambda value: format_datetime_id(value, current_zone()),
            kinds=dict(PUBLISH_KINDS),
            statuses=dict(PUBLISH_STATUSES),
        )

    @expose("/terbitkan", methods=["POST"])
    @needs("create")
    def publish_now(self):
        self.require("create")
        options = build_options()
        standards, options.marks = plan_publish(
            live_dir(), content_root(), options.app_config.get("SITE_TEMPLATES")
        )
        try:
            record = publishing.queue_publish(live_dir(), standards, options, current_user.id,
                                              audit.client_address())  # fmt: skip
        except PublishError as exc:
            flash(str(exc), "error")
            return redirect(url_for(".index"))
        flash_outcome(record, "Penerbitan")
        return redirect(url_for(".index"))

    @expose("/pulihkan", methods=["POST"])
    @needs("create")
    def restore(self):
        self.require("create")
        if current_user.office_id is not None:
            abort(403)  # the whole site, every office's pages: the installation's accounts only
        try:
            record = publishing.queue_restore(live_dir(), current_user.id, audit.client_address())
        except PublishError as exc:
            flash(str(exc), "error")
            return redirect(url_for(".index"))
        flash_outcome(record, "Pemulihan")
        return redirect(url_for(".index"))

    # --- preview -----------------------------------------------------------------------------
    @expose("/pratinjau/")
    @expose("/pratinjau/<path:path>")
    @needs("read")
    def preview(self, path=""):
        return preview_response("/" + path, {})

    # --- content pages -----------------------------------------------------------------------
    @expose("/konten/<path:path>", methods=["GET", "POST"])
    @needs("read")
    def edit_page(self, path):
        self.require("edit" if request.method == "POST" else "read")
        existing = {page.path: page for page in read_all(content_root())}
        if path != "baru" and path not in existing:
            abort(404)
        if not may_touch_content(path):
            abort(404)  # another office's page: not there for this account
        form = ContentForm(request.form if request.method == "POST" else None)
        if request.method == "GET" and path in existing:
            fill_form(form, existing[path])
        if path != "baru":
            form.slug.validators = []
        if request.method == "POST" and form.validate():
            page = page_from_form(form, path)
            if path == "baru" and page.path in existing:
                form.slug.errors = ["Halaman dengan nama ini sudah ada."]
                return self.render("admin/publish/edit.html", form=form, path=path, new=True)
            if request.form.get("action") == "preview":
                return preview_response(site_path(page), {page.path: page})
            return self.save(page, form)
        return self.render("admin/publish/edit.html", form=form, path=path, new=path == "baru")

    def save(self, page: ContentPage, form):
        try:
            save_page(page, content_root())
        except ContentError as exc:
            flash(str(exc), "error")
            return self.render("admin/publish/edit.html", form=form, path=page.path, new=False)
        audit.record("update", entity="content", object_id=page.path, summary=page.title)
        flash(f"Halaman {page.path} disimpan. Terbitkan agar tampil di situs publik.", "success")
        return redirect(url_for(".index"))

    def require(self, operation: str) -> None:
        if not self.may(operation):
            abort(403)


def built_when(build: Path) -> str:
    """When a build (its folder named by its UTC start, store.STAMP) was made, on the
    account's clock: "7 Desember 2026 23.35 WIB"; the name itself if it is not a stamp."""
    try:
        made = dt.datetime.strptime(build.name, STAMP)
    except ValueError:
        return build.name
    return format_datetime_id(made, current_zone())


def live_dir() -> Path:
    return Path(current_app.config["LOKET_SITE_DIR"])


def content_root() -> Path:
    return Path(current_app.config.get("LOKET_CONTENT_DIR") or content_dir())


def build_options() -> BuildOptions:
    return BuildOptions(
        site_url=os.environ.get("LOKET_SITE_URL", ""),
        content_root=content_root(),
        demo=demo_mode(),
        cache_dir=config.instance_dir() / "render-cache",
        app_config=current_app.config.get("LOKET_SITE_APP_CONFIG", {}),
    )


def demo_mode() -> bool:
    setting = current_app.config.get("LOKET_DEMO_MODE")
    return config.demo_mode() if setting is None else bool(setting)


def flash_outcome(record: PublishRecord, what: str) -> None:
    """Tell how the publish (or restore, `what`) just asked for stands: ended already (the
    queue ran it at once), or waiting for a worker."""
    if record.status == "success":
        flash(f"Berhasil: {record.changes.splitlines()[0]}", "success")
        if record.skipped:
            flash(f"Tidak ikut diperbarui: {record.skipped}", "warning")
    elif record.status == "failed":
        flash(record.error, "error")
    else:
        flash(f"{what} masuk antrean. Halaman ini diperbarui otomatis.", "info")


def may_touch_content(path: str) -> bool:
    """An office's account edits only its own FAQ (faq/<office slug>.md); the shared pages
    and new ones belong to the installation's accounts (no office)."""
    office = current_user.office
    return office is None or path == f"faq/{office.slug}.md"


def preview_data():
    """What the preview shows the signed-in account: published standards and its drafts
    (every office's for the installation's accounts), and the offices left out."""
    return load_site(
        preview=True,
        details=False,
        content_root=content_root(),
        preview_office=current_user.office_id,
    )


def may_see_office(office_id: int) -> bool:
    """An office's account hears of its own office's problems; the installation's, of all."""
    return current_user.office_id in (None, office_id)


def draft_service_urls(data) -> list[tuple[str, str]]:
    """(service name, preview path) of every service whose standard is still a draft (of the
    account's office only, for an office's account)."""
    return [
        (s.name, f"{s.office_slug}/layanan/{s.slug}.html")
        for s in data.all_services()
        if data.standards[s.standard_id].status != "published"
    ]


def preview_response(path: str, overrides: dict[str, ContentPage]):
    """The site page at `path` as the public will see it, drafts included, not yet published."""
    app = create_site_app(
        {
            "SITE_PREVIEW": True,
            "SITE_PREVIEW_OFFICE": current_user.office_id,
            "SITE_DEMO": demo_mode(),
            "SITE_CONTENT_DIR": content_root(),
            "SITE_PAGE_OVERRIDES": overrides,
            **current_app.config.get("LOKET_SITE_APP_CONFIG", {}),
        }
    )
    response = app.test_client().get(path.removesuffix("index.html"))
    body = response.get_data()
    response.close()  # static files come back as open file wrappers
    if response.status_code == 404:
        raise NotFound()
    if overrides:  # rendered at the form's address: resolve its links from the page's own
        base = url_for(".preview", path=path.lstrip("/"))
        body = body.replace(b"<head>", f'<head>\n<base href="{base}">'.encode(), 1)
    return current_app.response_class(body, response.status_code, mimetype=response.mimetype)


def site_path(page: ContentPage) -> str:
    if page.kind == "faq":
        return f"/{page.slug}/faq/"
    return f"/halaman/{page.slug}/"


def fill_form(form: ContentForm, page: ContentPage) -> None:
    form.path.data = page.path
    form.title.data = page.title
    form.description.data = page.description
    form.status.data = page.meta.get("status", "published")
    form.body.data = page.body


def page_from_form(form: ContentForm, path: str) -> ContentPage:
    if path == "baru":
        path = f"pages/{form.slug.data}.md"
    existing = {p.path: p for p in read_all(content_root())}
    meta = dict(existing[path].meta) if path in existing else {}
    meta.update(title=form.title.data.strip(), description=form.description.data.strip())
    meta["status"] = form.status.data
    return ContentPage(path, meta, form.body.data.replace("\r\n", "\n"))
