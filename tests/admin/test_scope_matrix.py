"""The access matrix, walked: every role of two offices against every URL rule of the back-office.

For each role of office A (and, symmetrically, of office B) the walk requests every rule of the
app's URL map, GET and POST, naming records of its own office and of the other one, and asserts:
- never a server error;
- a page whose operation the role lacks (permissions.PERMISSIONS) answers 403;
- a record of the other office answers 404 (403 where the role lacks the page), whether named
  in the path, in `?id=`, in `?ids=`, in a posted id or in bulk `rowid`s;
- no page shows any text of the other office (each office's records carry a marker);
- the other office's data is exactly as before the walk (no write succeeded).

The rules are read from the app, not listed here, so a page added later is walked too: a page
that declares no operation (`needs`), a model without an office scope (domain.scope), or a path
argument this walk cannot fill fails the test with a message saying what to declare.
"""

import datetime
import re
from dataclasses import dataclass

import pytest
from playhouse.shortcuts import model_to_dict

from backoffice import create_app
from backoffice.admin.permissions import allowed
from backoffice.db import database
from backoffice.domain import batches, scope
from backoffice.domain.scope import Viewer
from backoffice.models import (
    Applicant,
    Application,
    AuditEntry,
    Complaint,
    DataBreach,
    DataJob,
    FiledReport,
    Notice,
    Office,
    OfficeClosure,
    PersonAccess,
    ProposalBatch,
    Quota,
    RetentionRule,
    Service,
    ServiceStandard,
    SurveyResponse,
    User,
    Village,
)
from backoffice.models.accounts import ROLES
from tests import factories

ROLE_CODES = [code for code, _ in ROLES]
NOW = datetime.datetime(2026, 11, 2, 2, 0)
SKIPPED_PREFIXES = ("static", "admin.static", "auth.", "kiosk.")
# auth.: login/logout (test_auth); kiosk.: the survey kiosk outside /admin, walked by
# tests/admin/test_kiosk.py (no login, one office by slug, reaches nothing else).
# Publishing builds the shared public site (no office's personal data); tested in tests/publish.
SKIPPED_POSTS = {"publishing.publish_now", "publishing.restore"}
# Pages that are not a ModelView but take a record id: which model the id names.
ID_MODELS = {"documents": Application, "applicant_import": DataJob, "report": FiledReport,
             "admin": Notice}  # fmt: skip
# Pages that take record ids in the query string (besides Flask-Admin's own ?id=).
QUERY_IDS = {"documents.receipts": "ids", "application.bulk_view": "ids"}
SEARCH = "zqx"  # both offices' markers end so: a search that would find the other's rows
# The public site's preview shows what the public sees: every office's published standards.
PUBLIC_PAGES = {"publishing.preview"}
ARG_VALUES = {
    "action_name": "complete_documents",
    "fmt": "csv",
    "export_type": "csv",
    "path": "index.html",
}


@dataclass
class World:
    """One office with one record of every kind; every text carries the office's marker."""

    tag: str
    office: Office
    staff: dict
    records: dict

    @property
    def marker(self) -> str:
        return f"{self.tag}zqx"


