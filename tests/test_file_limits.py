"""Every upload is read within bounds (issue 18, third break): a zip bomb of a gigabyte and
more, sent through each upload path (Pemohon › Impor, `loket import applicants`, the BPJS
result upload), is refused in under 5 s naming the limit in Indonesian, while the process
reading it grows by less than 100 MB; so are a CSV of one 50 MB line, a CSV of a million
one-letter rows, an XLSX of 20,000 columns and a cell of 10 MB. A job refused for its file
fails once, with the reason, and is not run again; the queue's worker runs under a memory
limit. The work runs under tests.file_bombs.guarded, which stops code that would swell to
gigabytes before the machine does."""

import base64
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from backoffice.domain import file_limits, tables
from backoffice.domain.errors import ValidationError
from backoffice.models import DataJob
from backoffice.tasks import job_files, records
from tests import factories
from tests.admin import test_batches as batch_pages
from tests.admin import test_import_page as import_pages
from tests.file_bombs import (
    GB,
    MAIN,
    MB,
    SHEET_TAIL,
    Part,
    bomb_parts,
    guarded,
    inline_row,
    sheet_head,
    write_xlsx,
)
from tests.import_files import HEADER, good_rows

SECONDS, GROWTH_MB = 5, 100
BPJS_HEADER = ["NIK", "No Kartu"]
KINDS = ["rows", "cell", "strings"]  # a gigabyte of rows, of one cell, of shared strings
TOO_LARGE = "Berkas terlalu besar: "


@pytest.fixture(scope="session")
def bombs(tmp_path_factory):
    """(kind, "import" or "bpjs") -> an XLSX of a few MB whose `kind` part unpacks to 1 GB."""
    folder = tmp_path_factory.mktemp("bombs")
    made = {}
    for kind in KINDS:
        for use, header in (("import", HEADER), ("bpjs", BPJS_HEADER)):
            path = folder / f"{kind}-{use}.xlsx"
            made[kind, use] = write_xlsx(path, bomb_parts(kind, header, GB))
            assert path.stat().st_size < 6 * MB
    return made


@pytest.fixture
def office(db):
    return factories.make_office(slug="karangasem")


def post_file(client, url: str, filename: str, data: bytes, **fields: str):
    """POST a form with `data` as its file, the multipart body made here: the test client's
    own would spool a large file to a temporary file it never closes."""
    fields["csrf_token"] = factories.csrf_token(client.get(url).get_data(as_text=True))
    boundary = "----grens" + os.urandom(8).hex()
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
             .encode() for name, value in fields.items()]  # fmt: skip
    parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
                 f'filename="{filename}"\r\nContent-Type: application/octet-stream\r\n\r\n'
                 .encode() + data + f"\r\n--{boundary}--\r\n".encode())  # fmt: skip
    return client.post(url, data=b"".join(parts),
                       content_type=f"multipart/form-data; boundary={boundary}")  # fmt: skip


def import_upload(client, data: bytes, filename: str = "pemohon.csv"):
    return post_file(client, "/admin/applicant_import/", filename, data)


def bpjs_upload(client, data: bytes, filename: str = "hasil.xlsx"):
    return post_file(client, "/admin/batch/activations", filename, data, batch="")


def cli_import(app, path, *options):
    args = ["import", "applicants", str(path), "--office", "karangasem", *options]
    return app.test_cli_runner().invoke(args=args)


def assert_within_bounds(measured) -> None:
    assert measured.seconds < SECONDS, f"{measured.seconds:.1f} s"
    assert measured.peak_growth_mb < GROWTH_MB, f"{measured.peak_growth_mb:.0f} MB"


def unpacked_limit(limits) -> str:
    return f"lebih dari {limits.unpacked_bytes // MB} MB setelah dibuka"


