"""Kunjungan saya: the home visits assigned to the signed-in verifier, the earliest due first."""

from flask_admin import BaseView, expose
from flask_login import current_user
from peewee import prefetch

from backoffice.admin.access import AccessMixin, needs
from backoffice.admin.base import current_zone
from backoffice.admin.scoping import scoped
from backoffice.i18n import format_datetime_id
from backoffice.models import Applicant, Application, Service, Village


class VisitsView(AccessMixin, BaseView):
    area = "applications"

    def is_visible(self):
        # In the menu of those who are assigned visits; the page itself is open to casework.
        return current_user.is_authenticated and current_user.role == "verifikator"

    @expose("/")
    @needs("read")
    def index(self):
        query = scoped(Application.visits_for(current_user))
        visits = prefetch(query, Applicant, Village, Service)
        return self.render(
            "admin/visits.html",
            visits=visits,
            when=lambda value: format_datetime_id(value, current_zone()),
        )
