"""Satisfaction survey (SKM) responses: nine elements (unsur), each scored 1 to 4."""

from peewee import CharField, DateField, ForeignKeyField, SmallIntegerField, TextField

from backoffice.models.base import BaseModel
from backoffice.models.offices import Office
from backoffice.models.standards import Service

# (code, label): stored by code because forms order the last elements differently.
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
EDUCATION_LEVELS = (
    ("sd", "SD ke bawah"),
    ("smp", "SMP"),
    ("sma", "SMA"),
    ("d3", "D1-D3"),
    ("s1", "D4/S1"),
    ("s2", "S2 ke atas"),
)


class SurveyResponse(BaseModel):
    office = ForeignKeyField(Office, backref="survey_responses", on_delete="RESTRICT")
    service = ForeignKeyField(Service, null=True, on_delete="SET NULL")
    date = DateField(index=True)
    respondent_sex = CharField(
        max_length=1, default="", choices=(("L", "Laki-laki"), ("P", "Perempuan"))
    )
    respondent_age = SmallIntegerField(null=True)
    respondent_education = CharField(max_length=4, default="", choices=EDUCATION_LEVELS)
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
