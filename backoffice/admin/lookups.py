"""Type-ahead lookups (Flask-Admin ajax loaders) for tables too large for a drop-down.

Both what they list and what they accept back are limited to the signed-in account's scope."""

from flask_admin.contrib.peewee.ajax import QueryAjaxModelLoader

from backoffice.admin.params import coerce_pk
from backoffice.admin.scoping import scoped, viewer
from backoffice.domain.identity import search_term
from backoffice.domain.scope import area_code
from backoffice.models import Applicant, Office, Village


class Lookup(QueryAjaxModelLoader):
    """A loader whose unknown or out-of-scope key is "no choice" (a form error)."""

    def get_one(self, pk):
        value = coerce_pk(self.model, pk)
        if value is None:
            return None
        return scoped(self.model.select()).where(getattr(self.model, self.pk) == value).first()


def home_area(office: Office | None) -> str:
    """The area code whose villages an office serves first: its regency, else its province."""
    return area_code(office) if office is not None else ""


class VillageLookup(Lookup):
    """Villages by name or code prefix, with their district so namesakes are told apart; the
    office's own regency first (a name like "Sukadana" exists in many regencies)."""

    def __init__(self, name="village"):
        super().__init__(
            name,
            Village,
            fields=["name", "code"],
            page_size=20,
            placeholder="Ketik nama desa/kelurahan atau kodenya",
        )

    def get_list(self, term, offset=0, limit=20):
        query = Village.search(term, home_area(viewer().office))
        return list(query.offset(offset).limit(limit))


class ApplicantLookup(Lookup):
    """Applicants by NIK or No. KK prefix, or by name, as the counter officer types."""

    def __init__(self, name="applicant"):
        super().__init__(
            name,
            Applicant,
            fields=["nik", "name"],
            page_size=20,
            placeholder="Ketik NIK, No. KK atau nama pemohon",
        )

    def get_list(self, term, offset=0, limit=20):
        term = search_term(term)  # "5107 0155" as printed on a KTP finds the stored digits
        if term.isascii() and term.isdigit():
            where = Applicant.nik.startswith(term) | Applicant.kk.startswith(term)
        else:
            where = Applicant.name.contains(term)
        query = scoped(Applicant.select()).where(where).order_by(Applicant.name)
        return list(query.offset(offset).limit(limit))
