"""The secured ModelView every back-office view extends.

It closes what Flask-Admin leaves open (pitfall 6 of the house style): access by role on every
view, action and record; CSRF on every form; atomic create/update/delete with no recursive
deletes; Indonesian dates in the office's time zone; an audit entry for every change.
"""

import copy
import datetime

from flask import abort, current_app, flash, g, has_request_context, redirect, request, url_for
from flask_admin import AdminIndexView, expose
from flask_admin.contrib.peewee import ModelView
from flask_admin.helpers import is_form_submitted
from flask_admin.model import typefmt
from flask_admin.model.form import InlineFormAdmin
from flask_login import current_user
from flask_wtf import FlaskForm
from peewee import DatabaseError, IntegrityError
from wtforms import HiddenField

from backoffice import audit
from backoffice.admin import paging, scoping
from backoffice.admin.access import AccessMixin, needs
from backoffice.admin.fields import LoketModelConverter
from backoffice.admin.paging import fetch_related, large_list_page
from backoffice.admin.params import check_record_id, clean_list_args
from backoffice.db import error_kind, write_transaction
from backoffice.domain import notices, scope
from backoffice.domain.errors import ValidationError
from backoffice.i18n import (
    IndonesianFormMeta,
    format_date_id,
    format_date_short,
    format_datetime_id,
    format_datetime_short,
)
from backoffice.models.base import utcnow
from backoffice.models.offices import IANA_ZONES


class IndonesianSecureForm(FlaskForm):
    """Flask-WTF's CSRF-protected form (the token the app-wide CSRFProtect checks), with
    WTForms' messages in Indonesian."""

    class Meta(IndonesianFormMeta):
        pass


def current_zone() -> str:
    """The IANA zone of the signed-in officer's office, else the configured default. Read
    once per request (a list page formats a hundred moments)."""
    if has_request_context() and "loket_zone" in g:
        return g.loket_zone
    office = getattr(current_user, "office", None) if current_user else None
    # A zone no form offers (a row written around them) reads as the default: the office's
    # pages still open, and its public part names the problem (publish.snapshot).
    zone = IANA_ZONES.get(office.time_zone) if office is not None else None
    zone = zone or current_app.config["LOKET_TIMEZONE"]
    if has_request_context():
        g.loket_zone = zone
    return zone


def _date(view, value, name):
    return format_date_id(value)


def _datetime(view, value, name):
    return format_datetime_id(value, current_zone())


def _bool(view, value, name):
    return "Ya" if value else "Tidak"


def _short_date(view, value, name):
    return format_date_short(value)


def _short_datetime(view, value, name):
    return format_datetime_short(value, current_zone())


# Lists: short dates so a row stays one line; a record's page: in full, with the zone.
FORMATTERS = dict(typefmt.BASE_FORMATTERS)
# Flask-Admin picks the first isinstance match: datetime must come before date.
FORMATTERS.update({datetime.datetime: _short_datetime, datetime.date: _short_date, bool: _bool})
DETAIL_FORMATTERS = dict(typefmt.DETAIL_FORMATTERS)
DETAIL_FORMATTERS.update(FORMATTERS)
DETAIL_FORMATTERS.update({datetime.datetime: _datetime, datetime.date: _date})


class SecureIndexView(AccessMixin, AdminIndexView):
    area = "dashboard"

    @expose("/")
    def index(self):
        from backoffice.admin.dashboard import dashboard_context  # it imports this module

        now = utcnow()
        return self.render(
            "admin/dashboard.html",
            d=dashboard_context(now),
            now_year=now.year,
            now_month=now.month,
        )

    @expose("/pemberitahuan/<int:id>/dibaca", methods=["POST"])
    @needs("read")
    def notice_read(self, id):
        """Mark one of the account's own notices read (another's: 404, nothing changes)."""
        if not notices.mark_read(current_user, id):
            abort(404)
        flash("Daftar tenggat ditandai sudah dibaca. Daftar baru datang besok pagi.", "success")
        return redirect(url_for(".index"))


