"""The signed-in account's office scope, applied to what the back-office reads.

The rules are `backoffice.domain.scope`; this module only turns the signed-in user into a
`Viewer` and applies the domain's conditions to queries, form choices and posted ids, answering
404 for a row outside the scope (its existence is not disclosed).
"""

from collections.abc import Iterable

from flask import abort, has_request_context, request
from flask_login import current_user
from peewee import ModelSelect

from backoffice.admin.params import coerce_pk
from backoffice.domain import scope
from backoffice.domain.scope import Viewer
from backoffice.models import Office

NOBODY = Viewer(role="", office=Office(id=0))  # an office no row belongs to: sees no row


def viewer() -> Viewer:
    """The signed-in account as a Viewer. In a request without one, a viewer that sees no
    office's rows (never the whole data by default); outside a request (app start-up), the
    whole data."""
    if not has_request_context():
        return Viewer(role="admin")
    if current_user and current_user.is_authenticated:
        return Viewer.of(current_user)
    return NOBODY


def scoped(query: ModelSelect, model: type | None = None) -> ModelSelect:
    return scope.scoped(query, viewer(), model)


def parse_pk(model: type, raw) -> object:
    """A primary key from a URL or form, or 404."""
    value = coerce_pk(model, raw)
    if value is None:
        abort(404)
    return value


def visible_or_404(model: type, raw_pk):
    """The row when the signed-in account may see it, else 404 (missing or another office's)."""
    record = scope.visible(model, parse_pk(model, raw_pk), viewer())
    if record is None:
        abort(404)
    return record


def require_visible(model: type, raw_pks: Iterable) -> list:
    """The parsed keys when every one is visible; otherwise 404 for the whole request."""
    pks = [parse_pk(model, raw) for raw in raw_pks]
    if not scope.all_visible(model, pks, viewer()):
        abort(404)
    return pks


def scope_choices(form) -> None:
    """Limit every drop-down of records in `form` (wtf-peewee query fields) to the scope, and
    turn a posted value that cannot be a key into an invalid choice."""
    for field in form:
        query = getattr(field, "query", None)
        if not isinstance(query, ModelSelect):
            continue
        if scope.is_declared(query.model):
            field.query = scoped(query)
        raw = getattr(field, "_formdata", None)
        if raw is not None and raw != "__None" and coerce_pk(query.model, raw) is None:
            field._formdata = 0  # "²" or 2**64 cannot be a key: no such choice, not a 500


# --- the fields that decide scope (domain.scope.SCOPE_FIELDS) --------------------------------
HELD_HINT = "Hanya administrator instalasi (akun tanpa dinas) yang dapat mengubah isian ini."
REFUSED_MESSAGE = (
    "Tidak disimpan: isian ini menentukan lingkup dinas dan hanya dapat diubah oleh "
    "administrator instalasi (akun tanpa dinas)."
)


def hold_scope_fields(form, model: type, record=None) -> None:
    """For an office's account, show the fields of `model` that decide scope read-only and
    hold them at their value: the record's own (an edit), the account's office for a new
    record's office. A different value posted anyway is noted for `refused_scope_fields`.
    A new record's BOUNDARY field (a new account's role) is filled in freely: the record must
    still stay inside the office (admin.base.stays_in_scope)."""
    me = viewer()
    if me.office is None:
        return
    form.loket_refused = []
    for name, kind in scope.set_by_installation(model).items():
        if name not in form or (record is None and kind == scope.BOUNDARY):
            continue
        held = me.office if record is None else getattr(record, name)
        field = form[name]
        if request.method == "POST" and _posted_other(field.name, held):
            form.loket_refused.append(name)
        field.data = held
        field.render_kw = {**(field.render_kw or {}), "disabled": True}
        field.description = HELD_HINT


def _posted_other(name: str, held) -> bool:
    """Whether the form posted a value for `name` other than `held` (a browser posts none
    for a disabled field)."""
    posted = request.form.getlist(name)
    if not posted:
        return False
    key = held.get_id() if hasattr(held, "get_id") else held
    blank = key is None or key == ""
    return posted[0] not in (("", "__None") if blank else (str(key),))


def refused_scope_fields(form) -> dict[str, str]:
    """{field: message} of the scope fields an office's account tried to change."""
    return {name: REFUSED_MESSAGE for name in getattr(form, "loket_refused", ())}
