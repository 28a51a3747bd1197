"""Creating staff accounts: the rules the back-office form and the CLI share."""

import re

from backoffice.domain.errors import ValidationError
from backoffice.models import Office, User
from backoffice.models.accounts import ROLES

USERNAME = re.compile(r"[a-z0-9._-]{3,40}", re.ASCII)
PASSWORD_MIN = 10


def clean_username(username: str) -> str:
    """Lower-cased and checked; raises ValidationError on the `username` field."""
    username = (username or "").strip().lower()
    if not USERNAME.fullmatch(username):
        raise ValidationError(
            {
                "username": "Nama pengguna 3–40 karakter: huruf kecil, angka, "
                "titik, garis bawah atau tanda hubung."
            }
        )
    return username


def check_password(password: str) -> None:
    if len(password or "") < PASSWORD_MIN:
        raise ValidationError({"password": f"Kata sandi minimal {PASSWORD_MIN} karakter."})


# Only the installation's administrator works across offices; every other role is an office's.
ROLES_WITHOUT_OFFICE = frozenset({"admin"})


def check_role_and_office(role: str | None, office: Office | None) -> None:
    """Refuse an account without a role, or an office role (petugas, verifikator, supervisor,
    webmaster) without an office: it would see every office's people. Raises ValidationError
    on "role" or "office"."""
    if not role:
        raise ValidationError({"role": "Pilih peran akun ini."})
    if office is None and role not in ROLES_WITHOUT_OFFICE:
        raise ValidationError(
            {"office": "Pilih dinas akun ini: hanya administrator instalasi boleh tanpa dinas."}
        )


def check_own_password_change(user: User, current: str, new: str, repeat: str) -> None:
    """An officer changing their own password: the current one must match, the new one be
    long enough and typed twice alike. Raises ValidationError on "current", "new" or
    "repeat"."""
    if not user.check_password(current):
        raise ValidationError({"current": "Kata sandi sekarang salah."})
    try:
        check_password(new)
    except ValidationError as exc:
        raise ValidationError({"new": exc.errors["password"]}) from None
    if new != repeat:
        raise ValidationError({"repeat": "Ulangan kata sandi baru tidak sama."})


def username_taken(username: str, exclude_id: int | None = None) -> bool:
    query = User.select().where(User.username == username)
    if exclude_id is not None:
        query = query.where(User.id != exclude_id)
    return query.exists()


def check_account(
    username: str | None,
    password: str | None,
    editing_id: int | None,
    acting_user_id: int | None,
    role: str | None,
    active: bool,
    office: Office | None = None,
) -> None:
    """An account saved from the back-office: a free, well-formed username; a password when
    it is new or being changed; a role, and an office unless it is the installation's admin
    (check_role_and_office); and an administrator never takes their own admin role or access
    away (else nobody may be left to give it back). Every problem at once."""
    errors = {}
    try:
        check_role_and_office(role, office)
    except ValidationError as exc:
        errors.update(exc.errors)
    try:
        if username_taken(clean_username(username), editing_id):
            errors["username"] = "Nama pengguna ini sudah dipakai."
    except ValidationError as exc:
        errors.update(exc.errors)
    if password or editing_id is None:
        try:
            check_password(password)
        except ValidationError as exc:
            errors.update(exc.errors)
    if editing_id is not None and editing_id == acting_user_id and (not active or role != "admin"):
        errors["role"] = "Anda tidak dapat mencabut peran admin atau menonaktifkan akun sendiri."
    if errors:
        raise ValidationError(errors)


def create_user(
    username: str, role: str, password: str, full_name: str = "", office_slug: str | None = None
) -> User:
    """A new active account; every problem is reported at once as a ValidationError."""
    errors = {}
    try:
        username = clean_username(username)
        if username_taken(username):
            errors["username"] = "Nama pengguna ini sudah dipakai."
    except ValidationError as exc:
        errors.update(exc.errors)
    if role not in dict(ROLES):
        errors["role"] = "Peran tidak dikenal."
    try:
        check_password(password)
    except ValidationError as exc:
        errors.update(exc.errors)
    office = None
    if office_slug:
        office = Office.get_or_none(Office.slug == office_slug)
        if office is None:
            errors["office"] = f"Dinas dengan kode {office_slug} tidak ada."
    if not errors:
        try:
            check_role_and_office(role, office)
        except ValidationError as exc:
            errors.update(exc.errors)
    if errors:
        raise ValidationError(errors)
    user = User(username=username, role=role, full_name=full_name.strip(), office=office)
    user.set_password(password)
    user.save()
    return user
