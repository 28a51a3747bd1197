"""Proposal batches to BPJS (usulan): the files to upload, and BPJS's answer uploaded back.

A batch's file (berkas usulan, `tasks.batches`) of up to `LOKET_BATCH_BACKGROUND_ROWS` people is
streamed in the request that asks for it: under a second of work, no copy of its NIKs kept
anywhere. A larger batch asks for a press of "Buat berkas" (a POST with the CSRF token, never a
link) and is made by a queue worker: its page polls the job (static/jobs.js) and offers the
file when it is ready. Every account of the batch's office with the batches "download"
permission sees the office's batch files (a batch is the office's work, not one officer's);
another office's answer 404. Making, streaming and downloading a file are each audited.
"""

from flask import (
    Response,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    request,
    stream_with_context,
)
from flask_admin import expose
from flask_login import current_user
from flask_wtf.file import FileField
from markupsafe import Markup
from peewee import prefetch
from wtforms import SelectField
from wtforms.fields import SelectChoice

from backoffice import audit
from backoffice.admin.access import needs
from backoffice.admin.applications import propose_selected
from backoffice.admin.base import (
    IndonesianSecureForm,
    SecureModelView,
    attach_errors,
    current_zone,
    record_audit,
)
from backoffice.admin.exporting import MEDIA_TYPES, connected, job_file_response
from backoffice.admin.scoping import require_visible, scoped, visible_or_404
from backoffice.config import BATCH_BACKGROUND_ROWS
from backoffice.db import write_transaction
from backoffice.domain import batches, bpjs_files, workflow
from backoffice.domain.errors import ValidationError
from backoffice.i18n import format_datetime_id, format_decimal_id
from backoffice.models import Applicant, Application, DataJob, ProposalBatch, Service
from backoffice.tasks import batches as batch_files
from backoffice.tasks import job_files, records

EARLIER = 5  # the batch's earlier files listed on its file pages


def background_rows() -> int:
    return current_app.config.get("LOKET_BATCH_BACKGROUND_ROWS", BATCH_BACKGROUND_ROWS)


def _downloads(view, context, model, name):
    if not view.may("download"):
        return ""
    links = " ".join(
        f'<a class="btn btn-outline-primary btn-sm" '
        f'href="{view.get_url(".download_view", id=model.id, fmt=fmt)}">{fmt.upper()}</a>'
        for fmt in MEDIA_TYPES
    )
    return Markup(links)


def earlier_files(batch: ProposalBatch | None, but: int | None = None) -> list[DataJob]:
    """The latest batch-file jobs of `batch` the signed-in account may see (`but` left out)."""
    if batch is None:
        return []
    names = [f"{batch.number}.{fmt}" for fmt in MEDIA_TYPES]
    query = scoped(DataJob.select()).where(DataJob.kind == "batch", DataJob.filename.in_(names))
    if but is not None:
        query = query.where(DataJob.id != but)
    return list(query.order_by(DataJob.id.desc()).limit(EARLIER))


def streamed_file(batch: ProposalBatch, fmt: str) -> Response:
    """The batch's file streamed as its rows are read (a connection of its own), audited."""
    body = batch_files.file_chunks(batch, fmt)
    with write_transaction():
        record_audit("download", batch, batch_files.audit_summary(batch, fmt, batch.size))
        batch_files.log_people(batch, fmt, current_user.id, audit.client_address())
    disposition = {"Content-Disposition": f'attachment; filename="{batch.number}.{fmt}"'}
    return Response(stream_with_context(connected(body)), mimetype=MEDIA_TYPES[fmt],
                    headers=disposition)  # fmt: skip


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

    @expose("/download/<int:id>.<fmt>", methods=("GET", "POST"))
    @needs("download")
    def download_view(self, id, fmt):
        """The batch's file, CSV or XLSX: streamed at once up to background_rows() people;
        a larger batch asks for a press of "Buat berkas" first. A POST (that button) queues
        the file's making, whatever the batch's size, and answers with the job's page."""
        batch = visible_or_404(ProposalBatch, id)
        if fmt not in MEDIA_TYPES:
            abort(404)
        try:
            batch_files.template_of(batch)  # told now, not after a wait for a worker
        except ValidationError as exc:
            flash(str(exc), "error")
            return redirect(self.get_url(".index_view"))
        if request.method == "POST":
            job = batch_files.start(batch, fmt, current_user, audit.client_address())
            return redirect(self.get_url(".file_job_view", id=job.id))
        if batch.size > background_rows():
            return self.render("admin/batch/file_confirm.html", batch=batch, fmt=fmt,
                               threshold=format_decimal_id(background_rows(), 0),
                               size=format_decimal_id(batch.size, 0),
                               earlier=earlier_files(batch), **self.job_helpers())  # fmt: skip
        return streamed_file(batch, fmt)

    def visible_file_job(self, id) -> DataJob:
        """The batch-file job `id` as it stands when the signed-in account's office made it
        (any of its accounts with "download"); else 404 (another office's, an import)."""
        job = visible_or_404(DataJob, id)
        if job.kind != "batch":
            abort(404)
        return records.current(job)

    def job_helpers(self) -> dict:
        return {
            "statuses": dict(DataJob.status.choices),
            "when": lambda value: format_datetime_id(value, current_zone()),
        }

    @expose("/berkas/<int:id>/")
    @needs("download")
    def file_job_view(self, id):
        """A batch file being made (polled), ready (its download) or failed (the reason)."""
        job = self.visible_file_job(id)
        batch = batch_files.batch_of(job)
        return self.render("admin/batch/file_job.html", job=job, batch=batch,
                           state=records.status_of(job), ready=job_files.is_ready(job),
                           earlier=earlier_files(batch, but=job.id),
                           **self.job_helpers())  # fmt: skip

    @expose("/berkas/<int:id>/status")
    @needs("download")
    def file_status_view(self, id):
        return jsonify(records.status_of(self.visible_file_job(id)))

    @expose("/berkas/<int:id>/unduh")
    @needs("download")
    def file_download_view(self, id):
        job = self.visible_file_job(id)
        if not job_files.is_ready(job):
            abort(404)
        summary = f"Unduh berkas usulan {job.filename} (#{job.id}, {job.message})"
        batch_id = records.params_of(job).get("batch")
        batch = batch_files.batch_of(job)
        with write_transaction():
            audit.record("download", entity=ProposalBatch._meta.table_name,
                         object_id=str(batch_id), office_id=job.office_id,
                         summary=summary)  # fmt: skip
            if batch is not None and job.user_id != current_user.id:  # its maker: logged then
                batch_files.log_people(batch, job_files.fmt_of(job), current_user.id,
                                       audit.client_address())  # fmt: skip
        return job_file_response(job, job_files.RESULT, MEDIA_TYPES[job_files.fmt_of(job)],
                                 job.filename)  # fmt: skip

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
            report = batches.record_activations(rows, current_user, batch, seeker=audit.seeker())
        except ValidationError as exc:
            attach_errors(form, exc.errors)
            return None
        for app in report.activated:
            record_audit("upload", app, f"Hasil BPJS {upload.filename}: #{app.id} aktif")
        flash(f"{len(report.activated)} peserta dicatat aktif.", "success")
        return report
