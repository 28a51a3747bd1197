"""Administrative areas (wilayah) with their Kemendagri codes.

Loaded from the shipped list in `backoffice/data/wilayah/` (ODbL, see its README). Codes are
dotted as Kemendagri writes them: province "51", regency "51.07", district (kecamatan)
"51.07.01", village (desa/kelurahan) "51.07.01.2001".
"""

from peewee import Case, CharField, ForeignKeyField

from backoffice.models.base import BaseModel


class Province(BaseModel):
    code = CharField(max_length=2, primary_key=True)
    name = CharField(max_length=100)

    def __str__(self):
        return self.name


class Regency(BaseModel):
    """Kabupaten/kota."""

    code = CharField(max_length=5, primary_key=True)
    province = ForeignKeyField(Province, backref="regencies", on_delete="RESTRICT")
    name = CharField(max_length=100, index=True)

    def __str__(self):
        return self.name


class District(BaseModel):
    """Kecamatan."""

    code = CharField(max_length=8, primary_key=True)
    regency = ForeignKeyField(Regency, backref="districts", on_delete="RESTRICT")
    name = CharField(max_length=100, index=True)

    def __str__(self):
        return f"Kec. {self.name}"


class Village(BaseModel):
    """Desa/kelurahan."""

    code = CharField(max_length=13, primary_key=True)
    district = ForeignKeyField(District, backref="villages", on_delete="RESTRICT")
    name = CharField(max_length=100, index=True)

    def __str__(self):
        # Village names repeat across districts: the district tells them apart.
        return f"{self.name}, Kec. {self.district.name} ({self.code})"

    @classmethod
    def search(cls, term: str, home: str = ""):
        """Villages whose code starts with `term` (digits) or whose name contains it, with their
        district; those under the area code `home` (the office's regency or province) first."""
        term = term.strip()
        query = cls.select(cls, District).join(District)
        if term[:1].isdigit():
            query = query.where(cls.code.startswith(term))
        else:
            query = query.where(cls.name.contains(term))
        order = [cls.name, cls.code]
        if home:
            order.insert(0, Case(None, [(cls.code.startswith(home + "."), 0)], 1))
        return query.order_by(*order)
