"""The satisfaction index (IKM) of Permenpan RB 14/2017."""

from decimal import Decimal

import pytest

from backoffice.domain.ikm import grade, ikm_score, minimum_respondents, survey_result

ALL = ("u1", "u2", "u3", "u4", "u5", "u6", "u7", "u8", "u9")


def answers(score):
    return dict.fromkeys(ALL, score)


def test_ikm_of_a_perfect_survey_is_exactly_100_not_99_9():
    assert ikm_score(answers(4)) == Decimal("100.00")


def test_ikm_of_the_lowest_answers_is_25():
    assert ikm_score(answers(1)) == Decimal("25.00")


def test_ikm_weights_every_element_by_one_ninth_then_scales_by_25():
    averages = answers(3) | {"u1": 4, "u2": 2}
    assert ikm_score(averages) == Decimal("75.00")


def test_ikm_refuses_a_missing_element():
    with pytest.raises(ValueError, match="u9"):
        ikm_score({code: 3 for code in ALL[:8]})


@pytest.mark.parametrize(
    ("score", "letter"),
    [
        ("100", "A"),
        ("88.31", "A"),
        ("88.30", "B"),
        ("76.61", "B"),
        ("76.60", "C"),
        ("65.00", "C"),
        ("64.99", "D"),
        ("25.00", "D"),
    ],
)
def test_grade_bands_meet_at_the_regulations_boundaries(score, letter):
    assert grade(Decimal(score))[0] == letter


def test_grade_names_the_performance_in_indonesian():
    assert grade(Decimal("90")) == ("A", "Sangat baik")
    assert grade(Decimal("50")) == ("D", "Tidak baik")


def test_survey_result_averages_each_element_over_the_respondents():
    result = survey_result([answers(4), answers(3), answers(3) | {"u9": 2}])
    assert result.respondents == 3
    assert result.averages["u1"] == pytest.approx(3.33)
    assert result.averages["u9"] == 3.0
    assert result.score == Decimal("82.41")  # (8 × 10/3 + 3) / 9 × 25 = 82.407…
    assert result.grade == "B"


def test_survey_result_of_no_answers_is_none():
    assert survey_result([]) is None


# A worked example in the regulation's layout (Permenpan RB 14/2017, Lampiran: NRR per element,
# NRR × weight, sum, × 25). Element averages of a survey of 10 respondents, computed by hand:
# sum of averages = 28.5; 28.5 / 9 = 3.1666…; × 25 = 79.1666… → 79.17, grade B (baik).
WORKED_AVERAGES = {
    "u1": 3.3, "u2": 3.1, "u3": 2.8, "u4": 4.0, "u5": 3.2,
    "u6": 3.2, "u7": 3.4, "u8": 2.5, "u9": 3.0,
}  # fmt: skip


def test_ikm_reproduces_the_worked_example_to_two_decimals():
    assert ikm_score(WORKED_AVERAGES) == Decimal("79.17")
    assert grade(ikm_score(WORKED_AVERAGES)) == ("B", "Baik")


def test_the_rounded_weight_0_111_would_give_a_different_answer_than_exact_one_ninth():
    rounded = sum(WORKED_AVERAGES.values()) * 0.111 * 25
    assert round(rounded, 2) == 79.09
    assert ikm_score(WORKED_AVERAGES) != Decimal("79.09")


def test_office_weights_summing_to_one_are_used_exactly():
    weights = dict.fromkeys(ALL, Decimal("0.1")) | {"u1": Decimal("0.2")}
    assert ikm_score(answers(3) | {"u1": 4}, weights) == Decimal("80.00")


def test_office_weights_not_summing_to_one_are_refused():
    with pytest.raises(ValueError, match="sum to 1"):
        ikm_score(answers(3), dict.fromkeys(ALL, Decimal("0.111")))


@pytest.mark.parametrize(
    ("population", "minimum"),
    [(10, 10), (50, 44), (100, 80), (150, 108), (200, 132), (300, 169), (500, 217),
     (1000, 278), (2000, 322), (5000, 357), (10000, 370), (50000, 381), (1000000, 384)],
)  # fmt: skip
def test_minimum_respondents_follow_the_krejcie_morgan_table(population, minimum):
    assert minimum_respondents(population) == minimum


def test_nobody_served_needs_no_respondent():
    assert minimum_respondents(0) == 0