class SecureModelView(AccessMixin, ModelView):
    form_base_class = IndonesianSecureForm
    model_form_converter = LoketModelConverter  # dates typed HH-BB-TTTT, times in the zone
    page_size = 50
    can_set_page_size = True
    can_view_details = True
    can_export = False  # CSV export does not neutralise formulas; exports come with their own
    column_type_formatters = FORMATTERS
    column_type_formatters_detail = DETAIL_FORMATTERS
    column_display_pk = False
    named_filter_urls = True
    details_modal = False
    edit_modal = False
    create_modal = False

    def __init__(self, model, *args, **kwargs):
        # Form fields take the Indonesian column labels unless form_args names another.
        args_by_field = {name: dict(opts) for name, opts in (self.form_args or {}).items()}
        for name, label in (self.column_labels or {}).items():
            args_by_field.setdefault(name, {}).setdefault("label", label)
        self.form_args = args_by_field
        # The record number, never Flask-Admin's "Id".
        self.column_labels = {"id": "Nomor", **(self.column_labels or {})}
        # Lists and details show a coded column by its label ("Terbit", not "published").
        self.column_choices = {
            name: list(field.choices) for name, field in model._meta.fields.items() if field.choices
        } | dict(self.column_choices or {})
        if VERSION_COLUMN in model._meta.fields:  # edits of a record someone changed meanwhile
            self.form_extra_fields = dict(self.form_extra_fields or {}) | {
                VERSION_FIELD: HiddenField()
            }
        super().__init__(model, *args, **kwargs)

    def on_form_prefill(self, form, id):
        super().on_form_prefill(form, id)
        if VERSION_FIELD in form and request.method == "GET":
            record = self.get_one(id)
            form[VERSION_FIELD].data = version_of(getattr(record, VERSION_COLUMN))

    def changed_meanwhile(self, form, model) -> bool:
        """True (with a message) when the record was saved by someone else after this form was
        opened: saving would silently undo their change (a lost update)."""
        if VERSION_FIELD not in form or not form[VERSION_FIELD].data:
            return False
        column = getattr(self.model, VERSION_COLUMN)
        pk = getattr(self.model, self._primary_key)
        stored = self.model.select(column).where(pk == model.get_id()).scalar()
        if version_of(stored) == form[VERSION_FIELD].data:
            return False
        flash(CHANGED_MEANWHILE_MESSAGE, "error")
        return True

    def get_url(self, endpoint, **kwargs):
        """Flask-Admin's get_url, for a record's link (`id` a number) built once per request
        and endpoint and given each row's id: url_for costs a tenth of a millisecond and a
        list page asked it for every row's view and edit links."""
        row_id = kwargs.get("id")
        if type(row_id) is not int or not has_request_context():
            return super().get_url(endpoint, **kwargs)
        try:
            key = (endpoint, frozenset((k, v) for k, v in kwargs.items() if k != "id"))
        except TypeError:  # a list among the arguments
            return super().get_url(endpoint, **kwargs)
        urls = g.setdefault("loket_row_urls", {})
        if key not in urls:
            sample = super().get_url(endpoint, **{**kwargs, "id": ROW_ID_SLOT})
            head, found, tail = sample.partition(f"id={ROW_ID_SLOT}")
            query_arg = found and head[-1:] in ("?", "&")  # not an id inside the path
            urls[key] = (head + "id=", tail) if query_arg else None
        if urls[key] is None:
            return super().get_url(endpoint, **kwargs)
        head, tail = urls[key]
        return f"{head}{row_id}{tail}"

    def render(self, template, **kwargs):
        if self.large_list and kwargs.get("count") == paging.COUNT_AT_MOST + 1:
            kwargs["count"], kwargs["num_pages"] = paging.many_rows(), None  # more: prev/next only
        # Flask-Admin's form macros write CSS classes ("is-invalid") into the widget arguments
        # they are given: hand them a copy, or one officer's error marks every later form.
        opts = kwargs.get("form_opts")
        if opts is not None and getattr(opts, "widget_args", None):
            opts.widget_args = copy.deepcopy(opts.widget_args)
        if kwargs.get("model") is not None and template in (self.details_template,
                                                            self.edit_template):  # fmt: skip
            from backoffice.admin.access_log import note_view  # it imports this module

            note_view(kwargs["model"])  # a person's page opened: the PDP access log
        return super().render(template, **kwargs)

    # Shorter headers for the list where the form's label is long ("Prioritas (penyakit
    # kronis)" → "Prioritas"); the form and the record's page keep the full label.
    list_labels: dict[str, str] = {}

    def get_list_columns(self):
        return [
            (name, self.list_labels.get(name, label)) for name, label in super().get_list_columns()
        ]

    def search_placeholder(self):
        if not self.column_searchable_list:
            return None
        names = [self.get_column_name(getattr(c, "name", c)) for c in self.column_searchable_list]
        return "Cari: " + ", ".join(names)

    # Flask-Admin reads these as attributes; here they follow the signed-in role.
    @property
    def can_create(self):
        return self.may("create")

    @property
    def can_edit(self):
        return self.may("edit")

    @property
    def can_delete(self):
        return self.may("delete")

    def _handle_view(self, name, **kwargs):
        response = super()._handle_view(name, **kwargs)
        if response is None:
            if not self.page_enabled(name):
                abort(404)  # a page this view does not offer is not there, not a redirect
            check_record_id(self.model)  # URL parameters checked before any query
        return response

    def page_enabled(self, name: str) -> bool:
        if name == "details_view":
            return self.can_view_details
        if name == "export":
            return self.can_export
        if name == "ajax_update":
            return bool(self.column_editable_list)
        return True

    # --- large lists (issue 12): indexed searches, no exact count of a million rows -------
    large_list = False  # a list that may hold millions of rows: counted up to 1,001 rows
    list_related: tuple = ()  # foreign keys a page shows, read in one query each

    @property
    def simple_list_pager(self):
        """Flask-Admin counts every list before reading its page; a large list is counted by
        `large_list_count` instead, after its page, at most COUNT_AT_MOST + 1 rows.
        An export counts its own rows, bounded (admin/exporting.py): no count here then."""
        if g.get("loket_no_count"):
            return True
        return self.large_list

    def list_search_condition(self, term: str):
        """The WHERE clause of the list search `term`, or None for Flask-Admin's own LIKE
        search over `column_searchable_list`. Views with indexed searches override."""
        return None

    def get_list(self, page, sort_column, sort_desc, search, filters, execute=True,
                 page_size=None):  # fmt: skip
        condition = self.list_search_condition(search) if search else None
        searched = bool(search)
        if condition is not None:
            g.loket_list_search, search = condition, None
        try:
            count, query = super().get_list(
                page, sort_column, sort_desc, search, filters, False, page_size
            )
        finally:
            g.pop("loket_list_search", None)
        if not execute:
            return count, query
        if not self.large_list:
            return count, fetch_related(list(query), *self.list_related)
        count, rows = large_list_page(query, self.model, searched)
        return count, fetch_related(rows, *self.list_related)

    # --- office scope: every read goes through get_query, every record through get_one ---
    def get_query(self):
        query = scoping.scoped(super().get_query(), self.model)
        condition = g.get("loket_list_search")
        return query if condition is None else query.where(condition)

    def get_one(self, id):
        """The record when it is inside the signed-in account's scope; 404 otherwise (its
        existence is not disclosed)."""
        return scoping.visible_or_404(self.model, id)

    def handle_action(self, return_view=None):
        # Ids posted from elsewhere are refused whole, before any action sees them.
        scoping.require_visible(self.model, request.form.getlist("rowid"))
        return super().handle_action(return_view)

    def create_form(self, obj=None):
        form = super().create_form(obj)
        scoping.scope_choices(form)
        scoping.hold_scope_fields(form, self.model)
        return form

    def edit_form(self, obj=None):
        form = super().edit_form(obj)
        scoping.scope_choices(form)
        scoping.hold_scope_fields(form, self.model, obj)
        return form

    def _get_list_extra_args(self):
        return clean_list_args(self, super()._get_list_extra_args())

    def normalize_search(self, text: str) -> str:
        """The list search text as the query should see it; views with identity numbers
        override."""
        return text

    def get_invalid_value_msg(self, value, filter):
        # Flashes live in the (signed, not encrypted) session cookie: never echo the value.
        return f"Nilai saringan {filter.name} tidak valid."

    def _get_filter_groups(self):
        self._refresh_filters_cache()  # options read from the database stay current
        return super()._get_filter_groups()

    # --- validation: the domain decides, the form shows it next to the field -------------
    def validate_form(self, form):
        valid = super().validate_form(form)
        if not is_form_submitted() or not isinstance(
            form, (self._create_form_class, self._edit_form_class)
        ):
            return valid  # delete and action forms carry no record fields
        refused = scoping.refused_scope_fields(form)
        if refused:  # what decides scope is the installation's administrator's to change
            attach_errors(form, refused)
            return False
        try:
            self.check_form(form)
        except ValidationError as exc:
            # The domain's findings join the form's own, so every problem shows at once.
            attach_errors(form, exc.errors)
            return False
        return valid

    def check_form(self, form) -> None:
        """Domain checks beyond the form's own; raise ValidationError. Views override."""

    # --- atomic writes -----------------------------------------------------------------
    # Each write takes the write lock first (write_transaction: BEGIN IMMEDIATE on SQLite), so
    # a second officer saving at the same moment waits for the first instead of failing.
    def _on_model_change(self, form, model, is_created):
        super()._on_model_change(form, model, is_created)
        fill_blank_defaults(model)

    def create_model(self, form):
        with write_transaction() as txn:
            model = super().create_model(form)
            if not model or not self.stays_in_scope(model):
                txn.rollback()
                return False
        return model

    def update_model(self, form, model):
        g.loket_office_before = scope.office_id_of(model)  # a move is audited in both trails
        with write_transaction() as txn:
            if self.changed_meanwhile(form, model):
                return False
            ok = super().update_model(form, model)
            if not ok or not self.stays_in_scope(model):
                txn.rollback()
                return False
        return ok

    def stays_in_scope(self, model) -> bool:
        """A record saved by an office's account must remain its office's (a quota for another
        regency's village, an account without an office): else the save is undone."""
        if scope.visible(self.model, model.get_id(), scoping.viewer()) is not None:
            return True
        flash(OUTSIDE_SCOPE_MESSAGE, "error")
        return False

    def delete_model(self, model):
        if not self.may("delete"):
            abort(403)
        try:
            with write_transaction():
                self.on_model_delete(model)
                model.delete_instance()  # never recursive: what depends on it stays safe
                self.after_model_delete(model)
        except IntegrityError:
            flash(IN_USE_MESSAGE, "error")
            return False
        except DatabaseError as exc:
            flash(database_error_message(exc), "error")
            return False
        return True

    def action_delete(self, ids):
        if not self.may("delete"):
            abort(403)
        try:
            with write_transaction():
                pk = getattr(self.model, self._primary_key)
                rows = list(self.get_query().where(pk << ids))
                for row in rows:
                    self.on_model_delete(row)
                    row.delete_instance()
                    self.after_model_delete(row)
        except IntegrityError:
            flash(IN_USE_MESSAGE, "error")
            return
        except DatabaseError as exc:
            flash(database_error_message(exc), "error")
            return
        flash(f"{len(rows)} data berhasil dihapus.", "success")

    def handle_view_exception(self, exc):
        if isinstance(exc, ValidationError):
            flash(str(exc), "error")
            return True
        if isinstance(exc, DatabaseError):
            flash(database_error_message(exc), "error")
            return True
        return super().handle_view_exception(exc)

    # --- audit ---------------------------------------------------------------------------
    def after_model_change(self, form, model, is_created):
        record_audit("create" if is_created else "update", model)
        before = None if is_created else g.pop("loket_office_before", None)
        if before is not None and before != scope.office_id_of(model):
            audit.record("update", model, f"Dipindahkan ke dinas lain: {model}"[:500],
                         office_id=before)  # fmt: skip

    def after_model_delete(self, model):
        record_audit("delete", model)


