"""What decides scope is set only by the installation's administrator (issue 18, item 2).

Every field `domain/scope.py` reads to decide which office a row belongs to is declared in
`scope.SCOPE_FIELDS` (a guard below walks the rules and fails on an undeclared one). For each
declared field that a back-office form offers, every role of an office posts a change (to the
other office's value, or another role) and is refused with nothing changed; the installation's
administrator (no office) posts the same change and it is saved. A field no form offers is
written by operations only.
"""

import datetime
import re
from dataclasses import dataclass

import pytest
from flask_login import login_user
from peewee import Field, ForeignKeyField, Node

from backoffice import create_app
from backoffice.admin.base import SecureModelView
from backoffice.db import database
from backoffice.domain import scope
from backoffice.domain.scope import Viewer
from backoffice.models import (
    Applicant,
    Application,
    AuditEntry,
    CannedAnswer,
    Complaint,
    DataBreach,
    Maklumat,
    MediaPublication,
    Office,
    PublicConsultation,
    Quota,
    Service,
    ServiceStandard,
    StandardReview,
    SurveyFollowUp,
    SurveyResponse,
    User,
    Village,
)
from backoffice.models.accounts import ROLES
from tests import factories
from tests.admin.test_every_form import read_form

ROLE_CODES = [code for code, _ in ROLES]
TODAY = datetime.date(2026, 11, 2)
# Declared fields that no form offers: written by the operation that makes the row.
BY_OPERATIONS_ONLY = {
    "OfficeHours.office", "ComplaintChannel.office", "OfficeClosure.office",  # the office form
    "Applicant.office", "ProposalBatch.office", "AuditEntry.office", "DataJob.office",
    "FiledReport.office", "SurveyWeight.office", "Requirement.service",
    "ProcedureStep.service", "Application.verifier", "ApplicationTally.service",
    "ApplicationEvent.application", "ReceivedDocument.application", "ComplaintEvent.complaint",
    "Notice.user", "ApplicantNote.office", "PersonLookup.office",
    "PersonAccess.office", "RetentionRule.office",  # the access log's writers; Retensi data
}  # fmt: skip
# Declared fields a create form offers but no edit form: a version of a standard is never
# edited (its standard is chosen among the office's own, like any link).
CREATED_ONLY = {"StandardVersion.standard"}


def name_of(field: Field) -> str:
    return f"{field.model.__name__}.{field.name}"


# --- the declaration is complete ------------------------------------------------------------


def fields_in(node, found: set, seen: set) -> None:
    """Every model field a peewee expression (or query inside it) names."""
    if id(node) in seen:
        return
    seen.add(id(node))
    if isinstance(node, Field):
        found.add(node)
    elif isinstance(node, list | tuple | set):
        for item in node:
            fields_in(item, found, seen)
    elif isinstance(node, Node):
        for value in vars(node).values():
            fields_in(value, found, seen)


def test_every_field_the_scope_rules_read_is_declared_with_who_may_set_it(db):
    regency_office = factories.make_office(regency="51.07")
    provincial = factories.make_office(regency=None, province="51")  # reads other offices' too
    found: set = set()
    for path in scope.OFFICE_PATHS.values():
        for office in (regency_office, provincial):
            fields_in(path(office), found, set())
    for rule in scope.ROW_RULES.values():
        fields_in(rule(Viewer(role="verifikator", user_id=1, office=regency_office)), found, set())
    read = {f for f in found if not f.primary_key}
    # area_code() reads an office's region as values, not through an expression; the role
    # picks ROW_RULES.
    read |= {Office.province, Office.regency, User.role}

    undeclared = sorted(name_of(f) for f in read - set(scope.SCOPE_FIELDS))
    assert not undeclared, f"declare in scope.SCOPE_FIELDS: {undeclared}"


def test_every_field_naming_a_records_office_is_its_owner_field():
    for field, kind in scope.SCOPE_FIELDS.items():
        points_at_office = isinstance(field, ForeignKeyField) and field.rel_model is Office
        assert points_at_office == (kind == scope.OWNER), name_of(field)


