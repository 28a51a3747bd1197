"""Staff accounts (pengguna) with one role each. No account exists until one is created."""

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


class User(BaseModel):
    username = CharField(max_length=40, unique=True)
    full_name = CharField(max_length=120, default="")
    role = CharField(max_length=12, choices=ROLES, index=True)
    office = ForeignKeyField(Office, null=True, backref="staff", on_delete="RESTRICT")
    password_hash = CharField(max_length=255)
    active = BooleanField(default=True)
    created_at = DateTimeField(default=utcnow)
    last_login_at = DateTimeField(null=True)

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

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)
