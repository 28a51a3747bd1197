"""Ekspor data subjek (UU 27/2022: a person may ask a controller for their data): every row an
office holds about one person, as an XLSX with one sheet per table.

`SUBJECT_TABLES` declares, per table, the rows about the person: every table with a foreign
key path to the applicant (tests/test_pdp.py walks `ALL_MODELS` and fails on one missing
here), and the audit trail, which names records by id. Each table is read inside the asking
account's scope (`domain.scope`): an office gives what it holds, the installation's
administrator everything. A complaint's confidential or anonymous reporter stays hidden: the
person may be the one complained about.
"""

import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from peewee import Expression, ForeignKeyField

from backoffice.domain import exports, scope
from backoffice.domain.scope import Viewer
from backoffice.models import (
    Applicant,
    ApplicantNote,
    Application,
    ApplicationEvent,
    AuditEntry,
    Complaint,
    ComplaintEvent,
    PersonAccess,
    ReceivedDocument,
)


@dataclass(frozen=True)
class About:
    """The ids the person's rows are found by: theirs, their applications', complaints'."""

    person: int
    applications: list[int]
    complaints: list[int]


def _audit_rows(a: About) -> Expression:
    return (
        ((AuditEntry.entity == "applicant") & (AuditEntry.object_id == str(a.person)))
        | ((AuditEntry.entity == "application")
           & AuditEntry.object_id.in_([str(i) for i in a.applications] or [""]))
        | ((AuditEntry.entity == "complaint")
           & AuditEntry.object_id.in_([str(i) for i in a.complaints] or [""]))
    )  # fmt: skip


# (sheet title, table, the rows about the person), in the file's order.
SUBJECT_TABLES: list[tuple[str, type, Callable[[About], Expression]]] = [
    ("Pemohon", Applicant, lambda a: Applicant.id == a.person),
    ("Catatan dinas", ApplicantNote, lambda a: ApplicantNote.applicant == a.person),
    ("Permohonan", Application, lambda a: Application.id.in_(a.applications or [0])),
    ("Riwayat permohonan", ApplicationEvent,
     lambda a: ApplicationEvent.application.in_(a.applications or [0])),
    ("Berkas diterima", ReceivedDocument,
     lambda a: ReceivedDocument.application.in_(a.applications or [0])),
    ("Pengaduan", Complaint, lambda a: Complaint.id.in_(a.complaints or [0])),
    ("Riwayat pengaduan", ComplaintEvent,
     lambda a: ComplaintEvent.complaint.in_(a.complaints or [0])),
    ("Riwayat perubahan", AuditEntry, _audit_rows),
    ("Log akses", PersonAccess, lambda a: PersonAccess.applicant == a.person),
]  # fmt: skip
HIDDEN_REPORTER = "(dirahasiakan)"
LABELS = {
    "id": "Nomor", "nik": "NIK", "kk": "No. KK", "name": "Nama", "birth_place": "Tempat lahir",
    "birth_date": "Tanggal lahir", "sex": "Jenis kelamin", "address": "Alamat",
    "village": "Desa/kelurahan", "phone": "Nomor HP", "family_role": "Hubungan dalam keluarga",
    "dtsen_status": "Status DTSEN", "dtsen_decile": "Desil DTSEN",
    "dtks_listed": "Tercatat di DTKS lama", "dtks_year": "Tahun DTKS",
    "work_status": "Status pekerjaan", "chronic_priority": "Prioritas (penyakit kronis)",
    "notes": "Catatan", "created_at": "Dicatat", "updated_at": "Diubah", "office": "Dinas",
    "anonymised_at": "Dianonimkan", "applicant": "Pemohon", "service": "Jenis layanan",
    "status": "Status", "funding_source": "Sumber dana", "received_at": "Diterima",
    "closed_at": "Selesai", "bpjs_card_number": "No. kartu BPJS", "queue_number": "Antrean",
    "due_at": "Tenggat", "missing_documents": "Berkas yang kurang", "verifier": "Verifikator",
    "visit_date": "Tanggal kunjungan", "visit_findings": "Hasil verifikasi",
    "decision_reason": "Alasan keputusan", "batch": "Usulan ke BPJS", "quota": "Kuota",
    "activated_on": "Aktif sejak", "deactivated_on": "Nonaktif sejak",
    "facility_letter": "Surat faskes", "arrears_amount": "Tunggakan (Rp)",
    "arrears_due": "Batas pelunasan tunggakan", "letter_number": "Nomor surat",
    "application": "Permohonan", "at": "Waktu", "user": "Pengguna", "action": "Tindakan",
    "from_status": "Dari status", "to_status": "Ke status", "note": "Catatan",
    "requirement": "Persyaratan", "complaint": "Pengaduan", "ticket": "Nomor tiket",
    "channel": "Saluran", "category": "Klasifikasi", "topic": "Topik",
    "complexity": "Kompleksitas", "reporter_mode": "Identitas pelapor",
    "reporter_name": "Nama pelapor", "reporter_contact": "Kontak pelapor",
    "content": "Isi pengaduan", "verified_at": "Diverifikasi", "paused_at": "Ditunda",
    "paused_from": "Ditunda dari status", "responded_at": "Ditanggapi",
    "responded_by": "Ditanggapi oleh", "response": "Tanggapan", "forwarded_to": "Diteruskan ke",
    "handler": "Petugas penanganan", "lapor_tracking_id": "Nomor pelacakan SP4N-LAPOR!",
    "entity": "Data", "object_id": "Nomor data", "summary": "Ringkasan", "ip": "Alamat IP",
    "kind": "Akses", "ref": "Data yang dibuka", "text": "Catatan", "updated_by": "Diubah oleh",
}  # fmt: skip


