"""Printable documents (dokumen cetak): receipts, letters, the home-visit form.

Each is an HTML page with print CSS for A4, built on `print/base.html`, which puts the office's
letterhead (kop surat) from its record on every page. The view reads records and formats them
for paper; the rules that decide whether a letter may be issued live in the workflow.
"""

import datetime as dt
from dataclasses import dataclass
from functools import cached_property
from zoneinfo import ZoneInfo

from flask import abort, redirect, request, url_for
from flask_admin import BaseView, expose
from flask_login import current_user

from backoffice.admin.access import AccessMixin, needs
from backoffice.admin.access_log import note
from backoffice.admin.base import record_audit
from backoffice.admin.params import parse_ids
from backoffice.admin.permissions import CASEWORK, COUNTER
from backoffice.admin.scoping import scoped
from backoffice.domain.phone import display_phone
from backoffice.i18n import format_date_id, format_datetime_id
from backoffice.models import Application
from backoffice.models.offices import ComplaintChannel
from backoffice.models.people import DTSEN_STATUSES, SEXES
from backoffice.models.standards import TIME_UNITS, Requirement

# document -> (template, service kinds it is issued for: None for every kind, page title,
# roles that print it: the verifier only the visit form of their own assignments)
DOCUMENTS = {
    "receipt": ("print/receipt.html", None, "Tanda terima", COUNTER),
    "reactivation_letter": (
        "print/reactivation_letter.html",
        {"reactivation"},
        "Surat pengantar reaktivasi PBI JKN",
        COUNTER,
    ),
    "termination_letter": (
        "print/termination_letter.html",
        {"termination"},
        "Surat keterangan penonaktifan PBI JKN",
        COUNTER,
    ),
    "visit_form": (
        "print/visit_form.html",
        None,
        "Formulir verifikasi kunjungan rumah",
        CASEWORK,
    ),
}
MAX_RECEIPTS = 100  # one print job; more is a mistake in the selection
SHORT_UNITS = ("minutes", "hours")  # promised times whose due moment needs the clock
MASK_KEEP_START, MASK_KEEP_END = 6, 4  # region code and the last digits stay readable


def mask_number(number: str) -> str:
    """A NIK or KK with its middle digits hidden: "510701******0002" (personal data)."""
    if len(number) <= MASK_KEEP_START + MASK_KEEP_END:
        return "*" * len(number)
    hidden = len(number) - MASK_KEEP_START - MASK_KEEP_END
    return number[:MASK_KEEP_START] + "*" * hidden + number[-MASK_KEEP_END:]


def format_nip(nip: str) -> str:
    """A civil servant's 18-digit NIP as printed under a signature: "19651023 198602 1 002"."""
    if len(nip) != 18 or not nip.isdigit():
        return nip
    return f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}"


@dataclass(frozen=True)
class ChecklistItem:
    label: str
    required: bool
    received: bool


