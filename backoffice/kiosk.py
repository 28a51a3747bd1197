"""The survey kiosk: `/survei/<office-slug>`, answered on a counter tablet without login.

It reaches nothing else: one page and its own static files, no link out, no session account;
an unknown slug is a 404. The rules (what an answer holds, the flood limits) are
`backoffice.domain.kiosk`.
"""

import datetime as dt
import secrets

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for

from backoffice.db import write_transaction
from backoffice.domain import kiosk, skm
from backoffice.domain.deadlines import calendar_for, to_local
from backoffice.domain.errors import ValidationError
from backoffice.models import Office
from backoffice.models.base import utcnow
from backoffice.models.surveys import EDUCATION_LEVELS, OCCUPATIONS, SEXES

blueprint = Blueprint("kiosk", __name__)
DEVICE_COOKIE = "loket_kiosk"
DEVICE_AGE = 400 * 24 * 3600  # a tablet keeps its id about a year


def _office(slug: str) -> Office:
    office = Office.get_or_none(Office.slug == slug[:40])
    if office is None:
        abort(404)
    return office


def _keys() -> tuple[dict[str, str], str | None]:
    device = request.cookies.get(DEVICE_COOKIE, "")
    new_device = None
    if not (0 < len(device) <= 64 and device.isalnum()):
        device = new_device = secrets.token_hex(16)
    secret = current_app.config["SECRET_KEY"]
    address = request.remote_addr or ""
    return {"device": kiosk.key_of(secret, device), "address": kiosk.key_of(secret, address)}, (
        new_device
    )


@blueprint.route("/survei/<slug>", methods=["GET", "POST"])
def survey(slug: str):
    office = _office(slug)
    errors, form = {}, request.form
    keys, new_device = _keys()
    if request.method == "POST":
        now = utcnow()
        today = to_local(now, calendar_for(office)).date()
        try:
            with write_transaction():
                kiosk.take_answer(office, form.to_dict(), keys, now, today)
        except ValidationError as exc:
            errors = exc.errors
        else:
            response = redirect(url_for("kiosk.survey", slug=office.slug, terima="1"))
            return _with_device(response, new_device)
    response = current_app.make_response(
        (
            render_template("kiosk/survey.html", **_context(office, form, errors)),
            400 if errors else 200,
        )
    )
    return _with_device(response, new_device)


def _context(office: Office, form, errors: dict) -> dict:
    return {
        "office": office,
        "elements": skm.ELEMENTS,
        "services": kiosk.kiosk_services(office),
        "sexes": SEXES,
        "educations": EDUCATION_LEVELS,
        "occupations": OCCUPATIONS,
        "form": form,
        "errors": errors,
        "thanks": request.args.get("terima") == "1" and not errors,
        "year": dt.date.today().year,
    }


def _with_device(response, new_device: str | None):
    if new_device:
        response.set_cookie(
            DEVICE_COOKIE, new_device, max_age=DEVICE_AGE, httponly=True, samesite="Strict",
            secure=request.is_secure,
        )  # fmt: skip
    return response


def init_app(app) -> None:
    app.register_blueprint(blueprint)
