"""Service standards (standar pelayanan) and their services (jenis layanan).

A standard carries the 14 components that Permenpan RB 15/2014 fixes, in the order of
`COMPONENTS`; its text fields hold Markdown. A standard may cover several services, each with
its own requirement checklist, steps and promised time.
"""

from peewee import (
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    TextField,
)

from backoffice.models.base import BaseModel, utcnow
from backoffice.models.offices import Office
from backoffice.models.quotas import FUNDING_SOURCES

# (field, label): the 14 components, numbered as the law numbers them.
COMPONENTS = (
    ("requirements", "Persyaratan"),
    ("procedure", "Sistem, mekanisme dan prosedur"),
    ("duration", "Jangka waktu penyelesaian"),
    ("fee", "Biaya/tarif"),
    ("product", "Produk pelayanan"),
    ("complaints", "Penanganan pengaduan, saran dan masukan"),
    ("legal_basis", "Dasar hukum"),
    ("facilities", "Sarana dan prasarana, dan/atau fasilitas"),
    ("competence", "Kompetensi pelaksana"),
    ("supervision", "Pengawasan internal"),
    ("staffing", "Jumlah pelaksana"),
    ("service_guarantee", "Jaminan pelayanan"),
    ("security_guarantee", "Jaminan keamanan dan keselamatan pelayanan"),
    ("performance_evaluation", "Evaluasi kinerja pelaksana"),
)
STANDARD_STATUSES = (("draft", "Draf"), ("published", "Terbit"))
SERVICE_KINDS = (
    ("new_proposal", "Pengusulan baru"),
    ("emergency", "Kedaruratan"),
    ("transfer_pbpu", "Mutasi/peralihan PBPU"),
    ("transfer_ppu", "Mutasi/peralihan PPU"),
    ("reactivation", "Reaktivasi"),
    ("termination", "Pemutusan"),
    ("arrears_transfer", "Peralihan PBPU menunggak"),
    ("pemkab_registration", "Pendaftaran baru dibiayai Pemkab"),
    ("other", "Lainnya"),
)
TIME_UNITS = (
    ("minutes", "menit"),
    ("hours", "jam"),
    ("working_days", "hari kerja"),
    ("days", "hari"),
    ("months", "bulan"),
)


class ServiceStandard(BaseModel):
    office = ForeignKeyField(Office, backref="standards", on_delete="RESTRICT")
    title = CharField(max_length=255)
    decree_number = CharField(max_length=80, default="")
    set_date = DateField(null=True)
    revision_number = IntegerField(default=0)
    revision_date = DateField(null=True)
    effective_date = DateField(null=True)
    signed_place = CharField(max_length=100, default="")
    signatory_name = CharField(max_length=120, default="")
    signatory_rank = CharField(max_length=120, default="")
    signatory_nip = CharField(max_length=18, default="")
    status = CharField(max_length=10, choices=STANDARD_STATUSES, default="draft", index=True)
    requirements = TextField(default="")
    procedure = TextField(default="")
    duration = TextField(default="")
    fee = TextField(default="")
    product = TextField(default="")
    complaints = TextField(default="")
    legal_basis = TextField(default="")
    facilities = TextField(default="")
    competence = TextField(default="")
    supervision = TextField(default="")
    staffing = TextField(default="")
    service_guarantee = TextField(default="")
    security_guarantee = TextField(default="")
    performance_evaluation = TextField(default="")
    created_at = DateTimeField(default=utcnow)
    updated_at = DateTimeField(default=utcnow)

    def __str__(self):
        return self.title


class Service(BaseModel):
    """Jenis layanan: what an applicant asks for at the counter."""

    standard = ForeignKeyField(ServiceStandard, backref="services", on_delete="CASCADE")
    kind = CharField(max_length=24, choices=SERVICE_KINDS, index=True)
    name = CharField(max_length=255)
    promised_amount = IntegerField()
    promised_unit = CharField(max_length=12, choices=TIME_UNITS)
    promised_text = CharField(max_length=255, default="")
    around_the_clock = BooleanField(default=False)
    needs_home_visit = BooleanField(default=False)
    uses_quota = BooleanField(default=False)
    # The funding source a new application starts with; blank: the application's own default.
    default_funding = CharField(max_length=4, choices=FUNDING_SOURCES, default="")
    product = TextField(default="")
    active = BooleanField(default=True)

    def __str__(self):
        return self.name


class Requirement(BaseModel):
    """One document of a service's checklist (persyaratan)."""

    service = ForeignKeyField(Service, backref="requirements", on_delete="CASCADE")
    position = IntegerField(default=0)
    label = CharField(max_length=255)
    required = BooleanField(default=True)

    def __str__(self):
        return self.label


class ProcedureStep(BaseModel):
    """One step of a service's procedure, with its time where the standard gives one."""

    service = ForeignKeyField(Service, backref="steps", on_delete="CASCADE")
    position = IntegerField(default=0)
    text = TextField()
    minutes = IntegerField(null=True)


MAKLUMAT_STATUSES = (("draft", "Draf"), ("published", "Terbit"))


class Maklumat(BaseModel):
    """Maklumat pelayanan: the office's signed public service declaration (Permenpan RB 15/2014).

    An act of the head of office: the text, where and when it was signed, by whom (name, rank,
    NIP). The public site shows an office's maklumat only once one is entered and published.
    """

    office = ForeignKeyField(Office, backref="maklumat", on_delete="CASCADE")
    text = TextField()
    signed_place = CharField(max_length=100)
    signed_date = DateField()
    signatory_name = CharField(max_length=120)
    signatory_rank = CharField(max_length=120, default="")
    signatory_nip = CharField(max_length=18, default="")
    status = CharField(max_length=10, choices=MAKLUMAT_STATUSES, default="draft", index=True)
    is_example = BooleanField(default=False)  # shipped by `loket demo`, not signed by anyone
    updated_at = DateTimeField(default=utcnow)

    def __str__(self):
        return f"Maklumat {self.office.short_name} ({self.signed_date})"
