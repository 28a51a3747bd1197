"""The satisfaction survey (SKM, Permenpan RB 14/2017): the questionnaire and its index.

`ELEMENTS` declares the nine elements (unsur) with the question the respondent reads and the
four answers, worst (1) to best (4), each element with its own words (biaya: "Sangat mahal" …
"Gratis"). `survey_index` gives the IKM of one office, per service and period, with the number
of people served in that period (counted from the applications received) and the
Krejcie–Morgan minimum of respondents for it.
"""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from fractions import Fraction

from peewee import fn

from backoffice.db import database
from backoffice.domain import ikm
from backoffice.domain.errors import OfficeDataError, ValidationError
from backoffice.models import Application, Office, Service, SurveyResponse, SurveyWeight
from backoffice.models.standards import ServiceStandard


@dataclass(frozen=True)
class Element:
    code: str
    label: str
    question: str
    answers: tuple[str, str, str, str]


ELEMENTS = (
    Element("u1", "Persyaratan",
            "Bagaimana pendapat Saudara tentang kesesuaian persyaratan pelayanan dengan jenis "
            "pelayanannya?", ("Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai")),
    Element("u2", "Sistem, mekanisme dan prosedur",
            "Bagaimana pemahaman Saudara tentang kemudahan prosedur pelayanan di unit ini?",
            ("Tidak mudah", "Kurang mudah", "Mudah", "Sangat mudah")),
    Element("u3", "Waktu penyelesaian",
            "Bagaimana pendapat Saudara tentang kecepatan waktu dalam memberikan pelayanan?",
            ("Tidak cepat", "Kurang cepat", "Cepat", "Sangat cepat")),
    Element("u4", "Biaya/tarif",
            "Bagaimana pendapat Saudara tentang kewajaran biaya/tarif dalam pelayanan?",
            ("Sangat mahal", "Cukup mahal", "Murah", "Gratis")),
    Element("u5", "Produk spesifikasi jenis pelayanan",
            "Bagaimana pendapat Saudara tentang kesesuaian produk pelayanan antara yang "
            "tercantum dalam standar pelayanan dengan hasil yang diberikan?",
            ("Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai")),
    Element("u6", "Kompetensi pelaksana",
            "Bagaimana pendapat Saudara tentang kompetensi/kemampuan petugas dalam pelayanan?",
            ("Tidak kompeten", "Kurang kompeten", "Kompeten", "Sangat kompeten")),
    Element("u7", "Perilaku pelaksana",
            "Bagaimana pendapat Saudara tentang perilaku petugas dalam pelayanan terkait "
            "kesopanan dan keramahan?",
            ("Tidak sopan dan ramah", "Kurang sopan dan ramah", "Sopan dan ramah",
             "Sangat sopan dan ramah")),
    Element("u8", "Penanganan pengaduan, saran dan masukan",
            "Bagaimana pendapat Saudara tentang penanganan pengaduan pengguna layanan?",
            ("Tidak ada", "Ada tetapi tidak berfungsi", "Berfungsi kurang maksimal",
             "Dikelola dengan baik")),
    Element("u9", "Sarana dan prasarana",
            "Bagaimana pendapat Saudara tentang kualitas sarana dan prasarana?",
            ("Buruk", "Cukup", "Baik", "Sangat baik")),
)  # fmt: skip
BY_CODE = {e.code: e for e in ELEMENTS}


@dataclass(frozen=True)
class SurveyIndex:
    """The IKM of one office for one service (None: every service) over [start, end]."""

    office: Office
    service: Service | None
    start: dt.date
    end: dt.date
    result: ikm.SurveyResult | None
    served: int
    minimum: int

    @property
    def respondents(self) -> int:
        return self.result.respondents if self.result else 0

    @property
    def enough(self) -> bool:
        return self.respondents >= self.minimum

    def weakest(self, n: int = 3) -> list[tuple[str, float]]:
        """The `n` elements with the lowest average, lowest first."""
        if self.result is None:
            return []
        return sorted(self.result.averages.items(), key=lambda item: (item[1], item[0]))[:n]


# --- the office's own weights: one set of nine summing to exactly 1, or none -------------

WEIGHT_PLACES = 6  # the column's decimals (survey_weight.weight)
WEIGHTS_HINT = (
    "Isi kesembilan bobot (desimal dengan koma atau titik, paling banyak 6 angka di belakang "
    "koma) yang jumlahnya tepat 1, atau kosongkan kesembilannya untuk bobot baku 1/9."
)


