"""Offices (unit layanan): the Dinas that runs the counter, its hours and closures."""

from peewee import (
    BooleanField,
    CharField,
    DateField,
    ForeignKeyField,
    IntegerField,
    TextField,
    TimeField,
)

from backoffice.models.base import BaseModel
from backoffice.models.regions import Province, Regency

TIME_ZONES = (("WIB", "WIB (UTC+7)"), ("WITA", "WITA (UTC+8)"), ("WIT", "WIT (UTC+9)"))
IANA_ZONES = {"WIB": "Asia/Jakarta", "WITA": "Asia/Makassar", "WIT": "Asia/Jayapura"}
COMPLAINT_CHANNELS = (
    ("kotak_saran", "Kotak saran"),
    ("surat", "Surat"),
    ("telepon", "Telepon"),
    ("email", "Email"),
    ("whatsapp", "WhatsApp"),
    ("website", "Website"),
    ("media_sosial", "Media sosial"),
    ("langsung", "Datang langsung"),
    ("lapor", "SP4N-LAPOR!"),
)
WEEKDAYS = (
    (0, "Senin"),
    (1, "Selasa"),
    (2, "Rabu"),
    (3, "Kamis"),
    (4, "Jumat"),
    (5, "Sabtu"),
    (6, "Minggu"),
)


class Office(BaseModel):
    slug = CharField(max_length=40, unique=True)
    name = CharField(max_length=255)
    short_name = CharField(max_length=100)
    province = ForeignKeyField(Province, on_delete="RESTRICT")
    regency = ForeignKeyField(Regency, null=True, on_delete="RESTRICT")
    city = CharField(max_length=100, default="")
    address = CharField(max_length=255, default="")
    phone = CharField(max_length=40, default="")
    email = CharField(max_length=120, default="")
    website = CharField(max_length=200, default="")
    time_zone = CharField(max_length=4, choices=TIME_ZONES, default="WIB")
    head_name = CharField(max_length=120, default="")
    head_rank = CharField(max_length=120, default="")
    head_nip = CharField(max_length=18, default="")
    complaint_response_days = IntegerField(null=True)
    # BPJS e-Dabu: monthly cut-off day, and the export's columns, one "Header = field" a line.
    cutoff_day = IntegerField(default=20)
    bpjs_export_columns = TextField(default="")

    def __str__(self):
        return self.short_name or self.name

    @property
    def iana_zone(self) -> str:
        return IANA_ZONES[self.time_zone]


class OfficeHours(BaseModel):
    """Opening hours for one weekday; a weekday with no row is closed."""

    office = ForeignKeyField(Office, backref="hours", on_delete="CASCADE")
    weekday = IntegerField(choices=WEEKDAYS)
    opens = TimeField()
    closes = TimeField()

    class Meta:
        indexes = ((("office", "weekday"), True),)


class ComplaintChannel(BaseModel):
    """A way the public can complain (saluran pengaduan) and its address."""

    office = ForeignKeyField(Office, backref="complaint_channels", on_delete="CASCADE")
    channel = CharField(max_length=20, choices=COMPLAINT_CHANNELS)
    value = CharField(max_length=255)
    position = IntegerField(default=0)


class OfficeClosure(BaseModel):
    """A day the office is closed beyond national holidays (e.g. Galungan in Bali)."""

    office = ForeignKeyField(Office, backref="closures", on_delete="CASCADE")
    date = DateField()
    reason = CharField(max_length=120)
    full_day = BooleanField(default=True)
    notes = TextField(default="")

    class Meta:
        indexes = ((("office", "date"), True),)
