"""Forms for the workflow's inputs: one field per input name a transition declares.

The form only parses what the officer typed (dates, amounts); whether the move is allowed and
complete is the domain's decision (`domain.casework`, `domain.checks`).
"""

from wtforms import IntegerField, SelectField, StringField, TextAreaField
from wtforms.fields import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from backoffice.admin.base import IndonesianSecureForm
from backoffice.admin.fields import IndonesianDateField
from backoffice.admin.limits import text_length
from backoffice.admin.scoping import scoped
from backoffice.domain.workflow import Transition
from backoffice.models import User

DATE = {"validators": [Optional()]}
TEXT = {"validators": [Optional(), text_length()], "render_kw": {"rows": 3}}

# input name → (field class, Indonesian label, field options)
INPUT_FIELDS = {
    "missing_documents": (
        TextAreaField,
        "Berkas yang kurang (kosongkan: diisi dari daftar yang belum dicentang)",
        TEXT,
    ),
    "visit_date": (IndonesianDateField, "Tanggal kunjungan rumah", DATE),
    "visit_findings": (TextAreaField, "Hasil verifikasi", TEXT),
    "decision_reason": (TextAreaField, "Alasan", TEXT),
    "arrears_amount": (
        IntegerField,
        "Jumlah tunggakan (Rp), peralihan peserta menunggak",
        {"validators": [Optional(), NumberRange(min=0, message="Tidak boleh negatif.")]},
    ),
    "bpjs_card_number": (
        StringField,
        "No. kartu BPJS (13 angka)",
        {
            "validators": [Optional(), Length(max=13, message="Paling banyak 13 angka.")],
            "render_kw": {"inputmode": "numeric", "maxlength": 13},
        },
    ),
    "activated_on": (IndonesianDateField, "Tanggal aktif (TMT); kosong: hari ini", DATE),
    "deactivated_on": (IndonesianDateField, "Tanggal kepesertaan dinonaktifkan", DATE),
    "facility_letter": (
        StringField,
        "Surat keterangan fasilitas kesehatan (nomor/nama faskes)",
        {"validators": [Optional(), text_length(120)]},
    ),
    "letter_number": (
        StringField,
        "Nomor surat (kosong: dibuat otomatis)",
        {"validators": [Optional(), text_length(60)]},
    ),
    "note": (TextAreaField, "Alasan", TEXT),
}


def transition_form(t: Transition, formdata=None):
    """A CSRF-protected form with a field for each input of transition `t`."""

    class TransitionForm(IndonesianSecureForm):
        pass

    for name in t.inputs:
        field_class, label, options = INPUT_FIELDS[name]
        setattr(TransitionForm, name, field_class(label, **options))
    return TransitionForm(formdata=formdata)


def verifier_form(formdata=None, selected: int | None = None):
    """Choose the field verifier for the selected applications (`selected`: the current)."""
    verifiers = scoped(User.select()).where((User.role == "verifikator") & User.active)
    choices = [
        SelectChoice(str(u.id), f"{u} ({u.office or 'semua dinas'})")
        for u in verifiers.order_by(User.full_name, User.username)
    ]

    class VerifierForm(IndonesianSecureForm):
        verifier = SelectField("Verifikator", choices=[SelectChoice("", "— pilih —"), *choices])

    return VerifierForm(formdata=formdata, verifier=str(selected) if selected else "")


def registered_person_form(formdata=None):
    """NIK (as on the KTP) and a service of the account's office, for a person another
    office registered."""
    from backoffice.models import Service
    from backoffice.models.quotas import FUNDING_SOURCES

    services = scoped(Service.select()).where(Service.active).order_by(Service.name)

    class RegisteredPersonForm(IndonesianSecureForm):
        nik = StringField(
            "NIK (16 digit, sesuai KTP)",
            validators=[DataRequired()],
            render_kw={"inputmode": "numeric", "autocomplete": "off"},
        )
        service = SelectField(
            "Jenis layanan",
            choices=[SelectChoice("", "— pilih —")]
            + [SelectChoice(str(s.id), s.name) for s in services],
            validators=[DataRequired()],
        )
        funding_source = SelectField(
            "Sumber dana", choices=[SelectChoice(code, label) for code, label in FUNDING_SOURCES]
        )

    return RegisteredPersonForm(formdata=formdata)
