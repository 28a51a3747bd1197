"""Applications (permohonan): the counter's list, the checklist, the workflow's actions.

Status changes never go through the edit form: each is a transition of `domain.workflow`, made
from the application's page or as a bulk action on the list, and decided by `domain.casework`.
"""

from flask import abort, flash, redirect, request, url_for
from flask_admin import expose
from flask_admin.actions import action
from flask_login import current_user
from markupsafe import Markup, escape

from backoffice import audit
from backoffice.admin.access import needs
from backoffice.admin.application_list import (
    EXPORT_HEADER,
    STATUS_LABELS,
    DueFilter,
    _applicant,
    _service,
    application_export,
    application_export_row,
    due_badge,
    service_options,
)
from backoffice.admin.base import (
    SecureModelView,
    attach_errors,
    current_zone,
    record_audit,
)
from backoffice.admin.casework import registered_person_form, transition_form, verifier_form
from backoffice.admin.exporting import ListExportMixin
from backoffice.admin.filters import EqualsFilter, VillageNameFilter, YearFilter
from backoffice.admin.lookups import ApplicantLookup
from backoffice.admin.params import coerce_pk
from backoffice.admin.scoping import require_visible, scoped, viewer, visible_or_404
from backoffice.domain import batches, casework, scope, workflow
from backoffice.domain.applications import (
    check_new_application,
    check_reception_change,
    default_funding,
    funding_defaults,
    hold_new_application,
)
from backoffice.domain.checks import missing_required
from backoffice.domain.errors import ValidationError
from backoffice.domain.identity import search_term
from backoffice.i18n import format_datetime_id
from backoffice.models import Applicant, Application, Service, User
from backoffice.models.applications import (
    APPLICATION_STATUSES,
    CLOSED_STATUSES,
    FUNDING_SOURCES,
)
from backoffice.models.base import utcnow

REGISTERED_TITLE = "Permohonan untuk pemohon yang terdaftar di dinas lain"
# Bulk transitions that need the officer's input go through a form first; the others ask
# for the table's confirmation, then run.
BULK_FORMS = frozenset(t.action for t in workflow.BULK if t.inputs)
DIRECT = frozenset(t.action for t in workflow.BULK if not t.inputs)


def selected_ids() -> list[int]:
    """The applications named in `?ids=1,2,3`: all inside the account's scope, or 404."""
    raw = request.values.get("ids", "")
    return require_visible(Application, [i for i in raw.split(",") if i.strip()])


