"""The applicant pages for a person another office registered (domain.shared_people): the
record read-only, this office's own note in place of the registering office's, and a request
for correction sent to that office.

`SharedPersonMixin` goes before the secured ModelView of the applicant list; the rules are
the domain's, this module only puts them on the form, the record's page and the delete.
"""

import datetime as dt

from flask import flash, redirect, request
from flask_admin import expose
from jinja2 import pass_context
from markupsafe import Markup

from backoffice.admin.access import needs
from backoffice.admin.base import current_zone
from backoffice.admin.scoping import viewer, visible_or_404
from backoffice.audit import client_address, record
from backoffice.domain import shared_people
from backoffice.domain.errors import ValidationError
from backoffice.i18n import format_datetime_id
from backoffice.models import Applicant
from backoffice.models.base import utcnow

NOTE_HINT = "Catatan dinas Anda tentang orang ini; tidak terlihat oleh dinas lain."
NOT_DELETED = (
    "Tidak dihapus: {keeper} mendaftarkan orang ini; hanya {keeper} yang dapat menghapusnya."
)


class SharedPersonMixin:
    """For the applicant view: another office's person is this office's to read, to note
    and to ask about, never to change or delete."""

    def kept_elsewhere(self, applicant: Applicant) -> bool:
        return shared_people.kept_elsewhere(applicant, viewer())

    def edit_form(self, obj=None):
        form = super().edit_form(obj)
        if obj is not None and self.kept_elsewhere(obj):
            hold_record(form, obj)
        return form

    def check_shared_person(self, form) -> bool:
        """For the form's checks: True when the record is another office's (then nothing of
        it is checked or saved but this office's note); ValidationError naming each field
        posted with a change."""
        held = getattr(form, "loket_kept", None)
        if held is None:
            return False
        if held["refused"]:
            message = shared_people.held_message(held["record"])
            raise ValidationError(dict.fromkeys(held["refused"], message))
        return True

    def update_model(self, form, model):
        if not self.kept_elsewhere(model):
            return super().update_model(form, model)
        me = viewer()
        note = shared_people.save_note(model, me.office_id, form.notes.data or "", me.user_id,
                                       utcnow())  # fmt: skip
        record("update", note, f"Catatan dinas tentang {model}")
        return True

    def delete_model(self, model):
        if self.kept_elsewhere(model):
            flash(refusal_to_delete(model), "error")
            return False
        return super().delete_model(model)

    def action_delete(self, ids):
        for person in self.get_query().where(Applicant.id.in_([int(i) for i in ids])):
            if self.kept_elsewhere(person):
                flash(refusal_to_delete(person), "error")
                return None
        return super().action_delete(ids)

    @pass_context
    def get_detail_value(self, context, model, name):
        if name == "notes" and self.kept_elsewhere(model):
            return shared_people.note_of(model, viewer().office_id)
        return super().get_detail_value(context, model, name)

    def shared_context(self, applicant: Applicant) -> dict:
        """The record's page: who keeps the record when another office does, and the
        correction requests about the person in this office's trail."""
        me = viewer()
        return {
            "keeper": shared_people.keeper_name(applicant) if self.kept_elsewhere(applicant)
            else None,
            "requests": shared_people.correction_requests(applicant, me.office_id),
            "may_ask": self.may("edit"),
            "when": lambda value: format_datetime_id(value, current_zone()),
        }  # fmt: skip

    @expose("/perbaikan/<int:id>", methods=["POST"])
    @needs("edit")
    def correction_view(self, id):
        """Minta perbaikan data: ask the office that keeps the record to correct it."""
        person = visible_or_404(Applicant, id)
        try:
            shared_people.request_correction(person, viewer(), request.form.get("text", ""),
                                             client_address(), utcnow())  # fmt: skip
        except ValidationError as exc:
            flash(" ".join(exc.errors.values()), "error")
        else:
            keeper = shared_people.keeper_name(person)
            flash(f"Permintaan perbaikan dikirim ke {keeper} dan dicatat di riwayat kedua dinas.",
                  "success")  # fmt: skip
        return redirect(self.get_url(".details_view", id=id))


def hold_record(form, person: Applicant) -> None:
    """Show every field of another office's person read-only at its stored value, the note
    field as this office's own; note each field posted with a change (`loket_kept`)."""
    posted = {}
    if request.method == "POST":
        posted = {name: form[name].data for name in shared_people.HELD_FIELDS
                  if name in form and name in request.form}  # fmt: skip
    refused = shared_people.changed_fields(person, posted, dt.date.today())
    hint = Markup(shared_people.held_message(person))
    for name in shared_people.HELD_FIELDS:
        if name not in form:
            continue
        field = form[name]
        field.data = person.village if name == "village" else getattr(person, name)
        field.render_kw = {**(field.render_kw or {}), "disabled": True}
        field.description = hint
    if "notes" in form:
        if request.method != "POST" or "notes" not in request.form:
            form.notes.data = shared_people.note_of(person, viewer().office_id)
        form.notes.description = NOTE_HINT
    form.loket_kept = {"record": person, "refused": refused}


def refusal_to_delete(person: Applicant) -> str:
    return NOT_DELETED.format(keeper=shared_people.keeper_name(person))