def parse_weights(texts: Mapping[str, str | None]) -> dict[str, Decimal] | None:
    """The nine weights as typed on the form ("0,15" or "0.15"), or None when all nine are
    blank (the regulation's exact 1/9). Raises ValidationError per element (u1..u9), and on
    "total" when they do not sum to exactly 1; every problem at once."""
    typed = {code: (texts.get(code) or "").strip() for code in ikm.ELEMENT_CODES}
    if not any(typed.values()):
        return None
    errors, weights = {}, {}
    for code, text in typed.items():
        try:
            weights[code] = _weight(text)
        except ValueError as exc:
            errors[code] = str(exc)
    if not errors and sum(weights.values()) != 1:
        total = str(sum(weights.values())).replace(".", ",")
        errors["total"] = f"Jumlah kesembilan bobot {total}, harus tepat 1."
    if errors:
        raise ValidationError(errors)
    return weights


def _weight(text: str) -> Decimal:
    if not text:
        raise ValueError("Isi bobot unsur ini, atau kosongkan kesembilannya untuk bobot baku.")
    try:
        value = Decimal(text.replace(",", "."))
    except InvalidOperation:
        raise ValueError("Bobot harus angka desimal, mis. 0,15.") from None
    if not value.is_finite() or not 0 <= value <= 1:
        raise ValueError("Bobot harus antara 0 dan 1.")
    if -value.as_tuple().exponent > WEIGHT_PLACES:
        raise ValueError(f"Paling banyak {WEIGHT_PLACES} angka di belakang koma.")
    return value


def weights_problem(weights: Mapping[str, object]) -> str | None:
    """Why a stored set of weights cannot be used (Indonesian), or None when it can: none at
    all, or all nine elements, each from 0 to 1, summing to exactly 1."""
    if not weights:
        return None
    missing = [code.upper() for code in ikm.ELEMENT_CODES if code not in weights]
    unknown = sorted(set(weights) - set(ikm.ELEMENT_CODES))
    if missing or unknown:
        named = ", ".join(missing) or ", ".join(unknown)
        return (
            f"Bobot unsur SKM tersimpan tidak lengkap ({len(weights)} dari 9 unsur; "
            f"{'belum ada' if missing else 'tidak dikenal'}: {named})."
        )
    try:
        exact = {code: Fraction(str(weights[code])) for code in ikm.ELEMENT_CODES}
    except (ValueError, ArithmeticError):
        return "Bobot unsur SKM tersimpan bukan angka."
    if any(not 0 <= w <= 1 for w in exact.values()):
        return "Bobot unsur SKM tersimpan di luar 0 sampai 1."
    if sum(exact.values()) != 1:
        total = float(sum(exact.values()))
        return f"Jumlah bobot unsur SKM tersimpan {total:.6f}, harus tepat 1."
    return None


def stored_weights(office: Office) -> dict[str, Decimal]:
    """The office's weight rows as stored, valid or not ({} for none)."""
    rows = SurveyWeight.select(SurveyWeight.element, SurveyWeight.weight).where(
        SurveyWeight.office == office.id
    )
    return {element: weight for element, weight in rows.tuples()}


def office_weights(office: Office) -> dict[str, Decimal] | None:
    """The office's own element weights, or None for the regulation's exact 1/9.

    Raises OfficeDataError (with the reason and what to do) when the stored set cannot be
    used: the IKM of that office fails with a named reason, never with a 500."""
    weights = stored_weights(office)
    problem = weights_problem(weights)
    if problem:
        raise OfficeDataError(
            f"{problem} IKM tidak dapat dihitung sampai bobotnya diperbaiki di "
            "Pengaduan & SKM › Bobot unsur SKM (atau dikosongkan untuk bobot baku 1/9).",
            field="weights",
        )
    return weights or None


def save_weights(office: Office, weights: Mapping[str, Decimal] | None) -> None:
    """Replace the office's weights with `weights` (nine, summing to 1: `parse_weights`), or
    remove them (None: the regulation's 1/9), in one transaction."""
    problem = weights_problem(weights or {})
    if problem:
        raise ValidationError({"total": problem})
    with database.atomic():
        SurveyWeight.delete().where(SurveyWeight.office == office.id).execute()
        for code, weight in (weights or {}).items():
            SurveyWeight.create(office=office.id, element=code, weight=weight)


def responses(office: Office, service: Service | None, start: dt.date, end: dt.date):
    query = SurveyResponse.select().where(
        (SurveyResponse.office == office.id) & SurveyResponse.date.between(start, end)
    )
    return query if service is None else query.where(SurveyResponse.service == service.id)


