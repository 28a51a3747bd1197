"""Staff accounts (pengguna), the audit trail and the read-only region tables."""

from flask import flash, request
from flask_login import current_user, login_user
from wtforms import PasswordField
from wtforms.validators import Length

from backoffice.admin.base import SecureModelView
from backoffice.admin.filters import DayFilter, EqualsFilter, YearFilter, office_filter
from backoffice.admin.scoping import scoped
from backoffice.domain import notices
from backoffice.domain.accounts import PASSWORD_MIN, check_account
from backoffice.models import AuditEntry, User
from backoffice.models.accounts import ROLES, new_session_token
from backoffice.models.audit import ACTIONS, ENTITY_LABELS


class UserView(SecureModelView):
    area = "accounts"
    column_list = ["username", "full_name", "role", "office", "active", "last_login_at"]
    column_labels = {
        "username": "Nama pengguna",
        "full_name": "Nama lengkap",
        "role": "Peran",
        "office": "Dinas",
        "active": "Aktif",
        "created_at": "Dibuat",
        "last_login_at": "Terakhir masuk",
        "password": "Kata sandi",
    }
    column_searchable_list = ["username", "full_name"]
    column_filters = [EqualsFilter(User.role, "Peran", options=ROLES), "active"]
    column_details_exclude_list = ["password_hash"]
    form_columns = ["username", "full_name", "role", "office", "active"]
    form_args = {"role": {"allow_blank": True, "blank_text": "— pilih peran —"}}
    form_extra_fields = {
        "password": PasswordField(
            "Kata sandi",
            description=f"Minimal {PASSWORD_MIN} karakter. Kosongkan saat mengubah "
            "bila kata sandi tidak diganti.",
            validators=[Length(max=200, message="Kata sandi paling banyak 200 karakter.")],
        )
    }

    def check_form(self, form):
        editing = request.args.get("id", "")
        check_account(
            form.username.data,
            form.password.data,
            int(editing) if editing.isascii() and editing.isdigit() else None,
            current_user.id,
            form.role.data,
            form.active.data,
            form.office.data,
        )

    def on_model_change(self, form, model, is_created):
        model.username = model.username.strip().lower()
        if form.password.data:
            model.set_password(form.password.data)
        if not is_created and (form.password.data or not model.active):
            model.session_token = new_session_token()  # every open session of it ends

    def after_model_change(self, form, model, is_created):
        super().after_model_change(form, model, is_created)
        if not is_created:
            notices.forget_elsewhere(model)  # an account moved: its old office's lists go
        if model.id == current_user.id and form.password.data:
            login_user(model)  # the one who changed it stays signed in here, nowhere else

    def delete_model(self, model):
        if model.id == current_user.id:
            flash("Anda tidak dapat menghapus akun sendiri.", "error")
            return False
        return super().delete_model(model)


def user_options():
    """Accounts of the signed-in account's office (the trail's "Pengguna" filter)."""
    return [(str(u.id), str(u)) for u in scoped(User.select()).order_by(User.username)]


class AuditView(SecureModelView):
    """Riwayat perubahan: read-only, filterable by office, user, kind and date."""

    area = "audit"
    can_create = False
    can_edit = False
    can_delete = False
    can_view_details = False
    column_list = ["at", "office", "user", "action", "entity", "object_id", "summary", "ip"]
    column_labels = {
        "at": "Waktu",
        "office": "Dinas",
        "user": "Pengguna",
        "action": "Tindakan",
        "entity": "Data",
        "object_id": "Nomor data",
        "summary": "Ringkasan",
        "ip": "Alamat IP",
    }
    column_formatters = {"entity": lambda v, c, m, n: ENTITY_LABELS.get(m.entity, m.entity)}
    column_default_sort = ("at", True)
    column_searchable_list = ["summary", "object_id"]
    column_filters = [
        office_filter(AuditEntry.office),
        EqualsFilter(AuditEntry.user, "Pengguna", options=user_options),
        EqualsFilter(AuditEntry.action, "Tindakan", options=ACTIONS),
        EqualsFilter(AuditEntry.entity, "Data", options=list(ENTITY_LABELS.items())),
        YearFilter(AuditEntry.at, "Tahun"),
        DayFilter(AuditEntry.at, "Tanggal"),
    ]


class RegionView(SecureModelView):
    area = "regions"
    can_view_details = False
    column_display_pk = True
    column_searchable_list = ["code", "name"]
    column_labels = {
        "code": "Kode",
        "name": "Nama",
        "province": "Provinsi",
        "regency": "Kabupaten/kota",
        "district": "Kecamatan",
    }
    column_default_sort = ("code", False)
