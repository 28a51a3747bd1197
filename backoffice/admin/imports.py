"""Pemohon › Impor: an office uploads a CSV or XLSX of applicants, maps the columns it does not
recognise, reads the dry run's report by row and column (and downloads it), then commits, all
or nothing, for the signed-in account's office. The dry run and the commit are queued
(`backoffice.tasks.imports`) and run by a queue worker; the page polls their status
(static/jobs.js)."""

import hashlib
import json

from flask import abort, flash, jsonify, redirect, request, url_for
from flask_admin import BaseView, expose
from flask_login import current_user
from flask_wtf.file import FileField

from backoffice.admin.access import AccessMixin, needs
from backoffice.admin.base import IndonesianSecureForm, attach_errors, current_zone
from backoffice.admin.exporting import job_file_response
from backoffice.admin.scoping import visible_or_404
from backoffice.audit import client_address
from backoffice.domain.errors import ValidationError
from backoffice.domain.import_cells import IGNORE, LABELS, REQUIRED
from backoffice.i18n import format_datetime_id, format_decimal_id
from backoffice.models import DataJob, User
from backoffice.tasks import imports as import_tasks
from backoffice.tasks import records

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHOWN_UNKNOWN = 50  # unknown headers offered for mapping; the others are ignored


class UploadForm(IndonesianSecureForm):
    file = FileField("Berkas pemohon (CSV atau XLSX, baris pertama berisi judul kolom)")


class ImportView(AccessMixin, BaseView):
    area = "applicants"

    def is_visible(self):
        return False  # reached from the applicant list ("Impor"), not the menu

    @expose("/", methods=["GET", "POST"])
    @needs("upload")
    def index(self):
        form = UploadForm()
        if request.method == "POST" and form.validate():
            job = self.start(form)
            if job is not None:
                return redirect(url_for(".job_view", id=job.id))
        recent = []
        if current_user.office_id:  # a job left by a dead process is shown failed
            query = visible_jobs().order_by(DataJob.created_at.desc()).limit(10)
            recent = [records.current(job) for job in query]
        ids = {job.user_id for job in recent} - {None}
        uploaders = {user.id: str(user) for user in User.select().where(User.id.in_(list(ids)))}
        return self.render("admin/applicant/import.html", form=form, recent=recent,
                           statuses=dict(DataJob.status.choices), uploaders=uploaders,
                           note=_history_note, zone=current_zone(),
                           when=format_datetime_id)  # fmt: skip

    def start(self, form):
        if current_user.office_id is None:
            attach_errors(form, {"file": "Impor dilakukan dengan akun dinas: pemohon dicatat "
                                         "atas nama dinas akun yang masuk."})  # fmt: skip
            return None
        upload = form.file.data
        if not upload or not getattr(upload, "filename", ""):
            attach_errors(form, {"file": "Pilih berkas CSV atau XLSX."})
            return None
        try:
            return import_tasks.start(upload.read(), upload.filename, current_user.office,
                                      current_user._get_current_object(),
                                      client_address())  # fmt: skip
        except ValidationError as exc:
            attach_errors(form, exc.errors)
            return None

    @expose("/<int:id>/")
    @needs("upload")
    def job_view(self, id):
        job = visible_job(id)
        finished = job.status in ("checked", "done", "failed")
        summary = import_tasks.summary_of(job) if finished else None
        fields = [("", "— abaikan kolom ini —")] + [
            (name, label + (" (wajib)" if name in REQUIRED else ""))
            for name, label in LABELS.items()
        ]
        unknown = set(summary["unknown"]) if summary else set()
        to_map = [(i, text) for i, text in enumerate(summary["header"]) if text in unknown
                  ] if summary else []  # fmt: skip
        return self.render("admin/applicant/import_job.html", job=job, summary=summary,
                           state=records.status_of(job), fields=fields, labels=LABELS,
                           checked=checked_token(job),
                           to_map=to_map[:SHOWN_UNKNOWN],
                           not_shown=max(len(to_map) - SHOWN_UNKNOWN, 0))  # fmt: skip

    @expose("/<int:id>/status")
    @needs("upload")
    def status_view(self, id):
        return jsonify(records.status_of(visible_job(id)))

    @expose("/<int:id>/kolom", methods=["POST"])
    @needs("upload")
    def mapping_view(self, id):
        job = visible_job(id)
        summary = import_tasks.summary_of(job)
        refusal = _refusal(job, summary)
        if refusal is None and job.status not in ("checked", "failed"):
            refusal = "Berkas ini sedang diproses."
        if refusal:
            flash(refusal, "error")
            return redirect(url_for(".job_view", id=job.id))
        header = summary["header"]
        mapping = {}
        for index, text in enumerate(header):
            chosen = request.form.get(f"column-{index}")
            if chosen is not None and (chosen == IGNORE or chosen in LABELS):
                mapping[text] = chosen
        try:
            import_tasks.check_again(job, mapping, current_user.id, client_address())
        except ValidationError as exc:  # pressed twice, or in two tabs
            flash(exc.errors["file"], "error")
        return redirect(url_for(".job_view", id=job.id))

    @expose("/<int:id>/impor", methods=["POST"])
    @needs("upload")
    def commit_view(self, id):
        job = visible_job(id)
        summary = import_tasks.summary_of(job)
        refusal = _refusal(job, summary)
        if refusal is None and job.status == "failed":
            refusal = job.message or "Berkas ini gagal diproses: unggah lagi."
        if refusal is None and (job.status != "checked" or summary is None):
            refusal = "Berkas ini belum selesai diperiksa."
        if refusal is None and request.form.get("checked") != checked_token(job):
            refusal = ("Hasil pemeriksaan berkas ini berubah sejak halaman dibuka (kolomnya "
                       "dipasangkan ulang di tab lain): periksa hasil di bawah, lalu tekan Impor.")
        if refusal:
            flash(refusal, "error")
        elif summary["errors"]:
            flash("Berkas masih punya galat: perbaiki lalu unggah lagi.", "error")
        else:
            accept = bool(request.form.get("accept_warnings"))
            try:
                import_tasks.queue_commit(job, accept, current_user.id, client_address())
            except ValidationError as exc:  # pressed twice, or in two tabs
                flash(exc.errors["file"], "error")
        return redirect(url_for(".job_view", id=job.id))

    @expose("/<int:id>/laporan.xlsx")
    @needs("upload")
    def report_view(self, id):
        job = visible_job(id)
        if not import_tasks.has_report(job):
            abort(404)
        name = job.filename.rsplit(".", 1)[0]
        return job_file_response(job, import_tasks.REPORT, XLSX, f"hasil-pemeriksaan-{name}.xlsx")


