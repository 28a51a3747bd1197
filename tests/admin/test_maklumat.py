"""The office enters its maklumat pelayanan as a record; a bad NIP or empty text is refused."""

from backoffice.models import Maklumat
from tests.factories import post_form

FORM = "/admin/maklumat/new/"


def maklumat_form(office, **fields):
    values = {
        "office": str(office.id), "text": "Dengan ini, kami menyatakan sanggup …",
        "signed_place": "Amlapura", "signed_date": "2026-01-05",
        "signatory_name": "Nama Kepala Dinas", "signatory_rank": "Pembina Utama Muda",
        "signatory_nip": "197001011990031001", "status": "published",
    }  # fmt: skip
    return values | fields


def test_a_webmaster_enters_a_maklumat_with_its_signatory(client, login, make_office):
    office = make_office()
    login("webmaster")
    response = post_form(client, FORM, maklumat_form(office))
    assert response.status_code == 302, response.get_data(as_text=True)[-2000:]
    entered = Maklumat.get()
    assert entered.office_id == office.id and entered.signatory_nip == "197001011990031001"


def test_a_maklumat_with_a_bad_nip_or_no_text_is_refused_with_a_message(client, login, make_office):
    office = make_office()
    login("webmaster")
    response = post_form(client, FORM, maklumat_form(office, signatory_nip="12345", text=" "))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "NIP harus 18 digit angka." in html and "wajib diisi" in html
    assert Maklumat.select().count() == 0