# --- every field a form offers: refused to every office role, allowed to the installation ---


@dataclass
class Side:
    office: Office
    records: dict


def build_side(tag: str, regency: str) -> Side:
    office = factories.make_office(name=f"Dinas {tag}", short_name=f"Dinsos {tag}",
                                   regency=regency, province=regency[:2])  # fmt: skip
    service = factories.make_service(office=office, name=f"Layanan {tag}")
    standard = service.standard
    village = Village.select().where(Village.code.startswith(regency + ".")).order_by(Village.code)
    person = factories.make_applicant(office=office, village=village[0].code)
    records = {
        Office: office,
        User: factories.make_user(role="petugas", office=office),
        ServiceStandard: standard,
        Service: service,
        Applicant: person,
        Application: factories.make_application(person, service),  # received: editable
        Quota: factories.make_quota(village=village[0].code),
        Maklumat: Maklumat.create(office=office, text="Kami sanggup.", signed_place="Kota",
                                  signed_date=TODAY, signatory_name="Kepala"),  # fmt: skip
        Complaint: Complaint.create(office=office, channel="whatsapp", content=f"Keluhan {tag}"),
        CannedAnswer: CannedAnswer.create(office=office, title=f"Jawaban {tag}", body="Isi"),
        SurveyResponse: SurveyResponse.create(office=office, date=TODAY,
                                              **{f"u{n}": 3 for n in range(1, 10)}),  # fmt: skip
        SurveyFollowUp: SurveyFollowUp.create(
            office=office, period_start=TODAY, period_end=TODAY, element="u1",
            action="Perbaiki", owner="Kasi", due_date=TODAY),  # fmt: skip
        MediaPublication: MediaPublication.create(
            office=office, item="standard", medium="website", published_on=TODAY, proof="x"),
        PublicConsultation: PublicConsultation.create(
            standard=standard, held_on=TODAY, participants="Warga", minutes="Notulen"),
        StandardReview: StandardReview.create(
            standard=standard, reviewed_on=TODAY, next_due=TODAY + datetime.timedelta(days=365)),
        DataBreach: DataBreach.create(
            office=office, discovered_at=datetime.datetime(2026, 11, 1, 2), description="Bocor",
            data_affected="NIK"),
    }
    return Side(office, records)


@pytest.fixture
def form_app(backend, db):
    _, url, _ = backend
    app = create_app(
        {"DATABASE_URL": url, "TESTING": True, "SECRET_KEY": "t", "WTF_CSRF_ENABLED": False}
    )
    database.initialize(db)
    return app


@pytest.fixture
def sides(db):
    return build_side("Azqx", "51.07"), build_side("Bzqx", "63.71")


def other_value(field: Field, mine: Side, other: Side) -> dict[str, str]:
    """The form values that change `field` of `mine`'s record to the other side's."""
    if field is User.role:
        return {"role": "supervisor"}
    if field is Office.province:  # a provincial office of the other province: a free area
        return {"province": other.office.province_id, "regency": "__None"}
    if field is Office.regency:  # a free regency of the province
        return {"province": "51", "regency": "51.71"}
    if field is Quota.village:  # a village of the other office without a quota yet
        villages = Village.select().where(Village.code.startswith(f"{other.office.regency_id}."))
        return {"village": villages.order_by(Village.code)[1].code}
    if field is Application.applicant:  # a person of the other office with no application
        return {"applicant": str(factories.make_applicant(office=other.office).id)}
    target = other.records[field.rel_model]
    return {field.name: str(target.get_id())}


def stored(record) -> dict:
    row = type(record).get_by_id(record.get_id())
    return {k: v for k, v in row.__data__.items() if k != "updated_at"}


