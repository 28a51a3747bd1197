"""The audit trail's one writer: who did what to which record, for which office, from where.

Every change made through the back-office, every workflow move and bulk action, every print,
download and upload of personal data, every login (and failed one) and every publication calls
`record`. The office is the record's own (or the actor's); the address is the client's as the
WSGI server saw it (behind a proxy, configure ProxyFix so it is the real client).
"""

from flask import current_app, has_request_context, request
from flask_login import current_user

from backoffice.domain.person_lookups import Seeker
from backoffice.domain.scope import office_id_of
from backoffice.models import AuditEntry, User

SUMMARY_MAX = 500


def client_address() -> str:
    return (request.remote_addr or "")[:45] if has_request_context() else ""


def acting_user() -> User | None:
    """The signed-in account of the back-office request under way; None outside one (a
    worker, the command line, the public site's own app while a build freezes it)."""
    if not has_request_context() or getattr(current_app, "login_manager", None) is None:
        return None
    if current_user and current_user.is_authenticated:
        return current_user._get_current_object()
    return None


def record(
    action: str,
    record=None,
    summary: str | None = None,
    *,
    user: User | None = None,
    entity: str | None = None,
    object_id: str | None = None,
    office_id: int | None = None,
    address: str | None = None,
) -> AuditEntry:
    """Write one audit entry. `action` is a code of `models.audit.ACTIONS`; `record` (a model
    instance) gives the entity, id and office unless they are passed; `user` defaults to the
    signed-in account, `address` the client's (work done in the background passes the one of
    the request that asked for it). Times are stored in naive UTC."""
    user = user or acting_user()
    if record is not None:
        entity = entity or record._meta.table_name
        object_id = object_id if object_id is not None else str(record.get_id())
        office_id = office_id or office_id_of(record)
    if office_id is None and user is not None:
        office_id = user.office_id
    return AuditEntry.create(
        user=user,
        action=action,
        entity=entity or "",
        object_id=(object_id or "")[:40],
        summary=(summary if summary is not None else str(record or ""))[:SUMMARY_MAX],
        office=office_id,
        ip=(address if address is not None else client_address())[:45],
    )


def seeker(user: User | None = None, address: str | None = None) -> Seeker | None:
    """Who looks up other offices' people (domain.person_lookups): `user` (default the
    signed-in account) from `address` (default the client's). None for an account without an
    office: it sees every office's people, so none is another office's to it."""
    user = user or acting_user()
    if user is None or user.office_id is None:
        return None
    address = address if address is not None else client_address()
    return Seeker(user.id, user.office_id, address[:45], current_app.config["SECRET_KEY"])
