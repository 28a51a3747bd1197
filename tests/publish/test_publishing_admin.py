"""The webmaster's desk: who may use it, publish and its history, errors in Indonesian, restore,
previews of drafts, and content pages edited through our own form."""

import datetime as dt
import json
from pathlib import Path

import pytest

from backoffice.models import AuditEntry, DataJob, PublishRecord, QueueWorker, ServiceStandard
from backoffice.models.base import utcnow
from backoffice.tasks import records
from tests.factories import csrf_token, post_form

DESK = "/admin/publishing/"
BROKEN = '{% extends "base.html" %}{% block content %}{{ 1 | no_such_filter }}{% endblock %}'


def publish_now(client):
    token = csrf_token(client.get(DESK).get_data(True))
    return client.post(f"{DESK}terbitkan", data={"csrf_token": token})


@pytest.mark.parametrize("role", ["petugas", "verifikator"])
def test_casework_roles_cannot_open_the_desk(site_app, client, login, role):
    login(role)
    assert client.get(DESK).status_code == 403


def test_a_supervisor_may_look_but_not_publish(site_app, client, login):
    login("supervisor")
    page = client.get(DESK)
    assert page.status_code == 200 and "Terbitkan sekarang" not in page.get_data(True)
    token = csrf_token(page.get_data(True))  # the logout form's
    assert client.post(f"{DESK}terbitkan", data={"csrf_token": token}).status_code == 403


def test_publish_builds_the_site_and_records_who_and_what(
    site_app, client, webmaster, make_service
):
    make_service(name="Layanan Dari Desk")
    response = publish_now(client)
    assert response.status_code == 302
    record = PublishRecord.get()
    assert record.status == "success" and record.user_id == webmaster.id
    assert record.page_count > 10 and "halaman baru" in record.changes
    desk = client.get(DESK).get_data(True)
    assert "Berhasil" in desk and "publish-history" in desk
    asked, entry = AuditEntry.select().where(AuditEntry.action == "publish").order_by(
        AuditEntry.id)  # written by the operation: when asked, and how it ended
    assert asked.summary == "Terbitkan situs (penuh): diminta"
    assert entry.user_id == asked.user_id == webmaster.id and entry.ip == "127.0.0.1"
    assert entry.summary.startswith("Terbitkan situs (penuh): berhasil.")
    assert entry.object_id == str(record.id)


def test_a_failed_publish_shows_the_error_in_indonesian(
    site_app, client, webmaster, make_service, tmp_path
):
    make_service()
    (tmp_path / "broken").mkdir()
    (tmp_path / "broken" / "service.html").write_text(BROKEN)
    site_app.config["LOKET_SITE_APP_CONFIG"] = {"SITE_TEMPLATES": str(tmp_path / "broken")}
    publish_now(client)
    desk = client.get(DESK).get_data(True)
    assert "Penerbitan terakhir gagal: Situs gagal dibangun; situs lama tetap tayang" in desk
    record, job = PublishRecord.get(), DataJob.get(DataJob.kind == "publish")
    assert record.status == "failed" and job.status == "failed" and job.message == record.error
    entry = AuditEntry.select().where(AuditEntry.action == "publish").order_by(
        AuditEntry.id.desc()).get()
    assert entry.user_id == webmaster.id and entry.summary.startswith(
        "Terbitkan situs (penuh): gagal: Situs gagal dibangun")


def test_a_publish_waits_for_a_worker_and_the_desk_says_so(
    site_app, client, webmaster, make_service, queued
):
    make_service()
    publish_now(client)
    job = DataJob.get(DataJob.kind == "publish")
    assert queued() == [job.id] and PublishRecord.get().status == "running"
    desk = client.get(DESK).get_data(True)
    assert "Menunggu giliran" in desk and 'http-equiv="refresh"' in desk
    assert "belum ada pekerja antrean yang aktif: beri tahu admin instalasi" in desk
    assert "Penerbitan masuk antrean" in desk
    publish_now(client)
    assert "Penerbitan lain sedang berjalan" in client.get(DESK).get_data(True)

    records.run(job.id, "pekerja-uji:1")  # what a worker does with the queued message

    assert PublishRecord.get().status == "success" and DataJob.get_by_id(job.id).status == "done"
    desk = client.get(DESK).get_data(True)
    assert "Menunggu giliran" not in desk and 'http-equiv="refresh"' not in desk


def test_a_publish_whose_worker_stopped_beating_is_closed_and_the_desk_publishes_again(
    site_app, client, webmaster, make_service
):
    make_service()
    long_ago = utcnow() - dt.timedelta(minutes=2)
    QueueWorker.create(name="mesin-lain:4242", host="mesin-lain", pid=4242,
                       started_at=long_ago, last_seen=long_ago)  # fmt: skip
    dead = PublishRecord.create(source="web", target=site_app.config["LOKET_SITE_DIR"])
    DataJob.create(kind="publish", area="site", filename="situs", status="running",
                   worker="mesin-lain:4242", attempts=1, started_at=long_ago,
                   params=json.dumps({"step": "publish", "record": dead.id}))  # fmt: skip

    desk = client.get(DESK).get_data(True)

    assert "Situs sedang dibangun" not in desk and 'http-equiv="refresh"' not in desk
    dead = PublishRecord.get_by_id(dead.id)
    assert dead.status == "failed"
    assert "pekerja antrean mesin-lain:4242 berhenti di tengah pekerjaan" in dead.error
    assert "Terbitkan lagi" in desk
    publish_now(client)
    newest = PublishRecord.select().order_by(PublishRecord.id.desc()).get()
    assert newest.id != dead.id and newest.status == "success"


