"""The complaint dispositions of SP4N-LAPOR! (Permenpan RB 62/2018), declared as data.

Each disposition (disposisi) names the statuses it leaves from, the status it leads to, the
roles that may make it and the inputs it needs. `backoffice.domain.complaints` reads this table
to move a complaint; the admin builds its buttons and bulk actions from it.

received → verified (verifikasi) → in_progress (tindak lanjut) → responded (tanggapi) → closed
(tutup); from the open states a complaint may be paused while waiting for the reporter (tunda,
with a reason) and resumed, forwarded when it is not the office's authority (bukan wewenang,
to whom), or archived; a closed, responded or archived one may be reopened (buka kembali).
"""

from dataclasses import dataclass

from backoffice.domain.errors import ValidationError
from backoffice.models.complaints import COMPLAINT_STATUSES

# Who handles complaints (petugas pengaduan) and who supervises them.
HANDLERS = frozenset({"admin", "supervisor", "petugas"})
SUPERVISORS = frozenset({"admin", "supervisor"})
# The clock runs in these statuses; a paused complaint waits for the reporter.
RUNNING = frozenset({"received", "verified", "in_progress"})
OPEN = RUNNING | {"paused"}
PREVIOUS = "previous"  # target of "resume": the status the complaint was paused in


@dataclass(frozen=True)
class Disposition:
    action: str
    label: str
    sources: frozenset[str]
    target: str
    roles: frozenset[str]
    inputs: tuple[str, ...] = ()
    required: tuple[str, ...] = ()
    confirm: str = ""


def _d(action, label, sources, target, roles, inputs=(), required=None, confirm=""):
    required = inputs if required is None else required
    return Disposition(action, label, frozenset(sources), target, roles, inputs, required, confirm)


DISPOSITIONS = (
    _d("verify", "Verifikasi", {"received"}, "verified", HANDLERS),
    _d("follow_up", "Tindak lanjut", {"verified"}, "in_progress", HANDLERS, ("note",), ()),
    _d("pause", "Tunda (menunggu pelapor)", RUNNING, "paused", HANDLERS, ("note",)),
    _d("resume", "Lanjutkan (pelapor sudah menjawab)", {"paused"}, PREVIOUS, HANDLERS,
       ("note",), ()),
    _d("forward", "Bukan wewenang: teruskan", {"received", "verified"}, "forwarded", HANDLERS,
       ("forwarded_to", "note"), ("forwarded_to",)),
    _d("archive", "Arsipkan", {"received", "verified", "paused"}, "archived", SUPERVISORS,
       ("note",), confirm="Arsipkan pengaduan terpilih?"),
    _d("respond", "Tanggapi", {"verified", "in_progress"}, "responded", HANDLERS,
       ("canned_answer", "response"), ("response",)),
    _d("close", "Tutup", {"responded"}, "closed", HANDLERS,
       confirm="Tutup pengaduan terpilih?"),
    _d("reopen", "Buka kembali", {"responded", "closed", "archived", "forwarded"}, "in_progress",
       SUPERVISORS, ("note",)),
)  # fmt: skip
BY_ACTION = {d.action: d for d in DISPOSITIONS}
STATUS_LABELS = dict(COMPLAINT_STATUSES)
INPUT_LABELS = {
    "note": "Catatan / alasan",
    "forwarded_to": "Diteruskan kepada",
    "response": "Isi tanggapan",
    "canned_answer": "Jawaban baku",
}


def disposition(action: str) -> Disposition:
    try:
        return BY_ACTION[action]
    except KeyError:
        raise ValidationError({"action": f"Tindakan '{action}' tidak dikenal."}) from None


def available(status: str, role: str | None = None) -> list[Disposition]:
    """The dispositions a complaint in `status` can take (those `role` may make)."""
    return [d for d in DISPOSITIONS if status in d.sources and (role is None or role in d.roles)]


def refusal(d: Disposition, status: str, role: str) -> str | None:
    """Why `role` may not make `d` on a complaint in `status` (Indonesian), else None."""
    if status not in d.sources:
        label = STATUS_LABELS.get(status, status)
        return (
            f"\u201c{d.label}\u201d tidak dapat dilakukan pada pengaduan berstatus "
            f"\u201c{label}\u201d."
        )
    if role not in d.roles:
        return f"Peran Anda tidak berwenang melakukan \u201c{d.label}\u201d."
    return None


def missing_inputs(d: Disposition, inputs: dict) -> dict[str, str]:
    """A message per required input left blank."""
    return {
        name: f"{INPUT_LABELS[name]} wajib diisi untuk \u201c{d.label}\u201d."
        for name in d.required
        if not str(inputs.get(name) or "").strip()
    }
