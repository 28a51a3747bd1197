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


EQUAL_WEIGHTS = {code: Fraction(1, len(ELEMENT_CODES)) for code in ELEMENT_CODES}


def check_weights(weights: Mapping[str, object]) -> dict[str, Fraction]:
    """An office's weights as exact fractions; ValueError unless all nine sum to exactly 1."""
    exact = {code: Fraction(str(weights.get(code, 0))) for code in ELEMENT_CODES}
    if any(w < 0 for w in exact.values()) or sum(exact.values()) != 1:
        raise ValueError("the weights of the nine elements must be non-negative and sum to 1")
    return exact


def ikm_score(
    averages: Mapping[str, float], weights: Mapping[str, object] | None = None
) -> Decimal:
    """The IKM (25–100, two decimals) from the average score (1–4) of every element, weighted
    by exactly 1/9 each, or by the office's `weights` (which must sum to 1)."""
    missing = [code for code in ELEMENT_CODES if code not in averages]
    if missing:
        raise ValueError(f"elements without an average: {', '.join(missing)}")
    used = EQUAL_WEIGHTS if weights is None else check_weights(weights)
    total = sum((Fraction(averages[code]) * used[code] for code in ELEMENT_CODES), Fraction(0))
    exact = total * SCALE
    return (Decimal(exact.numerator) / Decimal(exact.denominator)).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )


def grade(score: Decimal) -> tuple[str, str]:
    """(grade letter, performance in Indonesian) of an IKM score on the 25–100 scale."""
    for lowest, letter, performance in GRADES:
        if score >= lowest:
            return letter, performance
    raise ValueError(f"an IKM below 25 is impossible: {score}")


def survey_result(
    responses: list[Mapping[str, int]], weights: Mapping[str, object] | None = None
) -> SurveyResult | None:
    """The IKM of a list of answers (each a mapping u1..u9 → 1..4); None when there are none."""
    if not responses:
        return None
    averages = {
        code: Fraction(sum(r[code] for r in responses), len(responses)) for code in ELEMENT_CODES
    }
    return result_from_averages(len(responses), averages, weights)


def result_from_averages(
    respondents: int, averages: Mapping[str, float], weights: Mapping[str, object] | None = None
) -> SurveyResult:
    """The IKM of `respondents` answers whose element averages are already known."""
    score = ikm_score(averages, weights)
    letter, performance = grade(score)
    rounded = {code: round(float(averages[code]), 2) for code in ELEMENT_CODES}
    return SurveyResult(respondents, rounded, score, letter, performance)


# Krejcie & Morgan (1970): n = χ²·N·P(1−P) / (d²·(N−1) + χ²·P(1−P)), rounded to the nearest
# whole respondent, reproduces their table of minimum samples for a population N.
CHI_SQUARE = Fraction("3.841")
PROPORTION = Fraction(1, 2)
MARGIN = Fraction("0.05")


def minimum_respondents(population: int) -> int:
    """The Krejcie–Morgan minimum number of respondents for `population` people served."""
    if population <= 0:
        return 0
    spread = CHI_SQUARE * PROPORTION * (1 - PROPORTION)
    exact = spread * population / (MARGIN**2 * (population - 1) + spread)
    return int(
        (Decimal(exact.numerator) / Decimal(exact.denominator)).quantize(
            Decimal("1"), rounding=ROUND_HALF_UP
        )
    )
