"""The satisfaction survey (SKM): answers entered from paper forms, the office's weights, the
follow-up plan, canned complaint answers, and the index page with its PDF and XLSX report."""

import datetime as dt

from flask import Response
from flask_admin import BaseView, expose

from backoffice.admin.access import AccessMixin, needs
from backoffice.admin.base import SecureModelView, record_audit
from backoffice.admin.filters import EqualsFilter, YearFilter, office_filter
from backoffice.admin.periods import half_year_arg, int_arg
from backoffice.admin.scoping import viewer
from backoffice.domain import skm
from backoffice.domain.errors import ValidationError
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


class WeightView(SecureModelView):
    area = "surveys"
    column_list = ["office", "element", "weight"]
    column_labels = {"office": "Dinas", "element": "Unsur", "weight": "Bobot"}
    form_columns = ["office", "element", "weight"]


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
        indexes = skm.index_per_service(office, start, end) if office else []
        return self.render("admin/skm/index.html", office=office, start=start, end=end,
                           indexes=indexes, elements=skm.ELEMENTS)  # fmt: skip

    @expose("/report.<fmt>")
    @needs("download")
    def report(self, fmt):
        office = viewer_office()
        if office is None or fmt not in ("pdf", "xlsx"):
            return Response("Laporan tidak tersedia.", status=404)
        start, end = half_year_arg(dt.date.today())
        data = skm_report.build(office, start, end)
        record_audit(
            "download", office, f"Laporan SKM {start:%d-%m-%Y} s.d. {end:%d-%m-%Y} ({fmt})"
        )
        body, mime = skm_report.render(data, fmt)
        name = f"laporan-skm-{office.slug}-{start:%Y%m}.{fmt}"
        return Response(
            body, mimetype=mime, headers={"Content-Disposition": f'attachment; filename="{name}"'}
        )
