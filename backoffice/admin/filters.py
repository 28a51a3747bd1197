"""List filters Flask-Admin cannot scaffold by itself: by year and by village name."""

import datetime

from flask import has_request_context
from flask_admin.contrib.peewee.filters import BasePeeweeFilter

from backoffice.models import Applicant, Village


class YearFilter(BasePeeweeFilter):
    """Rows whose date or timestamp falls in the chosen year (a range: portable and indexed)."""

    def __init__(self, column, name, first_year=2014):
        this_year = datetime.date.today().year
        years = [(str(y), str(y)) for y in range(this_year + 1, first_year - 1, -1)]
        super().__init__(column, name, options=years)

    def apply(self, query, value):
        year = int(value)
        start, end = datetime.datetime(year, 1, 1), datetime.datetime(year + 1, 1, 1)
        return query.where((self.column >= start) & (self.column < end))

    def validate(self, value):
        return value.isdigit() and 1900 <= int(value) < 9999  # datetime stops at year 9999

    def operation(self):
        return "tahun"


class VillageNameFilter(BasePeeweeFilter):
    """Applicants (or their applications) living in villages whose name contains the text."""

    def __init__(self, applicant_column, name="Desa/kelurahan"):
        super().__init__(applicant_column, name)

    def apply(self, query, value):
        villages = Village.select(Village.code).where(Village.name.contains(value.strip()))
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

    def operation(self):
        return "adalah"


def office_filter(column):
    from backoffice.models import Office

    return EqualsFilter(
        column,
        "Dinas",
        options=lambda: [(str(o.id), str(o)) for o in Office.select().order_by(Office.short_name)],
    )


def standard_filter(column):
    from backoffice.models import ServiceStandard

    return EqualsFilter(
        column,
        "Standar pelayanan",
        options=lambda: [(str(s.id), s.title) for s in ServiceStandard.select()],
    )
