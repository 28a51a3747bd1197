"""Who may do what in the back-office: one table, read by every view.

Each area maps an operation (read, create, edit, delete) to the roles allowed it. Views name
their area; nothing else in the back-office decides access.
"""

STAFF = frozenset({"admin", "petugas", "verifikator", "supervisor", "webmaster"})
CASEWORK = frozenset({"admin", "petugas", "verifikator", "supervisor"})
MANAGERS = frozenset({"admin", "supervisor"})
ADMIN = frozenset({"admin"})


def _area(read, create=frozenset(), edit=frozenset(), delete=frozenset()):
    return {
        "read": frozenset(read),
        "create": frozenset(create),
        "edit": frozenset(edit),
        "delete": frozenset(delete),
    }


PERMISSIONS = {
    "applicants": _area(
        CASEWORK,
        {"admin", "petugas", "supervisor"},
        {"admin", "petugas", "verifikator", "supervisor"},
        MANAGERS,
    ),
    "applications": _area(CASEWORK, {"admin", "petugas", "supervisor"}, CASEWORK, MANAGERS),
    "quotas": _area(CASEWORK, MANAGERS, MANAGERS, ADMIN),
    "standards": _area(
        STAFF, {"admin", "supervisor", "webmaster"}, {"admin", "supervisor", "webmaster"}, ADMIN
    ),
    "offices": _area(STAFF, ADMIN, MANAGERS, ADMIN),
    "complaints": _area(STAFF, CASEWORK, MANAGERS | {"petugas"}, ADMIN),
    "surveys": _area(STAFF, CASEWORK | {"webmaster"}, MANAGERS, ADMIN),
    "regions": _area(STAFF),
    "accounts": _area(ADMIN, ADMIN, ADMIN, ADMIN),
    "audit": _area(MANAGERS),
    # read: the desk and previews; create: publish and restore; edit: content pages.
    "publishing": _area(MANAGERS | {"webmaster"}, {"admin", "webmaster"}, {"admin", "webmaster"}),
}


def allowed(role: str | None, area: str, operation: str = "read") -> bool:
    """True when `role` may perform `operation` in `area`; unknown areas allow nobody."""
    return role in PERMISSIONS.get(area, {}).get(operation, ())