def served_count(office: Office, service: Service | None, start: dt.date, end: dt.date) -> int:
    """People served: distinct applicants whose applications were received in the period."""
    first = dt.datetime.combine(start, dt.time.min)
    after = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min)
    query = (
        Application.select(fn.COUNT(fn.DISTINCT(Application.applicant)))
        .join(Service)
        .join(ServiceStandard)
        .where(
            (ServiceStandard.office == office.id)
            & (Application.received_at >= first)
            & (Application.received_at < after)
            & (Application.status != "cancelled")
        )
    )
    if service is not None:
        query = query.where(Application.service == service.id)
    return query.scalar() or 0


def survey_index(
    office: Office, service: Service | None, start: dt.date, end: dt.date
) -> SurveyIndex:
    """The IKM of `office` (for `service`, or all) for answers dated start..end inclusive."""
    result = survey_result(office, service, start, end)
    served = served_count(office, service, start, end)
    return SurveyIndex(office, service, start, end, result, served, ikm.minimum_respondents(served))


def survey_result(
    office: Office, service: Service | None, start: dt.date, end: dt.date
) -> ikm.SurveyResult | None:
    """The IKM of the answers alone (None: no answer), without the people served."""
    answers = [
        {code: getattr(r, code) for code in ikm.ELEMENT_CODES}
        for r in responses(office, service, start, end)
    ]
    return ikm.survey_result(answers, office_weights(office))


def results_by_period(
    office: Office, periods: list[tuple[dt.date, dt.date]]
) -> dict[tuple[int | None, int], ikm.SurveyResult]:
    """The IKM of `office` per (service id, or None for every service; index of the period in
    `periods`, each start..end inclusive), for the pairs with answers: what `survey_result`
    gives pair by pair, from one query summing the answers per service and day."""
    codes = ikm.ELEMENT_CODES
    sums = [fn.SUM(getattr(SurveyResponse, code)) for code in codes]
    query = (
        SurveyResponse.select(SurveyResponse.service, SurveyResponse.date, fn.COUNT(1), *sums)
        .where(
            (SurveyResponse.office == office.id)
            & SurveyResponse.date.between(periods[0][0], periods[-1][1])
        )
        .group_by(SurveyResponse.service, SurveyResponse.date)
    )
    totals: dict[tuple[int | None, int], list[int]] = {}
    for service_id, day, count, *day_sums in query.tuples():
        for index, (start, end) in enumerate(periods):
            if not start <= _as_date(day) <= end:
                continue
            keys = [(None, index)] + ([(service_id, index)] if service_id is not None else [])
            for key in keys:
                total = totals.setdefault(key, [0] * (len(codes) + 1))
                for i, value in enumerate((count, *day_sums)):
                    total[i] += int(value)
    weights = office_weights(office)
    results = {}
    for key, (n, *element_totals) in totals.items():
        averages = {c: Fraction(t, n) for c, t in zip(codes, element_totals, strict=True)}
        results[key] = ikm.result_from_averages(n, averages, weights)
    return results


def _as_date(value) -> dt.date:
    # SQLite hands back the grouped day as text.
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


def services_of(office: Office) -> list[Service]:
    return list(
        Service.select().join(ServiceStandard).where(ServiceStandard.office == office.id)
        .order_by(Service.name)
    )  # fmt: skip


def index_per_service(office: Office, start: dt.date, end: dt.date) -> list[SurveyIndex]:
    """The office as a whole first, then each of its services."""
    whole = survey_index(office, None, start, end)
    return [whole, *(survey_index(office, s, start, end) for s in services_of(office))]


def half_years(until: dt.date, count: int) -> list[tuple[dt.date, dt.date]]:
    """The last `count` semesters (January–June, July–December) up to `until`, oldest first."""
    periods, year, first_half = [], until.year, until.month <= 6
    for _ in range(count):
        start = dt.date(year, 1 if first_half else 7, 1)
        end = dt.date(year, 6, 30) if first_half else dt.date(year, 12, 31)
        periods.append((start, end))
        year, first_half = (year - 1, False) if first_half else (year, True)
    return list(reversed(periods))


def published_summary(office: Office, start: dt.date, end: dt.date) -> list[dict]:
    """What the public site may show of the office's IKM for a period: per service (None for
    the office as a whole) the respondents, the score and its grade. No answer, no profile."""
    rows = []
    for index in index_per_service(office, start, end):
        if index.result is None:
            continue
        rows.append({
            "service": index.service.name if index.service else None,
            "respondents": index.respondents,
            "ikm": index.result.score,
            "grade": index.result.grade,
            "performance": index.result.performance,
            "start": start,
            "end": end,
        })  # fmt: skip
    return rows
