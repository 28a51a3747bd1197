"""Loket JKN: the back-office of a district office enrolling residents in PBI JKN-KIS."""


def create_app(config: dict | None = None):
    """The one app factory. `config` overrides what the environment says.

    Flask is imported here, not at module level, so that `backoffice.domain` and
    `backoffice.models` load without the web stack.
    """
    from flask import Flask
    from flask_wtf.csrf import CSRFProtect

    from backoffice import admin, auth, cli, db, errors, i18n, kiosk, security
    from backoffice import config as settings
    from backoffice.tasks import queue

    app = Flask(__name__, instance_path=str(settings.instance_dir()))
    app.config.from_mapping(settings.from_environment())
    if config:
        app.config.update(config)

    errors.init_app(app)  # first: its route converters serve every blueprint
    security.init_app(app)
    db.init_app(app)
    i18n.init_babel(app)
    CSRFProtect(app)
    auth.init_app(app)
    admin.init_app(app)
    kiosk.init_app(app)
    cli.init_app(app)
    queue.init_app(app)
    return app