class InlineChild(InlineFormAdmin):
    """An inline child form whose blank optional fields get their column's default."""

    def on_model_change(self, form, model, is_created):
        fill_blank_defaults(model)


def inline(model, title: str, labels: dict[str, str]) -> InlineChild:
    """An inline child form (Flask-Admin `inline_models`) titled and labelled in Indonesian;
    its fields are those of `labels`, in order.

    The row's id is a plain hidden field: scaffolded from the model it would be required
    (wtf-peewee misses peewee 3's AutoField), so every new row failed validation unseen.
    """
    return InlineChild(
        model,
        form_columns=list(labels),
        form_label=title,
        form_args={name: {"label": label} for name, label in labels.items()},
        form_extra_fields={"id": HiddenField()},
    )


ROW_ID_SLOT = 918_273_645_546_372_819  # stands for the id in a record link's sample URL
VERSION_COLUMN, VERSION_FIELD = "updated_at", "loaded_version"
CHANGED_MEANWHILE_MESSAGE = (
    "Tidak disimpan: data ini sudah diubah orang lain setelah Anda membukanya. Muat ulang "
    "halaman untuk melihat perubahannya, lalu ubah lagi."
)


def version_of(moment) -> str:
    return moment.isoformat() if moment is not None else ""


OUTSIDE_SCOPE_MESSAGE = (
    "Tidak disimpan: data ini akan berada di luar dinas Anda (misalnya desa di kabupaten lain "
    "atau akun tanpa dinas)."
)