def test_restore_puts_the_previous_build_back(site_app, client, webmaster, make_service):
    make_service(name="Versi Lama")
    publish_now(client)
    make_service(name="Versi Baru")
    publish_now(client)
    token = csrf_token(client.get(DESK).get_data(True))
    client.post(f"{DESK}pulihkan", data={"csrf_token": token})
    restored = PublishRecord.select().order_by(PublishRecord.id.desc()).get()
    assert restored.kind == "restore" and restored.status == "success"
    entry = AuditEntry.select().where(AuditEntry.action == "restore").order_by(
        AuditEntry.id.desc()).get()
    assert entry.user_id == webmaster.id and entry.summary.startswith(
        "Pulihkan terbitan sebelumnya: berhasil. Situs dikembalikan")


def test_preview_shows_a_draft_standard_as_the_public_will_see_it(
    site_app, client, webmaster, make_service
):
    service = make_service(name="Layanan Masih Draf")
    ServiceStandard.update(status="draft").where(
        ServiceStandard.id == service.standard_id
    ).execute()
    desk = client.get(DESK).get_data(True)
    assert "Layanan Masih Draf" in desk
    path = f"{service.standard.office.slug}/layanan/{service.id}-layanan-masih-draf.html"
    page = client.get(f"{DESK}pratinjau/{path}").get_data(True)
    assert "Layanan Masih Draf" in page and "Draf: standar ini belum diterbitkan" in page
    assert client.get(f"{DESK}pratinjau/static/site.css").status_code == 200


def test_content_page_is_saved_through_our_form(site_app, client, webmaster, tmp_path):
    response = post_form(
        client,
        f"{DESK}konten/pages/tentang.md",
        {"title": "Tentang kami", "description": "", "status": "draft", "body": "Isi **baru**"},
    )
    assert response.status_code == 302
    text = (tmp_path / "content" / "pages" / "tentang.md").read_text()
    assert "title: Tentang kami" in text and "status: draft" in text and "Isi **baru**" in text


def test_content_preview_renders_unsaved_text_inert(site_app, client, webmaster, tmp_path):
    before = (tmp_path / "content" / "pages" / "tentang.md").read_text()
    page = post_form(
        client,
        f"{DESK}konten/pages/tentang.md",
        {
            "title": "Uji",
            "description": "",
            "status": "published",
            "body": "Halo <script>alert(1)</script> [x](javascript:alert(1))",
            "action": "preview",
        },
    ).get_data(True)
    assert "Halo" in page and "<script>alert" not in page and "javascript:" not in page
    assert (tmp_path / "content" / "pages" / "tentang.md").read_text() == before  # not saved


def test_a_new_page_gets_a_safe_name(site_app, client, webmaster, tmp_path):
    bad = post_form(
        client,
        f"{DESK}konten/baru",
        {"slug": "../../etc", "title": "X", "description": "", "status": "draft", "body": "x"},
    )
    assert bad.status_code == 200 and "Huruf kecil" in bad.get_data(True)
    good = post_form(
        client,
        f"{DESK}konten/baru",
        {"slug": "layanan-malam", "title": "X", "description": "", "status": "draft", "body": "x"},
    )
    assert good.status_code == 302
    assert (tmp_path / "content" / "pages" / "layanan-malam.md").exists()


def test_paths_outside_the_content_layout_are_not_found(site_app, client, webmaster):
    for path in ("../pyproject.toml", "pages/../../README.md", "pages/tentang.html"):
        assert client.get(f"{DESK}konten/{path}").status_code == 404


def test_editing_a_service_in_the_back_office_marks_its_standard_changed(
    site_app, client, login, make_service
):
    service = make_service(name="Layanan Lama")
    long_ago = dt.datetime(2020, 1, 1)
    ServiceStandard.update(updated_at=long_ago).execute()
    login("admin")
    form = {
        "standard": service.standard_id, "kind": service.kind, "name": "Layanan Baru",
        "promised_amount": "3", "promised_unit": service.promised_unit, "active": "y",
    }  # fmt: skip
    response = post_form(client, f"/admin/service/edit/?id={service.id}", form)
    assert response.status_code == 302
    assert ServiceStandard.get_by_id(service.standard_id).updated_at > long_ago


def test_the_desk_rebuilds_only_the_edited_standard_after_a_good_build(
    site_app, client, webmaster, make_service
):
    edited = make_service(name="Layanan Diubah")
    make_service(office=edited.standard.office, name="Layanan Tetap")
    publish_now(client)
    ServiceStandard.update(fee="Gratis sepenuhnya", updated_at=utcnow()).where(
        ServiceStandard.id == edited.standard_id
    ).execute()

    publish_now(client)

    record = PublishRecord.select().order_by(PublishRecord.id.desc()).get()
    assert record.status == "success" and record.kind == "incremental"
    assert record.written_count == 1  # the service page; its checklist shows no fee
    page = next(Path(site_app.config["LOKET_SITE_DIR"]).resolve().rglob(f"{edited.id}-*.html"))
    assert "Gratis sepenuhnya" in page.read_text()


def test_the_desk_builds_everything_when_content_changed(site_app, client, webmaster, make_service):
    make_service()
    publish_now(client)
    about = Path(site_app.config["LOKET_CONTENT_DIR"]) / "pages" / "tentang.md"
    about.write_text(about.read_text() + "\nTambahan.\n")

    publish_now(client)

    kinds = [r.kind for r in PublishRecord.select().order_by(PublishRecord.id)]
    assert kinds == ["full", "full"]
