"""The builder: drafts stay out, a failed build changes nothing live, rebuilds touch only what
changed, the previous build can be restored, and every publish is recorded."""

import os

import pytest

from backoffice.models import PublishRecord, ServiceStandard
from backoffice.publish.builder import BuildError, BuildOptions, build_site
from backoffice.publish.operations import publish, restore_previous, start_record
from backoffice.publish.store import SiteStore, StoreError

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
    build_site(live_dir, options=options())
    text = site_text(live_dir)
    assert "Layanan Terbit" in text
    assert "Layanan Rahasia Draf" not in text and "BIAYA-DRAF-XYZ" not in text


def test_a_failed_build_leaves_the_previous_site_serving(make_service, live_dir, tmp_path):
    make_service(name="Layanan Awal")
    build_site(live_dir, options=options())
    before = {path: p.read_bytes() for path, p in files(live_dir.resolve()).items()}
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "service.html").write_text(BROKEN)

    with pytest.raises(BuildError, match="situs lama tetap tayang"):
        build_site(live_dir, options=options(app_config={"SITE_TEMPLATES": broken}))

    after = {path: p.read_bytes() for path, p in files(live_dir.resolve()).items()}
    assert after == before
    assert len(SiteStore(live_dir).builds()) == 1  # the failed folder was removed


def test_a_failed_publish_is_recorded_with_an_indonesian_error(make_service, live_dir, tmp_path):
    make_service()
    (tmp_path / "service.html").write_text(BROKEN)
    record = start_record(None, "cli", "full", live_dir)
    publish(live_dir, record, None, options(app_config={"SITE_TEMPLATES": tmp_path}))
    record = PublishRecord.get_by_id(record.id)
    assert record.status == "failed" and record.finished_at and record.duration_ms >= 0
    assert "Situs gagal dibangun" in record.error and "gagal dibuat" in record.error


def test_a_publish_records_pages_and_what_changed(make_service, live_dir):
    make_service(name="Layanan Satu")
    record = publish(live_dir, start_record(None, "cli", "full", live_dir), None, options())
    assert record.status == "success" and record.page_count > 10
    assert "halaman baru" in record.changes and record.build_name


def test_a_rebuild_after_editing_one_standard_rewrites_only_its_pages(make_service, live_dir):
    edited = make_service(name="Layanan Diubah")
    other = make_service(name="Layanan Lain")
    build_site(live_dir, options=options())
    first = live_dir.resolve()
    ServiceStandard.update(fee="Gratis, tanpa pungutan apa pun").where(
        ServiceStandard.id == edited.standard_id
    ).execute()

    result = build_site(live_dir, {edited.standard_id}, options())

    second = live_dir.resolve()
    assert second != first
    assert result.changed == [
        f"/{edited.standard.office.slug}/layanan/{edited.id}-layanan-diubah.html"
    ]
    assert set(result.written) == set(result.changed)
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
    build_site(live_dir, options=options())
    ServiceStandard.update(status="draft").where(
        ServiceStandard.id == service.standard_id
    ).execute()
    result = build_site(live_dir, {service.standard_id}, options())
    assert any("layanan-ditarik" in url for url in result.removed)
    assert "Layanan Ditarik" not in site_text(live_dir)


def test_the_previous_build_can_be_restored(make_service, live_dir):
    make_service(name="Versi Pertama")
    build_site(live_dir, options=options())
    first = live_dir.resolve()
    make_service(name="Versi Kedua")
    build_site(live_dir, options=options())
    record = restore_previous(live_dir, None, "cli")
    assert record.status == "success"
    assert live_dir.resolve() == first and "Versi Kedua" not in site_text(live_dir)


def test_restore_without_a_previous_build_fails_in_indonesian(db, live_dir):
    record = restore_previous(live_dir, None, "cli")
    assert record.status == "failed" and "Tidak ada terbitan sebelumnya" in record.error


def test_a_folder_holding_other_files_is_never_overwritten(db, tmp_path):
    target = tmp_path / "bukan-situs"
    target.mkdir()
    (target / "penting.txt").write_text("jangan dihapus")
    with pytest.raises(StoreError, match="sudah berisi"):
        build_site(target, options=options())
    assert (target / "penting.txt").read_text() == "jangan dihapus"


def test_only_the_newest_builds_are_kept(make_service, live_dir):
    make_service()
    for _ in range(5):
        build_site(live_dir, options=options())
    assert len(SiteStore(live_dir).builds()) == 3


def test_the_cli_builds_the_site_with_a_summary(app, make_service, tmp_path):
    make_service(name="Layanan Dari CLI")
    out = tmp_path / "keluar"
    result = app.test_cli_runner().invoke(args=["build-site", "--out", str(out), "--no-search"])
    assert result.exit_code == 0, result.output
    assert "Situs terbit di" in result.output
    assert "Layanan Dari CLI" in site_text(out)
    assert PublishRecord.get().source == "cli"
