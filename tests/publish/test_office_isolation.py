"""Each office's data can break only that office, and only with a named reason (issue 18,
item 1).

Office B's staff save every kind of office setting through the forms, as anyone would (the
SKM weights one element at a time included): what cannot work is refused next to the field,
and whatever is saved, every office publishes and every office's pages load. Values written
around the forms (old rows) leave office B out of the publish with its reason named on the
desk and in the history, B's last published pages still served, every other office published;
B's own dashboard and SKM page say why instead of a 500.
"""

import datetime as dt
from decimal import Decimal

import pytest

from backoffice.models import (
    Maklumat,
    Office,
    OfficeHours,
    PublishRecord,
    Service,
    ServiceStandard,
    SurveyResponse,
    SurveyWeight,
)
from backoffice.publish.publisher import BuildOptions, publish
from tests import factories
from tests.admin.test_every_form import read_form

TODAY = dt.date.today()
NINE = [f"u{n}" for n in range(1, 10)]


CLOSURE_DAY = (TODAY + dt.timedelta(days=3)).strftime("%d-%m-%Y")
OFFICE_SETTINGS = {
    "hours-0-weekday": "0", "hours-0-opens": "08:00", "hours-0-closes": "15:00",
    "hours-0-id": "",
    "closures-0-date": CLOSURE_DAY, "closures-0-reason": "Libur <b>daerah</b> & 100%",
    "closures-0-full_day": "y", "closures-0-id": "",
    "complaint_channels-0-channel": "whatsapp",
    "complaint_channels-0-value": "<script>alert(1)</script> 0812",
    "complaint_channels-0-position": "", "complaint_channels-0-id": "",
    "slug": "dinsos-beta-2",
}  # fmt: skip


class Office2:
    """One office with a published service, survey answers and its staff."""

    def __init__(self, slug: str, name: str, regency: str):
        self.office = factories.make_office(slug=slug, name=name, short_name=name,
                                            regency=regency, province=regency[:2])  # fmt: skip
        self.service = factories.make_service(office=self.office, name=f"Layanan {name}")
        for n in range(3):
            SurveyResponse.create(office=self.office, date=TODAY - dt.timedelta(days=n),
                                  **{code: 3 for code in NINE})  # fmt: skip
        self.staff = {role: factories.make_user(role=role, office=self.office)
                      for role in ("admin", "petugas", "supervisor", "webmaster")}  # fmt: skip


@pytest.fixture
def two(site_app):
    return Office2("dinsos-a", "Dinsos Alpha", "51.07"), Office2("dinsos-b", "Dinsos Beta", "63.71")


def sign_in(client, user) -> None:
    factories.log_out(client)
    factories.post_form(client, "/login", {"username": user.username,
                                           "password": factories.PASSWORD})  # fmt: skip


def save_form(client, url: str, changes: dict):
    """Open the form at `url` and submit it with `changes`, as a browser would."""
    page = client.get(url)
    assert page.status_code == 200, url
    data, _ = read_form(page.text)
    return client.post(url, data=data | changes)


def post(client, url: str, data: dict, follow_redirects: bool = False):
    """POST `data` with the session's CSRF token (read from the home page's logout form)."""
    token = factories.csrf_token(client.get("/admin/").text)
    return client.post(url, data=data | {"csrf_token": token}, follow_redirects=follow_redirects)


def publish_all(site_app, tmp_path) -> PublishRecord:
    options = BuildOptions(search=False, content_root=tmp_path / "content")
    return publish(tmp_path / "public" / "site", options=options)


def live(tmp_path):
    return tmp_path / "public" / "site"


