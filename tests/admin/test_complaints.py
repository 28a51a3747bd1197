"""Complaints get their response deadline from the office's promise, in working days."""

from backoffice.models import Complaint
from tests.factories import post_form


def test_a_new_complaint_is_due_after_the_offices_working_days(client, login, make_office):
    office = make_office(complaint_response_days=3, time_zone="WITA")
    login("petugas")

    post_form(
        client,
        "/admin/complaint/new/",
        {
            "office": office.id,
            "channel": "whatsapp",
            "category": "pengaduan",
            "content": "Kartu belum aktif setelah dua bulan.",
            "status": "received",
        },
    )

    complaint = Complaint.get()
    assert complaint.due_at is not None
    working_days = (complaint.due_at - complaint.received_at).days
    assert 3 <= working_days <= 9  # three working days, maybe over a weekend or holidays
    html = client.get("/admin/complaint/").get_data(as_text=True)
    assert "Batas tanggapan" in html


def test_marking_a_complaint_answered_stamps_the_time(client, login, make_office):
    office = make_office()
    login("supervisor")
    post_form(
        client,
        "/admin/complaint/new/",
        {
            "office": office.id,
            "channel": "langsung",
            "category": "informasi",
            "content": "Syarat reaktivasi apa saja?",
            "status": "responded",
            "response": "KK, KTP dan surat dari faskes.",
        },
    )
    assert Complaint.get().responded_at is not None
