"""The pages of personal data protection (UU 27/2022) besides the access log: a person's whole
data as a file (ekspor data subjek), the office's retention rule with what its next run will
anonymise, and the office's data breaches with their 3 × 24-hour clock. The rules are
`domain.subject_data`, `domain.retention` and `domain.breaches`."""

import datetime as dt

from flask import Response, abort, flash, redirect, request, url_for
from flask_admin import BaseView, expose
from flask_login import current_user
from markupsafe import Markup, escape
from wtforms import StringField
from wtforms.validators import Length

from backoffice import audit
from backoffice.admin.access import AccessMixin, needs
from backoffice.admin.access_log import note
from backoffice.admin.base import IndonesianSecureForm, SecureModelView, current_zone
from backoffice.admin.documents import mask_number
from backoffice.admin.scoping import scoped, viewer
from backoffice.admin.surveys import viewer_office
from backoffice.db import write_transaction
from backoffice.domain import breaches, retention, subject_data
from backoffice.domain.dates import to_local
from backoffice.domain.errors import ValidationError
from backoffice.domain.identity import search_term
from backoffice.i18n import format_datetime_id
from backoffice.models import Applicant, DataBreach, Office
from backoffice.models.base import utcnow

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PREVIEW_ROWS = 200  # the people listed on the preview; the count is of all


# --- ekspor data subjek ---------------------------------------------------------------------


class SubjectForm(IndonesianSecureForm):
    nik = StringField("NIK", validators=[Length(max=40, message="NIK paling banyak 16 digit.")],
                      description="16 digit, boleh diketik dengan spasi, titik atau tanda "
                                  "hubung seperti di KTP.")  # fmt: skip


class SubjectExportView(AccessMixin, BaseView):
    """Ekspor data subjek: an office's admin or supervisor types a NIK and downloads every row
    the office holds about that person (audited, and logged in the access log)."""

    area = "subject_export"

    @expose("/")
    @needs("read")
    def index(self):
        return self.page(SubjectForm(None))

    def page(self, form):
        return self.render("admin/privacy/subject_export.html", form=form,
                           may_download=self.may("download"))  # fmt: skip

    @expose("/unduh", methods=["POST"])
    @needs("download")
    def download(self):
        form = SubjectForm(request.form)
        person = self.person_of(form) if form.validate() else None
        if person is None:
            return self.page(form)
        made = subject_data.sheets(person, viewer())
        now = utcnow()
        office = current_user.office
        body = subject_data.write_xlsx(person, made, str(current_user),
                                       to_local(now, current_zone()),
                                       office.name if office else "Semua dinas")  # fmt: skip
        rows = sum(len(sheet.rows) for sheet in made)
        with write_transaction():
            audit.record("download", person, office_id=current_user.office_id,
                         summary=f"Ekspor data subjek pemohon #{person.id}: {rows} baris dari "
                                 f"{len(made)} tabel")  # fmt: skip
            note([person.id], "subject_export", f"Ekspor data subjek ({rows} baris)")
        name = f"data-subjek-pemohon-{person.id}-{now:%Y%m%d}.xlsx"
        return Response(
            body, mimetype=XLSX, headers={"Content-Disposition": f'attachment; filename="{name}"'}
        )

    def person_of(self, form) -> Applicant | None:
        """The person of the NIK typed, inside the account's scope; else the reason next to
        the field (another office's person is "not found", as nobody's is)."""
        digits = search_term(form.nik.data or "")
        if not (digits.isascii() and digits.isdigit() and len(digits) == 16):
            form.nik.errors = [f"NIK harus 16 digit angka; yang diisi {len(digits)} karakter."]
            return None
        person = scoped(Applicant.select()).where(Applicant.nik == digits).first()
        if person is None:
            form.nik.errors = ["Tidak ada pemohon dengan NIK ini di data dinas Anda."]
        return person


# --- retensi ---------------------------------------------------------------------------------


class RetentionForm(IndonesianSecureForm):
    years = StringField(
        "Simpan permohonan yang sudah selesai selama (tahun)",
        validators=[Length(max=10, message=retention.YEARS_MESSAGE)],
        description="Kosongkan untuk mematikan: data disimpan tanpa batas.",
    )


