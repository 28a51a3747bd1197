"""Staff accounts (pengguna) with one role each. No account exists until one is created.

Also the failed logins the login throttle counts (`LoginFailure`), kept in the database so that
every app process sees the same count.
"""

import secrets

from peewee import BooleanField, CharField, DateTimeField, ForeignKeyField
from werkzeug.security import check_password_hash, generate_password_hash

from backoffice.models.base import BaseModel, utcnow
from backoffice.models.offices import Office

ROLES = (
    ("admin", "Administrator"),
    ("petugas", "Petugas loket"),
    ("verifikator", "Verifikator"),
    ("supervisor", "Supervisor"),
    ("webmaster", "Webmaster"),
)


def new_session_token() -> str:
    return secrets.token_hex(16)


class User(BaseModel):
    username = CharField(max_length=40, unique=True)
    full_name = CharField(max_length=120, default="")
    role = CharField(max_length=12, choices=ROLES, index=True)
    office = ForeignKeyField(Office, null=True, backref="staff", on_delete="RESTRICT")
    password_hash = CharField(max_length=255)
    active = BooleanField(default=True)
    created_at = DateTimeField(default=utcnow)
    last_login_at = DateTimeField(null=True)
    # Part of the id flask-login keeps in the session and remember cookies: a new token ends
    # every session of the account (logout, password change, deactivation).
    session_token = CharField(max_length=32, default=new_session_token)

    class Meta:
        table_name = "account"  # "user" is a reserved word in PostgreSQL

    def __str__(self):
        return self.full_name or self.username

    # What flask-login asks of a user object (its UserMixin would pull Flask into models/);
    # peewee's own get_id() gives flask-login the primary key.
    is_authenticated = True
    is_anonymous = False

    @property
    def is_active(self) -> bool:
        return self.active

    def get_session_id(self) -> str:
        """The id flask-login stores in its cookies (its `id_attribute`): "<id>:<token>"."""
        return f"{self.id}:{self.session_token}"

    def end_sessions(self) -> None:
        """Make every session and remember cookie issued for this account worthless."""
        self.session_token = new_session_token()
        User.update(session_token=self.session_token).where(User.id == self.id).execute()

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)


class LoginFailure(BaseModel):
    """One wrong password (or unknown username), counted against a throttle key such as
    "account:budi" or "address:10.0.0.7"; see `backoffice.domain.login_throttle`."""

    key = CharField(max_length=80, index=True)
    at = DateTimeField(default=utcnow, index=True)

    class Meta:
        table_name = "login_failure"
