"""`loket demo`: the five seed offices with their real standards, and valid synthetic people."""

from backoffice.demo.loader import load_demo
from backoffice.demo.seeds import OFFICES
from backoffice.domain.applicants import validate_applicant
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


def counts():
    return {
        m.__name__: m.select().count()
        for m in (
            Office,
            ServiceStandard,
            Service,
            Requirement,
            Applicant,
            Application,
            Quota,
            User,
        )
    }


def test_demo_loads_every_seed_office_standard_and_service_and_is_idempotent(
    db, tmp_path, monkeypatch
):
    monkeypatch.setenv("LOKET_INSTANCE_DIR", str(tmp_path))
    logins = load_demo()
    first = counts()
    assert first["Office"] == len(OFFICES) == 5
    assert first["ServiceStandard"] == sum(len(o["standards"]) for o in OFFICES)
    assert first["Service"] == sum(len(s["services"]) for o in OFFICES for s in o["standards"])
    assert 200 <= first["Applicant"] <= 500
    assert {role for _, role, _ in logins} == {
        "admin",
        "petugas",
        "verifikator",
        "supervisor",
        "webmaster",
    }
    karangasem = ServiceStandard.get(
        ServiceStandard.signatory_name == "I Komang Daging, S.Sos., M.Si"
    )
    assert "Tidak Dipungut Biaya" in karangasem.fee
    assert load_demo() == logins  # the same passwords, printed again
    assert counts() == first


def test_demo_applicants_pass_the_counter_validation(db, tmp_path, monkeypatch):
    monkeypatch.setenv("LOKET_INSTANCE_DIR", str(tmp_path))
    load_demo()
    statuses = {a.status for a in Application.select()}
    assert {"received", "proposed", "activated", "ineligible"} <= statuses
    for applicant in Applicant.select():
        data = {
            f: getattr(applicant, f)
            for f in (
                "nik",
                "kk",
                "name",
                "birth_place",
                "birth_date",
                "sex",
                "address",
                "phone",
                "family_role",
                "work_status",
                "dtsen_decile",
                "dtsen_status",
            )
        }
        check = validate_applicant({**data, "village_code": applicant.village_id})
        assert check.warnings == [], applicant.nik


def test_demo_quota_use_never_exceeds_allocation(db, tmp_path, monkeypatch):
    monkeypatch.setenv("LOKET_INSTANCE_DIR", str(tmp_path))
    load_demo()
    assert not Quota.select().where(Quota.used > Quota.allocation).exists()
    assert Quota.select().where(Quota.used > 0).exists()
