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
    assert counts == 0 and "(120)" not in page  # prev/next only: no COUNT of the whole table

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
