"""The back-office home (beranda): where things stand for the signed-in account's office, as
charts with a table beside each (for screen readers and print), every figure a link to the
list it counts; and the monthly report as XLSX and PDF.

Charts are drawn by Chart.js, served with the app (static/vendor/chartjs), from the data in
each canvas's `data-chart` attribute: the CSP allows no inline script.
"""

import datetime as dt
import json

from flask import Response, abort, flash, redirect, url_for
from flask_admin import BaseView, expose
from flask_login import current_user

from backoffice.admin.access import AccessMixin, needs
from backoffice.admin.base import current_zone, record_audit
from backoffice.admin.periods import month_arg
from backoffice.admin.permissions import allowed
from backoffice.admin.scoping import viewer
from backoffice.admin.surveys import viewer_office
from backoffice.domain import figures, notices, workload
from backoffice.domain.errors import OfficeDataError
from backoffice.i18n import format_datetime_short
from backoffice.models import FiledReport, Office
from backoffice.models.base import utcnow
from backoffice.reports import monthly, writers
from backoffice.tasks import records


def chart(kind: str, title: str, rows: list[tuple[str, float | None, str]], **extra) -> dict:
    """One chart: (label, value, link) rows; the same rows fill the table beside it."""
    data = {
        "type": kind,
        "title": title,
        "labels": [label for label, _, _ in rows],
        "values": [value for _, value, _ in rows],
        "links": [link for _, _, link in rows],
        **extra,
    }
    return {"title": title, "rows": rows, "json": json.dumps(data), "id": extra.get("id", "")}


def complaint_list(**filters) -> str:
    return url_for("complaint.index_view", **filters)


def application_list(**filters) -> str:
    return url_for("application.index_view", **filters)


def dashboard_context(now: dt.datetime) -> dict:
    """Everything the home page shows, for the signed-in account's role and office."""
    me, role = viewer(), current_user.role
    context = {"charts": [], "tables": [], "counts": {}}
    if allowed(role, "applications"):
        context["charts"] += application_charts(me, now)
        context["assigned"] = workload.assigned_to(current_user)
    if allowed(role, "complaints"):
        context["charts"].append(complaint_chart(me, now))
    if allowed(role, "quotas"):
        context["quota"] = figures.quota_use(me, now.year)
    office = viewer_office()
    if office is not None and allowed(role, "surveys"):
        try:
            context["trend"] = figures.ikm_trend(office, now.date())
            context["charts"].append(ikm_chart(context["trend"]))
        except OfficeDataError as exc:  # that office's IKM only: the rest of the page shows
            context["ikm_problem"] = exc.reason
    context["may_report"] = allowed(role, "reports", "download")
    if allowed(role, "breaches"):  # UU 27/2022: 3 x 24 hours to tell the people and the authority
        from backoffice.admin.privacy import breach_summary  # it imports admin views

        context["breaches"] = breach_summary(now)
    if current_user.office_id is None and allowed(role, "queue"):
        context["no_worker"] = not records.any_worker()
    context["notices"] = [(n, notice_rows(n)) for n in notices.unread(current_user)]
    context["notice_made"] = {n.id: f"{format_datetime_short(n.created_at, current_zone())}"
                              for n, _ in context["notices"]}  # fmt: skip
    return context


def notice_rows(notice) -> list[dict]:
    """A morning list's cases as the table shows them: link, number, service or topic, the
    deadline on the office's clock, late or not."""
    rows = []
    for item in json.loads(notice.items or "[]"):
        endpoint = "application" if item["kind"] == "application" else "complaint"
        due = dt.datetime.fromisoformat(item["due_at"])
        rows.append({"link": url_for(f"{endpoint}.details_view", id=item["id"]),
                     "kind": "Permohonan" if endpoint == "application" else "Pengaduan",
                     "number": item["number"], "what": item["what"], "late": item["late"],
                     "due": format_datetime_short(due, current_zone())})  # fmt: skip
    return rows


def application_charts(me, now) -> list[dict]:
    today, late = figures.due_today_and_overdue(me, now, current_zone())
    deadlines = chart("bar", "Tenggat permohonan", [
        ("Jatuh tempo hari ini", today, application_list(flt0_tenggat_adalah="today")),
        ("Lewat tenggat", late, application_list(flt0_tenggat_adalah="late")),
    ], id="chart-deadlines")  # fmt: skip
    states = chart("bar", "Permohonan per status", [
        (label, n, application_list(flt0_status_adalah=code))
        for code, label, n in figures.applications_by_status(me)
    ], id="chart-states")  # fmt: skip
    services = chart("bar", "Permohonan terbuka per layanan", [
        (name, n, application_list(flt0_tenggat_adalah="pending",
                                   flt1_jenis_layanan_adalah=str(sid)))
        for sid, name, n in figures.open_by_service(me)
    ], id="chart-services")  # fmt: skip
    return [deadlines, states, services]


