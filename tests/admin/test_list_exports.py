"""Ekspor of the applicant and application lists (issue 12): the rows the list shows now
(office scope, filters, search), formula-safe, as streamed CSV or XLSX, for the roles with
"download" only; an exported applicant file imports back unchanged."""

import csv
import io

import pytest
from openpyxl import load_workbook

from backoffice.domain import imports
from backoffice.models import AuditEntry
from tests import factories


@pytest.fixture
def offices(db):
    return factories.make_office(slug="karangasem"), factories.make_office(slug="lain")


def sign_in(client, role, office):
    user = factories.make_user(role=role, office=office)
    factories.post_form(client, "/login", {"username": user.username,
                                           "password": factories.PASSWORD})  # fmt: skip
    return user


def csv_rows(response) -> list[list[str]]:
    assert response.is_streamed
    text = b"".join(response.response).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_the_applicant_csv_holds_the_searched_rows_of_the_office_only(client, offices):
    mine, other = offices
    factories.make_applicant(office=mine, name="Ni Luh Sukerti")
    factories.make_applicant(office=mine, name='=HYPERLINK("http://x")')
    factories.make_applicant(office=mine, name="Made Darma")
    factories.make_applicant(office=other, name="Ni Luh Lain")
    sign_in(client, "supervisor", mine)
    rows = csv_rows(client.get("/admin/applicant/ekspor/csv?search=Luh"))
    assert rows[0][:3] == ["NIK", "NO_KK", "NAMA"]
    assert [row[2] for row in rows[1:]] == ["Ni Luh Sukerti"]
    every = csv_rows(client.get("/admin/applicant/ekspor/csv"))
    names = sorted(row[2] for row in every[1:])
    assert names == ['\'=HYPERLINK("http://x")', "Made Darma", "Ni Luh Sukerti"]
    assert AuditEntry.select().where(AuditEntry.action == "download").count() == 2


def test_the_applicant_xlsx_keeps_niks_and_formulas_as_text(client, offices):
    mine, _ = offices
    person = factories.make_applicant(office=mine, name="=1+1")
    sign_in(client, "admin", mine)
    with client.get("/admin/applicant/ekspor/xlsx") as response:
        sheet = load_workbook(io.BytesIO(response.data)).active
    row = [cell for cell in sheet[2]]
    assert row[0].value == person.nik and row[0].data_type == "s"
    assert row[2].value == "=1+1" and row[2].data_type == "s"


def test_an_exported_applicant_file_imports_back_unchanged(client, offices):
    mine, _ = offices
    for name in ("Ni Luh Sukerti", "Made Darma", "Ketut Murni"):
        factories.make_applicant(office=mine, name=name)
    sign_in(client, "supervisor", mine)
    data = b"".join(client.get("/admin/applicant/ekspor/csv").response)
    checked = imports.check_file("pemohon.csv", io.BytesIO(data))
    plan = imports.plan(checked, mine)
    assert (plan.errors, len(plan.creates), len(plan.updates), plan.unchanged) == ([], 0, 0, 3)


def test_the_application_csv_follows_the_status_filter(
    client, offices, make_service, make_application
):
    mine, other = offices
    service = make_service(office=mine, name="Pendaftaran PBI")
    received = make_application(factories.make_applicant(office=mine), service)
    make_application(factories.make_applicant(office=mine), service, status="complete")
    make_application(factories.make_applicant(office=other), make_service(office=other))
    sign_in(client, "supervisor", mine)
    listed = client.get("/admin/application/").get_data(as_text=True)
    assert "/admin/application/ekspor/csv" in listed
    rows = csv_rows(client.get("/admin/application/ekspor/csv?flt0_status_adalah=received"))
    assert [row[0] for row in rows[1:]] == [str(received.id)]
    assert rows[1][4] == "Pendaftaran PBI"


def test_the_counter_officer_may_not_export(client, offices):
    mine, _ = offices
    sign_in(client, "petugas", mine)
    assert client.get("/admin/applicant/ekspor/csv").status_code == 403
    assert client.get("/admin/application/ekspor/xlsx").status_code == 403
    assert "ekspor" not in client.get("/admin/applicant/").get_data(as_text=True)


def test_a_searched_application_list_is_exported_whole_across_chunks(
    client, offices, make_service, make_application, monkeypatch
):
    from backoffice.admin import exporting

    monkeypatch.setattr(exporting, "CHUNK", 2)  # five rows: three chunks
    mine, other = offices
    service = make_service(office=mine, name="Pendaftaran PBI")
    verifier = factories.make_user(role="verifikator", office=mine, full_name="Wayan Verif")
    wanted = [make_application(factories.make_applicant(office=mine, name=f"Ni Luh {n}"),
                               service, verifier=verifier if n == 0 else None)
              for n in range(5)]  # fmt: skip
    make_application(factories.make_applicant(office=mine, name="Made Darma"), service)
    sign_in(client, "supervisor", mine)
    # the search joins the applicant table to the list's query; the export joins it again
    rows = csv_rows(client.get("/admin/application/ekspor/csv?search=Luh"))
    # in the list's order: the newest first
    assert [row[0] for row in rows[1:]] == [str(a.id) for a in reversed(wanted)]
    assert rows[5][3] == "Ni Luh 0" and rows[5][5] == "Diterima" and rows[5][10] == "Wayan Verif"
    assert rows[4][10] == ""


def test_exported_moments_are_in_the_offices_zone_as_the_list_shows_them(
    client, make_service, make_application
):
    import datetime as dt

    office = factories.make_office(slug="karangasem", time_zone="WITA")
    service = make_service(office=office)
    make_application(factories.make_applicant(office=office), service,
                     received_at=dt.datetime(2026, 1, 2, 0, 30))  # 08.30 WITA  # fmt: skip
    sign_in(client, "supervisor", office)
    rows = csv_rows(client.get("/admin/application/ekspor/csv"))
    assert rows[1][rows[0].index("Diterima")] == "02-01-2026 08.30"


def list_column(app, endpoint: str, name: str) -> int:
    """The `sort=` index of the list column `name` of the view at `endpoint`."""
    view = next(v for v in app.extensions["admin"][0]._views if v.endpoint == endpoint)
    return [column for column, _ in view._list_columns].index(name)


@pytest.mark.parametrize("threshold", [1000, 2])  # streamed at once; a background job
def test_the_file_keeps_the_lists_order(app, client, offices, tmp_path, monkeypatch, threshold):
    """The rows come in the order the list shows them (the column clicked, either way),
    not in the order they were registered."""
    app.config["LOKET_EXPORT_BACKGROUND_ROWS"] = threshold
    mine, _ = offices
    for name in ("Made Darma", "Ketut Sari", "Ayu Lestari", "Putu Wirawan"):
        factories.make_applicant(office=mine, name=name)
    sign_in(client, "supervisor", mine)
    by_name = list_column(app, "applicant", "name")
    ascending = ["Ayu Lestari", "Ketut Sari", "Made Darma", "Putu Wirawan"]
    for desc, expected in ((1, ascending[::-1]), (0, ascending)):
        url = f"/admin/applicant/ekspor/csv?sort={by_name}&desc={desc}"
        if threshold == 2:
            asked = factories.post_form(client, url, {})
            job = asked.location.rstrip("/").rsplit("/", 1)[1]
            with client.get(f"/admin/applicant/ekspor/berkas/{job}/unduh") as download:
                text = download.data.decode("utf-8-sig")
            rows = list(csv.reader(io.StringIO(text)))
        else:
            rows = csv_rows(client.get(url))
        assert [row[2] for row in rows[1:]] == expected, desc