# --- a gigabyte bomb through each upload path ---------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_a_zip_bomb_on_the_import_page_is_refused_next_to_the_field(client, office, bombs, kind):
    import_pages.sign_in(client, "supervisor", office)
    data = bombs[kind, "import"].read_bytes()
    with guarded() as measured:
        page = import_upload(client, data, "pemohon.xlsx")
    assert_within_bounds(measured)
    assert page.status_code == 200
    assert unpacked_limit(file_limits.APPLICANT_FILE) in page.get_data(as_text=True)
    assert DataJob.select().count() == 0  # refused before it was kept or queued


@pytest.mark.parametrize("kind", KINDS)
def test_a_zip_bomb_given_to_loket_import_is_refused_in_one_line(app, office, bombs, kind):
    with guarded() as measured:
        result = cli_import(app, bombs[kind, "import"], "--dry-run")
    assert_within_bounds(measured)
    assert result.exit_code == 1, result.output
    assert f"Berkas tidak dapat diimpor: {TOO_LARGE}" in result.output
    assert unpacked_limit(file_limits.APPLICANT_FILE) in result.output


@pytest.mark.parametrize("kind", KINDS)
def test_a_zip_bomb_as_bpjs_result_is_refused_next_to_the_field(
    client, login, make_application, make_service, make_quota, make_user, bombs, kind
):
    batch_pages.proposed_batch(make_application, make_service, make_quota, make_user)
    login("petugas")
    data = bombs[kind, "bpjs"].read_bytes()
    with guarded() as measured:
        page = bpjs_upload(client, data)
    assert_within_bounds(measured)
    assert page.status_code == 200
    assert unpacked_limit(file_limits.BPJS_RESULT) in page.get_data(as_text=True)


def test_a_queued_zip_bomb_fails_its_job_once_with_the_reason(app, office, bombs):
    """A file kept before its check (an upload older than the bounds): the worker refuses it
    with the reason; the job is failed, not taken back and run again."""
    job = DataJob.create(office=office.id, kind="import", area="applicants",
                         filename="pemohon.xlsx", params='{"mapping": {}}')  # fmt: skip
    job_files.save_bytes(job, "upload", bombs["rows", "import"].read_bytes())
    with guarded() as measured:
        job = records.enqueue(job, "import.check")  # the queue runs it at once here
    assert_within_bounds(measured)
    assert job.status == "failed" and job.attempts == 1
    assert job.message.startswith(TOO_LARGE) and "setelah dibuka" in job.message
    assert records.reap() == 0 and DataJob.get_by_id(job.id).status == "failed"


def test_a_bomb_under_the_size_limit_is_refused_by_its_compression(app, office, tmp_path):
    parts = bomb_parts("rows", HEADER, 400 * MB)
    path = write_xlsx(tmp_path / "bomb.xlsx", parts)
    with guarded() as measured:
        result = cli_import(app, path, "--dry-run")
    assert_within_bounds(measured)
    assert "memampat" in result.output and "lebih dari batas 100 kali" in result.output


# --- other files past a bound ---------------------------------------------------------------


