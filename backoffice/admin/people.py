"""Applicants (pemohon): the counter's main table."""

from flask import request
from flask_login import current_user
from markupsafe import Markup
from peewee import JOIN
from wtforms.widgets import TextInput

from backoffice import audit
from backoffice.admin.base import SecureModelView, current_zone
from backoffice.admin.exporting import ListExportMixin
from backoffice.admin.filters import EqualsFilter, VillageNameFilter
from backoffice.admin.lookups import VillageLookup
from backoffice.admin.params import coerce_pk
from backoffice.admin.permissions import allowed
from backoffice.admin.scoping import scoped, viewer
from backoffice.admin.shared_people import SharedPersonMixin
from backoffice.domain import households, person_lookups, scope
from backoffice.domain.applicants import validate_applicant
from backoffice.domain.errors import ValidationError
from backoffice.domain.identity import normalize_identity_number, search_term
from backoffice.i18n import format_datetime_id
from backoffice.models import Applicant, Application, Village
from backoffice.models.applications import APPLICATION_STATUSES
from backoffice.models.base import utcnow
from backoffice.models.people import DTSEN_STATUSES, SEXES, WORK_STATUSES

LABELS = {
    "nik": "NIK",
    "kk": "No. KK",
    "name": "Nama",
    "birth_place": "Tempat lahir",
    "birth_date": "Tanggal lahir",
    "sex": "Jenis kelamin",
    "address": "Alamat",
    "village": "Desa/kelurahan",
    "phone": "Nomor HP",
    "family_role": "Hubungan dalam keluarga",
    "dtsen_status": "Status DTSEN",
    "dtsen_decile": "Desil DTSEN",
    "dtks_listed": "Tercatat di DTKS lama",
    "dtks_year": "Tahun DTKS",
    "work_status": "Status pekerjaan",
    "chronic_priority": "Prioritas (penyakit kronis)",
    "notes": "Catatan",
    "created_at": "Dicatat",
    "updated_at": "Diubah",
}
TYPED_MAX = 32  # 16 digits with the separators people type between groups


def identity_number(value):
    return normalize_identity_number(value) if isinstance(value, str) else value


CONFIRM_LABEL = "Saya sudah memeriksa peringatan NIK dan tetap menyimpan"
CONFIRM_NAME = "confirm_warnings"


class NikInput(TextInput):
    """The NIK box; after a warning (date, sex or district disagreeing), the tick that
    confirms it right below it. No warning, no tick."""

    def __call__(self, field, **kwargs):
        box = super().__call__(field, **kwargs)
        if not getattr(field, "confirm_offered", False):
            return box
        checked = " checked" if request.form.get(CONFIRM_NAME) else ""
        tick = (
            f'<div class="form-check mt-1"><input class="form-check-input" type="checkbox" '
            f'name="{CONFIRM_NAME}" id="{CONFIRM_NAME}" value="y"{checked}>'
            f'<label class="form-check-label" for="{CONFIRM_NAME}">{CONFIRM_LABEL}</label></div>'
        )
        return Markup(box + Markup(tick))


FORM_FIELDS = [
    "nik",
    "kk",
    "name",
    "birth_place",
    "birth_date",
    "sex",
    "family_role",
    "address",
    "village",
    "phone",
    "work_status",
    "dtsen_status",
    "dtsen_decile",
    "dtks_listed",
    "dtks_year",
    "chronic_priority",
    "notes",
]


# The export's columns carry the import's header names: an exported file imports back as is.
EXPORT_VILLAGE = Village.alias("export_village")  # the list's own joins stay unambiguous
EXPORT_COLUMNS = [
    ("NIK", Applicant.nik), ("NO_KK", Applicant.kk), ("NAMA", Applicant.name),
    ("TEMPAT_LAHIR", Applicant.birth_place), ("TGL_LAHIR", Applicant.birth_date),
    ("JENIS_KELAMIN", Applicant.sex), ("ALAMAT", Applicant.address),
    ("KODE_DESA", Applicant.village), ("NAMA_DESA", EXPORT_VILLAGE.name),
    ("NO_HP", Applicant.phone), ("HUBUNGAN_KELUARGA", Applicant.family_role),
    ("STATUS_PEKERJAAN", Applicant.work_status), ("STATUS_DTSEN", Applicant.dtsen_status),
    ("DESIL", Applicant.dtsen_decile), ("TERCATAT_DTKS", Applicant.dtks_listed),
    ("PRIORITAS_KRONIS", Applicant.chronic_priority), ("DICATAT", Applicant.created_at),
]  # fmt: skip
EXPORT_HEADER = [header for header, _ in EXPORT_COLUMNS]


def applicant_export(query):
    """The list's query selecting the id and the export's columns, the village's name joined."""
    return (
        query.select(Applicant.id, *[column for _, column in EXPORT_COLUMNS])
        .switch(Applicant)
        .join(EXPORT_VILLAGE, JOIN.LEFT_OUTER, on=(Applicant.village == EXPORT_VILLAGE.code))
    )


