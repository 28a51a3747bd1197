"""How fast the public site builds (`make bench`; not part of the default run).

Figures printed: the demo data's full build; 2,000 generated service pages (400 standards of
five services, about 800 words of Markdown each) built cold (empty Markdown cache), warm (the
disk cache of a previous build) and after editing one standard; Pagefind's indexing apart.
Targets from the issue: at least 600 pages/s on this 2-core machine, a rebuild of one edited
standard under 100 ms (asserted for the usual case, the live build's spare copy ready; the
figure without it is printed too).
"""

import random
import shutil
import time

from backoffice.db import database
from backoffice.demo.loader import load_demo
from backoffice.models import (
    Office,
    ProcedureStep,
    Requirement,
    Service,
    ServiceStandard,
)
from backoffice.models.standards import COMPONENTS
from backoffice.publish.builder import BuildOptions, build_site
from backoffice.publish.render import RenderCache
from backoffice.publish.search import index_site
from backoffice.publish.store import SiteStore

STANDARDS = 400
SERVICES_PER_STANDARD = 5
WORDS = [  # the seeds' vocabulary
    "pemohon",
    "datang",
    "membawa",
    "kelengkapan",
    "berkas",
    "petugas",
    "menerima",
    "meneliti",
    "data",
    "usulan",
    "dikirim",
    "ke",
    "BPJS",
    "Kesehatan",
    "fotocopy",
    "kartu",
    "keluarga",
    "KTP",
    "surat",
    "keterangan",
    "tidak",
    "mampu",
    "desa",
    "kelurahan",
    "verifikasi",
    "validasi",
    "kuota",
    "anggaran",
    "APBD",
    "APBN",
    "layanan",
    "kedaruratan",
    "rawat",
    "inap",
    "reaktivasi",
    "pemutusan",
    "peserta",
    "mutasi",
    "peralihan",
    "pekerja",
    "mandiri",
    "penerima",
    "upah",
    "pengaduan",
    "saran",
    "masukan",
    "kotak",
    "saran",
    "telepon",
    "email",
    "website",
    "standar",
    "pelayanan",
    "jaminan",
    "keamanan",
    "keselamatan",
]


def report(label: str, pages: int, seconds: float) -> None:
    print(
        f"  {label:<44} {pages:>6} halaman {seconds * 1000:>9.1f} ms"
        f" {pages / seconds:>8.0f} hlm/dtk"
    )


def markdown_text(rng: random.Random, words: int) -> str:
    items = []
    while words > 0:
        n = rng.randint(6, 14)
        sentence = " ".join(rng.choice(WORDS) for _ in range(n))
        items.append(f"{len(items) + 1}. **{sentence.split()[0].title()}** {sentence}")
        words -= n + 1
    return "\n".join(items)


def generate(rng: random.Random) -> list[int]:
    """400 published standards of ~800 words, each with five services; returns their ids."""
    office = Office.create(
        slug="uji-beban", name="Dinas Sosial Uji Beban", short_name="Dinsos Uji", province="51",
        regency="51.07", time_zone="WITA",
    )  # fmt: skip
    ids = []
    with database.atomic():
        for n in range(STANDARDS):
            texts = {field: markdown_text(rng, 57) for field, _ in COMPONENTS}
            standard = ServiceStandard.create(
                office=office, title=f"Standar uji {n}", status="published", **texts
            )
            ids.append(standard.id)
            add_services(standard, n)
    return ids


def add_services(standard: ServiceStandard, n: int) -> None:
    for k in range(SERVICES_PER_STANDARD):
        service = Service.create(
            standard=standard, kind="new_proposal", name=f"Layanan uji {n}-{k}",
            promised_amount=1, promised_unit="months",
        )  # fmt: skip
        Requirement.insert_many(
            [{"service": service, "position": i, "label": f"Berkas {i}"} for i in range(4)]
        ).execute()
        ProcedureStep.insert_many(
            [
                {"service": service, "position": i, "text": f"Langkah {i}", "minutes": 10}
                for i in range(5)
            ]
        ).execute()


def test_full_build_of_the_demo_data(db, tmp_path):
    load_demo()
    live = tmp_path / "site"
    started = time.perf_counter()
    result = build_site(live, options=BuildOptions(search=False, cache=RenderCache()))
    seconds = time.perf_counter() - started
    search = index_site(live.resolve())
    print(f"\nData demo ({db.__class__.__name__}):")
    report("bangun penuh (tanpa indeks pencarian)", result.page_count, seconds)
    print(f"  indeks Pagefind: {search * 1000:.0f} ms")


def test_2000_service_pages_at_600_pages_per_second_and_rebuild_only_what_changed(db, tmp_path):
    ids = generate(random.Random(2026))
    live, cache_dir = tmp_path / "site", tmp_path / "cache"
    print(f"\n{STANDARDS * SERVICES_PER_STANDARD} layanan ({db.__class__.__name__}):")

    cold = timed_build(live, RenderCache(cache_dir))
    report("bangun penuh, cache Markdown kosong", cold[0], cold[1])
    warm = timed_build(live, RenderCache(cache_dir))
    report("bangun penuh, cache Markdown dari bangun lalu", warm[0], warm[1])
    search = index_site(live.resolve())
    print(f"  indeks Pagefind atas seluruh situs: {search * 1000:.0f} ms")

    edited = ids[7]
    rebuild, result = timed_rebuild(live, edited, "Gratis (diubah)", cache_dir)
    print(
        f"  bangun ulang setelah 1 standar diubah: {rebuild * 1000:.1f} ms, "
        f"{len(result.written)} berkas ditulis ulang dari {result.page_count}"
    )
    without_spare, _ = timed_rebuild(live, edited, "Gratis (diubah lagi)", cache_dir, spare=False)
    print(f"  sama, tanpa salinan cadangan (menautkan sendiri): {without_spare * 1000:.1f} ms")
    service_page = max(
        live.resolve().glob("uji-beban/layanan/*.html"), key=lambda p: p.stat().st_size
    )
    css = (live.resolve() / "static" / "site.css").stat().st_size
    print(
        "  halaman layanan terbesar:"
        f" {(service_page.stat().st_size + css) / 1024:.1f} KB dengan CSS"
    )

    assert warm[0] / warm[1] >= 600
    assert rebuild < 0.1
    assert len(result.written) == SERVICES_PER_STANDARD  # its five service pages, nothing else


def timed_rebuild(live, standard_id, fee, cache_dir, spare=True):
    """Edit one standard's fee, then time the whole rebuild call (database reads included).

    The spare copy of the live build is linked in the background once a build goes live; a
    webmaster's edit comes long after. `spare=False` removes it first: the worst case.
    """
    store = SiteStore(live)
    store.wait_for_spare()
    if not spare:
        shutil.rmtree(store.spare_of(store.current()))
    ServiceStandard.update(fee=fee).where(ServiceStandard.id == standard_id).execute()
    started = time.perf_counter()
    result = build_site(
        live, {standard_id}, BuildOptions(search=False, cache=RenderCache(cache_dir))
    )
    return time.perf_counter() - started, result


def timed_build(live, cache: RenderCache) -> tuple[int, float]:
    started = time.perf_counter()
    result = build_site(live, options=BuildOptions(search=False, cache=cache))
    return result.page_count, time.perf_counter() - started
