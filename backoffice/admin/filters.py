"""List filters Flask-Admin cannot scaffold by itself: by year and by village name."""

import datetime
from zoneinfo import ZoneInfo

from flask import has_request_context
from flask_admin.contrib.peewee.filters import BasePeeweeFilter
from peewee import DateTimeField

from backoffice.admin.base import current_zone
from backoffice.admin.scoping import scoped
from backoffice.domain.dates import FIRST_YEAR, LAST_YEAR, year_bounds
from backoffice.models import Applicant, Office, ServiceStandard, Village

ONE_DAY = datetime.timedelta(days=1)


class YearFilter(BasePeeweeFilter):
    """Rows whose date, or timestamp in the office's zone, falls in the chosen year (a range:
    portable and indexed)."""

    def __init__(self, column, name, first_year=2014):
        this_year = datetime.date.today().year
        years = [(str(y), str(y)) for y in range(this_year + 1, first_year - 1, -1)]
        super().__init__(column, name, options=years)

    def apply(self, query, value):
        year = int(value)
        if isinstance(self.column, DateTimeField):
            start, end = year_bounds(year, current_zone())
        else:
            start, end = datetime.date(year, 1, 1), datetime.date(year + 1, 1, 1)
        return query.where((self.column >= start) & (self.column < end))

    def validate(self, value):
        text = value.strip()
        return text.isascii() and text.isdigit() and FIRST_YEAR <= int(text) < LAST_YEAR

    def operation(self):
        return "tahun"


class DayFilter(BasePeeweeFilter):
    """Rows whose timestamp falls on the day typed (DD-MM-YYYY or YYYY-MM-DD)."""

    def __init__(self, column, name):
        super().__init__(column, name)

    def clean(self, value):
        for fmt in ("%d-%m-%Y", "%d/%m/%Y", "%Y-%m-%d"):
            try:
                return datetime.datetime.strptime(value.strip(), fmt)
            except ValueError:
                continue
        return None

    def validate(self, value):
        return self.clean(value) is not None

    def apply(self, query, value):
        # the office's calendar day, as naive UTC bounds
        zone = ZoneInfo(current_zone())
        start = value.replace(tzinfo=zone).astimezone(datetime.UTC).replace(tzinfo=None)
        return query.where((self.column >= start) & (self.column < start + ONE_DAY))

    def operation(self):
        return "pada"


LITERAL_CODES = 200


class VillageNameFilter(BasePeeweeFilter):
    """Applicants (or their applications) living in villages whose name contains the text."""

    def __init__(self, applicant_column, name="Desa/kelurahan"):
        super().__init__(applicant_column, name)

    def apply(self, query, value):
        villages = Village.select(Village.code).where(Village.name.contains(value.strip()))
        codes = [code for (code,) in villages.limit(LITERAL_CODES + 1).tuples()]
        if len(codes) <= LITERAL_CODES:
            # The codes as a list, not a subquery: SQLite's planner then walks the
            # (village, name) index instead of the whole name index (a million rows; 0.5 s).
            villages = codes
        if self.column is Applicant.village:
            return query.where(Applicant.village.in_(villages))
        applicants = Applicant.select(Applicant.id).where(Applicant.village.in_(villages))
        return query.where(self.column.in_(applicants))

    def operation(self):
        return "mengandung"


class EqualsFilter(BasePeeweeFilter):
    """Equality with a list of options, labelled in Indonesian.

    Options given as a callable read the database: they are read per request (see
    SecureModelView._get_filter_groups), never while the app is being built.
    """

    def get_options(self, view):
        if callable(self.options) and not has_request_context():
            return None
        return super().get_options(view)

    def apply(self, query, value):
        return query.where(self.column == value)

    def validate(self, value):
        options = self.options() if callable(self.options) else self.options
        return value in {str(key) for key, _ in options or ()}

    def operation(self):
        return "adalah"


def office_filter(column):
    """Filter by office, offering only the offices the signed-in account may see."""
    return EqualsFilter(
        column,
        "Dinas",
        options=lambda: [
            (str(o.id), str(o)) for o in scoped(Office.select()).order_by(Office.short_name)
        ],
    )


def standard_filter(column):
    """Filter by standard, offering only the standards of the account's office."""
    return EqualsFilter(
        column,
        "Standar pelayanan",
        options=lambda: [(str(s.id), s.title) for s in scoped(ServiceStandard.select())],
    )
