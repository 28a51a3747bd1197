"""The applicant import against a careful attacker's files (issue 12, second review): blank
cells, control characters, lying XLSX dimensions, huge headers, round trips of the list's own
exports, and the messages of odd cells."""

import csv
import io

import pytest

from backoffice.models import Applicant
from tests.import_files import good_rows

FULL = ["NIK", "NO_KK", "NAMA", "TGL_LAHIR", "JENIS_KELAMIN", "ALAMAT", "KODE_DESA",
        "HUBUNGAN_KELUARGA", "NO_HP", "STATUS_PEKERJAAN", "STATUS_DTSEN", "DESIL"]  # fmt: skip


@pytest.fixture
def office(make_office):
    return make_office(slug="karangasem")


def run(app, *args):
    return app.test_cli_runner().invoke(args=["import", "applicants", *map(str, args)])


def write_csv(path, header, rows):
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows([header, *rows])
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def full_row(n: int) -> list[str]:
    row = good_rows(n + 1)[n][:8]
    return [*row, "081234567890", "PBPU", "terdaftar", "5"]


def test_blank_optional_cells_leave_a_registered_persons_data_alone(app, office, tmp_path):
    first = full_row(1)
    first[7] = "Istri"
    run(app, write_csv(tmp_path / "a.csv", FULL, [first]), "--office", "karangasem")
    before = Applicant.get(Applicant.nik == first[0])
    assert (before.family_role, before.dtsen_decile, before.work_status) == ("istri", 5, "PBPU")
    blank = [*first[:5], "Jalan Baru 7", first[6], "", "", "", "", ""]
    path = write_csv(tmp_path / "b.csv", FULL, [blank])
    dry = run(app, path, "--office", "karangasem", "--dry-run")
    assert "Baris 2: ALAMAT diubah" in dry.output, dry.output
    result = run(app, path, "--office", "karangasem")
    assert "Tersimpan: 0 baru, 1 diubah, 0 sama." in result.output, result.output
    after = Applicant.get(Applicant.nik == first[0])
    assert after.address == "Jalan Baru 7"
    for name in ("phone", "family_role", "work_status", "dtsen_status", "dtsen_decile"):
        assert getattr(after, name) == getattr(before, name), name


def test_blank_optional_cells_of_a_new_person_take_the_defaults(app, office, tmp_path):
    row = [*full_row(2)[:7], "", "", "", "", ""]
    result = run(app, write_csv(tmp_path / "a.csv", FULL, [row]), "--office", "karangasem")
    assert "Tersimpan: 1 baru" in result.output, result.output
    person = Applicant.get(Applicant.nik == row[0])
    assert (person.family_role, person.dtsen_status, person.dtsen_decile, person.phone) == (
        "kepala", "belum_dicek", None, "")  # fmt: skip


def test_control_characters_are_refused_next_to_their_field(app, office, tmp_path):
    rows = [full_row(n) for n in range(3)]
    rows[0][5] = "Jl. Kontrol\x01\x1b[31m"
    rows[1][2] = "Made\x00Darma"
    rows[2][2] = "Made\tDarma"
    result = run(app, write_csv(tmp_path / "a.csv", FULL, rows), "--office", "karangasem")
    assert result.exit_code == 1
    for line in ("Baris 2, kolom ALAMAT", "Baris 3, kolom NAMA", "Baris 4, kolom NAMA"):
        said = [x for x in result.output.splitlines() if x.startswith(line)]
        assert said and "karakter kendali yang tidak boleh" in said[0], result.output
    assert Applicant.select().count() == 0


def test_a_cli_import_is_audited_as_the_cli_and_its_system_user(app, office, tmp_path):
    import getpass

    from backoffice.models import AuditEntry

    run(app, write_csv(tmp_path / "a.csv", FULL, [full_row(1)]), "--office", "karangasem")
    entry = AuditEntry.get(AuditEntry.object_id == "impor")
    assert f"lewat CLI, pengguna sistem {getpass.getuser()}" in entry.summary


def test_a_day_that_does_not_exist_is_named_so(app, office, tmp_path):
    row = full_row(1)
    row[3] = "31-02-1990"
    result = run(app, write_csv(tmp_path / "a.csv", FULL, [row]), "--office", "karangasem",
                 "--dry-run")  # fmt: skip
    said = [x for x in result.output.splitlines() if x.startswith("Baris 2, kolom TGL_LAHIR")]
    assert said and "\u201c31-02-1990\u201d tidak ada" in said[0] and "HH-BB" not in said[0]


def test_a_nik_in_a_number_cell_is_refused_even_with_sixteen_digits(app, office, tmp_path):
    from openpyxl import Workbook

    row = full_row(1)
    book = Workbook()
    book.active.append(FULL)
    book.active.append([int(row[0]), *row[1:]])
    book.save(tmp_path / "a.xlsx")
    result = run(app, tmp_path / "a.xlsx", "--office", "karangasem", "--dry-run")
    said = [x for x in result.output.splitlines() if x.startswith("Baris 2, kolom NIK")]
    assert said and f"angka Excel ({int(row[0])})" in said[0], result.output
    assert "bisa sudah berubah" in said[0]  # all 16 digits shown: not said to be lost


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [("x.pdf", b"%PDF-1.4", "Berkas harus CSV atau XLSX"),
     ("x.csv", b"NIK;NAMA\r\n\x81\x8d\x8f\x90\x9d;x\r\n", "Pengodean huruf berkas tidak dikenali"),
     ("x.csv", b"\xff\xfeN\x00I\x00K", "Pengodean huruf berkas tidak dikenali")],
)  # fmt: skip
def test_an_unreadable_file_is_one_indonesian_line_not_a_traceback(
    app, office, tmp_path, name, data, words
):
    (tmp_path / name).write_bytes(data)
    result = run(app, tmp_path / name, "--office", "karangasem", "--dry-run")
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert words in result.output and "Traceback" not in result.output
