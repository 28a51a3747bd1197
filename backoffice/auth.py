"""Staff login and logout (flask-login), and the role checks views use.

Roles (peran): admin, petugas (counter), verifikator, supervisor, webmaster. Which role may
open which area of the back-office is declared in `backoffice.admin.permissions`.

Sessions end on the server: the id in the session and remember cookies carries the account's
`session_token`, which logout, a password change and deactivation replace. Logins are throttled
per account name and per client address (`backoffice.domain.login_throttle`), and an unknown
name costs the same password hashing as a known one.
"""

import secrets
from functools import cache
from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import LoginManager, current_user, login_required, login_user, logout_user
from flask_wtf import FlaskForm
from werkzeug.security import check_password_hash, generate_password_hash
from wtforms import BooleanField, PasswordField, StringField
from wtforms.validators import DataRequired, Length

from backoffice import audit
from backoffice.audit import client_address
from backoffice.db import serialize_on, write_transaction
from backoffice.domain import login_throttle
from backoffice.domain.accounts import check_own_password_change
from backoffice.domain.errors import ValidationError
from backoffice.i18n import IndonesianFormMeta
from backoffice.models import User
from backoffice.models.accounts import new_session_token
from backoffice.models.base import utcnow

bp = Blueprint("auth", __name__)
login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.login_message = "Silakan masuk untuk membuka halaman ini."
login_manager.login_message_category = "warning"
login_manager.id_attribute = "get_session_id"
WRONG_LOGIN = "Nama pengguna atau kata sandi salah."


@login_manager.user_loader
def load_user(session_id: str):
    """The active account whose current token the cookie carries; an old token loads none."""
    account_id, _, token = session_id.partition(":")
    if not account_id.isdigit() or not token:
        return None
    return User.get_or_none(
        (User.id == int(account_id)) & (User.session_token == token) & User.active
    )


class LoginForm(FlaskForm):
    class Meta(IndonesianFormMeta):
        pass

    username = StringField("Nama pengguna", validators=[DataRequired(), Length(max=40)])
    password = PasswordField("Kata sandi", validators=[DataRequired(), Length(max=200)])
    remember = BooleanField("Ingat saya di komputer ini", default=False)


def safe_next(target: str | None) -> str:
    """Only a path on this site: an absolute URL in `next` would be an open redirect."""
    if not target:
        return url_for("admin.index")
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return url_for("admin.index")
    return target


@cache
def _dummy_hash() -> str:
    """A hash of a random password, made like real ones, checked when the name is unknown."""
    return generate_password_hash(secrets.token_hex(16))


def authenticate(username: str, password: str) -> User | None:
    """The active account with this name and password, else None; the password is hashed
    whether or not the account exists, so the answer takes as long either way."""
    user = User.get_or_none(User.username == username.strip().lower())
    stored = user.password_hash if user is not None else _dummy_hash()
    matches = check_password_hash(stored, password)
    if user is None or not matches or not user.active:
        return None
    return user


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("admin.index"))
    form = LoginForm()
    if form.validate_on_submit():
        user = attempt_login(form)
        if user is not None:
            return redirect(safe_next(request.args.get("next")))
    return render_template("auth/login.html", form=form), 200 if not form.errors else 400


def attempt_login(form: LoginForm) -> User | None:
    """Check and count the attempt (throttle), then the password; a refusal goes next to the
    password field. The wait is told in the zone of the account's office when it exists."""
    username, address, now = form.username.data, client_address(), utcnow()
    with write_transaction():
        serialize_on(login_throttle.LOGIN_LOCK)
        until = login_throttle.claim_attempt(username, address, now)
    if until is not None:
        form.password.errors.append(login_throttle.wait_message(until, login_zone(username)))
        return None
    user = authenticate(username, form.password.data)
    if user is None:
        with write_transaction():
            record_failed_login(username, address)
        form.password.errors.append(WRONG_LOGIN)
        return None
    login_user(user, remember=form.remember.data)
    with write_transaction():
        login_throttle.record_success(username, address, now)
        User.update(last_login_at=now).where(User.id == user.id).execute()
        audit.record("login", user, f"Masuk dari {address}", user=user)
    return user


def login_zone(username: str) -> str:
    user = User.get_or_none(User.username == (username or "").strip().lower()[:40])
    if user is not None and user.office is not None:
        return user.office.iana_zone
    return current_app.config["LOKET_TIMEZONE"]


def record_failed_login(username: str, address: str) -> None:
    name = username.strip().lower()[:40]
    user = User.get_or_none(User.username == name)
    audit.record(
        "login_fail",
        user=user,
        entity="account",
        object_id=name,
        summary=f"Gagal masuk dari {address}" + ("" if user else " (nama tidak dikenal)"),
    )


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    """Ends every session of the account (other browsers and remember cookies too)."""
    user = current_user._get_current_object()
    audit.record("logout", user, "Keluar", user=user)
    user.end_sessions()
    logout_user()
    flash("Anda sudah keluar.", "info")
    return redirect(url_for("auth.login"))


class PasswordForm(FlaskForm):
    class Meta(IndonesianFormMeta):
        pass

    current = PasswordField("Kata sandi sekarang", validators=[DataRequired(), Length(max=200)])
    new = PasswordField("Kata sandi baru", validators=[DataRequired(), Length(max=200)])
    repeat = PasswordField("Ulangi kata sandi baru", validators=[DataRequired(), Length(max=200)])


@bp.route("/akun/kata-sandi", methods=["GET", "POST"])
@login_required
def change_password():
    """Ganti kata sandi: the signed-in officer changes their own password; every other session
    of the account (other browsers, remember cookies) ends, this one stays."""
    form = PasswordForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        try:
            check_own_password_change(user, form.current.data, form.new.data, form.repeat.data)
        except ValidationError as exc:
            for name, message in exc.errors.items():
                getattr(form, name).errors.append(message)
        else:
            with write_transaction():
                user.set_password(form.new.data)
                user.session_token = new_session_token()
                user.save()
                audit.record("update", user, "Ganti kata sandi sendiri", user=user)
            login_user(user)
            flash("Kata sandi sudah diganti. Sesi lain akun ini sudah diakhiri.", "success")
            return redirect(url_for("admin.index"))
    return render_template("auth/password.html", form=form), 200 if not form.errors else 400


@bp.route("/")
def home():
    return redirect(url_for("admin.index"))


def init_app(app) -> None:
    login_manager.init_app(app)
    app.register_blueprint(bp)
