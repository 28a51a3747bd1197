"""The monthly report of one office (laporan bulanan): services delivered and on time, quota
use, complaints and their response times, the IKM. The same figures as the dashboard."""

import datetime as dt
from zoneinfo import ZoneInfo

from backoffice.domain import figures, skm
from backoffice.domain.errors import OfficeDataError
from backoffice.domain.scope import Viewer
from backoffice.models import Office
from backoffice.reports.document import Report, Section

MONTHS = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
          "September", "Oktober", "November", "Desember")  # fmt: skip


def build(office: Office, year: int, month: int, now: dt.datetime) -> Report:
    viewer = Viewer(role="admin", office=office)
    period = figures.month_of(office, year, month)
    report = Report(
        f"Laporan Bulanan {office.name}",
        [f"Periode: {MONTHS[month - 1]} {year}", f"Dibuat: {made_at(office, now)}"],
    )
    report.sections.append(_delivered(viewer, period))
    report.sections.append(_complaints(viewer, period, now))
    report.sections.append(_open_complaints(viewer, now))
    report.sections.append(_ikm(office, period))
    report.sections.append(_quota(viewer, year))
    return report


def made_at(office: Office, now_utc: dt.datetime) -> str:
    """When the report was made, on the office's clock: "30-11-2026 01.17 WITA"."""
    local = now_utc.replace(tzinfo=dt.UTC).astimezone(ZoneInfo(office.iana_zone))
    return f"{local:%d-%m-%Y %H.%M} {office.time_zone}"


def _delivered(viewer, period) -> Section:
    section = Section(
        "Layanan selesai dan ketepatan waktu",
        ["Jenis layanan", "Selesai", "Tepat waktu", "Persen tepat waktu"],
    )
    for name, n, on_time in figures.delivered_by_service(viewer, period):
        section.rows.append([name, n, on_time, round(100 * on_time / n, 1) if n else None])
    return section


def _complaints(viewer, period, now) -> Section:
    section = Section("Pengaduan diterima bulan ini",
                      ["Klasifikasi", "Diterima", "Ditanggapi", "Rata-rata hari sampai ditanggapi",
                       "Terlambat"])  # fmt: skip
    section.rows = figures.complaints_in_month(viewer, period, now)
    return section


def _open_complaints(viewer, now) -> Section:
    section = Section("Pengaduan terbuka dan terlambat", ["Klasifikasi", "Terbuka", "Terlambat"])
    section.rows = [[label, opened, late] for _, label, opened, late in
                    figures.complaints_by_class(viewer, now)]  # fmt: skip
    return section


def _ikm(office, period) -> Section:
    section = Section("Indeks Kepuasan Masyarakat (jawaban bulan ini)",
                      ["Layanan", "Responden", "IKM", "Mutu"])  # fmt: skip
    try:
        indexes = skm.index_per_service(office, period.first_day, period.last_day)
    except OfficeDataError as exc:  # this section only: the report is still made
        section.note = exc.reason
        return section
    for index in indexes:
        name = index.service.name if index.service else "Seluruh layanan"
        if index.result:
            section.rows.append([name, index.respondents, index.result.score, index.result.grade])
        else:
            section.rows.append([name, 0, None, "-"])
    return section


def _quota(viewer, year) -> Section:
    section = Section(f"Kuota {year} per desa dan sumber dana",
                      ["Desa/kelurahan", "Sumber dana", "Kuota", "Terpakai", "Sisa"])  # fmt: skip
    for _code, village, source, allocation, used, left in figures.quota_use(viewer, year):
        section.rows.append([village, source, allocation, used, left])
    return section
