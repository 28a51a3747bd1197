"""Log akses data pribadi: the page of who opened, printed or exported which person
(filterable by NIK as people type it, account, kind and dates; exported for an audit), and the
request-side writers the record pages and prints call (`note_view`, `note`). The rows and
their rules are `domain.access_log`."""

import datetime as dt
from zoneinfo import ZoneInfo

from flask import request
from flask_admin.contrib.peewee.filters import BasePeeweeFilter
from flask_login import current_user
from markupsafe import Markup, escape
from peewee import JOIN

from backoffice import audit
from backoffice.admin.accounts import user_options
from backoffice.admin.base import SecureModelView, current_zone
from backoffice.admin.exporting import ListExportMixin
from backoffice.admin.filters import DayFilter, EqualsFilter, office_filter
from backoffice.domain import access_log
from backoffice.domain.identity import search_term
from backoffice.models import Applicant, Office, PersonAccess, User
from backoffice.models.privacy import ACCESS_KINDS

KIND_LABELS = dict(ACCESS_KINDS)
NIK_LENGTH = 16


def note(applicant_ids, kind: str, ref: str) -> None:
    """Log that the signed-in account `kind`-accessed these people (views, prints)."""
    access_log.record(applicant_ids, kind, ref, user_id=current_user.id,
                      office_id=current_user.office_id,
                      address=audit.client_address())  # fmt: skip


def note_view(record) -> None:
    """A record page (details or edit form) shown on a GET: log the person it shows, if any.
    A POST that shows the form again is the same account at the same record: not again."""
    if request.method != "GET" or not current_user.is_authenticated:
        return
    person = access_log.person_shown(record)
    if person is not None:
        note([person], "view", access_log.record_ref(record))


class NikFilter(BasePeeweeFilter):
    """The rows about the person with this NIK (typed with spaces, dots or dashes as on a
    KTP: `identity.search_term`), or whose NIK starts with the digits typed."""

    def __init__(self, column, name="NIK"):
        super().__init__(column, name)

    def clean(self, value):
        return search_term(value)

    def validate(self, value):
        digits = search_term(value)
        return digits.isascii() and digits.isdigit() and len(digits) <= NIK_LENGTH

    def apply(self, query, value):
        whole = len(value) == NIK_LENGTH
        match = (Applicant.nik == value) if whole else Applicant.nik.startswith(value)
        return query.where(self.column.in_(Applicant.select(Applicant.id).where(match)))

    def operation(self):
        return "adalah"


class _DayBound(DayFilter):
    """A bound of a date range, on the office's calendar (naive UTC bounds)."""

    def start_of(self, value: dt.datetime) -> dt.datetime:
        local = value.replace(tzinfo=ZoneInfo(current_zone()))
        return local.astimezone(dt.UTC).replace(tzinfo=None)


class FromDayFilter(_DayBound):
    def apply(self, query, value):
        return query.where(self.column >= self.start_of(value))

    def operation(self):
        return "sejak"


class UntilDayFilter(_DayBound):
    def apply(self, query, value):  # the whole of the day typed
        return query.where(self.column < self.start_of(value) + dt.timedelta(days=1))

    def operation(self):
        return "sampai"


def _person(view, context, model, name):
    person = model.applicant
    if person is None:
        return Markup('<span class="text-muted">(data dihapus)</span>')
    return Markup(f'{escape(person.name)} <small class="text-muted">{escape(person.nik)}</small>')


EXPORT_PERSON = Applicant.alias("log_person")  # an alias: the export logs no one (see below)
EXPORT_USER = User.alias("log_user")
EXPORT_OFFICE = Office.alias("log_office")
EXPORT_HEADER = ["Waktu", "Dinas", "Pengguna", "Nama pengguna", "Akses", "NIK", "Nama",
                 "Data yang dibuka", "Alamat IP"]  # fmt: skip
KIND_INDEX = 5  # of the selected row (the id first)


class AccessLogView(ListExportMixin, SecureModelView):
    """Log akses data pribadi: read-only, newest first. An office's admin and supervisor see
    their office's log; the installation's administrator every office's. Its export is
    audited (who took the log away, with which filters) but not logged per person again: the
    log of the log would double at every audit."""

    area = "access_log"
    can_create = False
    can_edit = False
    can_delete = False
    can_view_details = False
    list_template = "admin/privacy/access_log_list.html"
    column_list = ["at", "office", "user", "kind", "applicant", "ref", "ip"]
    column_labels = {
        "at": "Waktu",
        "office": "Dinas",
        "user": "Pengguna",
        "kind": "Akses",
        "applicant": "Pemohon",
        "ref": "Data yang dibuka",
        "ip": "Alamat IP",
    }
    column_formatters = {"applicant": _person}
    column_sortable_list = ["at"]
    column_default_sort = ("at", True)
    column_filters = [
        office_filter(PersonAccess.office),
        NikFilter(PersonAccess.applicant),
        EqualsFilter(PersonAccess.user, "Pengguna", options=user_options),
        EqualsFilter(PersonAccess.kind, "Akses", options=ACCESS_KINDS),
        FromDayFilter(PersonAccess.at, "Tanggal"),
        UntilDayFilter(PersonAccess.at, "Tanggal"),
    ]
    large_list = True
    list_related = (PersonAccess.applicant, PersonAccess.user, PersonAccess.office)

    export_name, export_header = "log-akses-data-pribadi", EXPORT_HEADER

    def export_select(self, query):
        return (
            query.select(PersonAccess.id, PersonAccess.at, EXPORT_OFFICE.short_name,
                         EXPORT_USER.full_name, EXPORT_USER.username, PersonAccess.kind,
                         EXPORT_PERSON.nik, EXPORT_PERSON.name, PersonAccess.ref, PersonAccess.ip)
            .switch(PersonAccess)
            .join(EXPORT_PERSON, JOIN.LEFT_OUTER, on=(PersonAccess.applicant == EXPORT_PERSON.id))
            .switch(PersonAccess)
            .join(EXPORT_USER, JOIN.LEFT_OUTER, on=(PersonAccess.user == EXPORT_USER.id))
            .switch(PersonAccess)
            .join(EXPORT_OFFICE, JOIN.LEFT_OUTER, on=(PersonAccess.office == EXPORT_OFFICE.id))
        )  # fmt: skip

    def export_row(self, row):
        kind = row[KIND_INDEX]
        return (*row[1:KIND_INDEX], KIND_LABELS.get(kind, kind), *row[KIND_INDEX + 1 :])
