"""Length limits on every text field of the back-office forms.

wtf-peewee gives a CharField its `Length(max_length)`; a TextField gets none, so a form would
accept a megabyte of notes. `LimitedModelConverter` (the form converter of `SecureModelView`)
adds `Length(max=TEXT_MAX)` to every TextField, inline forms included.
"""

from flask_admin.contrib.peewee.form import CustomModelConverter
from peewee import TextField
from wtforms.validators import Length

TEXT_MAX = 10_000


def text_length(maximum: int = TEXT_MAX) -> Length:
    """A Length validator with the Indonesian message shown next to the field."""
    return Length(max=maximum, message=f"Paling banyak {maximum:,} karakter.".replace(",", "."))


class LimitedModelConverter(CustomModelConverter):
    def convert(self, model, field, field_args):
        if isinstance(field, TextField):
            field_args = dict(field_args or {})
            field_args["validators"] = [*field_args.get("validators", []), text_length()]
        return super().convert(model, field, field_args)
