"""Complaints in the back-office: taken with a ticket and the verification deadline, moved by
dispositions (one or in bulk, selected or all filtered), confidential reporters hidden, linked
to the application page."""

from backoffice.domain import complaints
from backoffice.models import Complaint
from tests import factories
from tests.factories import post_form


def new_complaint(client, office, **fields):
    data = {"office": office.id, "channel": "whatsapp", "category": "pengaduan",
            "topic": "kepesertaan", "complexity": "simple", "reporter_mode": "open",
            "content": "Kartu belum aktif setelah dua bulan."}  # fmt: skip
    return post_form(client, "/admin/complaint/new/", data | fields)


def test_a_new_complaint_gets_a_ticket_and_is_due_for_verification(client, login, make_office):
    office = make_office(time_zone="WITA")
    login("petugas")
    new_complaint(client, office)
    complaint = Complaint.get()
    assert complaint.ticket.startswith("ADU-") and complaint.status == "received"
    assert 3 <= (complaint.due_at - complaint.received_at).days <= 9
    assert "Tenggat" in client.get("/admin/complaint/").get_data(as_text=True)


def test_a_lapor_complaint_without_its_ticket_is_refused_next_to_the_field(
    client, login, make_office
):
    office = make_office()
    login("petugas")
    response = new_complaint(client, office, channel="lapor")
    assert "nomor tiketnya" in response.get_data(as_text=True)
    assert Complaint.select().count() == 0


def test_disposition_from_the_case_page_adds_to_the_timeline(client, make_office):
    office = make_office()
    user = factories.make_user(role="supervisor", office=office)
    factories.post_form(
        client, "/login", {"username": user.username, "password": factories.PASSWORD}
    )
    c = complaints.receive(Complaint(office=office, channel="surat", content="Antre lama"), None)
    page = client.get(f"/admin/complaint/details/?id={c.id}").get_data(as_text=True)
    token = factories.csrf_token(page)
    client.post(f"/admin/complaint/move/{c.id}/verify", data={"csrf_token": token})
    client.post(
        f"/admin/complaint/move/{c.id}/pause", data={"csrf_token": token, "note": "Tunggu KK"}
    )
    moved = Complaint.get_by_id(c.id)
    assert moved.status == "paused"
    html = client.get(f"/admin/complaint/details/?id={c.id}").get_data(as_text=True)
    assert "Tunggu KK" in html and "Ditunda" in html


def test_bulk_disposition_on_all_filtered_complaints(client, make_office):
    office = make_office()
    user = factories.make_user(role="supervisor", office=office)
    factories.post_form(
        client, "/login", {"username": user.username, "password": factories.PASSWORD}
    )
    for n in range(3):
        complaints.receive(Complaint(office=office, channel="surat", content=f"Isi {n}"), None)
    complaints.receive(Complaint(office=office, channel="email", content="Lain"), None)
    url = "/admin/complaint/bulk/verify?all=1&flt0_saluran_adalah=surat"
    page = client.get(url)
    assert page.status_code == 200
    client.post(url, data={"csrf_token": factories.csrf_token(page.get_data(as_text=True))})
    statuses = {c.channel: c.status for c in Complaint.select()}
    assert statuses == {"surat": "verified", "email": "received"}


def test_confidential_reporter_is_hidden_from_another_counter_officer(client, make_office):
    office = make_office()
    c = complaints.receive(Complaint(office=office, channel="surat", content="Pungli",
                                     reporter_mode="confidential", reporter_name="Made Rahasia"),
                           None)  # fmt: skip
    user = factories.make_user(role="petugas", office=office)
    factories.post_form(
        client, "/login", {"username": user.username, "password": factories.PASSWORD}
    )
    assert "Made Rahasia" not in client.get("/admin/complaint/").get_data(as_text=True)
    details = client.get(f"/admin/complaint/details/?id={c.id}").get_data(as_text=True)
    assert "Made Rahasia" not in details and "Dirahasiakan" in details
    edit = client.get(f"/admin/complaint/edit/?id={c.id}").get_data(as_text=True)
    assert "Made Rahasia" not in edit


def test_the_application_page_lists_the_persons_complaints(client, make_office):
    office = make_office()
    service = factories.make_service(office=office)
    application = factories.make_application(factories.make_applicant(office=office), service)
    c = complaints.receive(Complaint(office=office, channel="langsung", content="Lama",
                                     applicant=application.applicant), None)  # fmt: skip
    user = factories.make_user(role="petugas", office=office)
    factories.post_form(
        client, "/login", {"username": user.username, "password": factories.PASSWORD}
    )
    html = client.get(f"/admin/application/details/?id={application.id}").get_data(as_text=True)
    assert c.ticket in html
    receipt = client.get(f"/admin/complaint/receipt/{c.id}").get_data(as_text=True)
    assert "TANDA TERIMA PENGADUAN" in receipt and c.ticket in receipt
