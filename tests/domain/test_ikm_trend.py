"""The dashboard's IKM trend: per service and half-year, the index of exactly that half-year's
answers (read in one query, equal to the survey page's index pair by pair)."""

import datetime as dt

from backoffice.domain import figures, skm
from backoffice.models import SurveyResponse

UNTIL = dt.date(2026, 11, 23)


def answer(office, service, day, score, **other):
    values = dict.fromkeys([f"u{n}" for n in range(1, 10)], score) | other
    return SurveyResponse.create(office=office, service=service, date=day, **values)


def test_the_trend_gives_each_service_and_half_year_the_index_of_its_own_answers(
    make_office, make_service
):
    office = make_office()
    counter, visit = make_service(office=office, name="Loket"), make_service(office=office)
    answer(office, counter, dt.date(2025, 6, 30), 4)  # last day of I/2025
    answer(office, counter, dt.date(2025, 7, 1), 2, u9=1)  # first day of II/2025
    answer(office, visit, dt.date(2025, 7, 1), 3)
    answer(office, None, dt.date(2026, 3, 2), 1, u4=4)  # about the office as a whole
    answer(office, counter, dt.date(2026, 11, 23), 3, u1=4)
    answer(make_office(), None, dt.date(2026, 3, 2), 4)  # another office's

    trend = figures.ikm_trend(office, UNTIL)

    periods = skm.half_years(UNTIL, 4)
    assert [label for label, _ in trend[0]["points"]] == ["I/2025", "II/2025", "I/2026", "II/2026"]
    for row, service in zip(trend, [None, *skm.services_of(office)], strict=True):
        expected = [skm.survey_index(office, service, start, end).result for start, end in periods]
        scores = [float(r.score) if r else None for r in expected]
        assert [score for _, score in row["points"]] == scores, row["service"]
    assert trend[0]["points"][0][1] == 100.0 and trend[0]["points"][2][1] is not None
    assert trend[1]["service"] == "Loket" and trend[1]["points"][2][1] is None
