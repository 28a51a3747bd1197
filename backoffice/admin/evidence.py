"""Evaluation evidence (PEKPPP): standard versions, public consultations, reviews, the media
log, and the one-page evidence report per office and year."""

import datetime as dt

from flask import Response
from flask_admin import BaseView, expose
from flask_login import current_user

from backoffice.admin.access import AccessMixin, needs
from backoffice.admin.base import SecureModelView, record_audit
from backoffice.admin.periods import int_arg
from backoffice.admin.surveys import viewer_office
from backoffice.domain import evidence
from backoffice.reports import evidence as evidence_report
from backoffice.reports import writers


class VersionView(SecureModelView):
    """Versions are recorded, never edited: the history of a published standard stays."""

    area = "evidence"
    column_list = ["standard", "number", "recorded_at", "recorded_by", "decree_number", "changes"]
    column_labels = {
        "standard": "Standar pelayanan", "number": "Versi", "recorded_at": "Dicatat",
        "recorded_by": "Oleh", "decree_number": "No. SK", "changes": "Yang berubah",
        "snapshot": "Isi standar saat itu",
    }  # fmt: skip
    form_columns = ["standard", "changes"]

    @property
    def can_edit(self):
        return False

    def on_model_change(self, form, model, is_created):
        if is_created:
            evidence.prepare_version(model, current_user)

    def check_form(self, form):
        if not (form.changes.data or "").strip():
            from backoffice.domain.errors import ValidationError

            raise ValidationError({"changes": "Tuliskan apa yang berubah pada versi ini."})


class ConsultationView(SecureModelView):
    area = "evidence"
    column_list = ["standard", "held_on", "participant_count", "attachment"]
    column_labels = {
        "standard": "Standar pelayanan", "held_on": "Tanggal", "participants": "Peserta",
        "participant_count": "Jumlah peserta", "minutes": "Notulen",
        "attachment": "Lampiran (tautan/nomor arsip)",
    }  # fmt: skip
    form_columns = [
        "standard",
        "held_on",
        "participants",
        "participant_count",
        "minutes",
        "attachment",
    ]


class ReviewView(SecureModelView):
    area = "evidence"
    column_list = ["standard", "reviewed_on", "next_due"]
    column_labels = {
        "standard": "Standar pelayanan", "reviewed_on": "Tanggal evaluasi", "findings": "Temuan",
        "next_due": "Evaluasi berikutnya",
    }  # fmt: skip
    form_columns = ["standard", "reviewed_on", "findings", "next_due"]

    def check_form(self, form):
        from backoffice.models import StandardReview

        evidence.check_review(StandardReview(reviewed_on=form.reviewed_on.data,
                                             next_due=form.next_due.data))  # fmt: skip


class MediaView(SecureModelView):
    area = "evidence"
    column_list = ["item", "medium", "published_on", "proof"]
    column_labels = {
        "office": "Dinas", "item": "Yang dipublikasikan", "medium": "Media",
        "published_on": "Tanggal", "proof": "Bukti (tautan/foto)", "notes": "Catatan",
    }  # fmt: skip
    form_columns = ["office", "item", "medium", "published_on", "proof", "notes"]


class EvidenceReportView(AccessMixin, BaseView):
    area = "evidence"

    @expose("/")
    @needs("read")
    def index(self):
        return self.render("admin/evidence_report.html", year=dt.date.today().year)

    @expose("/report.<fmt>")
    @needs("download")
    def report(self, fmt):
        office = viewer_office()
        if office is None or fmt not in writers.MIME:
            return Response("Laporan tidak tersedia.", status=404)
        year = int_arg("year", dt.date.today().year, 2014, 2100)
        body, mime = writers.render(evidence_report.build(office, year), fmt)
        record_audit("download", office, f"Bukti evaluasi {year} ({fmt})")
        name = f"bukti-pekppp-{office.slug}-{year}.{fmt}"
        return Response(
            body, mimetype=mime, headers={"Content-Disposition": f'attachment; filename="{name}"'}
        )
