"""Proposal batches to BPJS (usulan): the files to upload, and BPJS's answer uploaded back."""

from collections.abc import Iterator

from flask import Response, abort, flash, redirect, request, stream_with_context
from flask_admin import expose
from flask_login import current_user
from flask_wtf.file import FileField
from markupsafe import Markup
from peewee import prefetch
from wtforms import SelectField
from wtforms.fields import SelectChoice

from backoffice.admin.access import needs
from backoffice.admin.applications import propose_selected
from backoffice.admin.base import IndonesianSecureForm, SecureModelView, attach_errors, record_audit
from backoffice.admin.exporting import chunks, connected
from backoffice.admin.scoping import require_visible, scoped, visible_or_404
from backoffice.domain import batches, bpjs_files, exports, workflow
from backoffice.domain.errors import ValidationError
from backoffice.models import (
    Applicant,
    Application,
    District,
    ProposalBatch,
    Regency,
    Service,
    Village,
)

MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _downloads(view, context, model, name):
    if not view.may("download"):
        return ""
    links = " ".join(
        f'<a class="btn btn-outline-primary btn-sm" '
        f'href="{view.get_url(".download_view", id=model.id, fmt=fmt)}">{fmt.upper()}</a>'
        for fmt in MEDIA_TYPES
    )
    return Markup(links)


# The batch's values, named as bpjs_files.fields_of takes them, from one joined query.
BATCH_COLUMNS = {
    "application_id": Application.id, "nik": Applicant.nik, "kk": Applicant.kk,
    "name": Applicant.name, "birth_place": Applicant.birth_place,
    "birth_date": Applicant.birth_date, "sex": Applicant.sex, "address": Applicant.address,
    "village": Village.name, "village_code": Village.code, "district": District.name,
    "regency": Regency.name, "funding_source": Application.funding_source,
    "phone": Applicant.phone,
}  # fmt: skip


def batch_query(batch: ProposalBatch):
    """One query joining the batch's applications to their person, village, district and
    regency, selecting `BATCH_COLUMNS`."""
    return (
        Application.select(*BATCH_COLUMNS.values())
        .join(Applicant)
        .join(Village)
        .join(District)
        .join(Regency)
        .where(Application.batch == batch.id)
    )


def batch_rows(batch: ProposalBatch) -> Iterator[dict[str, str]]:
    """The batch's rows (bpjs_files.fields_of), read in keyset chunks by application id (a
    batch of any size never sits in memory, whatever the database's cursor keeps), lazily:
    inside the streamed body."""
    names = list(BATCH_COLUMNS)
    for chunk in chunks(batch_query(batch), Application):
        for values in chunk:
            yield bpjs_files.fields_of(**dict(zip(names, values, strict=True)))


def batch_file(batch: ProposalBatch, fmt: str):
    """The batch as the office's e-Dabu template lays it out, CSV or XLSX, as a stream of
    pieces written as the rows come."""
    columns = bpjs_files.parse_template(batch.office.bpjs_export_columns)
    rows = batch_rows(batch)
    if fmt == "xlsx":
        return bpjs_files.xlsx_chunks(columns, rows)
    header = [header for header, _ in columns]
    return exports.csv_chunks(header, ([row.get(f, "") for _, f in columns] for row in rows))


class ActivationForm(IndonesianSecureForm):
    batch = SelectField("Usulan (boleh dikosongkan: dicocokkan dari semua usulan)")
    file = FileField("Berkas hasil dari BPJS (XLSX atau CSV, kolom NIK dan No. Kartu)")


class BatchView(SecureModelView):
    area = "batches"
    can_create = False
    can_edit = False
    can_delete = False
    list_template = "admin/batch/list.html"
    column_list = ["number", "office", "funding_source", "period", "size", "created_at", "files"]
    column_labels = {
        "number": "Nomor usulan",
        "office": "Dinas",
        "funding_source": "Sumber dana",
        "period": "Periode",
        "size": "Jumlah",
        "created_at": "Dibuat",
        "created_by": "Oleh",
        "files": "Berkas untuk BPJS",
    }
    column_formatters = {
        "files": _downloads,
        "period": lambda v, c, m, n: f"{m.period:%m/%Y}",
    }
    column_details_list = [
        "number",
        "office",
        "funding_source",
        "period",
        "size",
        "created_at",
        "created_by",
        "files",
    ]
    column_default_sort = ("created_at", True)
    column_searchable_list = [ProposalBatch.number]

    @expose("/download/<int:id>.<fmt>")
    @needs("download")
    def download_view(self, id, fmt):
        batch = visible_or_404(ProposalBatch, id)
        if fmt not in MEDIA_TYPES:
            abort(404)
        try:
            data = stream_with_context(connected(batch_file(batch, fmt)))
        except ValidationError as exc:
            flash("Template kolom BPJS dinas ini salah: " + str(exc), "error")
            return redirect(self.get_url(".index_view"))
        record_audit("download", batch, f"Berkas usulan {batch.number}.{fmt} ({batch.size} orang)")
        return Response(
            data,
            mimetype=MEDIA_TYPES[fmt],
            headers={"Content-Disposition": f'attachment; filename="{batch.number}.{fmt}"'},
        )

    @expose("/propose/", methods=["GET", "POST"])
    @needs("read")  # proposing is the workflow's: only the roles of its "propose" move
    def propose_view(self):
        """Usulkan ke BPJS: the office's eligible applications; the ticked ones become
        batches (domain.batches.propose_batch, one per funding source)."""
        move = workflow.transition("propose")
        may = current_user.role in move.roles
        if request.method == "POST" and may:
            ids = require_visible(Application, request.form.getlist("application"))
            if not ids:
                flash("Pilih permohonan yang akan diusulkan.", "error")
            elif propose_selected(ids):
                return redirect(self.get_url(".index_view"))
        eligible = scoped(Application.select()).where(Application.status == "eligible")
        apps = prefetch(eligible.order_by(Application.received_at), Applicant, Service)
        return self.render("admin/batch/propose.html", apps=apps, may=may, move=move)

    @expose("/activations", methods=["GET", "POST"])
    @needs("upload")
    def activations_view(self):
        form = ActivationForm()
        recent = scoped(ProposalBatch.select()).order_by(ProposalBatch.created_at.desc())
        form.batch.choices = [SelectChoice("", "— semua —")] + [
            SelectChoice(str(b.id), b.number) for b in recent.limit(200)
        ]
        report = None
        if request.method == "POST" and form.validate():
            report = self.record(form)
        return self.render("admin/batch/activations.html", form=form, report=report)

    def record(self, form):
        upload = form.file.data
        if not upload or not upload.filename:
            attach_errors(form, {"file": "Pilih berkas hasil dari BPJS."})
            return None
        try:
            rows = bpjs_files.read_result_file(upload.filename, upload.read())
            batch = visible_or_404(ProposalBatch, form.batch.data) if form.batch.data else None
            report = batches.record_activations(rows, current_user, batch)
        except ValidationError as exc:
            attach_errors(form, exc.errors)
            return None
        for app in report.activated:
            record_audit("upload", app, f"Hasil BPJS {upload.filename}: #{app.id} aktif")
        flash(f"{len(report.activated)} peserta dicatat aktif.", "success")
        return report
