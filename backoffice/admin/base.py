"""The secured ModelView every back-office view extends.

It closes what Flask-Admin leaves open (pitfall 6 of the house style): access by role on every
view, action and record; CSRF on every form; atomic create/update/delete with no recursive
deletes; Indonesian dates in the office's time zone; an audit entry for every change.
"""

import datetime

from flask import abort, current_app, flash, redirect, request, url_for
from flask_admin import AdminIndexView, expose
from flask_admin.contrib.peewee import ModelView
from flask_admin.helpers import is_form_submitted
from flask_admin.model import typefmt
from flask_login import current_user
from flask_wtf import FlaskForm
from peewee import IntegrityError

from backoffice.admin.limits import LimitedModelConverter
from backoffice.admin.permissions import allowed
from backoffice.db import database
from backoffice.domain import workload
from backoffice.domain.errors import ValidationError
from backoffice.i18n import IndonesianFormMeta, format_date_id, format_datetime_id
from backoffice.models import AuditEntry
from backoffice.models.base import utcnow
from backoffice.models.offices import IANA_ZONES


class IndonesianSecureForm(FlaskForm):
    """Flask-WTF's CSRF-protected form (the token the app-wide CSRFProtect checks), with
    WTForms' messages in Indonesian."""

    class Meta(IndonesianFormMeta):
        pass


def current_zone() -> str:
    """The IANA zone of the signed-in officer's office, else the configured default."""
    office = getattr(current_user, "office", None) if current_user else None
    if office is not None:
        return IANA_ZONES[office.time_zone]
    return current_app.config["LOKET_TIMEZONE"]


def _date(view, value, name):
    return format_date_id(value)


def _datetime(view, value, name):
    return format_datetime_id(value, current_zone())


def _bool(view, value, name):
    return "Ya" if value else "Tidak"


FORMATTERS = dict(typefmt.BASE_FORMATTERS)
# Flask-Admin picks the first isinstance match: datetime must come before date.
FORMATTERS.update({datetime.datetime: _datetime, datetime.date: _date, bool: _bool})
DETAIL_FORMATTERS = dict(typefmt.DETAIL_FORMATTERS)
DETAIL_FORMATTERS.update(FORMATTERS)


class AccessMixin:
    """Role checks for any Flask-Admin view: `area` names a row of PERMISSIONS."""

    area = ""

    def is_accessible(self):
        return current_user.is_authenticated and allowed(current_user.role, self.area)

    def inaccessible_callback(self, name, **kwargs):
        if not current_user.is_authenticated:
            return redirect(url_for("auth.login", next=request.full_path))
        abort(403)

    def may(self, operation: str) -> bool:
        return current_user.is_authenticated and allowed(current_user.role, self.area, operation)


class SecureIndexView(AccessMixin, AdminIndexView):
    area = "regions"  # every staff role may see the dashboard

    @expose("/")
    def index(self):
        casework = allowed(current_user.role, "applications")
        return self.render(
            "admin/dashboard.html",
            by_status=workload.open_by_status() if casework else [],
            overdue=workload.overdue_count(utcnow()) if casework else 0,
            assigned=workload.assigned_to(current_user) if casework else 0,
        )


class SecureModelView(AccessMixin, ModelView):
    form_base_class = IndonesianSecureForm
    model_form_converter = LimitedModelConverter  # every TextField gets a length limit
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
        # Lists and details show a coded column by its label ("Terbit", not "published").
        self.column_choices = {
            name: list(field.choices) for name, field in model._meta.fields.items() if field.choices
        } | dict(self.column_choices or {})
        super().__init__(model, *args, **kwargs)

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
    def create_model(self, form):
        with database.atomic() as txn:
            model = super().create_model(form)
            if not model:
                txn.rollback()
        return model

    def update_model(self, form, model):
        with database.atomic() as txn:
            ok = super().update_model(form, model)
            if not ok:
                txn.rollback()
        return ok

    def delete_model(self, model):
        if not self.may("delete"):
            abort(403)
        try:
            with database.atomic():
                self.on_model_delete(model)
                model.delete_instance()  # never recursive: what depends on it stays safe
                self.after_model_delete(model)
        except IntegrityError:
            flash(IN_USE_MESSAGE, "error")
            return False
        return True

    def action_delete(self, ids):
        if not self.may("delete"):
            abort(403)
        try:
            with database.atomic():
                pk = getattr(self.model, self._primary_key)
                rows = list(self.model.select().where(pk << ids))
                for row in rows:
                    self.on_model_delete(row)
                    row.delete_instance()
                    self.after_model_delete(row)
        except IntegrityError:
            flash(IN_USE_MESSAGE, "error")
            return
        flash(f"{len(rows)} data berhasil dihapus.", "success")

    def handle_view_exception(self, exc):
        if isinstance(exc, ValidationError):
            flash(str(exc), "error")
            return True
        if isinstance(exc, IntegrityError):
            flash(
                "Data tidak dapat disimpan karena bentrok dengan data lain "
                "(misalnya nomor yang sama sudah terdaftar).",
                "error",
            )
            return True
        return super().handle_view_exception(exc)

    # --- audit ---------------------------------------------------------------------------
    def after_model_change(self, form, model, is_created):
        record_audit("create" if is_created else "update", model)

    def after_model_delete(self, model):
        record_audit("delete", model)


def inline(model, title: str, labels: dict[str, str]) -> tuple:
    """An inline child form (Flask-Admin `inline_models`) titled and labelled in Indonesian;
    its fields are those of `labels`, in order."""
    return (
        model,
        {
            "form_columns": ["id", *labels],
            "form_label": title,
            "form_args": {name: {"label": label} for name, label in labels.items()},
        },
    )


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
    user = current_user if current_user.is_authenticated else None
    AuditEntry.create(
        user=user,
        action=action,
        entity=model._meta.table_name,
        object_id=str(model.get_id()),
        summary=(summary or str(model))[:500],
    )
