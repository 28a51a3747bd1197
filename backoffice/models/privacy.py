"""Personal data protection (pelindungan data pribadi, UU 27/2022): who opened, printed or
exported which person (`PersonAccess`), how long an office keeps closed cases
(`RetentionRule`), and the data breaches it records with their 3 × 24-hour clock
(`DataBreach`). The rules that read them are in `domain.access_log`, `domain.retention` and
`domain.breaches`."""

from peewee import (
    CharField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    SmallIntegerField,
    TextField,
)

from backoffice.models.accounts import User
from backoffice.models.base import BaseModel, utcnow
from backoffice.models.offices import Office
from backoffice.models.people import Applicant

ACCESS_KINDS = (
    ("view", "Membuka data"),
    ("print", "Mencetak"),
    ("export", "Mengekspor"),
    ("subject_export", "Ekspor data subjek"),
)


class PersonAccess(BaseModel):
    """Log akses data pribadi: one person's data opened, printed or exported by one account.
    An export of many people is one row per person, all with the export's moment and `ref`
    (what was opened: "Permohonan #12", "Ekspor pemohon.xlsx"). Never holds the person's
    data itself (a NIK in `ref` would outlive the retention rule): the row points at them."""

    applicant = ForeignKeyField(Applicant, null=True, index=False, on_delete="SET NULL")
    user = ForeignKeyField(User, null=True, index=False, on_delete="SET NULL")
    office = ForeignKeyField(Office, null=True, index=False, on_delete="SET NULL")
    at = DateTimeField(default=utcnow)  # naive UTC
    kind = CharField(max_length=16, choices=ACCESS_KINDS)
    ref = CharField(max_length=120, default="")
    ip = CharField(max_length=45, default="")

    class Meta:
        table_name = "person_access"
        # The office's log newest first; one person's (the NIK filter); one account's (the
        # account filter, and an account's deletion setting its rows' user to NULL).
        indexes = (
            (("office", "at"), False),
            (("applicant", "at"), False),
            (("user", "at"), False),
        )


class RetentionRule(BaseModel):
    """Retensi: an office keeps a closed case this many years after it closed, then the
    periodic work anonymises the person (`domain.retention`). No row, or `years` blank: off
    (kept for good). `last_run_at` is when the rule last ran (naive UTC), once a local day."""

    office = ForeignKeyField(Office, unique=True, backref="+", on_delete="CASCADE")
    years = SmallIntegerField(null=True)
    set_by = ForeignKeyField(User, null=True, backref="+", on_delete="SET NULL")
    set_at = DateTimeField(default=utcnow)
    last_run_at = DateTimeField(null=True)

    class Meta:
        table_name = "retention_rule"


class DataBreach(BaseModel):
    """Insiden kebocoran data pribadi: what happened, to which data and people, what was done,
    and when the people concerned and the authority (lembaga PDP) were told; UU 27/2022 Pasal
    46 gives 3 × 24 hours from discovery for both (`domain.breaches`)."""

    office = ForeignKeyField(Office, backref="+", index=True, on_delete="RESTRICT")
    discovered_at = DateTimeField()  # naive UTC
    description = TextField()
    data_affected = TextField()
    people_affected = IntegerField(null=True)
    actions_taken = TextField(default="")
    subjects_notified_at = DateTimeField(null=True)
    authority_notified_at = DateTimeField(null=True)
    recorded_by = ForeignKeyField(User, null=True, backref="+", on_delete="SET NULL")
    created_at = DateTimeField(default=utcnow)
    updated_at = DateTimeField(default=utcnow)

    class Meta:
        table_name = "data_breach"

    def __str__(self):
        return f"Insiden #{self.id}"
