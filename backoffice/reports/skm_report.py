"""The SKM report (laporan survei kepuasan masyarakat) in the customary chapters: the survey's
basis, the respondents, the per-element table, the IKM per service, the follow-up plan."""

import datetime as dt

from backoffice.domain import skm
from backoffice.models import Office, SurveyFollowUp
from backoffice.models.surveys import SURVEY_ELEMENTS
from backoffice.reports import writers
from backoffice.reports.document import Report, Section

ELEMENT_LABELS = dict(SURVEY_ELEMENTS)


def build(office: Office, start: dt.date, end: dt.date) -> Report:
    indexes = skm.index_per_service(office, start, end)
    whole = indexes[0]
    report = Report(
        f"Laporan Survei Kepuasan Masyarakat - {office.name}",
        [f"Periode: {start:%d-%m-%Y} s.d. {end:%d-%m-%Y}",
         "Dasar: Peraturan Menteri PANRB Nomor 14 Tahun 2017 (sembilan unsur, skala 1-4, "
         "IKM = rata-rata tertimbang x 25)."],
    )  # fmt: skip
    report.sections.append(_respondents(indexes))
    report.sections.append(_elements(whole))
    report.sections.append(_follow_up(office, start, end))
    return report


def _respondents(indexes) -> Section:
    section = Section("Bab I. Responden dan IKM per layanan",
                      ["Layanan", "Dilayani", "Minimal responden (Krejcie-Morgan)", "Responden",
                       "IKM", "Mutu"])  # fmt: skip
    for index in indexes:
        name = index.service.name if index.service else "Seluruh layanan"
        score = index.result.score if index.result else None
        grade = f"{index.result.grade} ({index.result.performance})" if index.result else "-"
        section.rows.append([name, index.served, index.minimum, index.respondents, score, grade])
    return section


def _elements(index) -> Section:
    section = Section("Bab II. Nilai rata-rata per unsur (seluruh layanan)",
                      ["Kode", "Unsur", "Nilai rata-rata", "Nilai x 25"])  # fmt: skip
    if index.result:
        for code, average in index.result.averages.items():
            section.rows.append(
                [code.upper(), ELEMENT_LABELS[code], average, round(average * 25, 2)]
            )
    weakest = ", ".join(ELEMENT_LABELS[c] for c, _ in index.weakest())
    section.note = f"Unsur terlemah: {weakest}." if weakest else "Belum ada jawaban."
    return section


def _follow_up(office, start, end) -> Section:
    section = Section(
        "Bab III. Rencana tindak lanjut",
        ["Unsur", "Rencana", "Penanggung jawab", "Target", "Kemajuan (%)"],
    )
    rows = SurveyFollowUp.select().where(
        (SurveyFollowUp.office == office.id) & (SurveyFollowUp.period_end >= start)
        & (SurveyFollowUp.period_start <= end)
    )  # fmt: skip
    for row in rows:
        section.rows.append([ELEMENT_LABELS[row.element], row.action, row.owner,
                             f"{row.due_date:%d-%m-%Y}", row.progress])  # fmt: skip
    return section


def render(report: Report, fmt: str) -> tuple[bytes, str]:
    return writers.render(report, fmt)
