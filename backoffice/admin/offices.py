"""Offices (dinas) with their opening hours, complaint channels and local closures."""

from flask import flash

from backoffice.admin.base import SecureModelView, inline
from backoffice.domain import casework
from backoffice.domain.bpjs_files import DEFAULT_TEMPLATE, FIELDS
from backoffice.domain.identity import clean_nip
from backoffice.domain.offices import check_office
from backoffice.models import ComplaintChannel, OfficeClosure, OfficeHours


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
        check_office(
            form.head_nip.data,
            form.complaint_response_days.data,
            form.cutoff_day.data,
            form.bpjs_export_columns.data,
        )

    def on_model_change(self, form, model, is_created):
        model.head_nip = clean_nip(model.head_nip)

    def after_model_change(self, form, model, is_created):
        super().after_model_change(form, model, is_created)
        # Closures and hours are saved with the office: running deadlines follow the calendar.
        moved = casework.reschedule(model)
        if moved:
            flash(f"Tenggat {moved} permohonan disesuaikan dengan kalender dinas.", "info")
