"""The base model every table extends, bound to the one database proxy."""

import datetime

from peewee import Model

from backoffice.db import database


def utcnow() -> datetime.datetime:
    """Naive UTC: what every timestamp column stores; views convert to the office's zone."""
    return datetime.datetime.now(datetime.UTC).replace(tzinfo=None)


class BaseModel(Model):
    class Meta:
        database = database
        legacy_table_names = False