def fill_blank_defaults(model) -> None:
    """Give every NOT NULL column left None (a blank optional field) its default: "" for a
    text, the declared default otherwise. A column without a default stays None, so a
    required value is still refused by the form or the database."""
    for field in model._meta.sorted_fields:
        if field.null or field.primary_key or getattr(model, field.name, None) is not None:
            continue
        default = field.default() if callable(field.default) else field.default
        if default is not None:
            setattr(model, field.name, default)


DATABASE_MESSAGES = {
    "unique": "Data tidak disimpan: sudah ada data lain dengan isian yang sama.",
    "not_null": "Data tidak disimpan: ada isian wajib yang kosong.",
    "foreign_key": "Data tidak disimpan: data yang dirujuknya tidak ada atau masih dipakai.",
    "check": "Data tidak disimpan: ada isian di luar batas yang diizinkan.",
    "busy": (
        "Data tidak disimpan: basis data sedang sibuk melayani penyimpanan lain. "
        "Coba simpan sekali lagi."
    ),
    "too_long": "Data tidak disimpan: ada isian yang terlalu panjang.",
    "bad_value": "Data tidak disimpan: ada isian yang bentuknya tidak sesuai.",
}
OTHER_DATABASE_MESSAGE = (
    "Data tidak disimpan karena kesalahan basis data. Coba lagi; bila berulang, "
    "hubungi administrator."
)


def database_error_message(exc: Exception) -> str:
    """What a database error means for the officer, in Indonesian (never the driver's
    English text)."""
    return DATABASE_MESSAGES.get(error_kind(exc), OTHER_DATABASE_MESSAGE)


IN_USE_MESSAGE = (
    "Data tidak dapat dihapus karena masih dipakai oleh data lain "
    "(misalnya permohonan atau pengguna). Hapus atau pindahkan data itu dulu."
)


def attach_errors(form, errors: dict[str, str]) -> None:
    """Put each message next to its field; a message for an unknown field goes on top."""
    for field_name, message in errors.items():
        field = getattr(form, field_name, None)
        if field is None:
            flash(message, "error")
        elif not field.errors:  # the form's own message already says it
            field.errors = [message]


def record_audit(action: str, model, summary: str | None = None) -> None:
    audit.record(action, model, summary)
