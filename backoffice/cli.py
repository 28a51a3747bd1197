"""The `loket` command: thin wrappers that parse arguments and call the layers below.

`loket init` creates or upgrades the database, `loket demo` loads the demo offices and data,
`loket user create` adds a staff account, `loket run` serves the back-office (Flask's own
`run`, on 127.0.0.1:5000 by default).
"""

import itertools
import sys

import click
from flask import current_app
from flask.cli import AppGroup, FlaskGroup, with_appcontext
from tqdm import tqdm

from backoffice import config
from backoffice.db import database
from backoffice.domain.errors import ValidationError
from backoffice.models.accounts import ROLES
from backoffice.publish.cli import build_site_command


def region_rows_total() -> int:
    from backoffice.domain.regions import iter_rows

    return sum(
        sum(1 for _ in iter_rows(name))
        for name in ("provinces", "regencies", "districts", "villages")
    )


@click.command("init")
@click.option("--no-villages", is_flag=True, help="Muat provinsi s.d. kecamatan saja.")
@with_appcontext
def init_command(no_villages):
    """Buat atau perbarui basis data dan muat daftar wilayah Kemendagri."""
    from backoffice import dataload, schema

    with database.connection_context():
        applied = schema.upgrade()
        click.echo(f"Migrasi diterapkan: {', '.join(applied) or 'tidak ada (sudah terbaru)'}")
        with tqdm(
            total=None if no_villages else region_rows_total(),
            unit=" baris",
            desc="Wilayah",
            disable=None,
        ) as bar:
            dataload.load_regions(regencies=() if no_villages else None, progress=bar.update)
    click.echo(f"Basis data siap: {current_app.config['DATABASE_URL']}")


@click.command("demo")
@with_appcontext
def demo_command():
    """Muat data demo: lima dinas dari dokumen seed, standar, kuota dan pemohon contoh."""
    from backoffice import schema
    from backoffice.demo.loader import load_demo

    with database.connection_context():
        schema.upgrade()
        with tqdm(desc="Data demo", unit=" langkah", disable=None) as bar:
            logins = load_demo(progress=bar.update)
    config.mark_demo_mode()
    click.echo("\nAkun demo (simpan baik-baik; hanya untuk percobaan):")
    for office_name, group in itertools.groupby(logins, key=lambda login: login[2]):
        click.echo(f"  {office_name}:")
        for username, role, _, password in group:
            click.echo(f"    {username:<26} {role:<12} {password}")


@click.group("user", cls=AppGroup)
def user_group():
    """Kelola akun petugas."""


@user_group.command("create")
@click.argument("username")
@click.option("--role", required=True, type=click.Choice([code for code, _ in ROLES]))
@click.option("--full-name", default="", help="Nama lengkap petugas.")
@click.option("--office", "office_slug", default=None, help="Kode singkat dinas (slug).")
def user_create_command(username, role, full_name, office_slug):
    """Buat akun; kata sandi dari prompt, atau dari stdin bila tidak interaktif."""
    from backoffice.domain.accounts import create_user

    if sys.stdin.isatty():
        password = click.prompt(
            "Kata sandi", hide_input=True, confirmation_prompt="Ulangi kata sandi"
        )
    else:
        password = sys.stdin.readline().rstrip("\n")
    with database.connection_context():
        try:
            user = create_user(
                username, role, password, full_name=full_name, office_slug=office_slug
            )
        except ValidationError as exc:
            for field, message in exc.errors.items():
                click.echo(f"Gagal ({field}): {message}", err=True)
            sys.exit(1)
    click.echo(f"Akun {user.username} ({user.role}) dibuat.")


@click.group("import", cls=AppGroup)
def import_group():
    """Impor data dari berkas CSV atau XLSX."""


