"""`loket build-site`: build the public site and switch it live, with a progress bar."""

import os
import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from tqdm import tqdm

from backoffice import config
from backoffice.db import database
from backoffice.publish.publisher import BuildOptions, PublishError, publish


@click.command("build-site")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder situs publik (bawaan: LOKET_SITE_DIR).")  # fmt: skip
@click.option("--standard", "standards", type=int, multiple=True,
              help="Hanya perbarui halaman standar dengan ID ini (boleh berulang).")  # fmt: skip
@click.option("--no-search", is_flag=True, help="Lewati pembuatan indeks pencarian Pagefind.")
@with_appcontext
def build_site_command(out, standards, no_search):
    """Bangun situs publik (standar terbit, FAQ, maklumat) dan terbitkan secara atomik."""
    live = (out or Path(current_app.config["LOKET_SITE_DIR"])).absolute()
    options = BuildOptions(
        site_url=os.environ.get("LOKET_SITE_URL", ""),
        search=not no_search,
        demo=config.demo_mode(),
        cache_dir=config.instance_dir() / "render-cache",
    )
    with database.connection_context(), tqdm(desc="Halaman", unit=" hlm", disable=None) as bar:

        def progress(done: int, total: int) -> None:
            bar.total = total
            bar.update(done - bar.n)

        try:
            record = publish(live, set(standards) or None, options, progress=progress)
        except PublishError as exc:
            bar.close()
            click.echo(str(exc), err=True)
            sys.exit(1)
    click.echo(record.changes)
    if record.skipped:  # the others published; these offices' pages stayed as they were
        click.echo(f"Tidak ikut diperbarui:\n{record.skipped}", err=True)
    click.echo(f"Situs terbit di {live} ({record.page_count} halaman, {record.duration_ms} ms).")
