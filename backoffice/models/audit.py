"""The audit trail: who created, changed or deleted what, and when (like Django's LogEntry)."""

from peewee import CharField, DateTimeField, ForeignKeyField, TextField

from backoffice.models.accounts import User
from backoffice.models.base import BaseModel, utcnow
from backoffice.models.offices import Office

ACTIONS = (
    ("create", "Tambah"),
    ("update", "Ubah"),
    ("delete", "Hapus"),
    ("transition", "Langkah alur"),
    ("print", "Cetak"),
    ("download", "Unduh"),
    ("upload", "Unggah"),
    ("login", "Masuk"),
    ("login_fail", "Gagal masuk"),
    ("logout", "Keluar"),
    ("publish", "Terbitkan situs"),
    ("restore", "Pulihkan situs"),
    ("anonymise", "Anonimkan (retensi)"),
    ("lookup", "Cek NIK dinas lain"),
    ("correction", "Minta perbaikan data"),
)
# Table names as staff know them (the trail's "Data" column).
ENTITY_LABELS = {
    "applicant": "Pemohon",
    "applicant_note": "Catatan dinas tentang pemohon",
    "person_lookup": "Cek NIK dinas lain",
    "application": "Permohonan",
    "proposal_batch": "Usulan ke BPJS",
    "quota": "Kuota desa",
    "complaint": "Pengaduan",
    "survey_response": "Survei kepuasan",
    "service_standard": "Standar pelayanan",
    "service": "Jenis layanan",
    "office": "Dinas",
    "account": "Pengguna",
    "publish_record": "Situs publik",
    "content": "Konten situs",
    "province": "Provinsi",
    "regency": "Kabupaten/kota",
    "district": "Kecamatan",
    "village": "Desa/kelurahan",
    "application_event": "Riwayat permohonan",
    "audit_entry": "Riwayat perubahan",
    "complaint_channel": "Saluran pengaduan",
    "login_failure": "Gagal masuk",
    "office_closure": "Libur kantor",
    "office_hours": "Jam layanan",
    "procedure_step": "Langkah prosedur",
    "received_document": "Berkas diterima",
    "requirement": "Persyaratan",
    "person_access": "Log akses data pribadi",
    "retention_rule": "Retensi data",
    "data_breach": "Insiden kebocoran data",
}


class AuditEntry(BaseModel):
    user = ForeignKeyField(User, null=True, on_delete="SET NULL")
    at = DateTimeField(default=utcnow, index=True)
    action = CharField(max_length=20, choices=ACTIONS)
    entity = CharField(max_length=40)
    object_id = CharField(max_length=40, default="")
    summary = TextField(default="")
    # The office whose data it concerns (none: installation-wide), and the client's address.
    office = ForeignKeyField(Office, null=True, index=True, on_delete="SET NULL")
    ip = CharField(max_length=45, default="")


class PersonLookup(BaseModel):
    """One reveal of another office's person (cek NIK dinas lain): who learned, from which
    address and when, that a person is registered by office `holder` (None: by the
    installation). The NIK is kept only as a keyed hash: countable and checkable by whoever
    holds the installation's key, not readable. See `domain.person_lookups`."""

    at = DateTimeField(default=utcnow)  # naive UTC
    user = ForeignKeyField(User, null=True, on_delete="SET NULL")
    address = CharField(max_length=45, default="")
    office = ForeignKeyField(Office, on_delete="CASCADE")  # the office that looked
    holder = ForeignKeyField(Office, null=True, on_delete="SET NULL", backref="revealed")
    nik_hash = CharField(max_length=64)
    path = CharField(max_length=20)  # person_lookups.PATHS

    class Meta:
        table_name = "person_lookup"
        indexes = ((("user", "at"), False), (("address", "at"), False))
