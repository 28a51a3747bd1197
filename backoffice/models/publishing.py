"""Publishing the public site: one row per build, who asked for it and how it went.

Content pages themselves are files under `content/` (see `backoffice.publish.content`), not
rows: the builder reads one source, and the repository keeps their history and review.
"""

from peewee import CharField, DateTimeField, ForeignKeyField, IntegerField, TextField

from backoffice.models.accounts import User
from backoffice.models.base import BaseModel, utcnow

PUBLISH_KINDS = (
    ("full", "Bangun ulang penuh"),
    ("incremental", "Perbarui yang berubah"),
    ("restore", "Pulihkan terbitan sebelumnya"),
)
PUBLISH_STATUSES = (("running", "Sedang berjalan"), ("success", "Berhasil"), ("failed", "Gagal"))
PUBLISH_SOURCES = (("web", "Back-office"), ("cli", "Baris perintah"))


class PublishRecord(BaseModel):
    """Riwayat terbit: one build of the public site (or a restore), successful or not."""

    user = ForeignKeyField(User, null=True, backref="publishes", on_delete="SET NULL")
    kind = CharField(max_length=12, choices=PUBLISH_KINDS, default="full")
    source = CharField(max_length=4, choices=PUBLISH_SOURCES, default="web")
    status = CharField(max_length=8, choices=PUBLISH_STATUSES, default="running", index=True)
    started_at = DateTimeField(default=utcnow, index=True)
    finished_at = DateTimeField(null=True)
    duration_ms = IntegerField(null=True)
    page_count = IntegerField(default=0)
    written_count = IntegerField(default=0)
    changes = TextField(default="")
    error = TextField(default="")
    # Offices left out of a successful build, one "name: reason" line each (their pages
    # stayed as last published): see `publish.build`.
    skipped = TextField(default="")
    build_name = CharField(max_length=40, default="")
    target = CharField(max_length=255, default="")

    def __str__(self):
        return f"Terbit #{self.id} ({self.status})"
