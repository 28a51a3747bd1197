"""The satisfaction survey (SKM): answers entered from paper forms, the office's weights, the
follow-up plan, canned complaint answers, and the index page with its PDF and XLSX report."""

import datetime as dt

from flask import Response, abort, flash, redirect, request, url_for
from flask_admin import BaseView, expose
from wtforms import StringField
from wtforms.validators import Length

from backoffice import audit
from backoffice.admin.access import AccessMixin, needs
from backoffice.admin.base import IndonesianSecureForm, SecureModelView, record_audit
from backoffice.admin.filters import EqualsFilter, YearFilter, office_filter
from backoffice.admin.periods import half_year_arg, int_arg
from backoffice.admin.scoping import viewer
from backoffice.db import write_transaction
from backoffice.domain import skm
from backoffice.domain.errors import OfficeDataError, ValidationError
from backoffice.models import Office, SurveyFollowUp, SurveyResponse
from backoffice.models.surveys import SURVEY_ELEMENTS
from backoffice.reports import skm_report

ELEMENT_LABELS = {code: f"U{n}. {label}" for n, (code, label) in enumerate(SURVEY_ELEMENTS, 1)}


class SurveyView(SecureModelView):
    area = "surveys"
    column_list = ["date", "office", "service", "source", *[code for code, _ in SURVEY_ELEMENTS]]
    column_labels = {
        "date": "Tanggal",
        "office": "Dinas",
        "service": "Jenis layanan",
        "source": "Sumber",
        "respondent_sex": "Jenis kelamin responden",
        "respondent_age": "Umur responden",
        "respondent_education": "Pendidikan responden",
        "respondent_occupation": "Pekerjaan responden",
        "suggestion": "Saran",
        **ELEMENT_LABELS,
    }
    form_columns = [
        "office", "date", "service", "respondent_sex", "respondent_age", "respondent_education",
        "respondent_occupation", *[code for code, _ in SURVEY_ELEMENTS], "suggestion",
    ]  # fmt: skip
    # Each element offers its own four answers, as the printed questionnaire does.
    form_choices = {
        e.code: [(str(n), f"{n} - {label}") for n, label in enumerate(e.answers, 1)]
        for e in skm.ELEMENTS
    }
    column_default_sort = ("date", True)
    column_filters = [
        YearFilter(SurveyResponse.date, "Tahun"),
        office_filter(SurveyResponse.office),
        EqualsFilter(
            SurveyResponse.source, "Sumber", options=(("paper", "Kertas"), ("kiosk", "Kios"))
        ),
    ]

    def check_form(self, form):
        age = form.respondent_age.data
        if age is not None and not 10 <= age <= 110:
            raise ValidationError({"respondent_age": "Umur responden harus 10 sampai 110 tahun."})


class FollowUpView(SecureModelView):
    area = "surveys"
    column_list = ["element", "service", "action", "owner", "due_date", "progress", "status"]
    column_labels = {
        "office": "Dinas",
        "service": "Jenis layanan",
        "period_start": "Periode survei dari",
        "period_end": "sampai",
        "element": "Unsur",
        "action": "Rencana tindak lanjut",
        "owner": "Penanggung jawab",
        "due_date": "Target selesai",
        "progress": "Kemajuan (%)",
        "status": "Status",
        "notes": "Catatan",
    }
    form_columns = [
        "office", "service", "period_start", "period_end", "element", "action", "owner",
        "due_date", "progress", "status", "notes",
    ]  # fmt: skip
    column_filters = [office_filter(SurveyFollowUp.office)]

    def check_form(self, form):
        errors = {}
        if form.progress.data is not None and not 0 <= form.progress.data <= 100:
            errors["progress"] = "Kemajuan 0 sampai 100 persen."
        if (
            form.period_start.data
            and form.period_end.data
            and form.period_end.data < form.period_start.data
        ):
            errors["period_end"] = "Akhir periode tidak boleh sebelum awalnya."
        if errors:
            raise ValidationError(errors)


class CannedAnswerView(SecureModelView):
    area = "complaints"
    column_list = ["title", "office", "active"]
    column_labels = {"title": "Judul", "body": "Isi jawaban", "office": "Dinas", "active": "Aktif"}
    form_columns = ["office", "title", "body", "active"]


# The nine weights as one set (u1..u9), typed as decimals; all blank: 1/9 each.
WeightsForm = type("WeightsForm", (IndonesianSecureForm,), {
    code: StringField(label, validators=[Length(max=20)])
    for code, label in ELEMENT_LABELS.items()
})  # fmt: skip