def form_cases(app) -> list[tuple[str, type, str]]:
    """(endpoint, model, field name) of every declared scope field an edit form offers (to
    the installation's administrator, who may edit most)."""
    admin = app.extensions["admin"][0]
    found = []
    for view in admin._views:
        if not isinstance(view, SecureModelView):
            continue
        with app.test_request_context():
            login_user(factories.make_user(role="admin"))
            names = set(view._edit_form_class()._fields) if view.can_edit else set()
        for field in scope.SCOPE_FIELDS:
            if field.model is view.model and field.name in names:
                found.append((view.endpoint, view.model, field.name))
    return found


def sign_in(client, user) -> None:
    client.post("/logout")
    client.post("/login", data={"username": user.username, "password": factories.PASSWORD})


def post_change(client, endpoint: str, record, change: dict):
    url = f"/admin/{endpoint}/edit/?id={record.get_id()}"
    page = client.get(url)
    data = read_form(page.text)[0] if page.status_code == 200 else {}
    return page.status_code, client.post(url, data={**data, **change})


def test_the_forms_offer_the_fields_that_decide_scope_the_walk_expects(form_app):
    offered = {f"{model.__name__}.{name}" for _, model, name in form_cases(form_app)}
    declared = {name_of(f) for f in scope.SCOPE_FIELDS}
    assert offered | BY_OPERATIONS_ONLY | CREATED_ONLY == declared, "declare how it is set"
    assert not offered & BY_OPERATIONS_ONLY


def test_every_scope_field_of_every_form_is_refused_to_every_office_role(form_app, sides):
    mine, other = sides
    client = form_app.test_client()
    problems = []
    for endpoint, model, name in form_cases(form_app):
        field = model._meta.fields[name]
        record = mine.records[model]
        change = other_value(field, mine, other)
        held = scope.SCOPE_FIELDS[field] != scope.LINK  # a link: not a choice of this office
        for role in ROLE_CODES:
            sign_in(client, factories.make_user(role=role, office=mine.office))
            before = stored(record)
            status, response = post_change(client, endpoint, record, change)
            after = stored(record)
            if response.status_code >= 500 or after != before:
                problems.append(f"{role} changed {model.__name__}.{name} ({response.status_code})")
            elif status == 200 and held and "administrator instalasi" not in response.text:
                problems.append(f"{role} {model.__name__}.{name}: refused without the reason")
    assert not problems, "\n".join(problems)


def test_the_installation_administrator_may_change_every_scope_field_a_form_offers(
    form_app, sides
):
    mine, other = sides
    client = form_app.test_client()
    sign_in(client, factories.make_user(role="admin"))
    problems = []
    for endpoint, model, name in form_cases(form_app):
        field = model._meta.fields[name]
        record = mine.records[model]
        change = other_value(field, mine, other)
        before = stored(record)
        _, response = post_change(client, endpoint, record, change)
        if response.status_code != 302 or stored(record)[name] == before[name]:
            problems.append(f"{model.__name__}.{name}: {response.status_code}")
    assert not problems, "\n".join(problems)


def test_an_office_account_sees_the_fields_that_decide_scope_read_only(form_app, sides):
    mine, _ = sides
    client = form_app.test_client()
    sign_in(client, factories.make_user(role="supervisor", office=mine.office))

    html = client.get(f"/admin/office/edit/?id={mine.office.id}").text

    assert "Hanya administrator instalasi" in html
    tag = re.search(r'<[^>]*\bid="regency"[^>]*>', html).group(0)
    assert "disabled" in tag


# --- the attack as it was reported -----------------------------------------------------------


def test_a_supervisor_cannot_move_their_office_into_another_offices_regency(form_app, sides):
    mine, other = sides
    theirs = other.records[Quota]
    client = form_app.test_client()
    sign_in(client, factories.make_user(role="supervisor", office=mine.office))

    _, response = post_change(client, "office", mine.office, {"regency": "63.71"})
    quota_page = client.get(f"/admin/quota/edit/?id={theirs.id}")
    client.post(f"/admin/quota/edit/?id={theirs.id}", data={"allocation": "999"})

    assert Office.get_by_id(mine.office.id).regency_id == "51.07"
    assert "administrator instalasi" in response.text
    assert quota_page.status_code == 404
    assert Quota.get_by_id(theirs.id).allocation == theirs.allocation


