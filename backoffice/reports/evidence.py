"""The one-page evidence report (bukti evaluasi PEKPPP) of an office for a year."""

import datetime as dt

from backoffice.domain import evidence, skm
from backoffice.domain.errors import OfficeDataError
from backoffice.models import Office
from backoffice.models.evidence import MEDIA, PUBLISHED_ITEMS
from backoffice.reports.document import Report, Section


def build(office: Office, year: int) -> Report:
    found = evidence.year_evidence(office, year)
    media, items = dict(MEDIA), dict(PUBLISHED_ITEMS)
    report = Report(f"Bukti Evaluasi Pelayanan Publik {year} - {office.name}",
                    ["Permenpan RB 29/2022 (PEKPPP): standar, konsultasi publik, publikasi, "
                     "evaluasi, SKM dan tindak lanjutnya."])  # fmt: skip
    report.sections.append(
        Section(
            "Standar pelayanan",
            ["Judul", "No. SK", "Revisi", "Status"],
            [[s.title, s.decree_number, s.revision_number, s.status] for s in found["standards"]],
        )
    )
    report.sections.append(
        Section(
            "Versi standar tahun ini",
            ["Versi", "Dicatat", "Perubahan"],
            [[v.number, f"{v.recorded_at:%d-%m-%Y}", v.changes] for v in found["versions"]],
        )
    )
    report.sections.append(
        Section(
            "Konsultasi publik",
            ["Tanggal", "Peserta", "Jumlah"],
            [
                [f"{c.held_on:%d-%m-%Y}", c.participants, c.participant_count]
                for c in found["consultations"]
            ],
        )
    )
    report.sections.append(
        Section(
            "Evaluasi berkala",
            ["Tanggal", "Temuan", "Berikutnya"],
            [
                [f"{r.reviewed_on:%d-%m-%Y}", r.findings, f"{r.next_due:%d-%m-%Y}"]
                for r in found["reviews"]
            ],
        )
    )
    report.sections.append(
        Section(
            "Publikasi",
            ["Yang dipublikasikan", "Media", "Tanggal", "Bukti"],
            [
                [items[p.item], media[p.medium], f"{p.published_on:%d-%m-%Y}", p.proof]
                for p in found["publications"]
            ],
        )
    )
    report.sections.append(_survey(office, year))
    report.sections.append(
        Section(
            "Tindak lanjut SKM",
            ["Unsur", "Rencana", "Kemajuan (%)"],
            [[f.element.upper(), f.action, f.progress] for f in found["follow_ups"]],
        )
    )
    return report


def _survey(office: Office, year: int) -> Section:
    section = Section("Survei kepuasan", ["Responden", "Minimal", "IKM"])
    try:
        whole = skm.survey_index(office, None, dt.date(year, 1, 1), dt.date(year, 12, 31))
    except OfficeDataError as exc:  # this section only: the rest of the evidence stands
        section.note = exc.reason
        return section
    score = f"{whole.result.score} ({whole.result.grade})" if whole.result else "-"
    section.rows.append([whole.respondents, whole.minimum, score])
    return section
