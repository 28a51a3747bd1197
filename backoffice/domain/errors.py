"""The one error type the domain raises for input a user can correct."""


class ValidationError(Exception):
    """Refusal of user input: a mapping field name -> Indonesian message.

    `errors` is a fresh dict (the caller's mapping is copied) with one message per field;
    `str(exc)` joins the messages with "; " so a CLI can print it as one line.
    """

    errors: dict[str, str]

    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = dict(errors)
        super().__init__("; ".join(self.errors.values()))


class OfficeDataError(ValidationError):
    """An office's stored data that a computation every office shares cannot use (rows from
    before a rule, or written around the forms): that office's part fails with `reason`
    (Indonesian, naming what to fix), every other office's goes on."""

    def __init__(self, reason: str, field: str = "office") -> None:
        super().__init__({field: reason})
        self.reason = reason
