"""What a transition needs (syarat tindakan): one function per name in `Transition.needs`.

A check reads the application, the officer's inputs and the moment, and returns the problems it
finds as {field: Indonesian message}; an empty dict means the check passes. Checks may fill in
an input the officer left to the system (the missing items, a letter number), never a record.
"""

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from backoffice.models import Application, User

REACTIVATION_MONTHS = 6
CARD_NUMBER = re.compile(r"^\d{13}$")


@dataclass
class Context:
    """One attempt at a transition: who, when (the office's local date) and the inputs."""

    user: User
    today: datetime.date
    inputs: dict = field(default_factory=dict)

    def text(self, name: str) -> str:
        return (self.inputs.get(name) or "").strip()


def months_before(day: datetime.date, months: int) -> datetime.date:
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    for candidate in range(day.day, 0, -1):
        try:
            return datetime.date(year, month + 1, candidate)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def missing_required(application: Application) -> list[str]:
    """Labels of the service's required documents that have not been ticked."""
    ticked = {doc.requirement_id for doc in application.documents}
    return [
        r.label
        for r in sorted(application.service.requirements, key=lambda r: r.position)
        if r.required and r.id not in ticked
    ]


def documents_complete(app: Application, ctx: Context) -> dict:
    missing = missing_required(app)
    if not missing:
        return {}
    return {
        "documents": "Berkas belum lengkap, belum dicentang: "
        + "; ".join(missing)
        + ". Centang berkas yang sudah diterima, atau kembalikan sebagai belum lengkap."
    }


def missing_named(app: Application, ctx: Context) -> dict:
    if not ctx.text("missing_documents"):
        missing = missing_required(app)
        if not missing:
            return {
                "missing_documents": "Semua berkas wajib sudah dicentang; "
                "tuliskan berkas apa yang masih kurang."
            }
        ctx.inputs["missing_documents"] = "; ".join(missing)
    return {}


def verifier_assigned_to_user(app: Application, ctx: Context) -> dict:
    if ctx.user.role != "verifikator" or app.verifier_id in (None, ctx.user.id):
        return {}
    return {"verifier": f"Permohonan ini ditugaskan kepada verifikator {app.verifier}."}


def verification_recorded(app: Application, ctx: Context) -> dict:
    errors = {}
    if not ctx.text("visit_findings"):
        errors["visit_findings"] = "Tuliskan hasil verifikasi."
    visit = ctx.inputs.get("visit_date")
    if app.service.needs_home_visit and visit is None:
        errors["visit_date"] = "Layanan ini memerlukan kunjungan rumah: isi tanggal kunjungan."
    elif visit is not None and visit > ctx.today:
        errors["visit_date"] = "Tanggal kunjungan tidak boleh di masa depan."
    elif visit is not None and visit < app.received_at.date():
        errors["visit_date"] = "Tanggal kunjungan tidak boleh sebelum permohonan diterima."
    return errors


def decision_reason(app: Application, ctx: Context) -> dict:
    if len(ctx.text("decision_reason")) < 5:
        return {"decision_reason": "Tuliskan alasan keputusan (minimal 5 karakter)."}
    return {}


def arrears_recorded(app: Application, ctx: Context) -> dict:
    if app.service.kind != "arrears_transfer":
        return {}
    amount = ctx.inputs.get("arrears_amount")
    if amount is None or amount <= 0:
        return {
            "arrears_amount": "Peralihan peserta menunggak: isi jumlah tunggakan (rupiah) "
            "sesuai bukti dari BPJS."
        }
    return {}


def card_number(app: Application, ctx: Context) -> dict:
    number = ctx.text("bpjs_card_number")
    if not CARD_NUMBER.match(number):
        return {"bpjs_card_number": "Nomor kartu BPJS harus 13 angka."}
    clash = Application.select().where(
        (Application.bpjs_card_number == number) & (Application.applicant != app.applicant)
    )
    if clash.exists():
        return {"bpjs_card_number": "Nomor kartu ini sudah tercatat untuk orang lain."}
    ctx.inputs["bpjs_card_number"] = number
    return {}


def activation_date(app: Application, ctx: Context) -> dict:
    day = ctx.inputs.get("activated_on")
    if day is None:
        ctx.inputs["activated_on"] = ctx.today
    elif day > ctx.today:
        return {"activated_on": "Tanggal aktif tidak boleh di masa depan."}
    elif day < app.received_at.date():
        return {"activated_on": "Tanggal aktif tidak boleh sebelum permohonan diterima."}
    return {}


def reactivation_window(app: Application, ctx: Context) -> dict:
    """Permensos 3/2026: reactivation within 6 months of deactivation, with a facility letter."""
    if app.service.kind != "reactivation":
        return {}
    errors = {}
    day = ctx.inputs.get("deactivated_on")
    earliest = months_before(ctx.today, REACTIVATION_MONTHS)
    if day is None:
        errors["deactivated_on"] = "Isi tanggal kepesertaan dinonaktifkan."
    elif day > ctx.today:
        errors["deactivated_on"] = "Tanggal nonaktif tidak boleh di masa depan."
    elif day < earliest:
        errors["deactivated_on"] = (
            "Reaktivasi hanya dapat diajukan paling lama 6 bulan sejak dinonaktifkan "
            f"(paling awal {earliest:%d-%m-%Y}). Ajukan sebagai pengusulan baru."
        )
    if not ctx.text("facility_letter"):
        errors["facility_letter"] = (
            "Reaktivasi memerlukan surat keterangan dari fasilitas kesehatan: "
            "isi nomor/nama suratnya."
        )
    return errors


def note_given(app: Application, ctx: Context) -> dict:
    if not ctx.text("note"):
        return {"note": "Tuliskan alasannya."}
    return {}


CHECKS: dict[str, Callable[[Application, Context], dict]] = {
    f.__name__: f
    for f in (
        documents_complete,
        missing_named,
        verifier_assigned_to_user,
        verification_recorded,
        decision_reason,
        arrears_recorded,
        card_number,
        activation_date,
        reactivation_window,
        note_given,
    )
}
