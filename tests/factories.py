"""One-line makers of valid records (as CTFd's gen_* helpers) and form posting with CSRF."""

import datetime
import itertools
import re

from werkzeug.security import generate_password_hash

from backoffice.demo.people import nik_for
from backoffice.models import (
    Applicant,
    Application,
    Office,
    Quota,
    Requirement,
    Service,
    ServiceStandard,
    User,
)

PASSWORD = "rahasia-loket-2026"
KARANGASEM_VILLAGE = "51.07.01.2001"
_serial = itertools.count(1)


# The shared test password, hashed once with a cheap work factor: scrypt's 0.12 s per hash
# and per login would dominate the suite. The real hashing runs in the CLI and account tests.
FAST_HASH = generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000")


def make_user(role="petugas", username=None, password=PASSWORD, office=None, **fields):
    user = User(username=username or f"{role}{next(_serial)}", role=role, office=office, **fields)
    if password == PASSWORD:
        user.password_hash = FAST_HASH
    else:
        user.set_password(password)
    user.save()
    return user


def make_office(slug=None, **fields):
    n = next(_serial)
    values = {
        "slug": slug or f"dinas{n}",
        "name": f"Dinas Sosial Uji {n}",
        "short_name": f"Dinsos Uji {n}",
        "province": "51",
        "regency": "51.07",
        "city": "Amlapura",
        "time_zone": "WITA",
    }
    values.update(fields)
    return Office.create(**values)


def make_service(office=None, requirements=("Fotokopi KK", "Fotokopi KTP"), **fields):
    office = office or make_office()
    standard = ServiceStandard.create(
        office=office, title="Standar Pelayanan PBI JKN-KIS", status="published"
    )
    values = {
        "standard": standard,
        "kind": "new_proposal",
        "name": "Pengusulan Baru PBI JKN-KIS",
        "promised_amount": 1,
        "promised_unit": "months",
        "uses_quota": True,
    }
    values.update(fields)
    service = Service.create(**values)
    for position, label in enumerate(requirements):
        Requirement.create(service=service, position=position, label=label)
    return service


def valid_nik(birth_date=datetime.date(1965, 10, 23), sex="P", district="51.07.01"):
    return nik_for(district, birth_date, sex, next(_serial) % 9999 + 1)  # 4 digits, never 0000


def make_applicant(**fields):
    birth_date = fields.pop("birth_date", datetime.date(1965, 10, 23))
    sex = fields.pop("sex", "P")
    values = {
        "nik": valid_nik(birth_date, sex),
        "kk": f"510701020120{next(_serial) % 9999 + 1:04d}",  # not a form test's fixed No. KK
        "name": "Ni Luh Sukerti",
        "birth_place": "Amlapura",
        "birth_date": birth_date,
        "sex": sex,
        "address": "Banjar Dinas Kaja No. 3",
        "village": KARANGASEM_VILLAGE,
    }
    values.update(fields)
    return Applicant.create(**values)


def make_application(applicant=None, service=None, status="received", **fields):
    """An application already in `status`, with every document of its service ticked."""
    from backoffice.models import ReceivedDocument

    app = Application.create(
        applicant=applicant or make_applicant(),
        service=service or make_service(),
        status=status,
        **fields,
    )
    for requirement in app.service.requirements:
        ReceivedDocument.create(application=app, requirement=requirement)
    return app


def make_quota(village=KARANGASEM_VILLAGE, year=2026, funding_source="APBD", allocation=10):
    return Quota.create(
        village=village, year=year, funding_source=funding_source, allocation=allocation
    )


def csrf_token(html: str) -> str:
    match = (
        re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html)
        or re.search(r'id="csrf_token" name="csrf_token" type="hidden" value="([^"]+)"', html)
        or re.search(r'name="csrf_token" value="([^"]+)"', html)
    )
    assert match, "no CSRF token in the page"
    return match.group(1)


def post_form(client, url, data, follow_redirects=False):
    """GET the form page, then POST `data` with the page's CSRF token, as a browser would."""
    page = client.get(url)
    return client.post(
        url,
        data={**data, "csrf_token": csrf_token(page.get_data(as_text=True))},
        follow_redirects=follow_redirects,
    )


def log_out(client):
    """Press "Keluar" (a POST with the page's CSRF token) if someone is signed in."""
    page = client.get("/admin/")
    if page.status_code == 200:
        client.post("/logout", data={"csrf_token": csrf_token(page.get_data(as_text=True))})
