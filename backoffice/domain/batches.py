"""Proposals to BPJS (usulan) in batches, and BPJS's answer (activation or rejection).

A batch holds the eligible applications of one office and one funding source for one monthly
period (the e-Dabu cut-off decides the month). Proposing consumes the villages' quotas; the
whole batch is refused, nothing consumed, when any village would go over.
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from backoffice.db import write_transaction
from backoffice.domain import casework, person_lookups, scope, workflow
from backoffice.domain.errors import ValidationError
from backoffice.domain.quotas import batch_period, consume
from backoffice.models import Applicant, Application, Office, ProposalBatch, User
from backoffice.models.base import utcnow


def propose_batch(ids, user: User, now: datetime.datetime | None = None) -> list[ProposalBatch]:
    """Propose the applications `ids` to BPJS: one batch per funding source, all or nothing."""
    now = now or utcnow()
    with write_transaction():
        apps = [casework.load(i, user) for i in ids]
        office = single_office(apps)
        casework.lock_office(office)
        refuse_unready(apps, user)
        period = batch_period(casework.local_now(office, now).date(), office.cutoff_day)
        quotas = consume_quotas(apps, period.year)
        batches: dict[str, ProposalBatch] = {}
        t = workflow.transition("propose")
        for app in apps:
            if app.funding_source not in batches:
                batches[app.funding_source] = new_batch(
                    office, app.funding_source, period, user, now
                )
            app.batch = batches[app.funding_source]
            app.quota = quotas.get((app.applicant.village_id, app.funding_source))
            casework.move(app, t, user, {}, now)
        for batch in batches.values():
            batch.size = sum(1 for a in apps if a.batch_id == batch.id)
            batch.save()
        return list(batches.values())


def single_office(apps: list[Application]) -> Office:
    if not apps:
        raise ValidationError({"action": "Pilih permohonan yang akan diusulkan."})
    offices = {casework.office_of(a).id for a in apps}
    if len(offices) > 1:
        raise ValidationError({"action": "Satu usulan hanya memuat permohonan dari satu dinas."})
    return casework.office_of(apps[0])


def refuse_unready(apps: list[Application], user: User) -> None:
    t = workflow.transition("propose")
    problems = [
        f"#{a.id}: {reason}"
        for a in apps
        if (reason := workflow.refusal(t, a.status, a.service.kind, user.role))
    ]
    if problems:
        raise ValidationError({"action": "Tidak ada yang diusulkan. " + " | ".join(problems)})


def consume_quotas(apps: list[Application], year: int) -> dict:
    """Take one unit per application of a quota service from its village's quota; report
    every village that falls short at once (the caller's transaction gives back the rest)."""
    wanted = Counter(
        (a.applicant.village_id, a.funding_source) for a in apps if a.service.uses_quota
    )
    villages = {a.applicant.village_id: a.applicant.village for a in apps}
    quotas, shortfalls = {}, []
    for (village_id, source), n in sorted(wanted.items()):
        try:
            quotas[(village_id, source)] = consume(villages[village_id], year, source, n)
        except ValidationError as exc:
            shortfalls.append(exc.errors["quota"])
    if shortfalls:
        raise ValidationError({"quota": "Tidak ada yang diusulkan. " + " ".join(shortfalls)})
    return quotas


def new_batch(
    office: Office, source: str, period: datetime.date, user: User, now: datetime.datetime
) -> ProposalBatch:
    seq = (
        ProposalBatch.select()
        .where((ProposalBatch.office == office) & (ProposalBatch.period == period))
        .count()
        + 1
    )
    return ProposalBatch.create(
        office=office,
        number=f"USL-{office.slug.upper()}-{period:%Y%m}-{seq:03d}",
        funding_source=source,
        period=period,
        created_by=user,
        created_at=now,
    )


@dataclass
class ActivationReport:
    activated: list[Application] = field(default_factory=list)
    not_found: list[str] = field(default_factory=list)


def record_activations(rows, user: User, batch: ProposalBatch | None = None, now=None,
                       seeker: person_lookups.Seeker | None = None):  # fmt: skip
    """Activate the proposed applications BPJS's result file names (by NIK); all or none.
    Rows whose NIK has no proposed application are reported, not an error; a NIK another
    office proposed is a named bad row, told within `seeker`'s look-up limits (the whole
    file is refused with the wait when over them: domain.person_lookups)."""
    now = now or utcnow()
    elsewhere = proposed_elsewhere(rows, batch, user.office_id)
    found = [person_lookups.Found(nik, office) for nik, office in elsewhere.items()]
    person_lookups.refuse_if_withheld(seeker, "bpjs_result", "file", found, now)
    report, problems = ActivationReport(), []
    with write_transaction() as txn:
        for row in rows:
            if row.nik in elsewhere:
                problems.append(f"Baris {row.row}: NIK {row.nik} diusulkan oleh dinas lain.")
                continue
            app = proposed_application(row.nik, batch, user.office_id)
            if app is None:
                report.not_found.append(row.nik)
                continue
            inputs = {"bpjs_card_number": row.card_number, "activated_on": row.activated_on}
            try:
                report.activated.append(
                    casework.move(app, workflow.transition("activate"), user, inputs, now)
                )
            except ValidationError as exc:
                problems.append(f"Baris {row.row}: " + " ".join(exc.errors.values()))
        if problems:
            txn.rollback()
            raise ValidationError({"file": "Tidak ada yang dicatat. " + " | ".join(problems)})
    return report


def proposed_elsewhere(rows, batch: ProposalBatch | None, office_id: int | None) -> dict:
    """NIK -> the office that proposed it, for the rows' NIKs another office proposed and
    office `office_id` did not (none for an account without an office)."""
    if office_id is None:
        return {}
    found = {}
    for row in rows:
        if proposed_application(row.nik, batch, office_id) is None:
            other = proposed_application(row.nik, batch, None)
            if other is not None:
                found[row.nik] = scope.office_id_of(other)
    return found


def proposed_application(
    nik: str, batch: ProposalBatch | None, office_id: int | None = None
) -> Application | None:
    """The application proposed to BPJS for `nik` (in `batch`, of office `office_id`)."""
    query = (
        Application.select()
        .join(Applicant)
        .where((Applicant.nik == nik) & (Application.status == "proposed"))
    )
    if office_id is not None:
        query = query.where(Application.service.in_(scope.services_of(Office(id=office_id))))
    if batch is not None:
        query = query.where(Application.batch == batch)
    return query.order_by(Application.id.desc()).first()
