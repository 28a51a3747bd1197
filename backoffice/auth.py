"""Staff login and logout (flask-login), and the role checks views use.

Roles (peran): admin, petugas (counter), verifikator, supervisor, webmaster. Which role may
open which area of the back-office is declared in `backoffice.admin.permissions`.
"""

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import LoginManager, current_user, login_required, login_user, logout_user
from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, StringField
from wtforms.validators import DataRequired, Length

from backoffice.db import write_transaction
from backoffice.i18n import IndonesianFormMeta
from backoffice.models import AuditEntry, User
from backoffice.models.base import utcnow

bp = Blueprint("auth", __name__)
login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.login_message = "Silakan masuk untuk membuka halaman ini."
login_manager.login_message_category = "warning"


@login_manager.user_loader
def load_user(user_id: str):
    return User.get_or_none((User.id == int(user_id)) & User.active)


class LoginForm(FlaskForm):
    class Meta(IndonesianFormMeta):
        pass

    username = StringField("Nama pengguna", validators=[DataRequired(), Length(max=40)])
    password = PasswordField("Kata sandi", validators=[DataRequired(), Length(max=200)])
    remember = BooleanField("Ingat saya di komputer ini")


def safe_next(target: str | None) -> str:
    """Only a path on this site: an absolute URL in `next` would be an open redirect."""
    if not target:
        return url_for("admin.index")
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return url_for("admin.index")
    return target


def authenticate(username: str, password: str) -> User | None:
    user = User.get_or_none(User.username == username.strip().lower())
    if user is None or not user.active or not user.check_password(password):
        return None
    return user


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("admin.index"))
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(form.username.data, form.password.data)
        if user is None:
            form.password.errors.append("Nama pengguna atau kata sandi salah.")
        else:
            login_user(user, remember=form.remember.data)
            with write_transaction():
                User.update(last_login_at=utcnow()).where(User.id == user.id).execute()
                AuditEntry.create(
                    user=user, action="login", entity="account", object_id=str(user.id)
                )
            return redirect(safe_next(request.args.get("next")))
    return render_template("auth/login.html", form=form), 200 if not form.errors else 400


@bp.route("/logout", methods=["GET", "POST"])
@login_required
def logout():
    logout_user()
    flash("Anda sudah keluar.", "info")
    return redirect(url_for("auth.login"))


@bp.route("/")
def home():
    return redirect(url_for("admin.index"))


def init_app(app) -> None:
    login_manager.init_app(app)
    app.register_blueprint(bp)
