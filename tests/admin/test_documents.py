"""Printed documents on the office's letterhead: receipts, letters, the home-visit form."""

import datetime as dt

import pytest

from backoffice.admin.documents import format_nip, mask_number
from backoffice.models import Application, ReceivedDocument, Requirement
from tests.factories import make_user

URL = "/admin/documents"
HEAD_NIP = "196510231986021002"


@pytest.fixture
def office(make_office):
    return make_office(
        name="Dinas Sosial, PPPA, PPKB Kabupaten Karangasem",
        short_name="Dinsos Karangasem",
        address="Jl. Ngurah Rai No. 5",
        phone="(0363) 21154",
        email="disospppappkbkab.karangasem@gmail.com",
        website="disosp3ppkb.karangasemkab.go.id",
        head_name="I Komang Daging, S.Sos., M.Si",
        head_rank="Pembina Utama Muda",
        head_nip=HEAD_NIP,
    )


@pytest.fixture
def make_application(office, make_applicant, make_service):
    def make(kind="new_proposal", **fields):
        service = make_service(office=office, kind=kind, name=f"Layanan {kind}")
        values = {
            "applicant": make_applicant(name="Ni Wayan Sudiartini"),
            "service": service,
            "queue_number": "A-007",
            "received_at": dt.datetime(2026, 11, 23, 1, 5),  # 09.05 WITA
            "due_at": dt.datetime(2026, 12, 22, 7, 0),
        }
        return Application.create(**{**values, **fields})

    return make


