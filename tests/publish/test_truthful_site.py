"""The public site shows only what the office entered: a maklumat once one is entered, demo
figures marked "data contoh", the open-day status by the deadlines' rule, and no content
file can break a build or the desk."""

import datetime as dt
from pathlib import Path

from backoffice.models import Maklumat, OfficeHours, SurveyResponse
from backoffice.models.surveys import SURVEY_ELEMENTS
from backoffice.publish.publisher import BuildOptions, publish
from backoffice.publish.site import create_site_app
from backoffice.publish.snapshot import load_site
from tests.factories import csrf_token


def page(data, url: str) -> str:
    app = create_site_app({"PROPAGATE_EXCEPTIONS": True}, data=data)
    response = app.test_client().get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def built(live: Path, url: str) -> Path:
    return live.resolve() / url.lstrip("/")


def enter_maklumat(office, **fields) -> Maklumat:
    values = {
        "office": office, "text": "Dengan ini, kami menyatakan sanggup …",
        "signed_place": "Amlapura", "signed_date": dt.date(2026, 1, 5),
        "signatory_name": "Nama Kepala Dinas", "signatory_nip": "197001011990031001",
        "status": "published",
    }  # fmt: skip
    return Maklumat.create(**(values | fields))


def test_an_office_has_no_maklumat_page_until_one_is_entered(make_service, live_dir):
    service = make_service()
    office = service.standard.office
    publish(live_dir, options=BuildOptions(search=False))
    assert not built(live_dir, f"/{office.slug}/maklumat/index.html").exists()
    assert "Maklumat pelayanan" not in built(live_dir, f"/{office.slug}/index.html").read_text()

    enter_maklumat(office)
    publish(live_dir, options=BuildOptions(search=False))
    text = built(live_dir, f"/{office.slug}/maklumat/index.html").read_text()
    assert "Nama Kepala Dinas" in text and "NIP 197001011990031001" in text
    assert "Amlapura, 5 Januari 2026" in text


def test_a_draft_maklumat_stays_off_the_site(make_service):
    office = make_service().standard.office
    enter_maklumat(office, status="draft", signatory_name="Belum Ditandatangani")
    assert load_site().office(office.slug).maklumat is None
    assert load_site(preview=True).office(office.slug).maklumat is not None


def test_demo_figures_are_marked_data_contoh_only_in_demo_mode(make_service, make_quota):
    office = make_service().standard.office
    make_quota()
    SurveyResponse.create(office=office, date=dt.date.today(), **dict.fromkeys(
        (code for code, _ in SURVEY_ELEMENTS), 3
    ))  # fmt: skip
    for url in (f"/{office.slug}/kuota/", f"/{office.slug}/ikm/", f"/{office.slug}/"):
        assert "data contoh" in page(load_site(demo=True), url).lower(), url
        assert "data contoh" not in page(load_site(demo=False), url).lower(), url


def test_the_status_line_says_closed_on_cuti_bersama(make_service):
    office = make_service().standard.office
    for weekday in range(5):
        OfficeHours.create(office=office, weekday=weekday, opens=dt.time(8), closes=dt.time(15))
    data = load_site()
    data.built_at = dt.datetime(2026, 3, 20, 2, 0, tzinfo=dt.UTC)
    assert "Jumat, 20 Maret 2026: Tutup (Cuti Bersama" in page(data, f"/{office.slug}/")
    data.built_at = dt.datetime(2026, 5, 15, 2, 0, tzinfo=dt.UTC)
    assert "Jumat, 15 Mei 2026: Tutup (Cuti Bersama" in page(data, f"/{office.slug}/")
    data.built_at = dt.datetime(2026, 5, 13, 2, 0, tzinfo=dt.UTC)
    assert "Rabu, 13 Mei 2026: Buka 08.00–15.00 WITA" in page(data, f"/{office.slug}/")


def test_an_office_without_hours_is_claimed_neither_open_nor_closed(make_service):
    office = make_service().standard.office
    text = page(load_site(), f"/{office.slug}/")
    assert "Jam layanan belum dicatat oleh dinas" in text
    assert ": Tutup" not in text and ": Buka" not in text


BROKEN_FILES = {
    "pages/biner.md": b"\xff\xfe\x00\x00bukan teks",
    "pages/tanpa-penutup.md": b"---\ntitle: Tidak ditutup\n",
    "pages/judul-kendali.md": b"---\ntitle: Judul\x1b[31m merah\n---\nIsi\n",
    "pages/nul.md": b"---\ntitle: A\n---\nisi \x00 nul\n",
    "pages/baris-aneh.md": b"---\ntitle: Judul\x85lanjut\n---\nIsi\n",
    "faq/kosong.md": b"",
    "pages/besar.md": b"---\ntitle: Besar\n---\n" + b"kata " * 200_000,
}


def test_no_content_file_can_break_a_build_or_the_desk(site_app, client, webmaster, make_service):
    make_service(name="Layanan Tetap Terbit")
    content = Path(site_app.config["LOKET_CONTENT_DIR"])
    for path, data in BROKEN_FILES.items():
        (content / path).write_bytes(data)

    desk = client.get("/admin/publishing/")
    assert desk.status_code == 200
    text = desk.get_data(as_text=True)
    for path in BROKEN_FILES:
        if path != "faq/kosong.md":  # an empty file is a page without a title, not an error
            assert path in text, path
    record = publish(Path(site_app.config["LOKET_SITE_DIR"]), options=BuildOptions(search=False,
                     content_root=content))  # fmt: skip
    assert record.status == "success"
    assert built(Path(site_app.config["LOKET_SITE_DIR"]), "/cari/data.js").exists()


def test_a_title_with_a_line_break_or_control_character_is_refused(site_app, client, webmaster):
    for title in ("Judul\nstatus: draft", "Judul\x1b[2J", "Judul\u2028lanjut"):
        response = client.post(
            "/admin/publishing/konten/pages/tentang.md",
            data={
                "csrf_token": csrf_token(
                    client.get("/admin/publishing/konten/pages/tentang.md").get_data(as_text=True)
                ),
                "title": title, "description": "", "status": "published", "body": "Isi",
                "action": "save",
            },
        )  # fmt: skip
        assert response.status_code == 200, title
        assert "tidak boleh berisi baris baru" in response.get_data(as_text=True)
    saved = (Path(site_app.config["LOKET_CONTENT_DIR"]) / "pages/tentang.md").read_text()
    assert "status: draft" not in saved and "\x1b" not in saved


def test_the_markdown_preview_needs_login_and_csrf(app, client, login):
    assert client.post("/admin/markdown/", data={"text": "**a**"}).status_code in (302, 400)
    login("petugas")
    assert client.post("/admin/markdown/", data={"text": "**a**"}).status_code == 400
    token = csrf_token(client.get("/admin/").get_data(as_text=True))
    response = client.post(
        "/admin/markdown/", data={"text": "CEK#<NIK>"}, headers={"X-CSRFToken": token}
    )
    assert response.status_code == 200
    assert response.get_data(as_text=True) == "<p>CEK#&lt;NIK&gt;</p>"