def complaint_chart(me, now) -> dict:
    rows = figures.complaints_by_class(me, now)
    overdue = [(f"{label}: terlambat", late,
                complaint_list(flt0_tenggat_adalah="late", flt1_klasifikasi_adalah=code))
               for code, label, _, late in rows]  # fmt: skip
    opened = [(f"{label}: terbuka", n,
               complaint_list(flt0_tenggat_adalah="open", flt1_klasifikasi_adalah=code))
              for code, label, n, _ in rows]  # fmt: skip
    return chart("bar", "Pengaduan terbuka dan terlambat per klasifikasi",
                 [*opened, *overdue], id="chart-complaints")  # fmt: skip


def ikm_chart(trend: list[dict]) -> dict:
    labels = [label for label, _ in trend[0]["points"]] if trend else []
    series = [
        {"label": row["service"], "values": [score for _, score in row["points"]]} for row in trend
    ]
    rows = [(f"{row['service']} ({label})", score, url_for("skm.index"))
            for row in trend for label, score in row["points"]]  # fmt: skip
    return chart("line", "IKM per layanan per semester", rows, id="chart-ikm",
                 series=series, periods=labels)  # fmt: skip


class MonthlyReportView(AccessMixin, BaseView):
    """The monthly report of the account's office, downloaded as XLSX or PDF."""

    area = "reports"

    def is_visible(self):
        return False  # reached from the dashboard

    @expose("/")
    @needs("read")
    def index(self):
        year, month = month_arg(dt.date.today())
        office = viewer_office()
        filed = [] if office is None else [
            {"id": r.id, "month": f"{monthly.MONTHS[r.month - 1]} {r.year}",
             "made": f"{format_datetime_short(r.made_at, office.iana_zone)} {office.time_zone}"}
            for r in FiledReport.select(FiledReport.id, FiledReport.year, FiledReport.month,
                                        FiledReport.made_at)
            .where(FiledReport.office == office.id)
            .order_by(FiledReport.year.desc(), FiledReport.month.desc())
        ]  # fmt: skip
        # The installation's admin reads any office's reports: which one, named and chosen.
        offices = [] if current_user.office_id else list(Office.select().order_by(Office.name))
        return self.render("admin/report_month.html", year=year, month=month, filed=filed,
                           office=office, offices=offices)  # fmt: skip

    @expose("/arsip/<int:id>.<fmt>")
    @needs("download")
    def filed(self, id, fmt):
        """A filed monthly report of the account's office, as it was made (XLSX or PDF)."""
        office = viewer_office()
        report = None if office is None or fmt not in writers.MIME else (
            FiledReport.get_or_none(FiledReport.id == id,
                                    FiledReport.office == office.id))  # fmt: skip
        if report is None:
            abort(404)
        record_audit("download", office,
                     f"Arsip laporan bulanan {report.month:02d}-{report.year} ({fmt})")  # fmt: skip
        name = f"laporan-bulanan-{office.slug}-{report.year}{report.month:02d}-arsip.{fmt}"
        disposition = {"Content-Disposition": f'attachment; filename="{name}"'}
        return Response(bytes(getattr(report, fmt)), mimetype=writers.MIME[fmt],
                        headers=disposition)  # fmt: skip

    @expose("/monthly.<fmt>")
    @needs("download")
    def download(self, fmt):
        office = viewer_office()
        if office is None or fmt not in writers.MIME:
            abort(404)
        year, month = month_arg(dt.date.today())
        try:
            report = monthly.build(office, year, month, utcnow())
        except OfficeDataError as exc:  # this office's stored settings: say which
            flash(f"Laporan bulanan tidak dapat dibuat. {exc.reason}", "error")
            return redirect(url_for(".index"))
        body, mime = writers.render(report, fmt)
        record_audit("download", office, f"Laporan bulanan {month:02d}-{year} ({fmt})")
        name = f"laporan-bulanan-{office.slug}-{year}{month:02d}.{fmt}"
        return Response(
            body, mimetype=mime, headers={"Content-Disposition": f'attachment; filename="{name}"'}
        )