class ApplicationView(ListExportMixin, SecureModelView):
    area = "applications"
    details_template = "admin/application/details.html"
    list_template = "admin/application/list.html"
    column_list = [
        "queue_number",
        "id",
        "applicant",
        "service",
        "status",
        "funding_source",
        "received_at",
        "due_at",
        "verifier",
    ]
    column_labels = {
        "id": "No.",
        "queue_number": "Antrean",
        "applicant": "Pemohon",
        "service": "Jenis layanan",
        "status": "Status",
        "funding_source": "Sumber dana",
        "received_at": "Diterima",
        "due_at": "Tenggat",
        "verifier": "Verifikator",
        "updated_at": "Diubah",
        "closed_at": "Selesai",
        "notes": "Catatan",
        "bpjs_card_number": "No. kartu BPJS",
        "missing_documents": "Berkas yang kurang",
        "visit_date": "Tanggal kunjungan",
        "visit_findings": "Hasil verifikasi",
        "decision_reason": "Alasan keputusan",
        "batch": "Usulan",
        "quota": "Kuota",
        "activated_on": "Aktif sejak",
        "deactivated_on": "Nonaktif sejak",
        "facility_letter": "Surat faskes",
        "arrears_amount": "Tunggakan (Rp)",
        "arrears_due": "Batas pelunasan tunggakan",
        "letter_number": "Nomor surat",
        "Applicant / NIK": "NIK",
        # the search box names the applicant's fields it searches
        "nik": "NIK",
        "kk": "No. KK",
        "name": "Nama",
    }
    column_details_exclude_list = ["quota"]
    column_choices = {"funding_source": [(code, code) for code, _ in FUNDING_SOURCES]}
    column_display_pk = True
    column_searchable_list = [Applicant.nik, Applicant.kk, Applicant.name]
    column_sortable_list = [
        "id",
        "queue_number",
        "status",
        "funding_source",
        "received_at",
        "due_at",
    ]
    column_default_sort = ("received_at", True)
    column_formatters = {
        "applicant": _applicant,
        "service": _service,
        "due_at": lambda v, c, m, n: due_badge(m, short=True),
    }
    list_labels = {"queue_number": "Antrean", "funding_source": "Dana"}
    column_filters = [
        EqualsFilter(Application.status, "Status", options=APPLICATION_STATUSES),
        DueFilter(Application.due_at),
        EqualsFilter(Application.service, "Jenis layanan", options=service_options),
        EqualsFilter(Application.funding_source, "Sumber dana", options=FUNDING_SOURCES),
        YearFilter(Application.received_at, "Tahun diterima"),
        VillageNameFilter(Application.applicant),
    ]
    form_columns = ["applicant", "service", "funding_source", "notes"]
    form_ajax_refs = {"applicant": ApplicantLookup()}
    # A new application starts with no service chosen: the officer picks it, never the list's
    # first by accident.
    form_args = {"service": {"allow_blank": True, "blank_text": "— pilih jenis layanan —"}}
    create_template = "admin/application/create.html"
    action_disallowed_list = ["delete"]

    # A million applications (issue 12): counted up to 1,001 rows; the page's applicant,
    # service and verifier read in one query each (Django's list_select_related); a search
    # is the applicant list's indexed one (NIK equality, name trigrams), not LIKE on a join.
    large_list = True
    list_related = (Application.applicant, Application.service, Application.verifier)

    def list_search_condition(self, term):
        return Application.applicant.in_(
            Applicant.select(Applicant.id).where(Applicant.matching(term))
        )

    export_name, export_header = "permohonan", EXPORT_HEADER

    def export_select(self, query):
        return application_export(query)

    def export_row(self, row):
        return application_export_row(row)

    # --- the reception form ------------------------------------------------------------
    def normalize_search(self, text):
        return search_term(text)  # a NIK typed with spaces finds the stored digits

    def check_form(self, form):
        editing = request.args.get("id", "")
        editing_id = int(editing) if editing.isascii() and editing.isdigit() else None
        current = Application.get_or_none(id=editing_id) if editing_id is not None else None
        if current is not None:
            check_reception_change(
                current, form.service.data, form.funding_source.data, form.applicant.data
            )
        if editing_id is not None and not is_open(current):
            return  # a closed application blocks nothing: its notes stay editable
        check_new_application(form.applicant.data, form.service.data, editing_id)

    def on_model_change(self, form, model, is_created):
        # Checked again inside the write transaction: two counters may save at once.
        if is_open(model):
            hold_new_application(model.applicant, model.service, None if is_created else model.id)
        model.updated_at = utcnow()

    def after_model_change(self, form, model, is_created):
        if is_created:
            casework.stamp_reception(model, current_user, utcnow())
        super().after_model_change(form, model, is_created)

    def get_save_return_url(self, model, is_created=False):
        return self.get_url(".details_view", id=model.id)  # the checklist and the receipt

    def create_form(self, obj=None):
        form = super().create_form(obj)
        if request.method == "GET":
            prefill(form)
        return form

    def funding_defaults(self) -> dict[str, str]:
        """For the form's script: the funding source each offered service starts with."""
        return funding_defaults(scoped(Service.select()).where(Service.active))

    # --- the application's page --------------------------------------------------------
    def casework_context(self, app: Application) -> dict:
        role = current_user.role
        return {
            "transitions": [
                (t, transition_form(t))
                for t in workflow.available(app.status, app.service.kind, role)
                if t.action not in workflow.BATCH_ONLY
            ],
            "requirements": sorted(app.service.requirements, key=lambda r: r.position),
            "ticked": {d.requirement_id for d in app.documents},
            "missing": missing_required(app),
            "checklist_open": app.status in ("received", "incomplete") and role in workflow.COUNTER,
            "events": list(app.events.order_by(app.events.model.at, app.events.model.id)),
            "status_labels": STATUS_LABELS,
            "when": lambda value: format_datetime_id(value, current_zone()),
            "due": due_badge(app),
            "flow": workflow.flow_of(app.service.kind),
            "assign": verifier_form(selected=app.verifier_id)
            if role in workflow.DECIDERS and casework.assignable(app)
            else None,
        }

    @expose("/assign/<int:id>", methods=["POST"])
    @needs("edit")  # and the domain: only a supervisor or admin assigns
    def assign_one_view(self, id):
        """Tugaskan verifikator from the application's page."""
        visible_or_404(Application, id)
        form = verifier_form(request.form)
        if form.validate():
            verifier = User.get_or_none(User.id == form.verifier.data or 0)
            try:
                casework.assign_verifier([id], verifier, current_user)
            except ValidationError as exc:
                flash(str(exc), "error")
            else:
                audit_moves([id], f"Tugaskan verifikator {verifier}")
                flash(f"#{id} ditugaskan kepada {verifier}.", "success")
        return redirect(self.get_url(".details_view", id=id))

    @expose("/documents/<int:id>", methods=["POST"])
    @needs("edit")
    def documents_view(self, id):
        visible_or_404(Application, id)
        ids = request.form.getlist("requirement")
        try:
            casework.set_documents(id, ids, current_user)
            if request.form.get("complete"):
                casework.apply(id, "complete_documents", current_user)
                audit_moves([id], "Centang berkas; berkas lengkap")
                flash("Berkas lengkap. Permohonan siap diproses.", "success")
            else:
                audit_moves([id], "Centang berkas")
                flash("Centang berkas disimpan.", "success")
        except ValidationError as exc:
            flash(str(exc), "error")
        return redirect(self.get_url(".details_view", id=id))

    @expose("/move/<int:id>/<action_name>", methods=["GET", "POST"])
    @needs("read")  # which role may make which move is the workflow's table
    def move_view(self, id, action_name):
        app = visible_or_404(Application, id)
        t = workflow.BY_ACTION.get(action_name)
        if t is None:
            abort(404)
        form = transition_form(t, request.form if request.method == "POST" else None)
        if request.method == "POST" and form.validate():
            try:
                casework.apply(id, action_name, current_user, field_values(form))
            except ValidationError as exc:
                attach_errors(form, exc.errors)
            else:
                audit_moves([id], t.label)
                flash(f"#{id}: {t.label}: tersimpan.", "success")
                return redirect(self.get_url(".details_view", id=id))
        return self.render("admin/application/move.html", app=app, title=t.label, form=form)

    # --- a person registered by another office -----------------------------------------
    @expose("/registered/", methods=["GET", "POST"])
    @needs("create")
    def registered_view(self):
        """Pemohon dinas lain: serve a person another office registered, by their full NIK,
        without showing their data before the application exists."""
        form = registered_person_form(request.form if request.method == "POST" else None)
        if request.method == "POST" and form.validate():
            service = scoped(Service.select()).where(Service.id == form.service.data).first()
            try:
                app = casework.receive_registered_person(
                    form.nik.data, service, current_user, form.funding_source.data,
                    seeker=audit.seeker(),
                )
            except ValidationError as exc:
                attach_errors(form, exc.errors)
            else:
                record_audit("create", app, f"Permohonan untuk pemohon terdaftar: {app}")
                return redirect(self.get_url(".details_view", id=app.id))
        return self.render(
            "admin/application/move.html", app=None, apps=None, title=REGISTERED_TITLE, form=form
        )

    # --- bulk actions: the workflow's table makes them ---------------------------------
    def init_actions(self):
        """Flask-Admin's actions (delete, assign_verifier, print_receipts) after one action
        per bulk transition of `workflow.BULK`, labelled and confirmed as the table says."""
        super().init_actions()
        made = [(t.action, t.label, self.bulk_handler(t), t.confirm or None) for t in workflow.BULK]
        self._actions = [(name, label) for name, label, _, _ in made] + self._actions
        for name, label, handler, confirm in made:
            self._actions_data[name] = (handler, label, confirm if name in DIRECT else None)

    def bulk_handler(self, t: workflow.Transition):
        """What the action does with the selected ids; None answers: back to the list."""
        if t.inputs:
            return lambda ids: self.to_bulk_form(t.action, ids)

        def run(ids) -> None:
            if t.action == "propose":
                propose_selected(ids)
            else:
                self.run_bulk(ids, t.action, {})

        return run

    def is_action_allowed(self, name):
        if name == "assign_verifier":
            return current_user.role in workflow.DECIDERS
        if name == "print_receipts":
            return self.is_accessible()
        if name in workflow.BY_ACTION:
            return current_user.role in workflow.BY_ACTION[name].roles
        return super().is_action_allowed(name)

    def to_bulk_form(self, action_name, ids):
        return redirect(self.get_url(".bulk_view", action_name=action_name, ids=",".join(ids)))

    @action("assign_verifier", "Tugaskan verifikator")
    def action_assign(self, ids):
        return self.to_bulk_form("assign_verifier", ids)

    @action("print_receipts", "Cetak tanda terima")
    def action_receipts(self, ids):
        return redirect(url_for("documents.receipts", ids=",".join(ids)))

    def run_bulk(self, ids, action_name, inputs) -> bool:
        try:
            n = casework.apply_many([int(i) for i in ids], action_name, current_user, inputs)
        except ValidationError as exc:
            flash(str(exc), "error")
            return False
        audit_moves(ids, f"{workflow.BY_ACTION[action_name].label} (tindakan massal)")
        flash(f"{n} permohonan: {workflow.BY_ACTION[action_name].label}.", "success")
        return True

    @expose("/bulk/<action_name>", methods=["GET", "POST"])
    @needs("read")  # each bulk move checks its own roles
    def bulk_view(self, action_name):
        ids = selected_ids()
        if action_name == "assign_verifier":
            return self.assign_view(ids)
        if action_name not in BULK_FORMS or not self.is_action_allowed(action_name):
            flash("Tindakan ini tidak tersedia untuk Anda.", "error")
            return redirect(self.get_url(".index_view"))
        t = workflow.BY_ACTION[action_name]
        form = transition_form(t, request.form if request.method == "POST" else None)

        def run(form):
            n = casework.apply_many(ids, action_name, current_user, field_values(form))
            audit_moves(ids, f"{t.label} (tindakan massal)")
            return f"{n} permohonan: {t.label}."

        return self.bulk_form(ids, form, t.label, run)

    def assign_view(self, ids):
        form = verifier_form(request.form if request.method == "POST" else None)

        def run(form):
            verifier = User.get_or_none(User.id == form.verifier.data or 0)
            n = casework.assign_verifier(ids, verifier, current_user)
            audit_moves(ids, f"Tugaskan verifikator {verifier}")
            return f"{n} permohonan ditugaskan kepada {verifier}."

        return self.bulk_form(ids, form, "Tugaskan verifikator", run)

    def bulk_form(self, ids, form, title, run):
        """The form of a bulk action: on a valid POST `run(form)` (a ValidationError goes next
        to the fields), else the form again above the list of the selected applications."""
        if request.method == "POST" and form.validate():
            try:
                message = run(form)
            except ValidationError as exc:
                attach_errors(form, exc.errors)
            else:
                flash(message, "success")
                return redirect(self.get_url(".index_view"))
        apps = list(scoped(Application.select()).where(Application.id.in_(ids)))
        return self.render(
            "admin/application/move.html", app=None, apps=apps, title=title, form=form
        )


