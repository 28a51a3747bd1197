"""Form fields for dates and times as Indonesians type them, and the model-form converter
that puts them on every model view (in place of Flask-Admin's JavaScript pickers, which
rewrote what was typed and spoke English)."""

from wtforms import Field
from wtforms.validators import StopValidation
from wtforms.widgets import TextInput

from backoffice.admin.limits import LimitedModelConverter
from backoffice.domain import dates
from backoffice.domain.errors import ValidationError


class TypedTextField(Field):
    """A text input read by `parse` and written back by `show`; a blank input is None.

    Submitting the value shown unchanged keeps the stored value exactly (a timestamp's
    seconds, which the text does not show, survive an unchanged save).
    """

    widget = TextInput()
    hint = ""

    def __init__(self, label=None, validators=None, render_kw=None, **kwargs):
        render_kw = {"placeholder": self.hint, "inputmode": "numeric", "autocomplete": "off"} | (
            render_kw or {}
        )
        super().__init__(label, validators, render_kw=render_kw, **kwargs)

    def parse(self, text: str):
        raise NotImplementedError

    def show(self, value) -> str:
        raise NotImplementedError

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return self.show(self.data) if self.data is not None else ""

    def process_formdata(self, valuelist):
        text = (valuelist[0] if valuelist else "").strip()
        if not text:
            self.data = None
        elif self.object_data is not None and text == self.show(self.object_data):
            self.data = self.object_data
        else:
            try:
                self.data = self.parse(text)
            except ValidationError as exc:
                raise ValueError(" ".join(exc.errors.values())) from None

    def pre_validate(self, form):
        if self.process_errors:  # the reading's own message says it all: no "wajib diisi"
            raise StopValidation()


class IndonesianDateField(TypedTextField):
    """A date typed as HH-BB-TTTT (also with "/" or ".", or ISO)."""

    hint = dates.DATE_HINT

    def parse(self, text):
        return dates.parse_date(text, self.name)

    def show(self, value):
        return dates.format_date(value)


class ZonedDateTimeField(TypedTextField):
    """A timestamp stored as naive UTC, shown and typed in the office's zone."""

    hint = dates.DATETIME_HINT

    def __init__(self, *args, zone=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.zone = zone

    def current_zone(self) -> str:
        from backoffice.admin.base import current_zone  # base imports this module

        return self.zone or current_zone()

    def parse(self, text):
        return dates.to_utc(dates.parse_datetime(text, self.name), self.current_zone())

    def show(self, value):
        return dates.format_datetime(dates.to_local(value, self.current_zone()))


class LoketModelConverter(LimitedModelConverter):
    """Flask-Admin's peewee converter with length limits on texts (LimitedModelConverter),
    our date and timestamp fields, and a blank choice
    for a coded column that may be left empty (default "") so that an unanswered value is not
    replaced by the first option on the next save."""

    def convert(self, model, field, field_args):
        codes = [code for code, _ in field.choices or ()]
        if codes and field.default == "" and "" not in codes:
            field_args = {"allow_blank": True, "blank_text": "— tidak diisi —"} | dict(
                field_args or {}
            )
        return super().convert(model, field, field_args)

    def handle_date(self, model, field, **kwargs):
        return field.name, IndonesianDateField(**kwargs)

    def handle_datetime(self, model, field, **kwargs):
        return field.name, ZonedDateTimeField(**kwargs)
