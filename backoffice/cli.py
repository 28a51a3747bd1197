"""The `loket` command: thin wrappers that parse arguments and call the layers below.

`loket init` creates or upgrades the database, `loket demo` loads the demo offices and data,
`loket user create` adds a staff account, `loket run` serves the back-office (Flask's own
`run`, on 127.0.0.1:5000 by default).
"""

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
    for username, role, password in logins:
        click.echo(f"  {username:<22} {role:<12} {password}")


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


def init_app(app) -> None:
    for command in (init_command, demo_command, user_group, build_site_command):
        app.cli.add_command(command)


def main() -> None:
    from backoffice import create_app

    FlaskGroup(create_app=create_app, help="Loket JKN: perintah back-office.")(prog_name="loket")