def test_a_csv_line_of_50_mb_is_refused_naming_the_row_length(app, office, tmp_path):
    path = tmp_path / "pemohon.csv"
    with path.open("wb") as out:
        out.write(";".join(HEADER).encode() + b"\r\n")
        for _ in range(50):
            out.write(b"1;" * (MB // 2))
        out.write(b"\r\n")
    with guarded() as measured:
        result = cli_import(app, path, "--dry-run")
    assert_within_bounds(measured)
    assert f"{TOO_LARGE}baris 2 lebih dari 100.000 karakter" in result.output, result.output


def test_a_csv_of_a_million_one_letter_rows_fails_its_job_naming_the_rows(client, office):
    import_pages.sign_in(client, "supervisor", office)
    data = ",".join(HEADER).encode() + b"\r\n" + b"x\r\n" * 1_000_000
    with guarded() as measured:
        import_upload(client, data)
    assert_within_bounds(measured)
    job = import_pages.latest_job()
    assert job.status == "failed" and job.attempts == 1
    assert job.message == f"{TOO_LARGE}lebih dari 200.000 baris. Pecah menjadi beberapa berkas."
    page = client.get(f"/admin/applicant_import/{job.id}/").get_data(as_text=True)
    assert "lebih dari 200.000 baris" in page


def wide_sheet(path: Path, header: list[str], rows: int, columns: int) -> Path:
    body = b"".join(
        b"<row>" + b"".join(b"<c><v>%d</v></c>" % (r * columns + c) for c in range(columns))
        + b"</row>"
        for r in range(rows)
    )  # fmt: skip
    parts = {name: Part(data) for name, data in write_parts(header).items()}
    parts["xl/worksheets/sheet1.xml"] = Part(sheet_head(header) + body + SHEET_TAIL)
    return write_xlsx(path, parts)


def write_parts(header: list[str]) -> dict[str, bytes]:
    """The fixed parts of a workbook without shared strings (as tests.file_bombs writes)."""
    return {name: part.head for name, part in bomb_parts("rows", header, 0).items()
            if not name.startswith("xl/worksheets/")}  # fmt: skip


def test_an_xlsx_of_20000_columns_as_bpjs_result_is_refused_naming_the_cells(
    client, login, make_application, make_service, make_quota, make_user, tmp_path
):
    batch_pages.proposed_batch(make_application, make_service, make_quota, make_user)
    login("petugas")
    data = wide_sheet(tmp_path / "lebar.xlsx", BPJS_HEADER, 60, 20_000).read_bytes()
    assert len(data) < file_limits.BPJS_RESULT.file_bytes
    with guarded() as measured:
        page = bpjs_upload(client, data).get_data(as_text=True)
    assert_within_bounds(measured)
    assert f"{TOO_LARGE}baris 2 berisi lebih dari 1.000 sel." in page


def test_an_xlsx_of_20000_columns_to_import_is_refused_naming_the_cells(app, office, tmp_path):
    path = wide_sheet(tmp_path / "lebar.xlsx", HEADER, 60, 20_000)
    with guarded() as measured:
        result = cli_import(app, path, "--dry-run")
    assert_within_bounds(measured)
    assert f"{TOO_LARGE}baris 2 berisi lebih dari 1.000 sel." in result.output, result.output


def test_a_cell_of_10_mb_is_refused_naming_the_cell_length(app, office, tmp_path):
    row = good_rows(1)[0]
    row[2] = base64.b64encode(os.urandom(7_500_000)).decode()  # 10 MB that do not compress
    parts = {name: Part(data) for name, data in write_parts(HEADER).items()}
    sheet = sheet_head(HEADER) + inline_row(row) + SHEET_TAIL
    parts["xl/worksheets/sheet1.xml"] = Part(sheet)
    path = write_xlsx(tmp_path / "sel.xlsx", parts)
    with guarded() as measured:
        result = cli_import(app, path, "--dry-run")
    assert_within_bounds(measured)
    assert "ada sel yang terlalu panjang (lebih dari 32.767 karakter" in result.output


def test_a_file_of_200000_rows_is_read_and_one_row_more_is_refused():
    """The applicant import takes a province's list of 200,000 rows (the header among them)."""
    header = ";".join(HEADER).encode() + b"\r\n"
    table = tables.read_table("a.csv", io.BytesIO(header + b"x\r\n" * 199_999))
    assert sum(1 for _ in table.rows) == 199_999
    with pytest.raises(ValidationError) as caught:
        tables.read_table("a.csv", io.BytesIO(header + b"x\r\n" * 200_000))
    assert caught.value.errors["file"].startswith(f"{TOO_LARGE}lebih dari 200.000 baris.")


def test_an_xlsx_row_numbered_past_the_limit_is_refused_at_once(tmp_path):
    """A sheet can skip to row 1,048,576 in a few bytes; no empty row is made on the way."""
    parts = {name: Part(data) for name, data in write_parts(HEADER).items()}
    far = b'<row r="1048576"><c t="inlineStr"><is><t>x</t></is></c></row>'
    parts["xl/worksheets/sheet1.xml"] = Part(sheet_head(HEADER) + far + SHEET_TAIL)
    path = write_xlsx(tmp_path / "jauh.xlsx", parts)
    with guarded() as measured, pytest.raises(ValidationError) as caught, path.open("rb") as f:
        list(tables.read_table("jauh.xlsx", f).rows)
    assert measured.seconds < SECONDS
    assert caught.value.errors["file"].startswith(f"{TOO_LARGE}lebih dari 200.000 baris.")


def read_xlsx(path: Path) -> list:
    with path.open("rb") as stream:
        return list(tables.read_table(path.name, stream).rows)


def refusal_of(path: Path) -> str:
    with guarded() as measured, pytest.raises(ValidationError) as caught:
        read_xlsx(path)
    assert_within_bounds(measured)
    return caught.value.errors["file"]


def small_workbook(extra: dict[str, bytes] | None = None) -> dict[str, Part]:
    parts = {name: Part(data) for name, data in write_parts(HEADER).items()}
    parts["xl/worksheets/sheet1.xml"] = Part(sheet_head(HEADER) + SHEET_TAIL)
    parts.update({name: Part(data) for name, data in (extra or {}).items()})
    return parts


def test_an_xlsx_packing_another_archive_inside_is_refused(tmp_path):
    inner = b"PK\x03\x04" + bytes(64)  # the start of a ZIP
    path = write_xlsx(tmp_path / "a.xlsx", small_workbook({"xl/embeddings/x.bin": inner}))
    assert refusal_of(path) == ("Berkas XLSX ditolak: berisi berkas arsip lain di dalamnya "
                                "(xl/embeddings/x.bin). Simpan ulang dari Excel atau kirim "
                                "sebagai CSV.")  # fmt: skip


def test_an_xlsx_of_more_than_300_parts_is_refused(tmp_path):
    extra = {f"xl/media/p{n}.xml": b"<p/>" for n in range(300)}
    path = write_xlsx(tmp_path / "a.xlsx", small_workbook(extra))
    assert refusal_of(path).startswith("Berkas XLSX ditolak: berisi lebih dari 300 bagian.")


def test_an_entity_bomb_in_the_shared_strings_is_refused_before_it_expands(tmp_path):
    """A billion laughs: ten entities of ten, the last one a billion characters."""
    entities = "".join(f'<!ENTITY e{n} "{f"&e{n - 1};" * 10}">' for n in range(1, 10))
    strings = (f'<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY e0 "haha">{entities}]>'
               f'<sst xmlns="{MAIN}"><si><t>&e9;</t></si></sst>').encode()  # fmt: skip
    parts = small_workbook({"xl/sharedStrings.xml": strings})
    path = write_xlsx(tmp_path / "a.xlsx", parts)
    assert refusal_of(path) == ("Berkas XLSX ditolak: bagian xl/sharedStrings.xml memuat DTD. "
                                "Simpan ulang dari Excel atau kirim sebagai CSV.")  # fmt: skip


# --- the worker -----------------------------------------------------------------------------


def test_the_worker_runs_under_its_memory_limit_and_outlives_reaching_it():
    """`loket worker` caps its own address space (LOKET_WORKER_MEMORY_MB): an allocation past
    it fails with MemoryError, which a job turns into its failure; the worker goes on."""
    script = (
        "import resource\n"
        "from backoffice.tasks.consumer import limit_memory\n"
        "limit_memory()\n"
        "print(resource.getrlimit(resource.RLIMIT_AS)[0] // 2**20)\n"
        "try:\n"
        "    bytearray(1200 * 2**20)\n"
        "except MemoryError:\n"
        "    print('refused')\n"
        "print(len(bytearray(50 * 2**20)) // 2**20)\n"
    )
    env = {**os.environ, "LOKET_WORKER_MEMORY_MB": "1024"}
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True,
                          text=True, timeout=120, check=True)  # fmt: skip
    assert done.stdout.split() == ["1024", "refused", "50"]