class Printout:
    """What one printed page says about one application, formatted for paper."""

    def __init__(self, application: Application) -> None:
        self.application = application
        self.applicant = application.applicant
        self.service = application.service
        self.office = application.service.standard.office
        self.zone = self.office.iana_zone

    @cached_property
    def government(self) -> str:
        """The letterhead's first line: "PEMERINTAH KABUPATEN KARANGASEM"."""
        region = self.office.regency or self.office.province
        prefix = "" if self.office.regency else "PROVINSI "
        return f"PEMERINTAH {prefix}{region.name}".upper()

    @cached_property
    def today(self) -> str:
        return format_date_id(dt.datetime.now(ZoneInfo(self.zone)).date())

    @cached_property
    def received(self) -> str:
        return format_datetime_id(self.application.received_at, self.zone)

    @cached_property
    def received_date(self) -> str:
        return format_date_id(self._local(self.application.received_at).date())

    @cached_property
    def due(self) -> str:
        due_at = self.application.due_at
        if due_at is None:
            units = dict(TIME_UNITS)
            promised = f"{self.service.promised_amount} {units[self.service.promised_unit]}"
            return self.service.promised_text or f"{promised} sejak berkas lengkap"
        if self.service.promised_unit in SHORT_UNITS:
            return format_datetime_id(due_at, self.zone)
        return format_date_id(self._local(due_at).date())

    @cached_property
    def checklist(self) -> list[ChecklistItem]:
        brought = {doc.requirement_id for doc in self.application.documents}
        requirements = self.service.requirements.order_by(Requirement.position, Requirement.id)
        return [ChecklistItem(r.label, r.required, r.id in brought) for r in requirements]

    @cached_property
    def missing(self) -> list[str]:
        return [item.label for item in self.checklist if item.required and not item.received]

    @cached_property
    def whatsapp(self) -> str:
        channel = (
            self.office.complaint_channels.where(ComplaintChannel.channel == "whatsapp")
            .order_by(ComplaintChannel.position)
            .first()
        )
        return channel.value if channel else ""

    @cached_property
    def birth(self) -> str:
        return ", ".join(
            part
            for part in (self.applicant.birth_place, format_date_id(self.applicant.birth_date))
            if part
        )

    @property
    def full_address(self) -> str:
        """Street, village, district, regency: "Banjar Kaja No. 3, Nongan, Kec. Rendang, …"."""
        village = self.applicant.village
        district = village.district
        parts = (
            self.applicant.address,
            village.name,
            f"Kec. {district.name}",
            district.regency.name,
        )
        return ", ".join(part for part in parts if part)

    @property
    def sex(self) -> str:
        return dict(SEXES).get(self.applicant.sex, self.applicant.sex)

    @property
    def phone(self) -> str:
        return display_phone(self.applicant.phone)

    @property
    def funding(self) -> str:
        return f"PBI {self.application.funding_source}"

    @property
    def head_nip(self) -> str:
        return format_nip(self.office.head_nip)

    @property
    def officer(self) -> str:
        return current_user.full_name or current_user.username

    @property
    def verifier(self) -> str:
        verifier = self.application.verifier
        return (verifier.full_name or verifier.username) if verifier else ""

    @property
    def dtsen(self) -> str:
        status = dict(DTSEN_STATUSES).get(self.applicant.dtsen_status, "")
        decile = self.applicant.dtsen_decile
        return f"{status}, desil {decile}" if decile else status

    def date(self, value: dt.date | None) -> str:
        return format_date_id(value)

    def _local(self, moment: dt.datetime) -> dt.datetime:
        return moment.replace(tzinfo=dt.UTC).astimezone(ZoneInfo(self.zone))


def application_for(application_id: int, kinds: set[str] | None) -> Application:
    """The application, or 404 when there is none, it lies outside the signed-in account's
    scope, or its service does not issue the document."""
    application = scoped(Application.select()).where(Application.id == application_id).first()
    if application is None or (kinds is not None and application.service.kind not in kinds):
        abort(404)
    return application


def ids_from(text: str) -> list[int]:
    """The ids of "1,2,3"; anything else (or too many) is a bad request."""
    parts = [part.strip() for part in text.split(",") if part.strip()]
    ids = parse_ids(text)
    if not parts or len(parts) > MAX_RECEIPTS or len(ids) != len(parts):
        abort(400)
    return list(dict.fromkeys(ids))


class DocumentView(AccessMixin, BaseView):
    """Cetak dokumen: opened from an application, never from the menu."""

    area = "documents"

    def is_visible(self):
        return False

    @expose("/")
    @needs("read")
    def index(self):
        return redirect(url_for("application.index_view"))

    @expose("/receipt/<int:id>")
    @needs("read")
    def receipt(self, id):
        return self.printed("receipt", [id])

    @expose("/receipts")
    @needs("read")
    def receipts(self):
        return self.printed("receipt", ids_from(request.args.get("ids", "")))

    @expose("/reactivation-letter/<int:id>")
    @needs("read")
    def reactivation_letter(self, id):
        return self.printed("reactivation_letter", [id])

    @expose("/termination-letter/<int:id>")
    @needs("read")
    def termination_letter(self, id):
        return self.printed("termination_letter", [id])

    @expose("/visit-form/<int:id>")
    @needs("read")
    def visit_form(self, id):
        return self.printed("visit_form", [id])

    def printed(self, document: str, ids: list[int]):
        template, kinds, title, roles = DOCUMENTS[document]
        if current_user.role not in roles:
            abort(403)
        pages = [Printout(application_for(i, kinds)) for i in ids]
        for page in pages:  # personal data leaves the screen: keep account of it
            record_audit("print", page.application, f"{title}: {page.application}")
            note([page.applicant.id], "print", f"{title}: permohonan #{page.application.id}")
        return self.render(template, pages=pages, title=title, mask=mask_number)