@import_group.command("applicants")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--dry-run", is_flag=True, help="Periksa saja; tidak ada yang disimpan.")
@click.option("--office", "office_slug", required=True, help="Kode singkat dinas pengimpor.")
@click.option("--accept-warnings", is_flag=True, help="Simpan walau ada peringatan.")
@click.option("--report", type=click.Path(dir_okay=False), help="Tulis hasil periksa (XLSX/CSV).")
def import_applicants_command(path, dry_run, office_slug, accept_warnings, report):
    """Impor pemohon (dan keluarganya) dari PATH untuk dinas --office."""
    from pathlib import Path

    from backoffice import importer

    with database.connection_context():
        office = importer.office_by_slug(office_slug)
        if office is None:
            click.echo(f"Dinas dengan kode '{office_slug}' tidak ada.", err=True)
            sys.exit(2)
        try:
            with tqdm(desc="Memeriksa", unit=" baris", disable=None) as bar:
                checked, plan = importer.dry_run(Path(path), office, progress=bar.update)
        except ValidationError as exc:  # not a CSV/XLSX, unreadable, too large
            click.echo(f"Berkas tidak dapat diimpor: {' '.join(exc.errors.values())}", err=True)
            sys.exit(1)
        _print_plan(checked, plan)
        if report:
            importer.write_report(plan, report)
            click.echo(f"Hasil pemeriksaan ditulis ke {report}")
        if dry_run:
            sys.exit(1 if plan.errors else 0)
        _commit(importer, checked, office, Path(path).name, accept_warnings)


def _print_plan(checked, plan) -> None:
    from backoffice.domain import import_cells

    for problem in plan.problems:
        click.echo(f"Baris {problem.row}, kolom {problem.column or '-'}: "
                   f"{problem.kind.lower()}: {problem.message}")  # fmt: skip
    for row, names in plan.changed:
        click.echo(f"Baris {row}: {', '.join(names)} diubah")
    if checked.unknown:
        click.echo(f"Kolom tidak dikenal (diabaikan): {', '.join(checked.unknown)}")
    if plan.blank_roles_note:
        click.echo(plan.blank_roles_note)
    ignored = import_cells.export_only(checked.header)
    if ignored:
        click.echo(f"Kolom ekspor (diabaikan): {', '.join(ignored)}")
    click.echo(
        f"{checked.total} baris: {len(plan.creates)} baru, {len(plan.updates)} diubah, "
        f"{plan.unchanged} sama, {len(plan.errors)} galat, {len(plan.warnings)} peringatan."
    )


def _cli_origin() -> str:
    """Who ran a CLI command, for the audit: the operating system's user name."""
    import getpass

    try:
        name = getpass.getuser()
    except Exception:  # no user name in the environment nor the password database
        name = "tidak diketahui"
    return f"lewat CLI, pengguna sistem {name}"


def _commit(importer, checked, office, filename, accept_warnings) -> None:
    with tqdm(desc="Menyimpan", unit=" baris", disable=None) as bar:
        try:
            outcome = importer.commit(
                checked,
                office,
                None,
                filename,
                accept_warnings,
                bar.update,
                address="",
                via=_cli_origin(),
            )
        except ValidationError as exc:
            click.echo(" ".join(exc.errors.values()), err=True)
            sys.exit(1)
    click.echo(f"Tersimpan: {outcome.created} baru, {outcome.updated} diubah, "
               f"{outcome.unchanged} sama.")  # fmt: skip


@click.command("backup")
@click.argument("target", type=click.Path(dir_okay=False), required=False)
@with_appcontext
def backup_command(target):
    """Cadangkan basis data dan folder instance (kunci rahasia, situs, konten) ke TARGET,
    tersegel dengan LOKET_BACKUP_KEY (terenkripsi dan terautentikasi)."""
    import datetime
    from pathlib import Path

    from backoffice.backup import BackupError, make_backup

    target = target or f"loket-cadangan-{datetime.datetime.now():%Y%m%d-%H%M%S}.cadangan"
    try:
        make_backup(current_app.config["DATABASE_URL"], current_app.config["LOKET_SITE_DIR"],
                    Path(target))  # fmt: skip
    except BackupError as exc:
        click.echo(str(exc), err=True)
        sys.exit(1)
    click.echo(f"Cadangan ditulis: {target}")


@click.command("restore")
@click.argument("archive", type=click.Path(exists=True, dir_okay=False))
@click.option("--replace", is_flag=True, help="Timpa basis data yang sudah berisi.")
@with_appcontext
def restore_command(archive, replace):
    """Pulihkan basis data dan folder instance dari ARCHIVE (hasil `loket backup`), setelah
    segelnya diperiksa dengan LOKET_BACKUP_KEY."""
    from pathlib import Path

    from backoffice.backup import BackupError, restore_backup

    try:
        restore_backup(Path(archive), current_app.config["DATABASE_URL"],
                       current_app.config["LOKET_SITE_DIR"], replace)  # fmt: skip
    except BackupError as exc:
        click.echo(str(exc), err=True)
        sys.exit(1)
    click.echo(f"Dipulihkan dari {archive}.")


