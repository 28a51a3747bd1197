"""Village quotas (kuota desa) per year and funding source."""

import datetime

from flask import request

from backoffice.admin.base import SecureModelView
from backoffice.admin.filters import EqualsFilter
from backoffice.admin.lookups import VillageLookup
from backoffice.domain.quotas import check_allocation
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
        # the search box names the village's fields it searches
        "name": "Nama desa",
        "code": "Kode desa",
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
        editing = request.args.get("id", "")
        current = Quota.get_or_none(Quota.id == int(editing)) if editing.isdigit() else None
        check_allocation(
            form.village.data,
            form.year.data,
            form.funding_source.data,
            form.allocation.data,
            current,
        )
