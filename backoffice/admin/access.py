"""Who may open a back-office page: the role checks every view shares.

A view names its `area` (a row of `permissions.PERMISSIONS`); each exposed page needs the
area's read permission plus the operation it declares with `needs` (Flask-Admin's own pages
have theirs in `BUILTIN_OPERATIONS`). A page that declares nothing is refused, so a page added
later cannot be open by accident (the matrix test walks every page).
"""

from flask import abort, redirect, request, url_for
from flask_login import current_user

from backoffice.admin.permissions import allowed

# Flask-Admin's own pages and the operation each needs; our pages declare theirs with `needs`.
BUILTIN_OPERATIONS = {
    "index": "read",
    "index_view": "read",
    "details_view": "read",
    "action_view": "read",  # each action is checked again by is_action_allowed
    "ajax_lookup": "read",
    "create_view": "create",
    "edit_view": "edit",
    "ajax_update": "edit",
    "delete_view": "delete",
    "export": "download",
}


def needs(operation: str):
    """Declare the operation of the view's area that an exposed page needs."""

    def mark(method):
        method.operation = operation
        return method

    return mark


class UndeclaredOperation(RuntimeError):
    """An exposed page that declares no operation: refuse to serve it rather than guess."""


class AccessMixin:
    """Role checks for any Flask-Admin view: `area` names a row of PERMISSIONS, and every page
    needs the area's read permission plus the operation it declares."""

    area = ""

    def is_accessible(self):
        return current_user.is_authenticated and allowed(current_user.role, self.area)

    def inaccessible_callback(self, name, **kwargs):
        if not current_user.is_authenticated:
            return redirect(url_for("auth.login", next=request.full_path))
        abort(403)

    def operation_of(self, name: str) -> str:
        operation = getattr(getattr(self, name, None), "operation", None)
        operation = operation or BUILTIN_OPERATIONS.get(name)
        if operation is None:
            raise UndeclaredOperation(f"{type(self).__name__}.{name} declares no operation")
        return operation

    def _handle_view(self, name, **kwargs):
        response = super()._handle_view(name, **kwargs)
        if response is not None:
            return response
        if not self.may(self.operation_of(name)):
            abort(403)
        return None

    def may(self, operation: str) -> bool:
        return current_user.is_authenticated and allowed(current_user.role, self.area, operation)