class RetentionView(AccessMixin, BaseView):
    """Retensi data: the office's rule (set by its admin) and the preview of its next run."""

    area = "retention"

    @expose("/")
    @needs("read")
    def index(self):
        office = viewer_office() or abort(404)
        rule = retention.rule_of(office)
        form = RetentionForm(None)
        form.years.data = str(rule.years) if rule and rule.years else ""
        return self.page(office, rule, form)

    @expose("/simpan", methods=["POST"])
    @needs("edit")
    def save(self):
        office = viewer_office() or abort(404)
        form = RetentionForm(request.form)
        if form.validate():
            try:
                years = retention.parse_years(form.years.data)
            except ValidationError as exc:
                form.years.errors = [exc.errors["years"]]
            else:
                self.store(office, years)
                return redirect(url_for(".index", office=office.id))
        return self.page(office, retention.rule_of(office), form)

    def store(self, office: Office, years: int | None) -> None:
        with write_transaction():
            rule = retention.set_rule(office, years, current_user.id, utcnow())
            said = f"{years} tahun" if years else "mati (disimpan tanpa batas)"
            audit.record("update", rule, f"Retensi data {office.short_name}: {said}",
                         office_id=office.id)  # fmt: skip
        flash(f"Retensi disimpan: {said}." + (" Lihat di bawah siapa yang akan dianonimkan "
              "pada jalannya berikutnya." if years else ""), "success")  # fmt: skip

    def page(self, office: Office, rule, form):
        now = utcnow()
        zone = retention.zone_of(office)
        moment = retention.next_run(rule, office, now)
        people = retention.candidates(office, moment) if moment else []
        when = lambda value: format_datetime_id(value, zone)  # noqa: E731
        offices = [] if current_user.office_id else list(Office.select().order_by(Office.name))
        return self.render("admin/privacy/retention.html", office=office, rule=rule,
                           form=form, next_run=moment, due=moment is not None and moment <= now,
                           people=people[:PREVIEW_ROWS],
                           total=len(people), when=when, mask=mask_number,
                           offices=offices, may_edit=self.may("edit"),
                           run_hour=retention.RUN_HOUR)  # fmt: skip


# --- insiden kebocoran data ------------------------------------------------------------------


def _clock(view, context, model, name):
    state = breaches.clock(model, utcnow())
    css = "badge-danger" if state.overdue else "badge-info" if state.open else "badge-light"
    due = escape(format_datetime_id(breaches.deadline(model), current_zone()))
    return Markup(f'{due} <span class="badge {css}">{escape(state.text)}</span>')


class BreachView(SecureModelView):
    """Insiden kebocoran data: what happened, to whom, what was done, and when the people and
    the authority were told; the 72-hour deadline with the time left (or overdue)."""

    area = "breaches"
    column_list = ["discovered_at", "office", "description", "people_affected", "deadline",
                   "subjects_notified_at", "authority_notified_at"]  # fmt: skip
    column_details_list = ["office", "discovered_at", "deadline", "description", "data_affected",
                           "people_affected", "actions_taken", "subjects_notified_at",
                           "authority_notified_at", "recorded_by", "created_at",
                           "updated_at"]  # fmt: skip
    column_labels = {
        "office": "Dinas",
        "discovered_at": "Diketahui pada",
        "description": "Uraian kejadian",
        "data_affected": "Data pribadi yang terdampak",
        "people_affected": "Jumlah orang terdampak",
        "actions_taken": "Tindakan yang diambil",
        "subjects_notified_at": "Subjek data diberi tahu pada",
        "authority_notified_at": "Lembaga PDP diberi tahu pada",
        "recorded_by": "Dicatat oleh",
        "created_at": "Dicatat",
        "updated_at": "Diubah",
        "deadline": "Batas pemberitahuan (3 × 24 jam)",
    }
    list_labels = {"subjects_notified_at": "Subjek diberi tahu",
                   "authority_notified_at": "Lembaga diberi tahu",
                   "people_affected": "Orang", "deadline": "Batas 3 × 24 jam"}  # fmt: skip
    column_formatters = {"deadline": _clock}
    column_formatters_detail = {"deadline": _clock}
    column_default_sort = ("discovered_at", True)
    column_sortable_list = ["discovered_at"]
    form_columns = ["office", "discovered_at", "description", "data_affected", "people_affected",
                    "actions_taken", "subjects_notified_at", "authority_notified_at"]  # fmt: skip
    form_args = {
        "discovered_at": {"description": "Saat dinas mengetahui kebocoran; batas 3 × 24 jam "
                                         "(UU 27/2022 Pasal 46) dihitung sejak saat ini."},
        "data_affected": {"description": "Mis. NIK, nama dan alamat pemohon desa X; berkas "
                                         "ekspor daftar pemohon."},
        "subjects_notified_at": {"description": "Kosongkan selama belum diberitahukan."},
        "authority_notified_at": {"description": "Kosongkan selama belum diberitahukan."},
    }  # fmt: skip

    def check_form(self, form):
        breaches.check(form.discovered_at.data, form.subjects_notified_at.data,
                       form.authority_notified_at.data, utcnow())  # fmt: skip

    def on_model_change(self, form, model, is_created):
        if is_created:
            model.recorded_by = current_user.id
        model.updated_at = utcnow()


def breach_summary(now: dt.datetime) -> list[tuple[DataBreach, breaches.ClockState]]:
    """The home page's open breaches of the account's scope, each with its clock."""
    return [(b, breaches.clock(b, now)) for b in breaches.open_breaches(viewer())]
