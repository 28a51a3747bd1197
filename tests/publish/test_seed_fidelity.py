"""Each seed service's published page says only what its seed document says: every document
to bring, every step and the promised time are found in the seed, and no claim of a 24-hour
service, of village quotas or of a decree number is made that the seed does not make."""

import html
import re
from pathlib import Path

import pytest

from backoffice.models import Office, Service, ServiceStandard

SEEDS = {  # office slug → its seed document
    "karangasem": "001_*.txt",
    "banjarmasin": "002_*.txt",
    "batang": "003_*.txt",
    "belitung": "004_*.txt",
}
# The five offices' public documents, copied from shared/seeds as test data (see its README).
SEED_DIR = Path(__file__).resolve().parents[1] / "data" / "seeds"
# Scanning noise in a seed, read as the words it stands for (the seed's own errors of fact,
# such as Karangasem's "Inpres 18/2017", are transcribed as they are).
SCAN_NOISE = {"wakyu aktlvfasi": "waktu aktivasi", "selanjutnya selanjutnya": "selanjutnya"}


def normal(text: str) -> str:
    """Lower case, tags and list numbering gone, whitespace collapsed: text as read."""
    text = html.unescape(re.sub(r"<[^>]+>", " ", text)).lower()
    text = re.sub(r"(^|\s)(\d{1,2}[.)]|[a-z][.)]|-)(?=\s)", " ", text)
    return " ".join(text.split())


COPY_WORDS = ("fotocopy ", "foto copy ", "fotokopi ")


def in_seed(text: str, seed: str) -> bool:
    """`text` is in the seed, or is one item of a seed list sharing one "Fotocopy" ("Fotocopy
    KK, KTP (yang sudah ber KTP)" gives two documents to bring)."""
    text = normal(text)
    if text in seed:
        return True
    word = next((w for w in COPY_WORDS if text.startswith(w)), None)
    return word is not None and word in seed and f", {text.removeprefix(word)}" in seed


def seed_text(slug: str) -> str:
    found = sorted(SEED_DIR.glob(SEEDS[slug]))
    assert found, f"seed document {SEEDS[slug]} missing from {SEED_DIR}"
    text = normal(found[0].read_text(encoding="utf-8"))
    for noise, meant in SCAN_NOISE.items():
        text = text.replace(noise, meant)
    return text


def page_of(demo_site, service: Service) -> str:
    slug = service.standard.office.slug
    files = list((demo_site.resolve() / slug / "layanan").glob(f"{service.id}-*.html"))
    assert len(files) == 1, service.name
    return files[0].read_text(encoding="utf-8")


def seed_services(slug: str) -> list[Service]:
    return list(
        Service.select()
        .join(ServiceStandard)
        .join(Office)
        .where((Office.slug == slug) & (ServiceStandard.status == "published"))
    )


@pytest.mark.parametrize("slug", sorted(SEEDS))
def test_every_document_step_and_promised_time_is_in_the_seed(demo_site, slug):
    seed = seed_text(slug)
    services = seed_services(slug)
    assert services, slug
    for service in services:
        page = normal(page_of(demo_site, service))
        texts = [r.label for r in service.requirements] + [s.text for s in service.steps]
        texts += service.promised_text.split("; ")  # a time and its condition, joined
        for text in texts:
            assert in_seed(text, seed), (service.name, text)
            assert normal(text) in page, (service.name, text)


@pytest.mark.parametrize("slug", sorted(SEEDS))
def test_no_page_claims_24_hours_quotas_or_a_decree_its_seed_does_not(demo_site, slug):
    seed = seed_text(slug)
    for service in seed_services(slug):
        page = normal(page_of(demo_site, service))
        if "layanan 24 jam" in page:
            assert "24 jam" in seed, service.name
        if "ketersediaan kuota desa" in page:
            assert "kuota" in seed, service.name
        decree = re.search(r"no\. sk (\S+)", page)
        if decree:
            assert f"sk: {decree.group(1)}" in seed or f"sk {decree.group(1)}" in seed


def test_karangasem_termination_asks_for_what_the_seed_names(demo_site):
    service = next(s for s in seed_services("karangasem") if s.kind == "termination")
    labels = [r.label for r in service.requirements]
    assert not any("pernyataan" in label.lower() for label in labels)


def test_belitung_psc_119_lists_no_documents_and_no_hours(demo_site):
    psc = next(s for s in seed_services("belitung") if "PSC 119" in s.name)
    assert list(psc.requirements) == [] and not psc.around_the_clock
    assert "layanan 24 jam" not in normal(page_of(demo_site, psc))
