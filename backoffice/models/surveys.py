"""The satisfaction survey (SKM): answers, office weights and the follow-up plan.

Each answer scores the nine elements (unsur) of Permenpan RB 14/2017 from 1 to 4, stored by
code (u1..u9) because printed forms order the last elements differently; the questions and
each element's four answer labels are declared in `backoffice.domain.skm`.
"""

from peewee import (
    CharField,
    DateField,
    DateTimeField,
    DecimalField,
    ForeignKeyField,
    SmallIntegerField,
    TextField,
)

from backoffice.models.base import BaseModel, utcnow
from backoffice.models.offices import Office
from backoffice.models.standards import Service

# (code, label): the nine elements in the regulation's order.
SURVEY_ELEMENTS = (
    ("u1", "Persyaratan"),
    ("u2", "Sistem, mekanisme dan prosedur"),
    ("u3", "Waktu penyelesaian"),
    ("u4", "Biaya/tarif"),
    ("u5", "Produk spesifikasi jenis pelayanan"),
    ("u6", "Kompetensi pelaksana"),
    ("u7", "Perilaku pelaksana"),
    ("u8", "Penanganan pengaduan, saran dan masukan"),
    ("u9", "Sarana dan prasarana"),
)
SCORES = ((1, "1 - Tidak baik"), (2, "2 - Kurang baik"), (3, "3 - Baik"), (4, "4 - Sangat baik"))
SEXES = (("L", "Laki-laki"), ("P", "Perempuan"))
EDUCATION_LEVELS = (
    ("sd", "SD ke bawah"),
    ("smp", "SMP"),
    ("sma", "SMA"),
    ("d3", "D1-D3"),
    ("s1", "D4/S1"),
    ("s2", "S2 ke atas"),
)
OCCUPATIONS = (
    ("pns", "PNS/TNI/Polri"),
    ("swasta", "Pegawai swasta"),
    ("wiraswasta", "Wiraswasta/usahawan"),
    ("petani", "Petani/nelayan"),
    ("buruh", "Buruh"),
    ("pelajar", "Pelajar/mahasiswa"),
    ("irt", "Ibu rumah tangga"),
    ("tidak_bekerja", "Tidak bekerja"),
    ("lainnya", "Lainnya"),
)
SURVEY_SOURCES = (("paper", "Formulir kertas (dientri petugas)"), ("kiosk", "Kios survei"))
FOLLOW_UP_STATUSES = (
    ("planned", "Direncanakan"),
    ("in_progress", "Sedang berjalan"),
    ("done", "Selesai"),
)


class SurveyResponse(BaseModel):
    office = ForeignKeyField(Office, backref="survey_responses", on_delete="RESTRICT")
    service = ForeignKeyField(Service, null=True, on_delete="SET NULL")
    date = DateField(index=True)
    respondent_sex = CharField(max_length=1, default="", choices=SEXES)
    respondent_age = SmallIntegerField(null=True)
    respondent_education = CharField(max_length=4, default="", choices=EDUCATION_LEVELS)
    respondent_occupation = CharField(max_length=14, default="", choices=OCCUPATIONS)
    u1 = SmallIntegerField(choices=SCORES)
    u2 = SmallIntegerField(choices=SCORES)
    u3 = SmallIntegerField(choices=SCORES)
    u4 = SmallIntegerField(choices=SCORES)
    u5 = SmallIntegerField(choices=SCORES)
    u6 = SmallIntegerField(choices=SCORES)
    u7 = SmallIntegerField(choices=SCORES)
    u8 = SmallIntegerField(choices=SCORES)
    u9 = SmallIntegerField(choices=SCORES)
    suggestion = TextField(default="")
    source = CharField(max_length=6, choices=SURVEY_SOURCES, default="paper")
    # Kiosk answers only: when, and keyed hashes of the device and the address (flood limits).
    created_at = DateTimeField(default=utcnow, index=True)
    device_key = CharField(max_length=64, default="", index=True)
    address_key = CharField(max_length=64, default="", index=True)


class SurveyWeight(BaseModel):
    """An office's own weight for one element; absent rows mean the regulation's 1/9."""

    office = ForeignKeyField(Office, backref="survey_weights", on_delete="CASCADE")
    element = CharField(max_length=2, choices=SURVEY_ELEMENTS)
    weight = DecimalField(max_digits=7, decimal_places=6)

    class Meta:
        indexes = ((("office", "element"), True),)


class SurveyFollowUp(BaseModel):
    """Tindak lanjut: the plan to improve a weak element, its owner, due date and progress."""

    office = ForeignKeyField(Office, backref="survey_follow_ups", on_delete="CASCADE")
    service = ForeignKeyField(Service, null=True, on_delete="SET NULL")
    period_start = DateField()
    period_end = DateField()
    element = CharField(max_length=2, choices=SURVEY_ELEMENTS)
    action = TextField()
    owner = CharField(max_length=120)
    due_date = DateField()
    progress = SmallIntegerField(default=0)
    status = CharField(max_length=12, choices=FOLLOW_UP_STATUSES, default="planned")
    notes = TextField(default="")
