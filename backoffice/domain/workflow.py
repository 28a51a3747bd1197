"""The application workflow (alur permohonan), declared as data.

Each service kind follows one flow. A transition names the states it leaves from, the state it
leads to, the roles that may make it, the checks it needs (names in `domain.checks.CHECKS`) and
the inputs the officer supplies. Code that moves an application reads this table; nothing else
decides who may do what.

- proposal: received → complete (or incomplete, missing items named) → verified (home visit
  where the service needs one) → eligible / ineligible (with a reason) → proposed to BPJS in a
  batch, within quota → activated (card number) or rejected by BPJS.
- letter (reactivation, termination): received → complete → done, the letter issued at the
  counter.
- counter (emergency): received → complete → done, the emergency entry made.
"""

from dataclasses import dataclass

from backoffice.domain.errors import ValidationError
from backoffice.models.applications import APPLICATION_STATUSES
from backoffice.models.applications import CLOCK_STOPPED as CLOCK_STOPPED  # its queries need it

COUNTER = frozenset({"admin", "supervisor", "petugas"})
VERIFIERS = frozenset({"admin", "supervisor", "verifikator"})
DECIDERS = frozenset({"admin", "supervisor"})
ALL_FLOWS = frozenset({"proposal", "letter", "counter"})

FLOW_OF_KIND = {
    "new_proposal": "proposal",
    "transfer_pbpu": "proposal",
    "transfer_ppu": "proposal",
    "arrears_transfer": "proposal",
    "pemkab_registration": "proposal",
    "other": "proposal",
    "reactivation": "letter",
    "termination": "letter",
    "emergency": "counter",
}


@dataclass(frozen=True)
class Transition:
    action: str
    label: str
    sources: frozenset[str]
    target: str
    roles: frozenset[str]
    flows: frozenset[str]
    needs: tuple[str, ...] = ()
    inputs: tuple[str, ...] = ()
    confirm: str = ""
    bulk: bool = False  # also offered on the list, for the selected applications at once


def _t(action, label, sources, target, roles, flows=ALL_FLOWS, **extra) -> Transition:
    return Transition(action, label, frozenset(sources), target, roles, frozenset(flows), **extra)


TRANSITIONS = (
    _t(
        "complete_documents",
        "Berkas lengkap",
        {"received", "incomplete"},
        "complete",
        COUNTER,
        needs=("documents_complete",),
        bulk=True,
    ),
    _t(
        "return_incomplete",
        "Kembalikan: berkas belum lengkap",
        {"received"},
        "incomplete",
        COUNTER,
        needs=("missing_named",),
        inputs=("missing_documents",),
    ),
    _t(
        "verify",
        "Catat hasil verifikasi",
        {"complete"},
        "verified",
        VERIFIERS,
        {"proposal"},
        needs=("verifier_assigned_to_user", "verification_recorded"),
        inputs=("visit_date", "visit_findings"),
    ),
    _t(
        "decide_eligible",
        "Putuskan: layak",
        {"verified"},
        "eligible",
        DECIDERS,
        {"proposal"},
        needs=("decision_reason", "arrears_recorded"),
        inputs=("decision_reason", "arrears_amount"),
        bulk=True,
    ),
    _t(
        "decide_ineligible",
        "Putuskan: tidak layak",
        {"verified"},
        "ineligible",
        DECIDERS,
        {"proposal"},
        needs=("decision_reason",),
        inputs=("decision_reason",),
        bulk=True,
    ),
    _t(
        "propose",
        "Usulkan ke BPJS",
        {"eligible"},
        "proposed",
        DECIDERS,
        {"proposal"},
        confirm="Usulkan permohonan terpilih ke BPJS? Kuota desa akan terpakai.",
        bulk=True,
    ),
    _t(
        "activate",
        "Catat aktivasi BPJS",
        {"proposed"},
        "activated",
        COUNTER,
        {"proposal"},
        needs=("card_number", "activation_date"),
        inputs=("bpjs_card_number", "activated_on"),
    ),
    _t(
        "reject_bpjs",
        "Catat penolakan BPJS",
        {"proposed"},
        "rejected",
        COUNTER,
        {"proposal"},
        needs=("decision_reason",),
        inputs=("decision_reason",),
        bulk=True,
    ),
    _t(
        "issue_letter",
        "Terbitkan surat",
        {"complete"},
        "done",
        COUNTER,
        {"letter"},
        needs=("reactivation_window",),
        inputs=("deactivated_on", "facility_letter", "letter_number"),
    ),
    _t(
        "record_emergency",
        "Data darurat sudah dientri",
        {"complete"},
        "done",
        COUNTER,
        {"counter"},
    ),
    _t(
        "cancel",
        "Batalkan permohonan",
        {"received", "incomplete", "complete", "verified", "eligible"},
        "cancelled",
        DECIDERS,
        needs=("note_given",),
        inputs=("note",),
        confirm="Batalkan permohonan ini? Tindakan ini tidak dapat diurungkan.",
        bulk=True,
    ),
)
BY_ACTION = {t.action: t for t in TRANSITIONS}
# The moves the list offers for the selected applications; those with inputs go through a form.
BULK = tuple(t for t in TRANSITIONS if t.bulk)

# The proposal is made in batches (domain.casework.propose_batch), never one by one by form.
BATCH_ONLY = frozenset({"propose"})


def flow_of(kind: str) -> str:
    return FLOW_OF_KIND.get(kind, "proposal")


def transition(action: str) -> Transition:
    try:
        return BY_ACTION[action]
    except KeyError:
        raise ValidationError({"action": f"Tindakan '{action}' tidak dikenal."}) from None


def available(status: str, kind: str, role: str | None = None) -> list[Transition]:
    """The transitions an application in `status` of service `kind` can take (for `role`)."""
    flow = flow_of(kind)
    return [
        t
        for t in TRANSITIONS
        if status in t.sources and flow in t.flows and (role is None or role in t.roles)
    ]


def refusal(t: Transition, status: str, kind: str, role: str) -> str | None:
    """Why `role` may not make `t` now (Indonesian), or None when the move is allowed."""
    labels = dict(APPLICATION_STATUSES)
    if flow_of(kind) not in t.flows:
        return f"Tindakan \u201c{t.label}\u201d tidak berlaku untuk jenis layanan ini."
    if status not in t.sources:
        return (
            f"Tindakan \u201c{t.label}\u201d tidak dapat dilakukan pada permohonan "
            f"berstatus \u201c{labels.get(status, status)}\u201d."
        )
    if role not in t.roles:
        return f"Peran Anda tidak berwenang melakukan \u201c{t.label}\u201d."
    return None
