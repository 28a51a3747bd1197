"""Publishing: drafts stay out, a failed build changes nothing live, rebuilds touch only what
changed, the previous build can be restored, and every publish is recorded."""

import os

import pytest

from backoffice.models import PublishRecord, ServiceStandard
from backoffice.publish.history import begin
from backoffice.publish.publisher import BuildOptions, PublishError, publish, restore
from backoffice.publish.store import SiteStore

BROKEN = (
    '{% extends "base.html" %}{% block content %}{{ service.name | no_such_filter }}{% endblock %}'
)


def options(**fields):
    return BuildOptions(search=False, **fields)


def files(folder):
    return {p.relative_to(folder): p for p in folder.rglob("*") if p.is_file()}


def site_text(live):
    return "\n".join(p.read_text(errors="ignore") for p in files(live.resolve()).values())


def test_drafts_never_leak_into_any_file(make_service, live_dir):
    draft = make_service(name="Layanan Rahasia Draf")
    ServiceStandard.update(status="draft", fee="BIAYA-DRAF-XYZ").where(
        ServiceStandard.id == draft.standard_id
    ).execute()
    make_service(office=draft.standard.office, name="Layanan Terbit")
    publish(live_dir, options=options())
    text = site_text(live_dir)
    assert "Layanan Terbit" in text
    assert "Layanan Rahasia Draf" not in text and "BIAYA-DRAF-XYZ" not in text


def test_a_failed_build_leaves_the_previous_site_serving(make_service, live_dir, tmp_path):
    make_service(name="Layanan Awal")
    publish(live_dir, options=options())
    before = {path: p.read_bytes() for path, p in files(live_dir.resolve()).items()}
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "service.html").write_text(BROKEN)

    with pytest.raises(PublishError, match="situs lama tetap tayang"):
        publish(live_dir, options=options(app_config={"SITE_TEMPLATES": broken}))

    after = {path: p.read_bytes() for path, p in files(live_dir.resolve()).items()}
    assert after == before
    assert len(SiteStore(live_dir).builds()) == 1  # the failed folder was removed


def test_a_failed_publish_is_recorded_with_an_indonesian_error(make_service, live_dir, tmp_path):
    make_service()
    (tmp_path / "service.html").write_text(BROKEN)
    record = begin(live_dir)
    with pytest.raises(PublishError):
        publish(live_dir, None, options(app_config={"SITE_TEMPLATES": tmp_path}), record)
    record = PublishRecord.get_by_id(record.id)
    assert record.status == "failed" and record.finished_at and record.duration_ms >= 0
    assert "Situs gagal dibangun" in record.error and "gagal dibuat" in record.error


def test_a_publish_records_pages_and_what_changed(make_service, live_dir):
    make_service(name="Layanan Satu")
    record = publish(live_dir, None, options())
    assert record.status == "success" and record.page_count > 10
    assert "halaman baru" in record.changes and record.build_name


def test_a_rebuild_after_editing_one_standard_rewrites_only_its_pages(make_service, live_dir):
    edited = make_service(name="Layanan Diubah")
    other = make_service(name="Layanan Lain")
    publish(live_dir, options=options())
    first = live_dir.resolve()
    ServiceStandard.update(fee="Gratis, tanpa pungutan apa pun").where(
        ServiceStandard.id == edited.standard_id
    ).execute()

    record = publish(live_dir, {edited.standard_id}, options())

    second = live_dir.resolve()
    assert second != first
    assert record.kind == "incremental"
    page = f"/{edited.standard.office.slug}/layanan/{edited.id}-layanan-diubah.html"
    assert record.changes.splitlines() == [
        "0 halaman baru, 1 diubah, 0 dihapus (dari 16 halaman).",
        f"Diubah: {page}",
    ]
    assert record.written_count == 1  # its checklist, frozen again to the same bytes, is kept
    for path, file in files(second).items():
        if path.name != ".loket-manifest.json" and str(path).find(f"{edited.id}-layanan") < 0:
            assert os.path.samefile(file, first / path), f"{path} was rewritten"
    assert (
        "tanpa pungutan"
        in (second / edited.standard.office.slug / "layanan")
        .joinpath(f"{edited.id}-layanan-diubah.html")
        .read_text()
    )
    assert (
        "tanpa pungutan"
        not in (first / edited.standard.office.slug / "layanan")
        .joinpath(f"{edited.id}-layanan-diubah.html")
        .read_text()
    )  # the previous build is intact, ready to restore
    assert other.id  # its pages are the hard links checked above