def build_world(tag: str, regency: str) -> World:
    marker = f"{tag}zqx"
    village = (
        Village.select().where(Village.code.startswith(regency + ".")).order_by(Village.code).get()
    )
    office = factories.make_office(
        name=f"Dinas Sosial {marker}", short_name=f"Dinsos {marker}", regency=regency,
        province=regency[:2],
    )  # fmt: skip
    staff = {
        role: factories.make_user(role=role, office=office, full_name=f"Staf {role} {marker}")
        for role in ROLE_CODES
    }
    service = factories.make_service(office=office, name=f"Layanan {marker}")
    person = factories.make_applicant(office=office, village=village.code, name=f"Ibu {marker}")
    application = factories.make_application(
        person, service, status="complete", verifier=staff["verifikator"]
    )
    factories.make_quota(village=village.code, allocation=10)
    eligible = factories.make_application(
        factories.make_applicant(office=office, village=village.code, name=f"Bapak {marker}"),
        service,
        status="eligible",
        verifier=staff["verifikator"],
    )
    [batch] = batches.propose_batch([eligible.id], staff["supervisor"], NOW)
    records = {
        Office: office,
        ServiceStandard: service.standard,
        Service: service,
        Applicant: person,
        Application: application,
        ProposalBatch: batch,
        Quota: Quota.get(Quota.village == village.code),
        Complaint: Complaint.create(
            office=office,
            channel="whatsapp",
            content=f"Keluhan {marker}",
            reporter_name=f"Pelapor {marker}",
        ),  # fmt: skip
        SurveyResponse: SurveyResponse.create(
            office=office,
            date=datetime.date(2026, 11, 1),
            suggestion=f"Saran {marker}",
            **{f"u{n}": 3 for n in range(1, 10)},
        ),  # fmt: skip
        User: staff["petugas"],
        DataJob: DataJob.create(
            office=office,
            kind="import",
            area="applicants",
            status="checked",
            filename=f"impor-{marker}.csv",
            stored_as=f"impor-{marker}",
        ),  # fmt: skip
        FiledReport: FiledReport.create(office=office, year=2026, month=10,
                                        xlsx=b"", pdf=f"%PDF {marker}".encode()),  # fmt: skip
        Notice: Notice.create(user=staff["supervisor"], kind="deadlines", title=f"Tenggat {marker}",
                              day=datetime.date(2026, 11, 2)),  # fmt: skip
        AuditEntry: AuditEntry.create(
            office=office,
            action="update",
            entity="applicant",
            object_id=str(person.id),
            summary=f"Catatan {marker}",
        ),  # fmt: skip
        PersonAccess: PersonAccess.create(office=office, applicant=person, kind="view",
                                          user=staff["supervisor"], ref=f"Akses {marker}"),
        DataBreach: DataBreach.create(office=office, discovered_at=NOW,
                                      description=f"Bocor {marker}",
                                      data_affected=f"Data {marker}"),  # fmt: skip
    }
    # A rule whose next run would anonymise a person of old closed cases (Retensi data).
    RetentionRule.create(office=office, years=1, set_at=NOW - datetime.timedelta(days=3))
    factories.make_application(
        factories.make_applicant(office=office, village=village.code, name=f"Lama {marker}"),
        service, status="done", closed_at=NOW - datetime.timedelta(days=800))  # fmt: skip
    OfficeClosure.create(office=office, date=datetime.date(2026, 12, 1), reason=f"Libur {marker}")
    return World(tag, office, staff, records)


@pytest.fixture
def matrix_app(backend, db):
    _, url, _ = backend
    app = create_app(
        {"DATABASE_URL": url, "TESTING": True, "SECRET_KEY": "t", "WTF_CSRF_ENABLED": False}
    )
    database.initialize(db)
    return app


@pytest.fixture
def worlds(db):
    return {"A": build_world("A", "51.07"), "B": build_world("B", "63.71")}


def views_by_endpoint(app) -> dict:
    admin = app.extensions["admin"][0]
    return {view.endpoint: view for view in [admin.index_view, *admin._views]}


def record_model(view):
    return getattr(view, "model", None) or ID_MODELS.get(view.endpoint)


@dataclass
class Case:
    endpoint: str
    method: str
    url: str
    data: dict
    operation: str
    names_other: bool  # the request names a record of the other office


def cases(app, other: World):
    """Every request of the walk, for one acting office (`other` names the other office)."""
    views = views_by_endpoint(app)
    found = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith(SKIPPED_PREFIXES):
            continue
        view_name, method_name = rule.endpoint.split(".", 1)
        view = views[view_name]
        operation = view.operation_of(method_name)  # raises for a page without a declaration
        model = record_model(view)
        if model is not None:
            assert scope.is_declared(model), f"{model.__name__} has no office scope"
        for method in sorted(rule.methods & {"GET", "POST"}):
            if method == "POST" and rule.endpoint in SKIPPED_POSTS:
                continue
            found.extend(cases_of_rule(rule, method, view, method_name, operation, model, other))
    return found


