"""The data-subject export of a demo person (issue 18): the file an office's supervisor
downloads for one NIK holds, table by table, exactly the rows the office keeps about them,
and a sheet for every table with a path to the person."""

import io

import pytest
from openpyxl import load_workbook
from peewee import ForeignKeyField

from backoffice import create_app
from backoffice.db import database
from backoffice.domain import scope, subject_data
from backoffice.domain.scope import Viewer
from backoffice.models import (
    Applicant,
    ApplicantNote,
    Application,
    ApplicationEvent,
    AuditEntry,
    Complaint,
    ComplaintEvent,
    Office,
    ReceivedDocument,
    User,
)
from tests import factories


@pytest.fixture(scope="module")
def demo_supervisor(backend, demo):
    """An app over the demo data, and signed in, the demo supervisor of an office whose
    people have applications with a timeline and documents ticked."""
    _, url, db = backend
    app = create_app({"DATABASE_URL": url, "TESTING": True, "SECRET_KEY": "test-secret"})
    database.initialize(db)
    busy = (Application.select().join(ApplicationEvent).switch(Application)
            .join(ReceivedDocument).order_by(Application.id).first())  # fmt: skip
    office = busy.service.standard.office
    username, _, _, password = next(
        login for login in demo if login[1] == "supervisor" and login[2] == office.name
    )
    client = app.test_client()
    factories.post_form(client, "/login", {"username": username, "password": password})
    return client, User.get(User.username == username)


def busiest_person(viewer: Viewer) -> Applicant:
    """A person of the office with timeline events and documents ticked."""
    cases = (
        scope.scoped(Application.select(Application.applicant), viewer)
        .join(ApplicationEvent)
        .switch(Application)
        .join(ReceivedDocument)
        .order_by(Application.id)
    )
    return Applicant.get_by_id(cases.first().applicant_id)


def test_the_subject_export_of_a_demo_nik_contains_every_tables_rows_about_them(
    demo_supervisor,
):
    client, supervisor = demo_supervisor
    office: Office = supervisor.office
    viewer = Viewer.of(supervisor)
    person = busiest_person(viewer)
    case = scope.scoped(Application.select(), viewer).where(Application.applicant == person.id)[0]
    complaint = Complaint.create(office=office, channel="langsung", applicant=person,
                                 content="Kartu belum aktif")  # fmt: skip
    ComplaintEvent.create(complaint=complaint, action="verify", to_status="verified")
    ApplicantNote.create(applicant=person, office=office, text="Dikunjungi dua kali")
    assert client.get(f"/admin/applicant/details/?id={person.id}").status_code == 200
    assert client.get(f"/admin/documents/receipt/{case.id}").status_code == 200
    expected = {sheet.title: sheet.rows for sheet in subject_data.sheets(person, viewer)}
    by_keys = {model: rows_about(model, person, viewer)  # found again by foreign keys alone
               for _, model, _ in subject_data.SUBJECT_TABLES
               if model is not AuditEntry}  # fmt: skip
    trail = {e.id for e in scope.scoped(AuditEntry.select(), viewer) if (e.entity, e.object_id)
             in {("applicant", str(person.id)), ("application", str(case.id))}}  # fmt: skip

    token = factories.csrf_token(client.get("/admin/subject_export/").text)
    with client.post("/admin/subject_export/unduh",
                     data={"nik": person.nik, "csrf_token": token}) as response:  # fmt: skip
        book = load_workbook(io.BytesIO(response.data))

    for title, model, _ in subject_data.SUBJECT_TABLES:
        rows = [[cell or "" for cell in row] for row in book[title].iter_rows(
            min_row=2, values_only=True)]  # fmt: skip
        assert rows == expected[title], title
        if model is not AuditEntry:
            assert {row[0] for row in rows} == by_keys[model], title
        assert rows, f"{title}: no row about the demo person"
    assert trail <= {int(row[0]) for row in book["Riwayat perubahan"].iter_rows(
        min_row=2, values_only=True)}  # fmt: skip
    assert person.nik in [c.value for c in book["Keterangan"]["B"]]


def paths_to_applicant(model, seen=()) -> list[list[ForeignKeyField]]:
    """Every chain of foreign keys from `model` to the applicant."""
    found = []
    for field in model._meta.sorted_fields:
        if not isinstance(field, ForeignKeyField) or field.rel_model in seen:
            continue
        if field.rel_model is Applicant:
            found.append([field])
        else:
            found += [[field, *rest] for rest in paths_to_applicant(field.rel_model,
                                                                    (*seen, model))]  # fmt: skip
    return found


def rows_about(model, person, viewer) -> set[str]:
    """The ids (as the sheet shows them) of `model`'s rows the viewer may see that lead to
    `person` along any chain of foreign keys."""
    if model is Applicant:
        return {str(person.id)}
    ids = set()
    for chain in paths_to_applicant(model):
        query = scope.scoped(model.select(model.id), viewer)
        for field in chain[:-1]:
            query = query.join(field.rel_model, on=(field == field.rel_model._meta.primary_key))
        ids |= {str(i) for (i,) in query.where(chain[-1] == person.id).tuples()}
    return ids
