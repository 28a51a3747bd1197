"""The satisfaction index (IKM) of Permenpan RB 14/2017."""

from decimal import Decimal

import pytest

from backoffice.domain.ikm import grade, ikm_score, survey_result

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
