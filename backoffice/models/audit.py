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
)
# Table names as staff know them (the trail's "Data" column).
ENTITY_LABELS = {
    "applicant": "Pemohon",
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