def every_office_page_loads(client, offices) -> list[str]:
    """Every office's dashboard and report pages, as its supervisor: the failures."""
    failed = []
    for side in offices:
        sign_in(client, side.staff["supervisor"])
        for url in ("/admin/", "/admin/skm/", "/admin/report/", "/admin/survey_weight/",
                    "/admin/report/monthly.xlsx", "/admin/skm/report.pdf",
                    "/admin/evidence_report/report.xlsx", "/admin/publishing/",
                    f"/admin/office/edit/?id={side.office.id}"):  # fmt: skip
            status = client.get(url).status_code
            if status not in (200, 302):
                failed.append(f"{side.office.name} {url}: {status}")
    return failed


# --- what the forms take ----------------------------------------------------------------------


def test_each_office_setting_saved_by_another_offices_staff_leaves_every_office_publishing(
    site_app, client, two, tmp_path
):
    a, b = two
    sign_in(client, b.staff["petugas"])  # a counter officer: one weight row, as anyone would
    post(client, "/admin/survey_weight/new/", {"office": b.office.id, "element": "u1",
                                               "weight": "0.5"})  # fmt: skip
    sign_in(client, b.staff["supervisor"])
    refused = {
        "one weight": post(client, "/admin/survey_weight/simpan", {"u1": "0,5"}),
        "weights summing to 1.8": post(client, "/admin/survey_weight/simpan",
                                       {c: "0,2" for c in NINE}),  # fmt: skip
        "a slug with a space": save_form(client, f"/admin/office/edit/?id={b.office.id}",
                                         {"slug": "dinsos kota"}),  # fmt: skip
        "an accented slug": save_form(client, f"/admin/office/edit/?id={b.office.id}",
                                      {"slug": "Dinsos Ürban"}),  # fmt: skip
        "a slug with % and /": save_form(client, f"/admin/office/edit/?id={b.office.id}",
                                         {"slug": "dinsos%20kota/b"}),  # fmt: skip
        "closing before opening": save_form(
            client, f"/admin/office/edit/?id={b.office.id}",
            {"hours-0-weekday": "0", "hours-0-opens": "15:00", "hours-0-closes": "08:00",
             "hours-0-id": ""}),  # fmt: skip
        "a promise of a million months": save_form(
            client, f"/admin/service/edit/?id={b.service.id}",
            {"promised_amount": "1000000", "promised_unit": "months"}),
    }
    for what, response in refused.items():
        assert response.status_code == 200, what  # the form again, with the reason
    assert not SurveyWeight.select().exists()
    assert Office.get_by_id(b.office.id).slug == "dinsos-b"
    assert not OfficeHours.select().exists()
    assert Service.get_by_id(b.service.id).promised_amount == 1

    accepted = {
        "nine weights": post(client, "/admin/survey_weight/simpan",
                             {c: "0,1" for c in NINE[:8]} | {"u9": "0,2"}),
        "hours, a closure, a channel, a new slug": save_form(
            client, f"/admin/office/edit/?id={b.office.id}", OFFICE_SETTINGS),
        "a standard": save_form(client, f"/admin/standard/edit/?id={b.service.standard_id}",
                                {"title": "Standar % / <i>Ü</i>", "fee": "Gratis"}),
        "a service promising a year": save_form(
            client, f"/admin/service/edit/?id={b.service.id}",
            {"promised_amount": "12", "promised_unit": "months", "name": "Layanan 100% / Ü"}),
    }
    for what, response in accepted.items():
        assert response.status_code == 302, what
    sign_in(client, b.staff["webmaster"])
    maklumat = factories.post_form(client, "/admin/maklumat/new/", {
        "text": "# Maklumat\n<script>x</script> [tautan](javascript:alert(1))",
        "signed_place": "Kota", "signed_date": TODAY.strftime("%d-%m-%Y"),
        "signatory_name": "Kepala", "status": "published"})  # fmt: skip
    assert maklumat.status_code == 302 and Maklumat.select().count() == 1
    assert SurveyWeight.select().count() == 9

    record = publish_all(site_app, tmp_path)

    assert record.status == "success" and record.skipped == ""
    for slug in ("dinsos-a", "dinsos-beta-2"):
        assert (live(tmp_path) / slug / "index.html").exists(), slug
        assert (live(tmp_path) / slug / "ikm" / "index.html").exists(), slug
    assert not every_office_page_loads(client, two)


