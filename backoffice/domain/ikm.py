"""The satisfaction index (IKM, Indeks Kepuasan Masyarakat) from SKM answers.

Permenpan RB 14/2017: IKM = sum over the nine elements (unsur) of (average score × 1/9),
then × 25 to a 25–100 scale. The weight is exactly 1/9: the rounded 0.111 the regulation
prints would cap a perfect score at 99.9. Grades (mutu pelayanan) are read on the score
rounded half-up to two decimals, the precision the regulation's bands are written in.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

ELEMENT_CODES = ("u1", "u2", "u3", "u4", "u5", "u6", "u7", "u8", "u9")
SCALE = 25
# (lowest score, grade, performance): the bands of Permenpan RB 14/2017, best first.
GRADES = (
    (Decimal("88.31"), "A", "Sangat baik"),
    (Decimal("76.61"), "B", "Baik"),
    (Decimal("65.00"), "C", "Kurang baik"),
    (Decimal("25.00"), "D", "Tidak baik"),
)


@dataclass(frozen=True)
class SurveyResult:
    """One office's IKM: the respondents counted, each element's average, score and grade."""

    respondents: int
    averages: dict[str, float]
    score: Decimal
    grade: str
    performance: str


def ikm_score(averages: Mapping[str, float]) -> Decimal:
    """The IKM (25–100, two decimals) from the average score (1–4) of every element."""
    missing = [code for code in ELEMENT_CODES if code not in averages]
    if missing:
        raise ValueError(f"elements without an average: {', '.join(missing)}")
    total = sum((Fraction(averages[code]) for code in ELEMENT_CODES), Fraction(0))
    exact = total * Fraction(1, len(ELEMENT_CODES)) * SCALE
    return (Decimal(exact.numerator) / Decimal(exact.denominator)).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )


def grade(score: Decimal) -> tuple[str, str]:
    """(grade letter, performance in Indonesian) of an IKM score on the 25–100 scale."""
    for lowest, letter, performance in GRADES:
        if score >= lowest:
            return letter, performance
    raise ValueError(f"an IKM below 25 is impossible: {score}")


def survey_result(responses: list[Mapping[str, int]]) -> SurveyResult | None:
    """The IKM of a list of answers (each a mapping u1..u9 → 1..4); None when there are none."""
    if not responses:
        return None
    averages = {
        code: Fraction(sum(r[code] for r in responses), len(responses)) for code in ELEMENT_CODES
    }
    return result_from_averages(len(responses), averages)


def result_from_averages(respondents: int, averages: Mapping[str, float]) -> SurveyResult:
    """The IKM of `respondents` answers whose element averages are already known."""
    score = ikm_score(averages)
    letter, performance = grade(score)
    rounded = {code: round(float(averages[code]), 2) for code in ELEMENT_CODES}
    return SurveyResult(respondents, rounded, score, letter, performance)
