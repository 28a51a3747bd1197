"""List pages at district scale (issue 12): a deep page read through its ids lists exactly the
rows of the plain query, and a page's related rows come from one query per relation."""

from backoffice.admin import paging
from backoffice.admin.paging import fetch_related, page_rows
from backoffice.models import Applicant
from tests import factories


def test_a_deep_page_read_by_its_ids_is_the_plain_querys_page(db, monkeypatch):
    office = factories.make_office()
    for n in range(25):
        factories.make_applicant(office=office, name=f"Warga {n % 7} {n:02d}")
    query = Applicant.select().order_by(Applicant.name.desc(), Applicant.id).paginate(2, 10)
    monkeypatch.setattr(paging, "DEFERRED_OFFSET", 5)  # page 2 of 10 starts at 10: deferred
    assert [p.id for p in page_rows(query, Applicant)] == [p.id for p in query]
    monkeypatch.setattr(paging, "DEFERRED_OFFSET", 1000)
    assert [p.id for p in page_rows(query, Applicant)] == [p.id for p in query]


def test_a_pages_villages_come_from_one_query(db):
    from playhouse.test_utils import count_queries

    office = factories.make_office()
    for _ in range(5):
        factories.make_applicant(office=office)
    rows = list(Applicant.select())
    with count_queries() as counted:
        fetch_related(rows, Applicant.village)
        names = [p.village.name for p in rows]
    assert counted.count == 1 and all(names)


NAMES = ["Ni Luh Sukerti", "Ketut Sukertini", "I Made Darma", "Ni_Luh 'Ayu' \"Dewi\" 100%"]


def names_matching(text: str) -> set[str]:
    from backoffice.models.people import name_contains

    return {p.name for p in Applicant.select().where(name_contains(text))}


def test_a_name_fragment_finds_every_name_holding_it_whatever_the_case(db):
    for name in NAMES:
        factories.make_applicant(name=name)
    assert names_matching("sukerti") == {"Ni Luh Sukerti", "Ketut Sukertini"}
    assert names_matching("LUH SUK") == {"Ni Luh Sukerti"}
    assert names_matching("Wayan") == set()
    assert names_matching("Ma") == {"I Made Darma"}  # two letters: no trigram, a scan


def test_a_name_search_wants_the_fragment_whole_not_its_pieces_anywhere(db):
    for name in ("Putu Darma Wayan", "Wayan Darma Putu"):
        factories.make_applicant(name=name)
    assert names_matching("Darma Putu") == {"Wayan Darma Putu"}


def test_a_name_search_takes_quotes_and_wildcards_as_plain_text(db):
    for name in NAMES:
        factories.make_applicant(name=name)
    assert names_matching('"Dewi" 1') == {NAMES[3]}
    assert names_matching("'Ayu'") == {NAMES[3]}
    assert names_matching("Ni_Luh") == {"Ni Luh Sukerti"}  # _ is a space, not any letter
    assert names_matching("Ni%Luh") == set()  # % is dropped: "NiLuh"


def test_a_name_search_with_more_matches_than_it_carries_still_finds_them_all(db, monkeypatch):
    from backoffice.models import people

    for name in NAMES:
        factories.make_applicant(name=name)
    monkeypatch.setattr(people, "NAME_IDS_AT_MOST", 1)
    assert names_matching("Luh") == {"Ni Luh Sukerti", NAMES[3]}


def test_a_searched_list_asks_the_name_index_once_for_its_count_and_its_page(
    client, login, backend
):
    """The trigram index is the costly part of a name search (tens of ms at a million
    people): the page and its count reuse the ids of one lookup."""
    import logging

    for name in NAMES:
        factories.make_applicant(name=name)
    login("admin")
    statements = []
    handler = logging.Handler()
    handler.emit = lambda record: statements.append(str(record.msg))
    logger = logging.getLogger("peewee")
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    try:
        html = client.get("/admin/applicant/?search=sukerti").get_data(as_text=True)
    finally:
        logger.removeHandler(handler)
    marker = "applicant_fts" if backend[0] == "sqlite" else "ILIKE"
    assert "Ni Luh Sukerti" in html and "Ketut Sukertini" in html and "I Made Darma" not in html
    assert sum(marker in sql for sql in statements) == 1