class ApplicantView(SharedPersonMixin, ListExportMixin, SecureModelView):
    area = "applicants"
    list_template = "admin/applicant/list.html"
    details_template = "admin/applicant/details.html"
    column_list = [
        "nik",
        "name",
        "birth_date",
        "sex",
        "village",
        "dtsen_decile",
        "work_status",
        "chronic_priority",
    ]
    column_labels = LABELS
    list_labels = {"sex": "L/P", "dtsen_decile": "Desil", "chronic_priority": "Prioritas"}
    column_formatters = {"village": lambda v, c, m, n: m.village.name if m.village_id else ""}
    column_searchable_list = ["nik", "kk", "name"]
    column_sortable_list = ["nik", "kk", "name", "birth_date", "dtsen_decile"]
    column_default_sort = ("name", False)
    column_filters = [
        VillageNameFilter(Applicant.village),
        EqualsFilter(Applicant.sex, "Jenis kelamin", options=SEXES),
        EqualsFilter(Applicant.work_status, "Status pekerjaan", options=WORK_STATUSES),
        EqualsFilter(Applicant.dtsen_status, "Status DTSEN", options=DTSEN_STATUSES),
        EqualsFilter(
            Applicant.dtsen_decile, "Desil DTSEN", options=[(str(d), str(d)) for d in range(1, 11)]
        ),
        "chronic_priority",
        "kk",
    ]
    column_details_exclude_list = []
    form_columns = FORM_FIELDS
    form_ajax_refs = {"village": VillageLookup()}
    form_args = {
        # Spaces, dots and dashes are taken out before the form checks the length.
        "nik": {
            "description": "16 digit, sesuai KTP/KK",
            "filters": [identity_number],
            "widget": NikInput(),
        },
        "kk": {"description": "16 digit, sesuai Kartu Keluarga", "filters": [identity_number]},
        "phone": {"description": "Contoh: 0812-3456-7890"},
        "dtsen_decile": {"description": "1 (termiskin) sampai 10; kosongkan bila belum ada"},
    }
    form_widget_args = {
        "nik": {"inputmode": "numeric", "autocomplete": "off", "maxlength": TYPED_MAX},
        "kk": {"inputmode": "numeric", "autocomplete": "off", "maxlength": TYPED_MAX},
        "name": {"maxlength": 100},
        "phone": {"inputmode": "tel"},
    }

    def applicant_context(self, applicant: Applicant) -> dict:
        """The applicant's page: their applications the account may see, newest first, and
        whether it may start a new one for them."""
        applications = scoped(Application.select(), Application).where(
            Application.applicant == applicant
        )
        return {
            "applications": list(applications.order_by(Application.received_at.desc())),
            "can_apply": allowed(current_user.role, "applications", "create"),
            "status_labels": dict(APPLICATION_STATUSES),
            "when": lambda value: format_datetime_id(value, current_zone()),
        }

    def get_save_return_url(self, model, is_created=False):
        return self.get_url(".details_view", id=model.id)  # its applications, "Buat permohonan"

    def normalize_search(self, text):
        return search_term(text)  # a NIK typed with spaces finds the stored digits

    # --- query level only (issue 12): indexed search, villages fetched once per page ----
    large_list = True
    list_related = (Applicant.village,)

    def list_search_condition(self, term):
        return Applicant.matching(term)

    export_name, export_header = "pemohon", EXPORT_HEADER

    def export_select(self, query):
        return applicant_export(query)

    def check_form(self, form):
        if self.check_shared_person(form):
            return  # another office's person: only this office's own note is saved
        data = {name: form[name].data for name in FORM_FIELDS if name in form}
        village = data.pop("village", None)
        data["village_code"] = village.code if village is not None else None
        check = validate_applicant(data)
        editing = coerce_pk(Applicant, request.args.get("id", ""))
        stored = Applicant.get_or_none(Applicant.id == editing) if editing is not None else None
        self.check_unique_nik(check.cleaned["nik"], stored)
        kk, role = check.cleaned["kk"], check.cleaned["family_role"]
        asked = stored is None or (stored.kk, stored.family_role) != (kk, role)
        households.refuse_second_head(kk, role, editing, viewer(), audit.seeker(), asked)
        form.nik.confirm_offered = bool(check.warnings)
        if check.warnings and not request.form.get(CONFIRM_NAME):
            hint = f"Bila data sudah benar, centang \u201c{CONFIRM_LABEL}\u201d lalu simpan lagi."
            raise ValidationError({"nik": " ".join([*check.warnings, hint])})
        form.cleaned = check.cleaned

    def check_unique_nik(self, nik, stored=None):
        """One person, one record: a NIK already registered is named by its holder when the
        account may see that person, else only by the office that holds it (no data shown),
        within the look-up limits (domain.person_lookups) that every new NIK is checked
        against. `stored`: the record being edited (its own NIK is nothing new)."""
        if stored is not None and stored.nik == nik:
            return
        query = Applicant.select().where(Applicant.nik == nik)
        if stored is not None:
            query = query.where(Applicant.id != stored.id)
        other = query.first()
        if other is not None and scope.visible(Applicant, other.id, viewer()) is not None:
            raise ValidationError({"nik": f"NIK ini sudah terdaftar atas nama {other.name}."})
        found = [person_lookups.Found(nik, other.office_id)] if other is not None else []
        person_lookups.refuse_if_withheld(audit.seeker(), "form", "nik", found, utcnow())
        if other is None:
            return
        holder = other.office.name if other.office_id else "dinas lain"
        raise ValidationError(
            {
                "nik": f"NIK ini sudah terdaftar di {holder}. Datanya tidak ditampilkan di sini. "
                "Untuk melayani orang ini, pakai Permohonan › Pemohon dinas lain."
            }
        )

    def on_model_change(self, form, model, is_created):
        if is_created:  # registered by the officer's office (none: the installation's admin)
            model.office = current_user.office_id
        for name, value in getattr(form, "cleaned", {}).items():
            if name in Applicant._meta.fields:
                setattr(model, name, value)
        model.updated_at = utcnow()