def test_a_standard_taken_back_to_draft_disappears_on_rebuild(make_service, live_dir):
    service = make_service(name="Layanan Ditarik")
    publish(live_dir, options=options())
    ServiceStandard.update(status="draft").where(
        ServiceStandard.id == service.standard_id
    ).execute()
    record = publish(live_dir, {service.standard_id}, options())
    assert "layanan-ditarik" in record.changes.split("Dihapus:")[1]
    assert "Layanan Ditarik" not in site_text(live_dir)


def test_the_previous_build_can_be_restored(make_service, live_dir):
    make_service(name="Versi Pertama")
    publish(live_dir, options=options())
    first = live_dir.resolve()
    make_service(name="Versi Kedua")
    publish(live_dir, options=options())
    record = restore(live_dir, None, "cli")
    assert record.status == "success"
    assert live_dir.resolve() == first and "Versi Kedua" not in site_text(live_dir)


def test_restore_without_a_previous_build_fails_in_indonesian(db, live_dir):
    with pytest.raises(PublishError, match="Tidak ada terbitan sebelumnya"):
        restore(live_dir, None, "cli")
    record = PublishRecord.get()
    assert record.status == "failed" and "Tidak ada terbitan sebelumnya" in record.error


def test_a_folder_holding_other_files_is_never_overwritten(db, tmp_path):
    target = tmp_path / "bukan-situs"
    target.mkdir()
    (target / "penting.txt").write_text("jangan dihapus")
    with pytest.raises(PublishError, match="sudah berisi"):
        publish(target, options=options())
    assert (target / "penting.txt").read_text() == "jangan dihapus"


def test_only_the_newest_builds_are_kept(make_service, live_dir):
    make_service()
    for _ in range(5):
        publish(live_dir, options=options())
    assert len(SiteStore(live_dir).builds()) == 3


def test_the_cli_builds_the_site_with_a_summary(app, make_service, tmp_path):
    make_service(name="Layanan Dari CLI")
    out = tmp_path / "keluar"
    result = app.test_cli_runner().invoke(args=["build-site", "--out", str(out), "--no-search"])
    assert result.exit_code == 0, result.output
    assert "Situs terbit di" in result.output
    assert "Layanan Dari CLI" in site_text(out)
    assert PublishRecord.get().source == "cli"


def test_every_kept_build_holds_exactly_what_its_manifest_says_after_many_rebuilds(
    make_service, live_dir
):
    """Rebuilds reuse the build they push out: each must still be byte for byte its own."""
    import hashlib

    from backoffice.publish.store import read_manifest

    services = [make_service(name=f"Layanan {n}") for n in range(3)]
    publish(live_dir, options=options())
    for n in range(6):
        edited = services[n % 3]
        ServiceStandard.update(fee=f"Biaya versi {n}").where(
            ServiceStandard.id == edited.standard_id
        ).execute()
        publish(live_dir, {edited.standard_id}, options())
    store = SiteStore(live_dir)
    assert len(store.builds()) == 3
    for build in store.builds():
        pages = read_manifest(build)["pages"]
        on_disk = {
            p.relative_to(build).as_posix()
            for p in build.rglob("*.html")
            if "static" not in p.parts and "pagefind" not in p.parts
        }
        assert on_disk == {
            entry["file"] for entry in pages.values() if entry["file"].endswith(".html")
        }
        for entry in pages.values():
            assert hashlib.sha1((build / entry["file"]).read_bytes()).hexdigest() == entry["sha"]
    assert "Biaya versi 5" in site_text(live_dir)
