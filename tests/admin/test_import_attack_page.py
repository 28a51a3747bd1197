"""Pemohon › Impor against an attacker's files (issue 12, second review): the page names the
columns an update changes, lists a bounded number of unknown headers, audits the account
that pressed Impor, and says why a file cannot be read."""

import io

import pytest

from backoffice.domain import imports
from backoffice.models import Applicant, AuditEntry
from backoffice.tasks import imports as import_tasks
from tests import factories
from tests.admin.test_import_page import latest_job, office, post, sign_in, upload, with_header
from tests.import_files import HEADER, good_rows, to_csv

__all__ = ["office"]  # the fixture, used by name


def test_the_dry_run_lists_the_columns_each_changed_row_changes(client, office):
    sign_in(client, "supervisor", office)
    rows = good_rows(3)
    imports.commit(imports.check_file("a.csv", io.BytesIO(to_csv(rows))), office)
    rows[1][5] = "Jalan Baru 7"
    upload(client, to_csv(rows))
    page = client.get(f"/admin/applicant_import/{latest_job().id}/").get_data(as_text=True)
    assert '<ul id="changes">\n  <li>baris 3: ALAMAT diubah</li>\n</ul>' in page


def test_only_the_first_fifty_unknown_headers_are_offered_for_mapping(client, office):
    sign_in(client, "supervisor", office)
    header = HEADER + [f"LAIN{n}" for n in range(120)]
    rows = [row + [""] * 120 for row in good_rows(2)]
    upload(client, with_header(header, rows))
    page = client.get(f"/admin/applicant_import/{latest_job().id}/").get_data(as_text=True)
    assert page.count('<select class="form-control form-control-sm" name="column-') == 50
    assert "dan 71 kolom lain tidak dikenal (diabaikan)." in page  # KETERANGAN and 120 more


def test_the_audit_names_the_account_that_pressed_impor_and_its_address(app, client, office):
    uploader = sign_in(client, "supervisor", office)
    upload(client, to_csv(good_rows(4)))
    job = latest_job()
    other = app.test_client()
    committer = sign_in(other, "admin", office)
    post(other, f"/admin/applicant_import/{job.id}/impor")
    assert Applicant.select().count() == 4
    entry = AuditEntry.get((AuditEntry.object_id == "impor") & (AuditEntry.action == "create"))
    assert entry.user_id == committer.id != uploader.id
    assert entry.ip == "127.0.0.1"


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_applicant_lists_export_imports_back_unchanged_without_mapping(client, office, fmt):
    for n, role in enumerate(("kepala", "istri", "anak")):
        factories.make_applicant(office=office, phone=f"+6281234567{n:03d}", family_role=role,
                                 work_status="PBPU", dtsen_status="terdaftar", dtsen_decile=5,
                                 dtks_listed=True)  # fmt: skip
    sign_in(client, "supervisor", office)
    with client.get(f"/admin/applicant/ekspor/{fmt}") as response:
        data = b"".join(response.response)
    assert fmt == "xlsx" or b"'+62" in data  # the CSV's formula-safe apostrophe
    checked = imports.check_file(f"pemohon.{fmt}", io.BytesIO(data))
    plan = imports.plan(checked, office)
    assert (plan.errors, len(plan.creates), len(plan.updates), plan.unchanged) == ([], 0, 0, 3)
    assert checked.unknown == []
    upload(client, data, name=f"pemohon.{fmt}")
    page = client.get(f"/admin/applicant_import/{latest_job().id}/").get_data(as_text=True)
    assert 'id="mapping"' not in page
    assert "Kolom ekspor diabaikan: NAMA_DESA, TERCATAT_DTKS, PRIORITAS_KRONIS, DICATAT" in page


def test_a_cell_past_the_csv_limit_fails_the_job_saying_so(client, office):
    rows = good_rows(2)
    rows[1][5] = "x" * 1_100_000
    # Started as the page does, without a 1 MB multipart body (the test client's spooled
    # file would outlive the test).
    job = import_tasks.start(to_csv(rows), "pemohon.csv", office, None)  # checked at once here
    assert job.status == "failed" and "sel yang terlalu panjang" in job.message, job.message


def test_a_too_long_file_name_is_refused_next_to_the_field(client, office):
    sign_in(client, "supervisor", office)
    response = upload(client, to_csv(good_rows(2)), name="p" * 230 + ".csv")
    assert response.status_code == 200
    assert "Nama berkas terlalu panjang (234 karakter)" in response.get_data(as_text=True)