def cases_of_rule(rule, method, view, method_name, operation, model, other):
    other_record = other.records.get(model) if model is not None else None
    args = {}
    for name in rule.arguments:
        if name == "id":
            assert other_record is not None, f"{rule.rule}: declare its record in ID_MODELS"
            args[name] = other_record.get_id()
        else:
            assert name in ARG_VALUES, f"{rule.rule}: add a value for <{name}> to ARG_VALUES"
            args[name] = ARG_VALUES[name]
    path = rule.build(args, append_unknown=False)[1]
    names_other = "id" in args
    query, data = {}, {}
    other_id = other_record.get_id() if other_record is not None else None
    if other_id is not None and not names_other:
        if method_name in ("details_view", "edit_view"):
            query["id"], names_other = other_id, True
        elif method_name == "delete_view":
            data["id"], names_other = other_id, True
        elif method_name == "action_view":
            actions = [name for name, _ in view._actions] or ["delete"]
            return [
                Case(rule.endpoint, method, path, {"action": a, "rowid": [other_id]}, operation,
                     True)
                for a in actions
            ]  # fmt: skip
        elif rule.endpoint in QUERY_IDS:
            query[QUERY_IDS[rule.endpoint]], names_other = str(other_id), True
    if method_name == "ajax_lookup":
        query |= {"name": next(iter(view._form_ajax_refs), "x"), "query": SEARCH}
    if method_name == "index_view":
        query["search"] = SEARCH
    if method == "POST" and not data:
        data = hostile_form(other)
    url = path + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")
    return [Case(rule.endpoint, method, url, data, operation, names_other)]


def hostile_form(other: World) -> dict:
    """A form naming the other office's records in every field that takes one."""
    r = other.records
    return {
        "office": r[Office].id,
        "service": r[Service].id,
        "standard": r[ServiceStandard].id,
        "applicant": r[Applicant].id,
        "verifier": other.staff["verifikator"].id,
        "batch": r[ProposalBatch].id,
        "village": r[Quota].village_id,
        "ids": str(r[Application].id),
        "requirement": [str(q.id) for q in r[Service].requirements],
        "nik": r[Applicant].nik,
        "channel": "whatsapp",
        "content": "Uji",
        "year": "2026",
        "funding_source": "APBD",
        "allocation": "99",
        "date": "2026-11-02",
        **{f"u{n}": "1" for n in range(1, 10)},
    }


def snapshot(office: Office) -> dict:
    """Every row of the office's data (its audit trail aside), as plain values."""
    viewer = Viewer(role="admin", office=office)
    return {
        model.__name__: sorted(
            (model_to_dict(row, recurse=False) for row in scope.scoped(model.select(), viewer)),
            key=lambda row: str(row),
        )
        for model in scope.OFFICE_PATHS
        if model is not AuditEntry
    }


def sign_in(client, user: User) -> None:
    client.post("/login", data={"username": user.username, "password": factories.PASSWORD})


@pytest.mark.parametrize("side", ["A", "B"])
@pytest.mark.parametrize("role", ROLE_CODES)
def test_every_role_of_two_offices_against_every_url_rule(matrix_app, worlds, role, side):
    me, other = worlds[side], worlds["B" if side == "A" else "A"]
    client = matrix_app.test_client()
    sign_in(client, me.staff[role])
    before = snapshot(other.office)
    problems = []
    areas = {name: view.area for name, view in views_by_endpoint(matrix_app).items()}
    for case in cases(matrix_app, other):
        if case.method == "GET":
            response = client.get(case.url)
        else:
            response = client.post(case.url, data=case.data)
        problems += judge(case, response, role, other, areas)
    assert not problems, "\n".join(problems[:40])
    assert snapshot(other.office) == before, "the other office's data changed"