def test_a_counter_officer_cannot_set_the_offices_skm_weights(site_app, client, two):
    _, b = two
    sign_in(client, b.staff["petugas"])

    assert client.get("/admin/survey_weight/").status_code == 200  # reads them
    assert post(client, "/admin/survey_weight/simpan", {c: "" for c in NINE}).status_code == 403
    assert client.get("/admin/survey_weight/new/").status_code == 404  # no row-by-row form


def test_weights_are_saved_as_one_set_audited_and_cleared_back_to_equal_weights(
    site_app, client, two
):
    from backoffice.models import AuditEntry

    _, b = two
    sign_in(client, b.staff["supervisor"])
    page = post(client, "/admin/survey_weight/simpan",
                {c: "0,1" for c in NINE[:8]} | {"u9": "0,2"}, follow_redirects=True)
    assert "Bobot unsur SKM disimpan" in page.text and "memakai bobotnya sendiri" in page.text
    entry = AuditEntry.get(AuditEntry.entity == "survey_weight")
    assert entry.office_id == b.office.id and "U9 0,2" in entry.summary

    post(client, "/admin/survey_weight/simpan", {c: "" for c in NINE})

    assert not SurveyWeight.select().exists()


# --- what was stored around the forms ---------------------------------------------------------


def one_weight(office):
    SurveyWeight.create(office=office, element="u1", weight=Decimal("0.5"))


def weights_summing_to_1_8(office):
    for code in NINE:
        SurveyWeight.create(office=office, element=code, weight=Decimal("0.2"))


def slug(value):
    return lambda office: Office.update(slug=value).where(Office.id == office.id).execute()


def closing_before_opening(office):
    OfficeHours.create(office=office, weekday=0, opens=dt.time(15), closes=dt.time(8))


def unknown_zone(office):
    Office.update(time_zone="XYZ").where(Office.id == office.id).execute()


AROUND_THE_FORMS = {
    "one weight row": (one_weight, "1 dari 9 unsur"),
    "weights summing to 1.8": (weights_summing_to_1_8, "harus tepat 1"),
    "a slug with a space": (slug("dinsos kota"), "Kode singkat dinas"),
    "an accented slug": (slug("Dinsos Ürban"), "Kode singkat dinas"),
    "a slug with %": (slug("dinsos%20kota"), "Kode singkat dinas"),
    "a slug with /": (slug("dinsos/kota"), "Kode singkat dinas"),
    "closing before opening": (closing_before_opening, "Jam layanan"),
    "an unknown time zone": (unknown_zone, "Zona waktu"),
}


@pytest.mark.parametrize("kind", list(AROUND_THE_FORMS))
def test_an_offices_stored_data_that_breaks_a_rule_fails_only_that_office_by_name(
    site_app, client, two, tmp_path, kind
):
    a, b = two
    assert publish_all(site_app, tmp_path).status == "success"
    break_it, reason = AROUND_THE_FORMS[kind]
    break_it(b.office)
    Service.update(name="Layanan Alpha Baru").where(Service.id == a.service.id).execute()
    ServiceStandard.update(updated_at=dt.datetime.now(dt.UTC).replace(tzinfo=None)).execute()

    record = publish_all(site_app, tmp_path)

    assert record.status == "success"
    assert "Dinsos Beta" in record.skipped and reason in record.skipped
    assert "Dinsos Alpha" not in record.skipped
    site = live(tmp_path)
    assert "Layanan Alpha Baru" in (site / "dinsos-a" / "index.html").read_text()
    assert (site / "dinsos-b" / "index.html").exists()  # B's last published pages stay
    assert "Layanan Dinsos Beta" in (site / "dinsos-b" / "index.html").read_text()

    sign_in(client, a.staff["webmaster"])
    desk = client.get("/admin/publishing/")
    assert desk.status_code == 200 and 'id="unusable-offices"' not in desk.text
    assert client.get("/admin/publishing/pratinjau/dinsos-a/").status_code == 200
    sign_in(client, b.staff["webmaster"])
    desk = client.get("/admin/publishing/")
    assert desk.status_code == 200 and reason in desk.text.split('id="unusable-offices"')[1]
    assert not every_office_page_loads(client, two)

    result = site_app.test_cli_runner().invoke(
        args=["build-site", "--out", str(site), "--no-search"])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Tidak ikut diperbarui" in result.output and reason in result.output