class WeightView(AccessMixin, BaseView):
    """Bobot unsur SKM: an office's own weights, saved as one set of nine summing to 1, or
    none (the regulation's exact 1/9). Never row by row: a single row would leave the IKM of
    the office uncomputable."""

    area = "surveys"

    @expose("/")
    @needs("read")
    def index(self):
        office = viewer_office() or abort(404)
        form = WeightsForm(None)
        for code, weight in skm.stored_weights(office).items():
            if code in form:
                form[code].data = format_weight(weight)
        return self.page(office, form, {})

    @expose("/simpan", methods=["POST"])
    @needs("edit")
    def save(self):
        office = viewer_office() or abort(404)
        form = WeightsForm(request.form)
        errors = self.store(office, form) if form.validate() else {}
        if form.errors or errors:
            return self.page(office, form, errors)
        return redirect(url_for(".index", office=office.id))

    def page(self, office: Office, form, errors: dict[str, str]):
        stored = skm.stored_weights(office)
        return self.render("admin/skm/weights.html", form=form, office=office,
                           errors=errors, problem=skm.weights_problem(stored),
                           own=bool(stored), may_edit=self.may("edit"),
                           hint=skm.WEIGHTS_HINT)  # fmt: skip

    def store(self, office: Office, form) -> dict[str, str]:
        """Save the form's set (or none); the problems by field when refused."""
        try:
            weights = skm.parse_weights({code: form[code].data for code in ELEMENT_LABELS})
            with write_transaction():
                skm.save_weights(office, weights)
                audit.record("update", office, weights_summary(weights),
                             entity="survey_weight", object_id=str(office.id))  # fmt: skip
        except ValidationError as exc:
            for code, message in exc.errors.items():
                if code in form:
                    form[code].errors = [message]
            return exc.errors
        flash("Bobot unsur SKM disimpan." if weights else
              "Bobot unsur SKM dikosongkan: IKM memakai bobot baku 1/9.", "success")  # fmt: skip
        return {}


def format_weight(weight) -> str:
    """0.150000 → "0,15" (the form's own notation)."""
    text = format(weight.normalize(), "f") if weight == weight else str(weight)
    return text.replace(".", ",")


def weights_summary(weights) -> str:
    if not weights:
        return "Bobot unsur SKM: bobot baku 1/9"
    return "Bobot unsur SKM: " + ", ".join(
        f"{code.upper()} {format_weight(w)}" for code, w in weights.items()
    )


def viewer_office() -> Office | None:
    """The signed-in account's office, or (installation admin) the office of ?office=."""
    office = viewer().office
    if office is None:
        office_id = int_arg("office", 0, 0, 2**31)
        office = Office.get_or_none(Office.id == office_id)
        office = office or Office.select().order_by(Office.id).first()
    return office


class SkmReportView(AccessMixin, BaseView):
    """IKM per service and semester, the respondents against the minimum, and the report."""

    area = "surveys"

    @expose("/")
    @needs("read")
    def index(self):
        office = viewer_office()
        start, end = half_year_arg(dt.date.today())
        try:
            indexes = skm.index_per_service(office, start, end) if office else []
            problem = ""
        except OfficeDataError as exc:  # this office's IKM cannot be computed: say why
            indexes, problem = [], exc.reason
        return self.render("admin/skm/index.html", office=office, start=start, end=end,
                           indexes=indexes, elements=skm.ELEMENTS,
                           problem=problem)  # fmt: skip

    @expose("/report.<fmt>")
    @needs("download")
    def report(self, fmt):
        office = viewer_office()
        if office is None or fmt not in ("pdf", "xlsx"):
            return Response("Laporan tidak tersedia.", status=404)
        start, end = half_year_arg(dt.date.today())
        try:
            data = skm_report.build(office, start, end)
        except OfficeDataError as exc:
            flash(f"Laporan SKM tidak dapat dibuat. {exc.reason}", "error")
            return redirect(url_for(".index", office=office.id))
        record_audit(
            "download", office, f"Laporan SKM {start:%d-%m-%Y} s.d. {end:%d-%m-%Y} ({fmt})"
        )
        body, mime = skm_report.render(data, fmt)
        name = f"laporan-skm-{office.slug}-{start:%Y%m}.{fmt}"
        return Response(
            body, mimetype=mime, headers={"Content-Disposition": f'attachment; filename="{name}"'}
        )