@click.command("serve")
@click.option("-b", "--bind", default="127.0.0.1:8000", show_default=True,
              help="Alamat dan port (di belakang nginx).")  # fmt: skip
@click.option("-w", "--workers", type=click.IntRange(1, 64), help="Jumlah proses (bawaan 2).")
@click.option("--threads", type=click.IntRange(1, 256), help="Utas per proses (bawaan 64).")
def serve_command(bind, workers, threads):
    """Layani back-office untuk produksi: gunicorn dengan pekerja berutas (gthread), tahan
    terhadap koneksi lambat. Jalankan `loket worker` juga untuk pekerjaan latar belakang."""
    from backoffice.serving import serve

    serve(bind, workers, threads)


@click.command("backup-key")
def backup_key_command():
    """Cetak kunci cadangan acak baru untuk LOKET_BACKUP_KEY (simpan di luar folder instance)."""
    from backoffice.backup import new_key

    click.echo(new_key())


@click.command("worker")
@click.option("-w", "--workers", default=2, show_default=True, type=click.IntRange(1, 32),
              help="Jumlah utas pekerja dalam proses ini.")  # fmt: skip
@with_appcontext
def worker_command(workers):
    """Jalankan pekerja antrean (impor, ekspor, berkas BPJS, terbit situs) sampai dihentikan."""
    import logging

    from backoffice.tasks import consumer

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    database.close()  # the worker's threads open their own connections
    consumer.run(current_app._get_current_object(), workers)


@click.command("periodic")
@with_appcontext
def periodic_command():
    """Jalankan sekarang pekerjaan berjadwal yang biasanya dijalankan pekerja antrean: arsip
    laporan bulanan, daftar tenggat pagi untuk supervisor, dan penghapusan berkas kedaluwarsa."""
    from backoffice.tasks import exports, imports, periodic

    filed, lists = periodic.file_monthly_reports(), periodic.send_morning_lists()
    removed = imports.remove_expired() + exports.remove_expired()
    click.echo(f"Laporan bulanan diarsipkan: {filed}; daftar tenggat pagi dibuat: {lists}; "
               f"berkas pekerjaan kedaluwarsa dihapus: {removed}.")  # fmt: skip
    if not (filed or lists):
        click.echo("Tidak ada yang baru: laporan sebuah bulan diarsipkan sekali setelah bulan "
                   "itu berakhir; daftar tenggat dibuat sekali sehari pukul 07.00 waktu dinas "
                   "pada hari kerja, untuk supervisor yang aktif.")  # fmt: skip


@click.command("run", context_settings={"ignore_unknown_options": True,
                                        "allow_extra_args": True})  # fmt: skip
@click.option("--no-worker", is_flag=True, help="Tanpa pekerja antrean di sampingnya.")
@click.pass_context
def run_command(ctx, no_worker):
    """Layani back-office (server pengembangan Flask) dengan satu pekerja antrean di
    sampingnya; opsi lain diteruskan ke `flask run` (--host, --port, …)."""
    import subprocess

    from flask.cli import run_command as flask_run

    worker = None
    if not no_worker:
        worker = subprocess.Popen([sys.executable, "-m", "backoffice.cli", "worker", "-w", "2"])
        click.echo(f"Pekerja antrean berjalan (pid {worker.pid}).")
    try:
        flask_run.main(args=ctx.args, prog_name="loket run", obj=ctx.obj, standalone_mode=False)
    finally:
        if worker is not None:
            worker.terminate()
            worker.wait(timeout=30)


def init_app(app) -> None:
    for command in (init_command, demo_command, user_group, build_site_command, import_group,
                    backup_command, restore_command, worker_command, periodic_command,
                    backup_key_command):  # fmt: skip
        app.cli.add_command(command)


def main() -> None:
    from flask.cli import routes_command, shell_command

    from backoffice import create_app

    group = FlaskGroup(create_app=create_app, help="Loket JKN: perintah petugas.",
                       add_default_commands=False)  # fmt: skip
    for command in (run_command, serve_command, shell_command, routes_command):
        group.add_command(command)
    group(prog_name="loket")


if __name__ == "__main__":
    main()