def judge(case: Case, response, role: str, other: World, areas: dict) -> list[str]:
    status = response.status_code
    where = f"{role} {case.method} {case.url} -> {status}"
    area = areas[case.endpoint.split(".")[0]]
    if status >= 500:
        return [f"{where}: server error"]
    permitted = allowed(role, area, case.operation)
    if not permitted and status != 403:
        return [f"{where}: the role may not {case.operation} here, expected 403"]
    if permitted and case.names_other and status not in (403, 404):
        return [f"{where}: names the other office's record, expected 404"]
    public = case.endpoint in PUBLIC_PAGES
    body = response.get_data(as_text=True) if status == 200 and not public else ""
    if other.marker in body:
        line = next(m.group(0) for m in re.finditer(rf".{{0,60}}{other.marker}.{{0,20}}", body))
        return [f"{where}: shows the other office's data ({area}): {line!r}"]
    return []


def test_the_installation_admin_without_office_sees_both_offices(matrix_app, worlds):
    client = matrix_app.test_client()
    admin = factories.make_user(role="admin")
    sign_in(client, admin)
    for endpoint in ("applicant", "application", "complaint", "survey", "audit"):
        html = client.get(f"/admin/{endpoint}/").get_data(as_text=True)
        assert "Azqx" in html and "Bzqx" in html, endpoint
    b_person = worlds["B"].records[Applicant]
    assert client.get(f"/admin/applicant/details/?id={b_person.id}").status_code == 200


def test_every_model_view_has_a_declared_office_scope(matrix_app):
    for view in views_by_endpoint(matrix_app).values():
        model = getattr(view, "model", None)
        if model is not None:
            assert scope.is_declared(model), f"{view.endpoint}: {model.__name__} has no scope"


def test_a_model_without_a_declared_scope_is_refused_not_shown(db):
    class Unscoped(Office):  # a table nobody declared an office for
        pass

    with pytest.raises(scope.ScopeUndeclared):
        scope.condition(Unscoped, Viewer(role="admin"))


def test_an_office_webmaster_edits_only_its_own_faq_and_previews_only_its_own_drafts(
    matrix_app, worlds, tmp_path
):
    from backoffice.models import ServiceStandard

    content = tmp_path / "content"
    (content / "faq").mkdir(parents=True)
    for world in worlds.values():
        (content / "faq" / f"{world.office.slug}.md").write_text(
            f"---\ntitle: FAQ {world.marker}\n---\n## Umum\n### Tanya\nJawab.\n"
        )
    matrix_app.config["LOKET_CONTENT_DIR"] = str(content)
    ServiceStandard.update(status="draft").where(
        ServiceStandard.office == worlds["B"].office.id
    ).execute()
    client = matrix_app.test_client()
    sign_in(client, worlds["A"].staff["webmaster"])
    a_slug, b_slug = worlds["A"].office.slug, worlds["B"].office.slug

    desk = client.get("/admin/publishing/").get_data(as_text=True)
    assert f"faq/{a_slug}.md" in desk and f"faq/{b_slug}.md" not in desk
    assert "Bzqx" not in desk  # no draft of B among A's drafts
    assert client.get(f"/admin/publishing/konten/faq/{a_slug}.md").status_code == 200
    assert client.get(f"/admin/publishing/konten/faq/{b_slug}.md").status_code == 404
    assert (
        client.post(
            f"/admin/publishing/konten/faq/{b_slug}.md", data={"title": "x", "body": "x"}
        ).status_code
        == 404
    )
    assert client.post("/admin/publishing/pulihkan").status_code == 403
    preview = client.get("/admin/publishing/pratinjau/").get_data(as_text=True)
    assert "Layanan Bzqx" not in preview  # B's draft service (B's office name is public)
    assert "Layanan Azqx" in preview