@dataclass(frozen=True)
class Sheet:
    title: str
    model: type
    header: list[str]
    rows: list[list[str]]


def about(person: Applicant, viewer: Viewer) -> About:
    """The ids of the person's applications and complaints `viewer` may see."""
    apps = scope.scoped(Application.select(Application.id), viewer, Application).where(
        Application.applicant == person.id
    )
    app_ids = [i for (i,) in apps.tuples()]
    complaints = scope.scoped(Complaint.select(Complaint.id), viewer, Complaint).where(
        (Complaint.applicant == person.id) | Complaint.application.in_(app_ids or [0])
    )
    return About(person.id, app_ids, [i for (i,) in complaints.tuples()])


def sheets(person: Applicant, viewer: Viewer) -> list[Sheet]:
    """Every declared table's rows about `person` inside `viewer`'s scope, each a sheet (an
    empty table too: the file says it holds nothing there)."""
    ids = about(person, viewer)
    found = []
    for title, model, rows_about in SUBJECT_TABLES:
        query = scope.scoped(model.select(), viewer, model).where(rows_about(ids))
        fields = model._meta.sorted_fields
        header = [LABELS.get(f.name, f.name) for f in fields]
        rows = [[_cell(row, f) for f in fields] for row in query.order_by(model._meta.primary_key)]
        found.append(Sheet(title, model, header, rows))
    return found


def _cell(row, field) -> str:
    hidden = isinstance(row, Complaint) and row.reporter_mode != "open"
    if hidden and field.name in ("reporter_name", "reporter_contact"):
        return HIDDEN_REPORTER
    is_link = isinstance(field, ForeignKeyField)
    value = getattr(row, field.object_id_name if is_link else field.name)
    if value is not None and field.choices:
        return dict(field.choices).get(value, str(value))
    if is_link and value is not None:
        related = getattr(row, field.name)  # a few rows: one query each is fine
        return f"{related} (#{value})" if related is not None else str(value)
    return exports.text_of(value)


def write_xlsx(person: Applicant, made: list[Sheet], asked_by: str, at_local: dt.datetime,
               office_name: str) -> bytes:  # fmt: skip
    """The workbook: a first sheet saying whose data, when and by whom it was exported and
    how many rows each table gave, then one sheet per table. Every cell is text (a stored
    "=…" is never a formula), without the control characters XML cannot hold."""
    book = Workbook()
    summary = book.active
    summary.title = "Keterangan"
    _append(summary, ["Ekspor data subjek (UU 27/2022)"], bold=True)
    for label, value in (("NIK", person.nik), ("Nama", person.name),
                         ("Dinas", office_name), ("Diekspor oleh", asked_by),
                         ("Waktu", exports.text_of(at_local))):  # fmt: skip
        _append(summary, [label, value])
    _append(summary, [])
    _append(summary, ["Tabel", "Jumlah baris"], bold=True)
    for sheet in made:
        _append(summary, [sheet.title, str(len(sheet.rows))])
    for sheet in made:
        page = book.create_sheet(sheet.title)
        _append(page, sheet.header, bold=True)
        for row in sheet.rows:
            _append(page, row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _append(sheet, values: list[str], bold: bool = False) -> None:
    sheet.append([ILLEGAL_CHARACTERS_RE.sub("", v) for v in values])
    for cell in sheet[sheet.max_row] if values else ():
        cell.data_type = "s"  # text, never a formula
        if bold:
            cell.font = Font(bold=True)
