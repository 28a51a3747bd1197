"""Quotas (kuota): how many people a village may propose, per year and funding source."""

from peewee import CharField, ForeignKeyField, IntegerField

from backoffice.models.base import BaseModel
from backoffice.models.regions import Village

FUNDING_SOURCES = (("APBN", "APBN (PBI pusat)"), ("APBD", "APBD (Pemda)"))


class Quota(BaseModel):
    village = ForeignKeyField(Village, backref="quotas", on_delete="RESTRICT")
    year = IntegerField(index=True)
    funding_source = CharField(max_length=4, choices=FUNDING_SOURCES)
    allocation = IntegerField()
    used = IntegerField(default=0)

    class Meta:
        indexes = ((("village", "year", "funding_source"), True),)

    @property
    def remaining(self) -> int:
        return self.allocation - self.used
