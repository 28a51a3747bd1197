"""The audit trail: who created, changed or deleted what, and when (like Django's LogEntry)."""

from peewee import CharField, DateTimeField, ForeignKeyField, TextField

from backoffice.models.accounts import User
from backoffice.models.base import BaseModel, utcnow

ACTIONS = (
    ("create", "Tambah"),
    ("update", "Ubah"),
    ("delete", "Hapus"),
    ("login", "Masuk"),
    ("login_fail", "Gagal masuk"),
    ("logout", "Keluar"),
    ("print", "Cetak"),
)


class AuditEntry(BaseModel):
    user = ForeignKeyField(User, null=True, on_delete="SET NULL")
    at = DateTimeField(default=utcnow, index=True)
    action = CharField(max_length=10, choices=ACTIONS)
    entity = CharField(max_length=40)
    object_id = CharField(max_length=40, default="")
    summary = TextField(default="")
