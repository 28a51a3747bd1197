"""Proposals to BPJS: batches within quota, the monthly cut-off, BPJS's answer."""

import datetime
import threading

import pytest

from backoffice.db import database
from backoffice.domain import batches, casework
from backoffice.domain.bpjs_files import ResultRow
from backoffice.domain.errors import ValidationError
from backoffice.domain.quotas import batch_period
from backoffice.models import Application, ProposalBatch, Quota

NOW = datetime.datetime(2026, 11, 10, 2, 0)  # Tuesday 10 November 2026, 10:00 WITA


def eligible(make_application, service, n, **fields):
    return [make_application(service=service, status="eligible", **fields) for _ in range(n)]


def test_a_proposal_after_the_cut_off_counts_for_next_month():
    assert batch_period(datetime.date(2026, 11, 20), 20) == datetime.date(2026, 11, 1)
    assert batch_period(datetime.date(2026, 11, 21), 20) == datetime.date(2026, 12, 1)
    assert batch_period(datetime.date(2026, 12, 28), 20) == datetime.date(2027, 1, 1)


def test_a_batch_consumes_the_village_quota(make_application, make_service, make_quota, make_user):
    quota = make_quota(allocation=5)
    apps = eligible(make_application, make_service(), 3)

    [batch] = batches.propose_batch([a.id for a in apps], make_user("supervisor"), NOW)

    assert Quota.get_by_id(quota.id).used == 3
    assert batch.size == 3
    assert batch.period == datetime.date(2026, 11, 1)
    assert {a.status for a in Application.select()} == {"proposed"}
    assert batch.number.endswith("-202611-001")


def test_over_quota_is_refused_saying_by_how_much_and_nothing_changes(
    make_application, make_service, make_quota, make_user
):
    quota = make_quota(allocation=2)
    apps = eligible(make_application, make_service(), 5)

    with pytest.raises(ValidationError) as caught:
        batches.propose_batch([a.id for a in apps], make_user("supervisor"), NOW)

    assert "tersisa 2, usulan ini memerlukan 5: kurang 3" in str(caught.value)
    assert Quota.get_by_id(quota.id).used == 0
    assert ProposalBatch.select().count() == 0
    assert {a.status for a in Application.select()} == {"eligible"}


def test_a_village_without_quota_is_refused(make_application, make_service, make_user):
    apps = eligible(make_application, make_service(), 1)
    with pytest.raises(ValidationError, match="belum punya kuota APBD tahun 2026"):
        batches.propose_batch([a.id for a in apps], make_user("supervisor"), NOW)


def test_only_eligible_applications_are_proposed(make_application, make_service, make_user):
    app = make_application(status="verified")
    with pytest.raises(ValidationError, match=f"#{app.id}"):
        batches.propose_batch([app.id], make_user("supervisor"), NOW)


def test_bpjs_rejection_gives_the_quota_unit_back(
    make_application, make_service, make_quota, make_user
):
    quota = make_quota(allocation=1)
    [app] = eligible(make_application, make_service(), 1)
    batches.propose_batch([app.id], make_user("supervisor"), NOW)

    casework.apply(
        app.id, "reject_bpjs", make_user("petugas"), {"decision_reason": "NIK ganda"}, NOW
    )

    assert Quota.get_by_id(quota.id).used == 0


def test_activations_from_the_result_file_match_by_nik(
    make_application, make_service, make_quota, make_user
):
    make_quota(allocation=5)
    apps = eligible(make_application, make_service(), 2, received_at=NOW)
    batches.propose_batch([a.id for a in apps], make_user("supervisor"), NOW)
    rows = [
        ResultRow(apps[0].applicant.nik, "0001234567890", datetime.date(2026, 11, 10), 2),
        ResultRow("5107010101010001", "0001234567891", None, 3),
    ]

    report = batches.record_activations(rows, make_user("petugas"), now=NOW)

    assert [a.id for a in report.activated] == [apps[0].id]
    assert report.not_found == ["5107010101010001"]
    assert Application.get_by_id(apps[0].id).bpjs_card_number == "0001234567890"
    assert Application.get_by_id(apps[1].id).status == "proposed"


def test_fifty_parallel_proposals_against_a_quota_of_twenty(
    db, make_application, make_service, make_quota, make_user
):
    quota = make_quota(allocation=20)
    apps = eligible(make_application, make_service(), 50)
    boss = make_user("supervisor")
    start = threading.Barrier(50)
    outcomes = []

    def propose(app_id):
        with database.connection_context():
            start.wait()
            try:
                batches.propose_batch([app_id], boss, NOW)
                outcomes.append("proposed")
            except ValidationError:
                outcomes.append("refused")

    workers = [threading.Thread(target=propose, args=(a.id,)) for a in apps]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()

    assert sorted(outcomes).count("proposed") == 20
    assert outcomes.count("refused") == 30
    assert Quota.get_by_id(quota.id).used == 20
    assert Application.select().where(Application.status == "proposed").count() == 20