def checked_token(job: DataJob) -> str:
    """Which dry run of `job` a page shows (its column mapping and when it ended): the Impor
    button carries it, so an old tab never commits a check made since with other columns."""
    params = records.params_of(job)
    seen = json.dumps([params.get("mapping"), str(job.finished_at)], sort_keys=True)
    return hashlib.sha256(seen.encode()).hexdigest()[:16]


def _history_note(job: DataJob) -> str:
    """What the list of recent imports says of a job: its message, or for a file checked and
    not yet imported what the dry run found."""
    if job.message or job.status != "checked":
        return job.message
    summary = import_tasks.summary_of(job)
    if summary is None:
        return ""
    if summary["errors"]:
        return f"{format_decimal_id(summary['errors'], 0)} galat: perbaiki berkas lalu unggah lagi."
    if summary["warnings"]:
        return (f"Siap diimpor setelah {format_decimal_id(summary['warnings'], 0)} peringatan "
                "dikonfirmasi.")  # fmt: skip
    if not summary["creates"] and not summary["updates"]:
        return "Tidak ada yang berubah: semua baris sama dengan data dinas."
    return "Siap diimpor."


def _refusal(job: DataJob, summary: dict | None) -> str | None:
    """Why a finished import job can no longer be checked again or imported (a stale page's
    button), given its dry run's `summary`: imported already, failed without a dry run (an
    unreadable file, a stopped process) or its files deleted after the keeping days; None
    otherwise."""
    if job.status == "done":
        return "Berkas ini sudah diimpor."
    if job.status in ("checked", "failed") and summary is None:
        return job.message or import_tasks.GONE_MESSAGE
    return None


def visible_jobs():
    from backoffice.admin.scoping import scoped

    return scoped(DataJob.select()).where(DataJob.kind == "import")


def visible_job(id: int) -> DataJob:
    """The import job `id` of the account's office as it stands (a job whose worker stopped
    is taken back first), or 404."""
    job = visible_or_404(DataJob, id)
    if job.kind != "import":
        abort(404)
    return records.current(job)