@pytest.mark.parametrize("kind", ["one weight row", "weights summing to 1.8"])
def test_that_offices_dashboard_and_skm_page_say_why_its_ikm_cannot_be_computed(
    site_app, client, two, kind
):
    a, b = two
    AROUND_THE_FORMS[kind][0](b.office)
    sign_in(client, b.staff["supervisor"])

    home, skm_page = client.get("/admin/"), client.get("/admin/skm/")
    report = client.get("/admin/skm/report.pdf", follow_redirects=True)
    weights = client.get("/admin/survey_weight/")

    assert home.status_code == 200 and 'id="ikm-problem"' in home.text
    assert skm_page.status_code == 200 and "unsur SKM tersimpan" in skm_page.text
    assert report.status_code == 200 and "Laporan SKM tidak dapat dibuat" in report.text
    assert 'id="weights-problem"' in weights.text
    sign_in(client, a.staff["supervisor"])
    assert 'id="ikm-problem"' not in client.get("/admin/").text
    post(client, "/admin/survey_weight/simpan", {c: "" for c in NINE})
    assert SurveyWeight.select().where(SurveyWeight.office == b.office.id).count() > 0

    sign_in(client, b.staff["supervisor"])  # B's supervisor clears the set: back to 1/9
    post(client, "/admin/survey_weight/simpan", {c: "" for c in NINE})
    assert 'id="ikm-problem"' not in client.get("/admin/").text


def test_an_offices_page_failing_for_a_reason_no_check_foresaw_leaves_out_that_office_only(
    site_app, two, tmp_path
):
    from backoffice.paths import SITE_DIR

    assert publish_all(site_app, tmp_path).status == "success"
    override = tmp_path / "templates"
    override.mkdir()
    page = (SITE_DIR / "templates" / "office.html").read_text()
    trap = '{% if office.slug == "dinsos-b" %}{{ no_such.value.here }}{% endif %}'
    (override / "office.html").write_text(page.replace("{% block content %}",
                                                       "{% block content %}" + trap, 1))
    options = BuildOptions(search=False, content_root=tmp_path / "content",
                           app_config={"SITE_TEMPLATES": str(override)})  # fmt: skip

    record = publish(live(tmp_path), options=options)

    assert record.status == "success"
    assert "Dinsos Beta" in record.skipped and "/dinsos-b/ gagal dibuat" in record.skipped
    assert (live(tmp_path) / "dinsos-a" / "index.html").exists()
    assert (live(tmp_path) / "dinsos-b" / "index.html").exists()  # as last published


def test_a_page_failing_for_every_office_fails_the_build_rather_than_leave_all_out(
    site_app, two, tmp_path
):
    from backoffice.publish.store import PublishError

    override = tmp_path / "templates"
    override.mkdir()
    (override / "office.html").write_text(
        '{% extends "base.html" %}{% block content %}{{ no_such.value.here }}{% endblock %}'
    )
    options = BuildOptions(search=False, content_root=tmp_path / "content",
                           app_config={"SITE_TEMPLATES": str(override)})  # fmt: skip

    with pytest.raises(PublishError, match="gagal dibuat"):
        publish(live(tmp_path), options=options)

    assert PublishRecord.get().status == "failed" and PublishRecord.get().skipped == ""