def test_a_lists_row_links_are_the_links_url_for_builds(app):
    """Row links are built once per page and given each row's id: the same URLs, whatever the
    return address holds (the id's stand-in digits, an `id=`, characters to quote)."""
    from flask import url_for

    from backoffice.admin.base import ROW_ID_SLOT

    view = next(v for v in app.extensions["admin"][0]._views if v.endpoint == "applicant")
    back = f"/admin/applicant/?search=Ni Luh&x=id={ROW_ID_SLOT}&é=%"
    with app.test_request_context("/admin/applicant/"):
        for row_id in (7, 123456, 7, ROW_ID_SLOT):
            for endpoint in (".details_view", ".edit_view"):
                built = view.get_url(endpoint, id=row_id, url=back)
                assert built == url_for(f"applicant{endpoint}", id=row_id, url=back)
        assert view.get_url(".details_view", id="12") == url_for("applicant.details_view", id="12")


def test_a_filtered_large_list_counts_up_to_its_limit_then_says_more(client, login, monkeypatch):
    """Counting the 100,000 received applications of a district cost more than their first
    page: a filtered large list with a full page counts at most COUNT_AT_MOST rows."""
    for n in range(25):
        factories.make_applicant(name=f"Ni Luh Sukerti {n}", sex="P")
    factories.make_applicant(name="I Made Darma", sex="L")
    login("admin")
    women = "/admin/applicant/?flt0_jenis_kelamin_adalah=P&page_size=20"  # a full page
    monkeypatch.setattr(paging, "COUNT_AT_MOST", 21)
    many = client.get(women).get_data(as_text=True)
    assert "Daftar (lebih dari 21)" in many and "Ni Luh Sukerti" in many
    monkeypatch.setattr(paging, "COUNT_AT_MOST", 25)
    counted = client.get(women).get_data(as_text=True)
    assert "Daftar (25)" in counted and "lebih dari" not in counted


def test_the_whole_application_list_is_counted_only_up_to_its_limit(
    client, login, make_application, monkeypatch
):
    """A small office sees how many applications it has; a district's million are never
    counted whole (more than COUNT_AT_MOST: "lebih dari")."""
    for _ in range(3):
        make_application()
    login("admin")
    monkeypatch.setattr(paging, "COUNT_AT_MOST", 2)
    html = client.get("/admin/application/?page_size=2").get_data(as_text=True)
    assert "Daftar (lebih dari 2)" in html and 'class="pagination"' in html
    monkeypatch.setattr(paging, "COUNT_AT_MOST", 5)
    html = client.get("/admin/application/?page_size=2").get_data(as_text=True)
    assert "Daftar (3)" in html


def counts_run(client, url: str) -> tuple[str, int]:
    """The page at `url` and the COUNT queries it ran."""
    from playhouse.test_utils import count_queries

    with count_queries() as counted:
        page = client.get(url).get_data(as_text=True)
    return page, sum("COUNT(" in sql for sql, _ in (q.msg for q in counted.get_queries()))


def test_a_large_list_counts_only_what_a_search_or_filter_narrowed(client, login):
    login("supervisor")
    office = factories.make_office()
    people = [
        factories.make_applicant(office=office, name=f"Warga {n:03d}", sex="LP"[n % 2])
        for n in range(120)
    ]

    page, counts = counts_run(client, "/admin/applicant/")
    assert counts == 1 and "(120)" in page  # counted, but never past COUNT_AT_MOST + 1 rows

    page, counts = counts_run(client, f"/admin/applicant/?search={people[7].nik}")
    assert counts == 0 and "(1)" in page and "Warga 007" in page

    page, counts = counts_run(client, "/admin/applicant/?flt0_jenis_kelamin_adalah=P")
    assert counts == 1 and "(60)" in page  # a filter with more than a page: counted


def test_a_search_is_counted_from_its_ids_and_paged_like_the_plain_query(
    client, login, monkeypatch
):
    login("supervisor")
    office = factories.make_office()
    for n in range(70):
        factories.make_applicant(office=office, name=f"Warga {n:03d}")
    factories.make_applicant(office=office, name="Orang Lain")

    page, counts = counts_run(client, "/admin/applicant/?search=Warga&page=1")
    assert counts == 0 and "(70)" in page  # the ids of all 70 read once: no COUNT
    assert "Warga 050" in page and "Warga 069" in page and "Warga 049" not in page

    monkeypatch.setattr(paging, "SEARCH_IDS", 60)  # more found than it reads as ids
    page, counts = counts_run(client, "/admin/applicant/?search=Warga")
    assert counts == 1 and "(70)" in page  # the page, then a COUNT
    assert "Warga 000" in page and "Warga 049" in page and "Warga 050" not in page
