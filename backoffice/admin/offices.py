"""Offices (dinas) with their opening hours, complaint channels and local closures."""

from flask import flash, request

from backoffice.admin.base import SecureModelView, inline
from backoffice.domain import casework
from backoffice.domain.bpjs_files import DEFAULT_TEMPLATE, FIELDS
from backoffice.domain.errors import ValidationError
from backoffice.domain.identity import clean_nip
from backoffice.domain.offices import check_office, check_region
from backoffice.models import ComplaintChannel, Office, OfficeClosure, OfficeHours


class OfficeView(SecureModelView):
    area = "offices"
    column_list = ["short_name", "regency", "time_zone", "phone", "email", "head_name"]
    column_labels = {
        "slug": "Kode singkat",
        "name": "Nama dinas",
        "short_name": "Nama singkat",
        "province": "Provinsi",
        "regency": "Kabupaten/kota",
        "city": "Kota tempat penetapan",
        "address": "Alamat",
        "phone": "Telepon",
        "email": "Email",
        "website": "Situs web",
        "time_zone": "Zona waktu",
        "head_name": "Kepala dinas",
        "head_rank": "Pangkat/golongan kepala dinas",
        "head_nip": "NIP kepala dinas",
        "complaint_response_days": "Batas tanggapan pengaduan (hari kerja)",
        "cutoff_day": "Tanggal cut-off usulan e-Dabu tiap bulan",
        "bpjs_export_columns": "Kolom berkas usulan BPJS (satu baris: Judul kolom = isian)",
    }
    form_args = {
        "slug": {
            "description": "Alamat dinas di situs publik: huruf kecil a-z, angka 0-9 dan '-', "
            "mis. dinsos-karangasem."
        },
        "bpjs_export_columns": {
            "description": "Kosongkan untuk templat baku. Isian yang tersedia: " + ", ".join(FIELDS)
        }
    }
    form_widget_args = {"bpjs_export_columns": {"rows": 12, "placeholder": DEFAULT_TEMPLATE}}
    column_searchable_list = ["name", "short_name"]
    form_excluded_columns = [
        "standards",
        "hours",
        "complaint_channels",
        "closures",
        "complaints",
        "survey_responses",
        "staff",
    ]
    form_ajax_refs = {"regency": {"fields": ["name"], "page_size": 20}}
    inline_models = [
        inline(OfficeHours, "Jam layanan", {"weekday": "Hari", "opens": "Buka", "closes": "Tutup"}),
        inline(
            ComplaintChannel,
            "Saluran pengaduan",
            {"channel": "Saluran", "value": "Alamat/nomor", "position": "Urutan"},
        ),
        inline(
            OfficeClosure,
            "Libur kantor",
            {"date": "Tanggal", "reason": "Alasan libur", "full_day": "Sehari penuh"},
        ),
    ]

    def check_form(self, form):
        errors = {}
        try:
            check_office(
                form.head_nip.data,
                form.complaint_response_days.data,
                form.cutoff_day.data,
                form.bpjs_export_columns.data,
                slug=form.slug.data or "",
                hours=hours_rows(form),
            )
        except ValidationError as exc:
            errors.update(exc.errors)
        try:
            self.check_region(form)
        except ValidationError as exc:
            errors.update(exc.errors)
        if errors:
            attach_row_errors(form, errors)
            raise ValidationError({k: v for k, v in errors.items() if not k.startswith("hours-")})

    def check_region(self, form) -> None:
        """A region set or changed (by the installation's administrator: for an office's
        account it is held, admin.scoping) must be a free one of the province."""
        province = form.province.data.code if form.province.data else None
        regency = form.regency.data.code if form.regency.data else None
        editing = request.args.get("id", "")
        current = (Office.get_or_none(Office.id == int(editing))
                   if editing.isascii() and editing.isdigit() else None)  # fmt: skip
        if current and (current.province_id, current.regency_id) == (province, regency):
            return
        check_region(province, regency, current.id if current else None)

    def on_model_change(self, form, model, is_created):
        model.head_nip = clean_nip(model.head_nip)

    def after_model_change(self, form, model, is_created):
        super().after_model_change(form, model, is_created)
        # Closures and hours are saved with the office: running deadlines follow the calendar.
        moved = casework.reschedule(model)
        if moved:
            flash(f"Tenggat {moved} permohonan disesuaikan dengan kalender dinas.", "info")


def hours_rows(form) -> list[tuple]:
    """(weekday, opens, closes) of each weekly-hours row kept on the form, in its order."""
    return [
        (entry.form.weekday.data, entry.form.opens.data, entry.form.closes.data)
        for entry in form.hours.entries
        if not form.hours.should_delete(entry)
    ]


def attach_row_errors(form, errors: dict[str, str]) -> None:
    """Put "hours-<n>-<field>" messages next to that field of the n-th kept hours row."""
    kept = [e for e in form.hours.entries if not form.hours.should_delete(e)]
    for key, message in errors.items():
        if key.startswith("hours-"):
            _, n, name = key.split("-", 2)
            kept[int(n)].form[name].errors = [message]
