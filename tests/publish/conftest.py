"""The demo data built once per backend into a temporary live folder, for tests that read it.

Building the seed offices takes a few seconds, so `demo_site` is module-scoped: tests using it
only read files and never change the database; its tables are emptied when the module ends.
"""

import shutil
from pathlib import Path

import pytest

from backoffice.db import database
from backoffice.demo.loader import load_demo
from backoffice.paths import CONTENT_DIR
from backoffice.publish.publisher import BuildOptions, publish
from tests.conftest import empty_tables


@pytest.fixture(scope="module")
def demo_site(backend, tmp_path_factory) -> Path:
    """The live folder of a site built from `loket demo`'s data (with its search index)."""
    _, _, db = backend
    database.initialize(db)
    db.connect(reuse_if_open=True)
    load_demo()
    live = tmp_path_factory.mktemp("public") / "site"
    publish(live, options=BuildOptions(search=True, demo=True))
    yield live
    db.connect(reuse_if_open=True)
    empty_tables(db)
    db.close()


@pytest.fixture
def live_dir(tmp_path) -> Path:
    return tmp_path / "public" / "site"


@pytest.fixture
def site_app(app, tmp_path):
    """The back-office with its own live folder and a copy of content/ (the queue runs a
    publish at once, inside the request that asks for it)."""
    shutil.copytree(CONTENT_DIR, tmp_path / "content")
    app.config.update(
        LOKET_SITE_DIR=str(tmp_path / "public" / "site"),
        LOKET_CONTENT_DIR=str(tmp_path / "content"),
        LOKET_SITE_APP_CONFIG={},
    )
    return app


@pytest.fixture
def webmaster(site_app, login):
    return login("webmaster")