def test_an_office_admin_gives_a_new_account_a_role_but_cannot_change_one(form_app, sides):
    mine, other = sides
    client = form_app.test_client()
    sign_in(client, factories.make_user(role="admin", office=mine.office))

    created = client.post("/admin/account/new/", data={
        "username": "verif-baru", "full_name": "Verifikator Baru", "role": "verifikator",
        "password": "Sandi-Baru-2026!", "active": "y"})  # fmt: skip
    new = User.get_or_none(User.username == "verif-baru")
    _, changed = post_change(client, "account", new, {"role": "supervisor"})
    _, moved = post_change(client, "account", new, {"office": str(other.office.id)})

    assert created.status_code == 302 and new.office_id == mine.office.id
    assert new.role == "verifikator"
    assert User.get_by_id(new.id).role == "verifikator"
    assert User.get_by_id(new.id).office_id == mine.office.id
    assert changed.status_code == moved.status_code == 200


def test_a_new_record_of_an_office_account_is_its_own_office_whatever_is_posted(
    form_app, sides
):
    mine, other = sides
    client = form_app.test_client()
    sign_in(client, factories.make_user(role="petugas", office=mine.office))

    response = client.post("/admin/canned_answer/new/", data={
        "office": str(other.office.id), "title": "Salam", "body": "Terima kasih."})  # fmt: skip

    assert "administrator instalasi" in response.text
    assert not CannedAnswer.select().where(CannedAnswer.title == "Salam").exists()
    client.post("/admin/canned_answer/new/", data={"title": "Salam", "body": "Terima kasih."})
    assert CannedAnswer.get(CannedAnswer.title == "Salam").office_id == mine.office.id


# --- one region, one office; audit entries in the record's office ----------------------------


def test_the_installation_admin_cannot_give_an_office_another_offices_region(form_app, sides):
    mine, other = sides
    client = form_app.test_client()
    sign_in(client, factories.make_user(role="admin"))

    _, response = post_change(client, "office", mine.office, {"regency": "63.71",
                                                              "province": "63"})  # fmt: skip

    assert response.status_code == 200 and "satu wilayah, satu dinas" in response.text
    assert Office.get_by_id(mine.office.id).regency_id == "51.07"


def test_a_quota_edit_is_audited_in_the_office_created_first_for_its_regency(form_app, db):
    # Two offices claiming one regency (rows from before the one-region rule): the audit
    # entry of a quota goes to the same office on SQLite and PostgreSQL, the first created.
    first = factories.make_office(regency="51.07")
    later = factories.make_office(regency="51.07")
    Office.update(name="Diubah").where(Office.id == first.id).execute()  # moves it on disk
    quota = factories.make_quota()
    client = form_app.test_client()
    sign_in(client, factories.make_user(role="supervisor", office=later))

    _, response = post_change(client, "quota", quota, {"allocation": "12"})

    assert response.status_code == 302
    entry = AuditEntry.get((AuditEntry.entity == "quota") & (AuditEntry.action == "update"))
    assert entry.office_id == first.id == scope.office_id_of(Quota.get_by_id(quota.id))


def test_a_record_moved_to_another_office_is_audited_in_both_offices_trails(form_app, sides):
    mine, other = sides
    answer = mine.records[CannedAnswer]
    client = form_app.test_client()
    sign_in(client, factories.make_user(role="admin"))

    post_change(client, "canned_answer", answer, {"office": str(other.office.id)})

    offices = {e.office_id for e in AuditEntry.select().where(
        (AuditEntry.entity == "canned_answer") & (AuditEntry.object_id == str(answer.id)))}
    assert offices == {mine.office.id, other.office.id}
