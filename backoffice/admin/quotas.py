"""Village quotas (kuota desa) per year and funding source."""

import datetime

from flask import request

from backoffice.admin.base import SecureModelView
from backoffice.admin.filters import EqualsFilter
from backoffice.admin.lookups import VillageLookup
from backoffice.domain.errors import ValidationError
from backoffice.models import Quota, Village
from backoffice.models.applications import FUNDING_SOURCES


class QuotaView(SecureModelView):
    area = "quotas"
    column_list = ["village", "year", "funding_source", "allocation", "used", "remaining"]
    column_labels = {
        "village": "Desa/kelurahan",
        "year": "Tahun",
        "funding_source": "Sumber dana",
        "allocation": "Alokasi",
        "used": "Terpakai",
        "remaining": "Sisa",
    }
    column_formatters = {"remaining": lambda v, c, m, n: m.remaining}
    column_sortable_list = ["year", "funding_source", "allocation", "used"]
    column_default_sort = ("year", True)
    column_searchable_list = [Village.name, Village.code]
    column_filters = [
        EqualsFilter(
            Quota.year,
            "Tahun",
            options=lambda: [
                (str(y), str(y)) for y in range(datetime.date.today().year + 1, 2019, -1)
            ],
        ),
        EqualsFilter(Quota.funding_source, "Sumber dana", options=FUNDING_SOURCES),
    ]
    form_columns = ["village", "year", "funding_source", "allocation"]
    form_ajax_refs = {"village": VillageLookup()}

    def check_form(self, form):
        errors = {}
        this_year = datetime.date.today().year
        if form.year.data is not None and not 2014 <= form.year.data <= this_year + 1:
            errors["year"] = f"Tahun harus antara 2014 dan {this_year + 1}."
        if form.allocation.data is not None and form.allocation.data < 0:
            errors["allocation"] = "Alokasi tidak boleh negatif."
        editing = request.args.get("id", "")
        current = Quota.get_or_none(Quota.id == int(editing)) if editing.isdigit() else None
        if current and form.allocation.data is not None and form.allocation.data < current.used:
            errors["allocation"] = (
                f"Alokasi tidak boleh kurang dari yang sudah terpakai ({current.used})."
            )
        if not errors and form.village.data is not None:
            duplicate = Quota.select().where(
                (Quota.village == form.village.data)
                & (Quota.year == form.year.data)
                & (Quota.funding_source == form.funding_source.data)
            )
            if current:
                duplicate = duplicate.where(Quota.id != current.id)
            if duplicate.exists():
                errors["village"] = (
                    "Kuota desa ini untuk tahun dan sumber dana yang sama sudah "
                    "ada; ubah data itu saja."
                )
        if errors:
            raise ValidationError(errors)