def prefill(form) -> None:
    """A new application from the applicant's page (`?applicant=`) or for a service
    (`?service=`): the record filled in when the account may see it, else left blank."""
    applicant = visible_arg(Applicant, "applicant")
    if applicant is not None:
        form.applicant.data = applicant
    service = visible_arg(Service, "service")
    if service is not None:
        form.service.data = service
        form.funding_source.data = default_funding(service)


def visible_arg(model, name: str):
    """The record named by the URL parameter `name`, when visible to the account."""
    pk = coerce_pk(model, request.args.get(name, ""))
    return None if pk is None else scope.visible(model, pk, viewer())


def audit_moves(ids, summary: str) -> None:
    """One audit entry per application moved (who, when, office, address: audit.record)."""
    for app in Application.select().where(Application.id.in_([int(i) for i in ids])):
        record_audit("transition", app, f"#{app.id}: {summary}")


def propose_selected(ids) -> bool:
    """Propose the applications `ids` to BPJS in batches (domain.batches); flash the result."""
    try:
        made = batches.propose_batch([int(i) for i in ids], current_user)
    except ValidationError as exc:
        flash(str(exc), "error")
        return False
    audit_moves(ids, "Usulkan ke BPJS: " + ", ".join(b.number for b in made))
    flash(batches_made_message(made), "success")
    return True


def batches_made_message(made) -> Markup:
    """ "Usulan dibuat: USL-…(n orang)" with a link to each batch."""
    links = ", ".join(
        f'<a href="{url_for("batch.details_view", id=b.id)}">{escape(b.number)}</a> '
        f"({b.size} orang)"
        for b in made
    )
    return Markup(f"Usulan dibuat: {links}. Unduh berkasnya untuk diunggah ke BPJS.")


def is_open(app: Application | None) -> bool:
    return app is not None and app.status not in CLOSED_STATUSES


def field_values(form) -> dict:
    return {name: field.data for name, field in form._fields.items() if name != "csrf_token"}