def page(client, path):
    response = client.get(f"{URL}{path}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


# --- the receipt -----------------------------------------------------------------------------


def test_receipt_shows_queue_number_received_time_and_due_date(client, login, make_application):
    application = make_application()
    login("petugas")
    html = page(client, f"/receipt/{application.id}")
    assert "TANDA TERIMA" in html and "A-007" in html
    assert f"nomor permohonan {application.id}" in html
    assert "23 November 2026 09.05 WITA" in html
    assert "22 Desember 2026, sesuai ketersediaan kuota" in html


def test_receipt_carries_the_office_letterhead(client, login, make_application):
    application = make_application()
    login("petugas")
    html = page(client, f"/receipt/{application.id}")
    assert "PEMERINTAH KABUPATEN KARANGASEM" in html
    assert "DINAS SOSIAL, PPPA, PPKB KABUPATEN KARANGASEM" in html
    assert "Jl. Ngurah Rai No. 5" in html and "disosp3ppkb.karangasemkab.go.id" in html


def test_receipt_masks_nik_and_kk(client, login, make_application):
    application = make_application()
    nik, kk = application.applicant.nik, application.applicant.kk
    login("petugas")
    html = page(client, f"/receipt/{application.id}")
    assert nik not in html and kk not in html
    assert f"{nik[:6]}******{nik[-4:]}" in html


def test_receipt_ticks_documents_received_and_names_those_missing(client, login, make_application):
    application = make_application()
    kk_copy = Requirement.get(label="Fotokopi KK", service=application.service)
    ReceivedDocument.create(application=application, requirement=kk_copy)
    login("petugas")
    html = page(client, f"/receipt/{application.id}")
    assert "☑</td>\n      <td>Fotokopi KK" in html
    assert "☐</td>\n      <td>Fotokopi KTP" in html
    assert "Mohon serahkan ke loket:\n  Fotokopi KTP." in html


def test_receipt_says_how_to_ask_for_the_status(client, login, make_application):
    application = make_application()
    login("petugas")
    html = page(client, f"/receipt/{application.id}")
    assert "Datang ke loket Dinsos Karangasem atau hubungi telepon (0363) 21154" in html


def test_receipt_is_signed_by_the_officer_on_duty(client, login, make_application):
    application = make_application()
    officer = login("petugas")
    officer.full_name = "Kadek Ayu Lestari"
    officer.save()
    html = page(client, f"/receipt/{application.id}")
    assert "Yang menerima," in html and "Kadek Ayu Lestari" in html


def test_receipt_of_a_short_service_gives_the_due_time(client, login, make_application):
    application = make_application(kind="emergency", due_at=dt.datetime(2026, 11, 23, 3, 5))
    application.service.promised_unit = "hours"
    application.service.uses_quota = False
    application.service.save()
    login("petugas")
    assert "23 November 2026 11.05 WITA" in page(client, f"/receipt/{application.id}")


def test_receipt_is_printable_on_a4(client, login, make_application):
    application = make_application()
    login("petugas")
    html = page(client, f"/receipt/{application.id}")
    assert "/static/print.css" in html and "data-print>Cetak</button>" in html
    with client.get("/static/print.css") as response:
        css = response.get_data(as_text=True)
    assert "@media print" in css and "size: A4" in css
    assert 'class="toolbar no-print"' in html


def test_several_receipts_print_one_per_sheet(client, login, make_application, make_applicant):
    first = make_application()
    second = make_application(applicant=make_applicant(name="I Made Rai"), queue_number="A-008")
    login("petugas")
    html = page(client, f"/receipts?ids={first.id},{second.id}")
    assert html.count('<section class="sheet">') == 2
    assert "A-007" in html and "A-008" in html and "I Made Rai" in html


def test_receipts_with_an_unknown_id_are_not_found(client, login, make_application):
    application = make_application()
    login("petugas")
    assert client.get(f"{URL}/receipts?ids={application.id},999999").status_code == 404


def test_receipts_without_ids_are_a_bad_request(client, login):
    login("petugas")
    assert client.get(f"{URL}/receipts?ids=").status_code == 400


@pytest.mark.parametrize("ids", ["1,x", "-1", "\u00b2", "99999999999999999999"])
def test_receipts_of_ids_that_cannot_name_an_application_are_a_bad_request(client, login, ids):
    login("petugas")
    assert client.get(f"{URL}/receipts?ids={ids}").status_code == 400


# --- letters ---------------------------------------------------------------------------------


def test_reactivation_letter_cites_the_regulation_facility_letter_and_deactivation(
    client, login, make_application
):
    application = make_application(
        kind="reactivation",
        letter_number="400.9/123/Dinsos",
        facility_letter="445/88/RSUD-KRA/2026",
        deactivated_on=dt.date(2026, 8, 1),
        bpjs_card_number="0001234567890",
    )
    login("petugas")
    html = page(client, f"/reactivation-letter/{application.id}")
    assert "Pengantar Reaktivasi Kepesertaan PBI JKN" in html
    assert "Peraturan Menteri Sosial Nomor 3 Tahun 2026" in html
    assert "445/88/RSUD-KRA/2026" in html and "400.9/123/Dinsos" in html
    assert "1 Agustus 2026" in html and "0001234567890" in html
    assert application.applicant.nik in html  # BPJS needs the whole NIK
    assert "BPJS Kesehatan" in html


def test_letters_are_signed_by_the_head_of_office(client, login, make_application):
    application = make_application(kind="reactivation")
    login("petugas")
    html = page(client, f"/reactivation-letter/{application.id}")
    assert "I Komang Daging, S.Sos., M.Si" in html and "Pembina Utama Muda" in html
    assert "NIP. 19651023 198602 1 002" in html


def test_termination_letter_states_the_termination(client, login, make_application):
    application = make_application(
        kind="termination", letter_number="400.9/77/Dinsos", deactivated_on=dt.date(2026, 12, 1)
    )
    login("petugas")
    html = page(client, f"/termination-letter/{application.id}")
    assert "SURAT KETERANGAN" in html and "400.9/77/Dinsos" in html
    assert "diputus dan dinonaktifkan kepesertaannya" in html
    assert "terhitung mulai tanggal 1 Desember 2026" in html
    assert "PEMERINTAH KABUPATEN KARANGASEM" in html and "19651023 198602 1 002" in html


@pytest.mark.parametrize(
    ("document", "kind"),
    [
        ("termination-letter", "new_proposal"),
        ("termination-letter", "reactivation"),
        ("reactivation-letter", "termination"),
    ],
)
def test_letter_for_another_kind_of_service_is_not_found(
    client, login, make_application, document, kind
):
    application = make_application(kind=kind)
    login("petugas")
    assert client.get(f"{URL}/{document}/{application.id}").status_code == 404


# --- the home-visit form ---------------------------------------------------------------------


def test_visit_form_is_prefilled_with_applicant_and_verifier(client, login, make_application):
    verifier = make_user(role="verifikator", full_name="Gede Suarta")
    application = make_application(verifier=verifier, visit_date=dt.date(2026, 11, 25))
    login("petugas")
    html = page(client, f"/visit-form/{application.id}")
    assert "FORMULIR VERIFIKASI KUNJUNGAN RUMAH" in html
    assert "Ni Wayan Sudiartini" in html and application.applicant.nik in html
    assert "Gede Suarta" in html and "25 November 2026" in html
    assert "Nongan" in html  # the village


def test_visit_form_leaves_room_for_the_findings(client, login, make_application):
    application = make_application()
    login("petugas")
    html = page(client, f"/visit-form/{application.id}")
    for blank in ("Kondisi rumah", "Penghasilan", "Anggota rumah tangga", "desil", "Temuan"):
        assert blank in html
    assert "☐ Layak" in html and "☐ Tidak layak" in html
    assert "Pemohon," in html and "Verifikator," in html


# --- access ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "document", ["receipt", "reactivation-letter", "termination-letter", "visit-form"]
)
def test_unknown_application_is_not_found(client, login, document):
    login("petugas")
    assert client.get(f"{URL}/{document}/999999").status_code == 404


def test_visitor_not_signed_in_is_sent_to_login(client, make_application):
    application = make_application()
    response = client.get(f"{URL}/receipt/{application.id}")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_webmaster_may_not_print_personal_data(client, login, make_application):
    application = make_application()
    login("webmaster")
    assert client.get(f"{URL}/receipt/{application.id}").status_code == 403


def test_documents_are_not_in_the_menu(client, login):
    login("petugas")
    assert "Cetak dokumen" not in client.get("/admin/").get_data(as_text=True)


# --- formatting ------------------------------------------------------------------------------


def test_mask_keeps_region_code_and_last_four_digits():
    assert mask_number("5107016310650002") == "510701******0002"


def test_nip_is_grouped_as_printed_under_a_signature():
    assert format_nip(HEAD_NIP) == "19651023 198602 1 002"
    assert format_nip("12345") == "12345"


def test_printing_a_receipt_is_recorded_in_the_audit_trail(client, login, make_application):
    from backoffice.models import AuditEntry

    app = make_application()
    officer = login("petugas")
    client.get(f"/admin/documents/receipt/{app.id}")

    entry = AuditEntry.get(AuditEntry.action == "print")
    assert (entry.user_id, entry.object_id) == (officer.id, str(app.id))
    assert entry.summary.startswith("Tanda")
