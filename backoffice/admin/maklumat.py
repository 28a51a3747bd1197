"""Maklumat pelayanan: the office's signed service declaration, entered as a record.

Permenpan RB 15/2014 has the head of office sign a maklumat (text, place, date, name, rank,
NIP); the public site shows an office's latest published one, and none before it is entered.
"""

from backoffice.admin.base import SecureModelView
from backoffice.admin.filters import office_filter
from backoffice.domain.errors import ValidationError
from backoffice.models import Maklumat
from backoffice.models.base import utcnow

TEXT_HINT = (
    "Contoh baku: “Dengan ini, kami menyatakan sanggup menyelenggarakan pelayanan sesuai "
    "standar pelayanan yang telah ditetapkan dan apabila tidak menepati janji ini, kami siap "
    "menerima sanksi sesuai peraturan perundang-undangan yang berlaku.” Boleh memakai Markdown."
)


class MaklumatView(SecureModelView):
    area = "standards"
    column_list = ["office", "signed_date", "signatory_name", "status", "is_example"]
    column_labels = {
        "office": "Dinas",
        "text": "Isi maklumat",
        "signed_place": "Tempat ditandatangani",
        "signed_date": "Tanggal ditandatangani",
        "signatory_name": "Nama penandatangan (Kepala Dinas)",
        "signatory_rank": "Pangkat/golongan",
        "signatory_nip": "NIP penandatangan",
        "status": "Status",
        "is_example": "Contoh (data demo)",
        "updated_at": "Diubah",
    }
    column_filters = [office_filter(Maklumat.office)]
    column_default_sort = ("signed_date", True)
    form_excluded_columns = ["updated_at"]
    form_args = {"text": {"description": TEXT_HINT}}
    form_widget_args = {"text": {"rows": 6, "data-markdown-preview": ""}}

    def check_form(self, form):
        errors = {}
        if not (form.text.data or "").strip():
            errors["text"] = "Isi maklumat wajib diisi."
        nip = (form.signatory_nip.data or "").replace(" ", "")
        if nip and not (nip.isascii() and nip.isdigit() and len(nip) == 18):
            errors["signatory_nip"] = "NIP harus 18 digit angka."
        if errors:
            raise ValidationError(errors)

    def on_model_change(self, form, model, is_created):
        model.signatory_nip = (model.signatory_nip or "").replace(" ", "")
        model.updated_at = utcnow()
