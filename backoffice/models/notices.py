"""What the clock makes without anyone asking (issue 17's periodic work): each office's
monthly report filed as it stood when the month ended, and each supervisor's morning list of
deadlines (daftar tenggat pagi). Made by the queue's periodic task (`tasks.periodic`)."""

from peewee import (
    BlobField,
    CharField,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    TextField,
)

from backoffice.models.accounts import User
from backoffice.models.base import BaseModel, utcnow
from backoffice.models.offices import Office


class FiledReport(BaseModel):
    """A month's report (laporan bulanan) of one office, made once just after the month ended
    and kept as it was: the figures filed are the figures read later, whatever changes since.
    Aggregates only, no personal data: kept for good."""

    office = ForeignKeyField(Office, backref="filed_reports", on_delete="CASCADE")
    year = IntegerField()
    month = IntegerField()  # 1..12
    made_at = DateTimeField(default=utcnow)  # naive UTC
    xlsx = BlobField()
    pdf = BlobField()

    class Meta:
        indexes = ((("office", "year", "month"), True),)


class Notice(BaseModel):
    """A notice (pemberitahuan) for one staff account, shown on its home page until read.
    `kind` "deadlines": the morning list of the office's open cases due today or late; `day`
    is the office's local date it is for; `items` a JSON list (see `domain.notices`)."""

    user = ForeignKeyField(User, backref="notices", on_delete="CASCADE")
    kind = CharField(max_length=20)
    day = DateField()
    title = CharField(max_length=200)
    items = TextField(default="[]")
    created_at = DateTimeField(default=utcnow)  # naive UTC
    read_at = DateTimeField(null=True)

    class Meta:
        indexes = ((("user", "kind", "day"), True),)
