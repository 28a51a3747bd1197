"""The demo offices, their service standards and services, and the Bali FAQ.

Pure data, transcribed from the five public seed documents (`/work/shared/seeds/`, see
`domain.md`): the Indonesian text is the documents' own. Only extraction junk was cleaned up
(HTML tags, broken line continuations, lost list numbers, duplicated words, OCR garble); the
authors' own spelling is kept (e.g. "Optimilisasi", "Surve", "bias di cek"). Contact details
not in a seed are "" (never guessed).

Shapes (read by the demo loader; keep the keys):
- OFFICES: list of office dicts, each with its `standards`; each standard has the 14
  components (Markdown strings, "" where the seed has nothing) and its `services`; each
  service has `requirements` as (label, required) and `steps` as (text, minutes or None).
- FAQ_BALI: list of {"question", "answer"} from seed 000; the questions are written for the
  demo, the answers are the seed's text.
"""

# The Markdown texts keep one list item per line, however long the seed's sentence.
# ruff: noqa: E501

import datetime

# ---------------------------------------------------------------------------------------------
# Seed 001: Dinas Sosial, PPPA, PPKB Kabupaten Karangasem (Bali), standard signed 22 May 2023.
# ---------------------------------------------------------------------------------------------

_KARANGASEM_HEAD = "I Komang Daging, S.Sos., M.Si"
_KARANGASEM_HEAD_RANK = "Pembina Utama Muda"
_KARANGASEM_HEAD_NIP = "196510231986021002"  # seed: "19651023 198602 1 002"

_KARANGASEM_REQUIREMENTS = """Persyaratan Pelayanan PBI JKN KIS:

1. Pelayanan Emergency PBI JKN-KIS (Layanan Kedaruratan): Fotocopy KK, KTP (yang sudah ber KTP), surat keterangan rawat inap/ rawat jalan/ surat keterangan sakit/ surat kontrol.
2. Pengusulan baru PBI JKN-KIS: Fotocopy KK dan KTP (yang sudah ber KTP).
3. Mutasi/Peralihan PBI JKN-KIS:
    - Mutasi Pekerja Mandiri: Fotocopy KK, KTP, Struk/ Bukti pembayaran bulan pengajuan.
    - Mutasi Pekerja Penerima Upah (PPU)/tanggungans dari tempat kerja non aktif: Fotocopy KK, KTP, dan Surat Keterangan berhenti bekerja.
4. Reaktivasi PBI JKN-KIS: Fotocopy KK dan KTP.
5. Pemutusan Peserta PBI JKN-KIS: Fotocopy KK, KTP, dan ber materai 10.000 (1)"""

_KARANGASEM_PROCEDURE = """**1. Pelayanan Emergency PBI JKN-KIS (Layanan Kedaruratan)**

1. Pemohon datang membawa kelengkapan berkas
2. Pemohon melakukan registrasi dan menyerahkan berkas pengajuan
3. Petugas menerima dan meneliti kelengkapan berkas
4. Setelah kelengkapan berkas benar petugas menginputkan data emergency
5. Setelah penginputan data, BPJS Kesehatan yang akan proses data

**2. Pengusulan baru PBI JKN-KIS**

1. Pemohon datang membawa kelengkapan berkas
2. Petugas menerima dan meneliti kelengkapan berkas
3. Petugas mengirimkan data usulan ke BPJS Kesehatan

**3. Mutasi/Peralihan PBI JKN-KIS**

1. Pemohon datang membawa kelengkapan berkas
2. Petugas menerima dan meneliti kelengkapan berkas
3. Petugas mengirimkan data usulan mutasi/peralihan ke BPJS Kesehatan

**4. Reaktivasi PBI JKN-KIS**

1. Pemohon datang membawa kelengkapan berkas
2. Petugas menerima dan meneliti kelengkapan berkas
3. Petugas membuat surat pengantar aktivasi
4. Berkas diserahkan ke pemohon untuk dilanjutkan ke BPJS Kesehatan

**5. Pemutusan Peserta PBI JKN-KIS**

1. Pemohon datang membawa kelengkapan berkas
2. Petugas menerima dan meneliti kelengkapan berkas
3. Petugas membuat surat pemutusan peserta PBI JKN-KIS
4. Berkas diserahkan ke pemohon untuk dilanjutkan penonaktifan ke BPJS Kesehatan"""

# The seed has two rows here: "3. Waktu Pelayanan" (opening hours) and "4. Waktu Tanggapan"
# (the time per service); both belong to component 3, jangka waktu penyelesaian.
_KARANGASEM_DURATION = """**Waktu Pelayanan**

1. Waktu Operasional:
    - Senin – Kamis : Pukul 08.00-15.00 WITA
    - Jumat : 09.00 – 12.00 WITA
2. Waktu Pelayanan Darurat: 24 Jam

**Waktu Tanggapan**

1. Pelayanan Emergency PBI JKN-KIS: 1 - 2 jam
2. Mutasi/Peralihan PBI JKN-KIS: 1 bulan
3. Pengusulan baru PBI JKN-KIS : 1 bulan
4. Reaktivasi PBI JKN-KIS : 1 hari
5. Pemutusan Peserta PBI JKN-KIS : 10 - 15 menit"""

_KARANGASEM_COMPLAINTS = """1. Nomor Telepon Dinas Sosial: (0363) 21154
2. Nomor Telepon MPP : (0363) 21158
3. Facebook : Dinas Sosial, PPPA, PPKB Kab. Karangasem
4. Kotak Saran di MPP Karangasem dan Kantor Dinas Sosial, PPPA, PPKB Kab. Karangasem
5. Website : http://disosp3ppkb.karangasemkab.go.id/
6. Email: disospppappkbkab.karangasem@gmail.com
7. SP4N Lapor: https://www.Lapor.go.id"""

# The seed's lines "2. Nasional", "4. Kesehatan", "6. Bantuan Iuran Jaminan Kesehatan" and
# "8. Pelaksanaan Program Jaminan Kesehatan Nasional" are wrapped continuations of the item
# before them: merged back, leaving five regulations. (Text as in the seed, including
# "Nomor 18 Tahun 2017" and "Optimilisasi".)
_KARANGASEM_LEGAL_BASIS = """1. Undang-Undang Nomor 40 Tahun 2004 tentang Sistem Jaminan Sosial Nasional
2. Peraturan Presiden Nomor 64 Tahun 2020 tentang Jaminan Kesehatan
3. Peraturan Menteri Sosial Nomor 5 Tahun 2016 tentang Penerima Bantuan Iuran Jaminan Kesehatan
4. Instruksi Presiden Nomor 18 Tahun 2017 tentang Optimilisasi Pelaksanaan Program Jaminan Kesehatan Nasional
5. Peraturan Gubernur Bali Nomor 31 Tahun 2021 Jaminan Kesehatan Nasional Krama Bali Sejahtera"""

_KARANGASEM_FACILITIES = """1. Sistem antrean otomatis
2. Counter Pelayanan
3. Alat tulis kantor dan Komputer
4. Ruang Tunggu
5. Free Wifi
6. Kamar Mandi dan WC
7. Tempat Parkir"""

_KARANGASEM_STANDARD = {
    "title": "Pemberian Akses ke Layanan Pendidikan dan Kesehatan Dasar (Pelayanan PBI JKN-KIS)",
    "decree_number": "",
    "set_date": datetime.date(2023, 5, 22),
    "revision_number": 0,
    "revision_date": None,
    "effective_date": None,
    "signatory_name": _KARANGASEM_HEAD,
    "signatory_rank": _KARANGASEM_HEAD_RANK,
    "signatory_nip": _KARANGASEM_HEAD_NIP,
    "status": "published",
    "requirements": _KARANGASEM_REQUIREMENTS,
    "procedure": _KARANGASEM_PROCEDURE,
    "duration": _KARANGASEM_DURATION,
    "fee": "Tidak Dipungut Biaya (Gratis)",
    "product": "Dokumen (Kelengkapan berkas, surat aktivasi, surat pemutusan peserta)",
    "complaints": _KARANGASEM_COMPLAINTS,
    "legal_basis": _KARANGASEM_LEGAL_BASIS,
    "facilities": _KARANGASEM_FACILITIES,
    "competence": "Kompetensi setiap pelaksana pastikan telah sesuai dengan tugas masing-masing",
    "supervision": "Pengawasan dilakukan oleh atasan langsung secara berjenjang",
    "staffing": "Jumlah Pelaksana berjumlah 4 orang",
    "service_guarantee": (
        "DINSOS, PPPA, PPKB Kabupaten Karangasem menjamin seluruh pelayanan Jaminan Kesehatan "
        "Nasional Kartu Indonesia Sehat Penerima Bantuan Iuran (JKN-KIS PBI) yang sudah "
        "diberikan sesuai dengan Standar Operasional Prosedur (SOP)"
    ),
    "security_guarantee": (
        "DINSOS, PPPA, PPKB Kab. Karangasem mengutamakan keamanan dan keselamatan melalui janji "
        "layanan dan kebijakan mutu"
    ),
    "performance_evaluation": (
        "Kinerja Pelaksanaan Pelayanan terukur melalui Surve Kepuasan Masyarakat (SKM)"
    ),
    # The standard's product row is shared ("Dokumen (...)"); each service's product below
    # names the part of it (or the procedure's outcome) that service yields.
    "services": [
        {
            "kind": "emergency",
            "name": "Pelayanan Emergency PBI JKN-KIS (Layanan Kedaruratan)",
            "promised_amount": 2,
            "promised_unit": "hours",
            "promised_text": "1 - 2 jam",
            "around_the_clock": True,  # "Waktu Pelayanan Darurat: 24 Jam"
            "needs_home_visit": False,
            "uses_quota": False,
            "product": "Data emergency diinputkan petugas, selanjutnya diproses BPJS Kesehatan",
            "requirements": [
                ("Fotocopy KK", True),
                ("Fotocopy KTP (yang sudah ber KTP)", True),
                (
                    "Surat keterangan rawat inap/ rawat jalan/ surat keterangan sakit/ "
                    "surat kontrol",
                    True,
                ),
            ],
            "steps": [
                ("Pemohon datang membawa kelengkapan berkas", None),
                ("Pemohon melakukan registrasi dan menyerahkan berkas pengajuan", None),
                ("Petugas menerima dan meneliti kelengkapan berkas", None),
                ("Setelah kelengkapan berkas benar petugas menginputkan data emergency", None),
                ("Setelah penginputan data, BPJS Kesehatan yang akan proses data", None),
            ],
        },
        {
            "kind": "new_proposal",
            "name": "Pengusulan baru PBI JKN-KIS",
            "promised_amount": 1,
            "promised_unit": "months",
            "promised_text": "1 bulan",
            "around_the_clock": False,
            "needs_home_visit": False,
            "uses_quota": False,  # the seed says nothing of quotas
            "product": "Data usulan dikirim ke BPJS Kesehatan",
            "requirements": [
                ("Fotocopy KK", True),
                ("Fotocopy KTP (yang sudah ber KTP)", True),
            ],
            "steps": [
                ("Pemohon datang membawa kelengkapan berkas", None),
                ("Petugas menerima dan meneliti kelengkapan berkas", None),
                ("Petugas mengirimkan data usulan ke BPJS Kesehatan", None),
            ],
        },
        {
            "kind": "transfer_pbpu",
            "name": "Mutasi/Peralihan PBI JKN-KIS: Mutasi Pekerja Mandiri",
            "promised_amount": 1,
            "promised_unit": "months",
            "promised_text": "1 bulan",
            "around_the_clock": False,
            "needs_home_visit": False,
            "uses_quota": False,  # the seed says nothing of quotas
            "product": "Data usulan mutasi/peralihan dikirim ke BPJS Kesehatan",
            "requirements": [
                ("Fotocopy KK", True),
                ("Fotocopy KTP", True),
                ("Struk/ Bukti pembayaran bulan pengajuan", True),
            ],
            "steps": [
                ("Pemohon datang membawa kelengkapan berkas", None),
                ("Petugas menerima dan meneliti kelengkapan berkas", None),
                ("Petugas mengirimkan data usulan mutasi/peralihan ke BPJS Kesehatan", None),
            ],
        },
        {
            "kind": "transfer_ppu",
            "name": (
                "Mutasi/Peralihan PBI JKN-KIS: Mutasi Pekerja Penerima Upah (PPU)/tanggungan "
                "dari tempat kerja non aktif"
            ),
            "promised_amount": 1,
            "promised_unit": "months",
            "promised_text": "1 bulan",
            "around_the_clock": False,
            "needs_home_visit": False,
            "uses_quota": False,  # the seed says nothing of quotas
            "product": "Data usulan mutasi/peralihan dikirim ke BPJS Kesehatan",
            "requirements": [
                ("Fotocopy KK", True),
                ("Fotocopy KTP", True),
                ("Surat Keterangan berhenti bekerja", True),
            ],
            "steps": [
                ("Pemohon datang membawa kelengkapan berkas", None),
                ("Petugas menerima dan meneliti kelengkapan berkas", None),
                ("Petugas mengirimkan data usulan mutasi/peralihan ke BPJS Kesehatan", None),
            ],
        },
        {
            "kind": "reactivation",
            "name": "Reaktivasi PBI JKN-KIS",
            "promised_amount": 1,
            "promised_unit": "days",
            "promised_text": "1 hari",
            "around_the_clock": False,
            "needs_home_visit": False,
            "uses_quota": False,
            "product": "Surat pengantar aktivasi (diteruskan pemohon ke BPJS Kesehatan)",
            "requirements": [
                ("Fotocopy KK", True),
                ("Fotocopy KTP", True),
            ],
            "steps": [
                ("Pemohon datang membawa kelengkapan berkas", None),
                ("Petugas menerima dan meneliti kelengkapan berkas", None),
                ("Petugas membuat surat pengantar aktivasi", None),
                ("Berkas diserahkan ke pemohon untuk dilanjutkan ke BPJS Kesehatan", None),
            ],
        },
        {
            "kind": "termination",
            "name": "Pemutusan Peserta PBI JKN-KIS",
            "promised_amount": 15,
            "promised_unit": "minutes",
            "promised_text": "10 - 15 menit",
            "around_the_clock": False,
            "needs_home_visit": False,
            "uses_quota": False,
            "product": (
                "Surat pemutusan peserta PBI JKN-KIS (diteruskan pemohon ke BPJS Kesehatan)"
            ),
            "requirements": [
                ("Fotocopy KK", True),
                ("Fotocopy KTP", True),
                # As printed: "dan ber materai 10.000 (1)" (the seed names no document).
                ("ber materai 10.000 (1)", True),
            ],
            "steps": [
                ("Pemohon datang membawa kelengkapan berkas", None),
                ("Petugas menerima dan meneliti kelengkapan berkas", None),
                ("Petugas membuat surat pemutusan peserta PBI JKN-KIS", None),
                (
                    "Berkas diserahkan ke pemohon untuk dilanjutkan penonaktifan ke BPJS Kesehatan",
                    None,
                ),
            ],
        },
    ],
}

# ---------------------------------------------------------------------------------------------
# Seed 002: Dinas Sosial Kota Banjarmasin (Kalimantan Selatan), service page, No. SK 124.
# ---------------------------------------------------------------------------------------------

_BANJARMASIN_REQUIREMENTS = """1. Berdomisili di Banjarmasin
2. Status Pekerjaan sebagai Bukan Pekerja atau Pekerja Bukan Penerima Upah
3. NIK terdaftar pada Data Kependudukan SIAK
4. Fotocopy Kartu Keluarga dan KTP Banjarmasin yang sudah sinkron dengan domisili dan kondisi terbaru (tidak ada anggota keluarga yang meninggal dan pindah yang masih tercantum dalam Kartu Keluarga)
5. Hasil Diagnosa dari puskesmas/dokter bila memiliki penyakit kronis dan perlu diusulkan sebagai usulan prioritas"""

_BANJARMASIN_STEPS = [
    (
        "Pengguna Layanan datang ke Loket Pelayanan sesuai antrian dengan membawa seluruh "
        "persyaratan administrasi",
        None,
    ),
    (
        "Petugas Loket Pelayanan memeriksa kelengkapan persyaratan dan memproses permohonan "
        "dengan melakukan pencatatan identitas pemohon, memeriksa data pada Data Terpadu "
        "Kesejahteraan Sosial (DTKS) dan status kepesertaan JKN serta melakukan identifikasi awal",
        None,
    ),
    (
        "Pengguna Layanan menunggu di rumah untuk jadwal pelaksanaan verifikasi ke rumah /tempat "
        "tinggal oleh Petugas verifikasi yang ditunjuk oleh Dinas Sosial Kota Banjarmasin",
        None,
    ),
    (
        "Setelah diverifikasi, Pengguna Layanan dapat melakukan pengecekan /konfirmasi hasil "
        "kelayakan secara offline (datang langsung) atau online (melalui chat wa).",
        None,
    ),
    (
        "Tim Dinas Sosial melakukan identifikasi kelayakan berupa layak diusulkan atau tidak "
        "layak diusulkan berdasarkan hasil verifikasi dan mengajukan usulan melalui pembiayaan "
        "APBD ataupun pembiayaan APBN",
        None,
    ),
    ("Petugas akan memberikan informasi status usulan dan atau jadwal pengusulan", None),
]

_BANJARMASIN_PROCEDURE = """1. Pengguna Layanan datang ke Loket Pelayanan sesuai antrian dengan membawa seluruh persyaratan administrasi
2. Petugas Loket Pelayanan memeriksa kelengkapan persyaratan dan memproses permohonan dengan melakukan pencatatan identitas pemohon, memeriksa data pada Data Terpadu Kesejahteraan Sosial (DTKS) dan status kepesertaan JKN serta melakukan identifikasi awal
3. Pengguna Layanan menunggu di rumah untuk jadwal pelaksanaan verifikasi ke rumah /tempat tinggal oleh Petugas verifikasi yang ditunjuk oleh Dinas Sosial Kota Banjarmasin
4. Setelah diverifikasi, Pengguna Layanan dapat melakukan pengecekan /konfirmasi hasil kelayakan secara offline (datang langsung) atau online (melalui chat wa).
5. Tim Dinas Sosial melakukan identifikasi kelayakan berupa layak diusulkan atau tidak layak diusulkan berdasarkan hasil verifikasi dan mengajukan usulan melalui pembiayaan APBD ataupun pembiayaan APBN
6. Petugas akan memberikan informasi status usulan dan atau jadwal pengusulan"""

_BANJARMASIN_DURATION = (
    "1 Bulan (sesuai dengan ketersediaan Kuota usulan di anggaran APBD maupun APBN)"
)

_BANJARMASIN_PRODUCT = (
    "Pengajuan Usulan JKN KIS Segmen Penduduk Yang Didaftarkan Oleh Pemerintah Daerah-APBD "
    "atau Segmen Penerima Bantuan Iuran (PBI)-APBN"
)

# The seed's sub-items "a." / "b." are rendered as bullets (Markdown has no lettered lists).
_BANJARMASIN_COMPLAINTS = """1. Mekanisme penyampaian Pengaduan, saran dan masukan
    - Pengaduan disampaikan secara tertulis dengan memuat identitas lengkap dan materi pengaduan melalui:
        - Kotak aduan dan saran
        - Email : dinsosbjm.aduanbansos@gmail.com
        - Website : www.dinsos.banjarmasinkota.go.id
        - Melalui WA : 0887.4360.59071
    - atau disampaikan secara lisan kepada petugas pada loket aduan.
2. Penanganan pengaduan media tersebut diatas akan ditindaklanjuti oleh petugas dengan tahapan:
    - cek administrasi
    - koordinasi internal/eksternal
3. Respon pengaduan paling lambat 3 hari kerja
4. Penyelesaian pengaduan sesuai dengan kondisi dan permasalahan yang ada

Anda juga dapat menyampaikan pengaduan, aspirasi, maupun permintaan informasi melalui aplikasi LAPOR!

Melalui LAPOR!, Anda dapat menyampaikan permasalahan pelayanan publik yang Anda temui dalam satu kanal sehingga laporanmu dapat kami sampaikan ke instansi terkait."""

_BANJARMASIN_STANDARD = {
    "title": "Pengusulan Jaminan Kesehatan Nasional (JKN-KIS)",
    "decree_number": "124",
    "set_date": None,
    "revision_number": 0,
    "revision_date": None,
    "effective_date": None,
    "signatory_name": "",
    "signatory_rank": "",
    "signatory_nip": "",
    "status": "published",
    "requirements": _BANJARMASIN_REQUIREMENTS,
    "procedure": _BANJARMASIN_PROCEDURE,
    "duration": _BANJARMASIN_DURATION,
    "fee": "Tidak dipungut biaya",
    "product": _BANJARMASIN_PRODUCT,
    "complaints": _BANJARMASIN_COMPLAINTS,
    # The service page publishes only the six service-delivery components.
    "legal_basis": "",
    "facilities": "",
    "competence": "",
    "supervision": "",
    "staffing": "",
    "service_guarantee": "",
    "security_guarantee": "",
    "performance_evaluation": "",
    "services": [
        {
            "kind": "new_proposal",
            "name": "Pengusulan Jaminan Kesehatan Nasional (JKN-KIS)",
            "promised_amount": 1,
            "promised_unit": "months",
            "promised_text": _BANJARMASIN_DURATION,
            "around_the_clock": False,
            "needs_home_visit": True,
            "uses_quota": True,
            "product": _BANJARMASIN_PRODUCT,
            "requirements": [
                ("Berdomisili di Banjarmasin", True),
                ("Status Pekerjaan sebagai Bukan Pekerja atau Pekerja Bukan Penerima Upah", True),
                ("NIK terdaftar pada Data Kependudukan SIAK", True),
                (
                    "Fotocopy Kartu Keluarga dan KTP Banjarmasin yang sudah sinkron dengan "
                    "domisili dan kondisi terbaru (tidak ada anggota keluarga yang meninggal dan "
                    "pindah yang masih tercantum dalam Kartu Keluarga)",
                    True,
                ),
                (
                    "Hasil Diagnosa dari puskesmas/dokter bila memiliki penyakit kronis dan perlu "
                    "diusulkan sebagai usulan prioritas",
                    False,
                ),
            ],
            "steps": _BANJARMASIN_STEPS,
        },
    ],
}

# ---------------------------------------------------------------------------------------------
# Seed 003: Dinas Kesehatan Kabupaten Batang (Jawa Tengah), SOP 800/2149 /2022, revision 3.
# ---------------------------------------------------------------------------------------------

_BATANG_TITLE = (
    "Pelayanan Jaminan Kesehatan Nasional (JKN) Penerima Bantuan Iuran Anggaran Pendapatan dan "
    "Belanja Daerah (PBI APBD) yang dibiayai Pemerintah Daerah Bagi Masyarakat Miskin di "
    "Kabupaten Batang"
)
_BATANG_HEAD = "dr. Didiet Wisnuhardanto"
# The seed prints "NIP. 19730619 2006041013" (grouped 8 + 10 instead of 8 6 1 3); spaces
# removed, the digits are as given: 18 of them, so nothing is missing.
_BATANG_HEAD_NIP = "197306192006041013"

# (text, minutes) from the SOP table's "Waktu" column; step 6's cell holds the card
# activation time and office hours instead of minutes (see duration). Cleaned: the duplicated
# "selanjutnya" in step 5. Kept as printed: "bias di cek" (sic, for "bisa").
_BATANG_STEPS = [
    ("Pemohon datang ke Dinas kesehatan membawa persyaratan Lengkap dan Benar", 5),
    ("Petugas menerima masyarakat di ruang pelayanan JKN PBI APBD", 5),
    (
        "Petugas melakukan verifikasi kelengkapan berkas, apabila belum lengkap di kembalikan "
        "pemohon",
        10,
    ),
    ("Petugas Melakukan Validasi data pemohon", 10),
    (
        "Petugas mengentri data pemohon selanjutnya didaftarkan kepesertaan jaminan kesehatan/BPJS",
        10,
    ),
    (
        "Masyarakat mendapat ID/Virtual account jaminan kesehatan/BPJS, bias di cek di aplikasi "
        "BPJS",
        None,
    ),
]

# The procedure with the SOP's time per step (its "Waktu" column) in brackets.
_BATANG_PROCEDURE = """1. Pemohon datang ke Dinas kesehatan membawa persyaratan Lengkap dan Benar (5 menit)
2. Petugas menerima masyarakat di ruang pelayanan JKN PBI APBD (5 menit)
3. Petugas melakukan verifikasi kelengkapan berkas, apabila belum lengkap di kembalikan pemohon (10 menit)
4. Petugas Melakukan Validasi data pemohon (10 menit)
5. Petugas mengentri data pemohon selanjutnya didaftarkan kepesertaan jaminan kesehatan/BPJS (10 menit)
6. Masyarakat mendapat ID/Virtual account jaminan kesehatan/BPJS, bias di cek di aplikasi BPJS"""

# The SOP's "PERINGATAN" (who the service is for) has no component of its own; it is kept
# with the requirements, where it restricts eligibility.
_BATANG_REQUIREMENTS = """Persyaratan pelayanan:

1. Pemohon terdaftar/diusulkan Data Terpadu Kesejahteraan Sosial (DTKS) dari desa
2. Foto Copy Kartu Keluarga (KK)
3. FotoCopy Kartu Tanda Penduduk (KTP)
4. Surat Keterangan Tidak Mampu (SKTM) dan Surat Pertanggungjawaban Mutlak dari Kelurahan
5. Rekomendasi dari Dinas Sosial Kabupaten Batang.
6. Surat Keterangan Sakit (RS/Puskesmas)

**Peringatan**

Pelayanan Jaminan Kesehatan Nasional (JKN) Penerima Bantuan Iuran Anggaran Pendapatan dan Belanja Daerah (PBI APBD) yang dibiayai Pemerintah Daerah Bagi "Masyarakat Miskin di Kabupaten Batang\""""

# Step 6's "Waktu" cell; "Wakyu Aktlvfasi" in the seed is OCR garble for "Waktu Aktivasi".
_BATANG_DURATION = """1. Waktu Aktivasi kartu : 30 hari (sesuai kuota)
2. Waktu Pelayanan : 5 (lima) hari kerja, Senin – Kamis pukul 07.30 s/d 14.30 WIB, Jumat pukul 07.30 s/d 10.30 WIB.
3. Penyelesaian 1 (satu) hari kerja"""

_BATANG_LEGAL_BASIS = """1. UU No. 40 Tahun 2004 tentang Sistem Jaminan Sosial Nasional
2. Peraturan Pemerintah Nomor 101 Tahun 2012 Penerima Bantuan Kesehatan
3. Permenkes RI No. 28 Tahun 2014 tentang Pedoman Pelaksanaan Program Jaminan Kesehatan Nasional
4. Peraturan Menteri Keuangan 78/PMK.02 Tahun 2020 tentang Pelaksanaan Pembayaran Kontribusi Iuran Peserta Penerima Bantuan Iuran Jaminan Kesehatan, Iuran Peserta Pekerja Bukan Penerima Upah dan Peserta Bukan Pekerja dengan Manfaat Pelayanan di Ruang Perawatan Kelas III, dan Bantuan Iuran bagi Peserta Pekerja Bukan Penerima Upah dan Peserta Bukan Pekerja dengan Manfaat Pelayanan di Ruang Perawatan Kelas III oleh Pemerintah Pusat dan/ atau Pemerintah Daerah"""

_BATANG_PRODUCT = "Data Entri Penambahan peserta Baru Jaminan Kesehatan /BPJS Kesehatan"

_BATANG_STANDARD = {
    "title": _BATANG_TITLE,
    # The seed is an SOP (Nomor 800/2149 /2022, "Tanggal Pembuatan" 15 Februari 2021), not a
    # decree: no SK number or date set is claimed; the office enters its own when it has one.
    "decree_number": "",
    "set_date": None,
    "revision_number": 3,
    "revision_date": datetime.date(2022, 9, 28),
    "effective_date": datetime.date(2022, 9, 28),
    "signatory_name": _BATANG_HEAD,
    "signatory_rank": "",
    "signatory_nip": _BATANG_HEAD_NIP,
    "status": "published",
    "requirements": _BATANG_REQUIREMENTS,
    "procedure": _BATANG_PROCEDURE,
    "duration": _BATANG_DURATION,
    "fee": "GRATIS",
    "product": _BATANG_PRODUCT,
    "complaints": "",
    "legal_basis": _BATANG_LEGAL_BASIS,
    "facilities": "- PC/Laptop\n- ATK\n- Printer\n- Internet",  # "Peralatan dan perlengkapan"
    "competence": (  # "Kualifikasi pelaksana"
        "- Pendidikan minimal SMA\n"
        "- Mengerti Regulasi Jaminan Kesehatan\n"
        "- Mampu mengoperasikan Microsoft Office"
    ),
    "supervision": "",
    "staffing": "",
    "service_guarantee": "",
    "security_guarantee": "",
    "performance_evaluation": "",
    "services": [
        {
            "kind": "pemkab_registration",
            "default_funding": "APBD",
            "name": _BATANG_TITLE,
            "promised_amount": 1,
            "promised_unit": "working_days",
            "promised_text": (
                "Penyelesaian 1 (satu) hari kerja; Waktu Aktivasi kartu : 30 hari (sesuai kuota)"
            ),
            "around_the_clock": False,
            "needs_home_visit": False,
            "uses_quota": True,
            "product": _BATANG_PRODUCT,
            "requirements": [
                (
                    "Pemohon terdaftar/diusulkan Data Terpadu Kesejahteraan Sosial (DTKS) dari desa",
                    True,
                ),
                ("Foto Copy Kartu Keluarga (KK)", True),
                ("FotoCopy Kartu Tanda Penduduk (KTP)", True),
                (
                    "Surat Keterangan Tidak Mampu (SKTM) dan Surat Pertanggungjawaban Mutlak dari "
                    "Kelurahan",
                    True,
                ),
                ("Rekomendasi dari Dinas Sosial Kabupaten Batang", True),
                ("Surat Keterangan Sakit (RS/Puskesmas)", True),
            ],
            "steps": _BATANG_STEPS,
        },
    ],
}

# ---------------------------------------------------------------------------------------------
# Seed 004: Dinas Kesehatan Kabupaten Belitung (Kepulauan Bangka Belitung): four standards of
# 14 components each. The document gives no decree number, date or signatory. Where a list
# item lost its number in extraction (e.g. "Mampu mengoperasikan Komputer"), it is numbered on.
# ---------------------------------------------------------------------------------------------

_BELITUNG_COMPLAINTS = """1. Melalui Kotak Saran yang dipasang langsung di ruang depan kantor Dinas Kesehatan Kab. Belitung
2. Surat tertulis ditujukan ke Dinas Kesehatan Kabupaten Belitung.
3. Melalui Telpon Kantor Telp. 0719. 21042
4. Melalui Email, dinkesbelitung@gmail.com"""

_BELITUNG_LEGAL_BASIS_JKN = """1. Undang-Undang Nomor 40 Tahun 2004 tentang Sistem Jaminan Sosial Nasional
2. Undang-Undang Nomor 36 Tahun 2009 tentang Kesehatan
3. Undang-Undang Nomor 24 Tahun 2011 tentang Badan Penyelenggara Jaminan Sosial
4. Peraturan Presiden Nomor 82 Tahun 2018 tentang Jaminan Kesehatan
5. Peraturan Bupati Belitung Nomor 36 Tahun 2018 tentang Jaminan Kesehatan masyarakat Kabupaten Belitung"""

_BELITUNG_FACILITIES_JKN = """1. Ruang Pelayanan
2. Leaflet / Pamflet
3. Banner
4. Komputer
5. Printer
6. Blanko verifikasi"""

_BELITUNG_COMPETENCE = """1. Berpenampilan menarik dan berattitude
2. Menguasai Standar Operasional Prosedur
3. Mengetahui peraturan Perundang-undangan terkait bidang kerjanya
4. Mampu berkomunikasi dengan baik
5. Mampu berkoordinasi dengan efisien
6. Memiliki Kemampuan Kerjasama Tim
7. Mampu mengoperasikan Komputer"""

_BELITUNG_SUPERVISION_SHORT = (
    "Kepala Dinas / kepala bidang melakukan pengawasan secara periodik melalui rapat evaluasi "
    "dan rapat sewaktu-waktu yang dianggap penting"
)

_BELITUNG_SECURITY_JKN = """1. Data Penduduk dijamin kerahasiannya
2. Petugas yang berkompeten
3. Peralatan Memenuhi Standar
4. Ditandatangani oleh Pejabat yang berwenang dan dibubuhi cap basah menjamin keaslian"""

_BELITUNG_EVALUATION = "Survey Kepuasan yang berkelanjutan minimal setiap 6 (enam) bulan sekali"

_BELITUNG_JKN_REQUIREMENT_BASE = [
    ("Fotokopi Kartu Keluarga", True),
    ("Fotokopi KTP", True),
    ("Fotokopi Akte Kelahiran Anak", True),
]

_BELITUNG_ARREARS_STEPS = [
    ("Pemohon membawa Persyaratan ke Dinas Kesehatan ruang Pelayanan Kesehatan Rujukan", None),
    ("Petugas melakukan verifikasi dan validasi Berkas Permohonan", None),
    ("Pemohon menerima bukti hasil verifikasi", None),
    ("Pemohon ke kantor BPJS Kesehatan untuk pengalihan peserta", None),
]

_BELITUNG_ARREARS_PROCEDURE = """1. Pemohon membawa Persyaratan ke Dinas Kesehatan ruang Pelayanan Kesehatan Rujukan
2. Petugas melakukan verifikasi dan validasi Berkas Permohonan
3. Pemohon menerima bukti hasil verifikasi
4. Pemohon ke kantor BPJS Kesehatan untuk pengalihan peserta;"""

_BELITUNG_ARREARS_REQUIREMENTS = """1. Fotokopi Kartu Keluarga;
2. Fotokopi KTP
3. Fotokopi Akte Kelahiran Anak
4. Bukti Menunggak dari BPJS Kesehatan"""

_BELITUNG_NEW_TITLE = (
    "Pendaftaran peserta JKN KIS Baru yang dibiayai oleh Pemerintah Kabupaten Belitung"
)
_BELITUNG_CLASS3_TITLE = (
    "Pendaftaran peralihan peserta JKN KIS PBPU menunggak kelas 3 selama 6 bulan ke Jaminan "
    "kesehatan yang didaftarkan oleh Pemerintah Kabupaten Belitung"
)
# The heading says "kelas 1"; its product says "Kelas 1 dan Kelas 2".
_BELITUNG_CLASS12_TITLE = (
    "Pendaftaran peralihan peserta JKN KIS PBPU menunggak kelas 1 selama 12 bulan ke Jaminan "
    "kesehatan yang didaftarkan oleh Pemerintah Kabupaten Belitung"
)
_BELITUNG_PSC_TITLE = (
    "Pelayanan Kegawatdaruratan Sistem Penanganan Gawat Darurat Terpadu (SPGDT) PSC 119"
)

# The fields the Belitung document leaves blank (no decree, date or signatory).
_BELITUNG_UNSIGNED = {
    "decree_number": "",
    "set_date": None,
    "revision_number": 0,
    "revision_date": None,
    "effective_date": None,
    "signatory_name": "",
    "signatory_rank": "",
    "signatory_nip": "",
    "status": "published",
}

_BELITUNG_STANDARDS = [
    {
        **_BELITUNG_UNSIGNED,
        "title": _BELITUNG_NEW_TITLE,
        "requirements": """1. Fotokopi Kartu Keluarga
2. Fotokopi KTP
3. Fotokopi Akte Kelahiran Anak
4. Surat pengantar dari Desa/Kelurahan""",
        "procedure": """1. Pemohon membawa Persyaratan ke Dinas Kesehatan ruang Pelayanan Kesehatan Rujukan
2. Petugas melakukan verifikasi dan validasi Berkas Permohonan
3. Pemohon menerima bukti hasil verifikasi
4. Pemohon ke kantor BPJS Kesehatan untuk mendaftarkan sebagai peserta JKN KIS Kab. Belitung;""",
        "duration": "20 (Dua Puluh) Menit",
        "fee": "Gratis",
        "product": "Persetujuan peserta JKN KIS baru",
        "complaints": _BELITUNG_COMPLAINTS,
        "legal_basis": _BELITUNG_LEGAL_BASIS_JKN,
        "facilities": _BELITUNG_FACILITIES_JKN,
        "competence": _BELITUNG_COMPETENCE,
        "supervision": """1. Kepala Dinas melakukan pengawasan secara periodik melalui rapat evaluasi dan rapat sewaktu-waktu yang dianggap penting
2. Kepala Seksi dan Kepala Bidang melakukan verifikasi dalam penerbitan persetujuan pendaftaran penduduk menjadi peserta JKN KIS""",
        "staffing": "3 (tiga) orang",
        "service_guarantee": "1. Maklumat Pelayanan\n2. Motto Pelayanan",
        "security_guarantee": _BELITUNG_SECURITY_JKN,
        "performance_evaluation": _BELITUNG_EVALUATION,
        "services": [
            {
                "kind": "pemkab_registration",
                "default_funding": "APBD",
                "name": _BELITUNG_NEW_TITLE,
                "promised_amount": 20,
                "promised_unit": "minutes",
                "promised_text": "20 (Dua Puluh) Menit",
                "around_the_clock": False,
                "needs_home_visit": False,
                "uses_quota": False,
                "product": "Persetujuan peserta JKN KIS baru",
                "requirements": _BELITUNG_JKN_REQUIREMENT_BASE
                + [("Surat pengantar dari Desa/Kelurahan", True)],
                "steps": [
                    (
                        "Pemohon membawa Persyaratan ke Dinas Kesehatan ruang Pelayanan "
                        "Kesehatan Rujukan",
                        None,
                    ),
                    ("Petugas melakukan verifikasi dan validasi Berkas Permohonan", None),
                    ("Pemohon menerima bukti hasil verifikasi", None),
                    (
                        "Pemohon ke kantor BPJS Kesehatan untuk mendaftarkan sebagai peserta "
                        "JKN KIS Kab. Belitung",
                        None,
                    ),
                ],
            },
        ],
    },
    {
        **_BELITUNG_UNSIGNED,
        "title": _BELITUNG_CLASS3_TITLE,
        "requirements": _BELITUNG_ARREARS_REQUIREMENTS,
        "procedure": _BELITUNG_ARREARS_PROCEDURE,
        "duration": "20 (Dua Puluh) Menit",
        "fee": "Gratis",
        "product": "Persetujuan peralihan peserta JKN KIS Kelas 3 Mandiri Menunggak",
        "complaints": _BELITUNG_COMPLAINTS,
        "legal_basis": _BELITUNG_LEGAL_BASIS_JKN,
        "facilities": _BELITUNG_FACILITIES_JKN,
        "competence": _BELITUNG_COMPETENCE,
        "supervision": _BELITUNG_SUPERVISION_SHORT,
        "staffing": "3 (tiga) orang",
        "service_guarantee": "1. Maklumat Pelayanan\n2. Motto Pelayanan",
        "security_guarantee": _BELITUNG_SECURITY_JKN,
        "performance_evaluation": _BELITUNG_EVALUATION,
        "services": [
            {
                "kind": "arrears_transfer",
                "name": _BELITUNG_CLASS3_TITLE,
                "promised_amount": 20,
                "promised_unit": "minutes",
                "promised_text": "20 (Dua Puluh) Menit",
                "around_the_clock": False,
                "needs_home_visit": False,
                "uses_quota": False,
                "product": "Persetujuan peralihan peserta JKN KIS Kelas 3 Mandiri Menunggak",
                "requirements": _BELITUNG_JKN_REQUIREMENT_BASE
                + [("Bukti Menunggak dari BPJS Kesehatan", True)],
                "steps": _BELITUNG_ARREARS_STEPS,
            },
        ],
    },
    {
        **_BELITUNG_UNSIGNED,
        "title": _BELITUNG_CLASS12_TITLE,
        "requirements": _BELITUNG_ARREARS_REQUIREMENTS,
        "procedure": _BELITUNG_ARREARS_PROCEDURE,
        "duration": "20 (Dua Puluh) Menit",
        "fee": "Gratis",
        "product": "Persetujuan peralihan peserta JKN KIS Kelas 1 dan Kelas 2 Mandiri Menunggak",
        "complaints": _BELITUNG_COMPLAINTS,
        "legal_basis": _BELITUNG_LEGAL_BASIS_JKN,
        "facilities": _BELITUNG_FACILITIES_JKN,
        "competence": _BELITUNG_COMPETENCE,
        "supervision": _BELITUNG_SUPERVISION_SHORT,
        "staffing": "3 (tiga) orang",
        "service_guarantee": "1. Maklumat Pelayanan\n2. Motto Pelayanan",
        "security_guarantee": _BELITUNG_SECURITY_JKN,
        "performance_evaluation": _BELITUNG_EVALUATION,
        "services": [
            {
                "kind": "arrears_transfer",
                "name": _BELITUNG_CLASS12_TITLE,
                "promised_amount": 20,
                "promised_unit": "minutes",
                "promised_text": "20 (Dua Puluh) Menit",
                "around_the_clock": False,
                "needs_home_visit": False,
                "uses_quota": False,
                "product": (
                    "Persetujuan peralihan peserta JKN KIS Kelas 1 dan Kelas 2 Mandiri Menunggak"
                ),
                "requirements": _BELITUNG_JKN_REQUIREMENT_BASE
                + [("Bukti Menunggak dari BPJS Kesehatan", True)],
                "steps": _BELITUNG_ARREARS_STEPS,
            },
        ],
    },
    {
        **_BELITUNG_UNSIGNED,
        "title": _BELITUNG_PSC_TITLE,
        "requirements": """1. Pasien dengan Kegawatdaruratan medik di rumah dan kejadian kegawatdaruratan di jalan raya;
2. Pemohon pengguna telkomsel 119 dan langsung terhubung ke Call center Belitung (Gratis)
3. Pemohon pengguna XL menggunakan Pulsa silahkan menghubungi 08174119119""",
        "procedure": """1. Pasien Gawat Darurat
2. Pemohon / Keluarga / Warga menghubungi PSC 119
3. Petugas melakukan Screening Penelpon
4. Petugas mendatangi lokasi kejadian dengan menggunakan ambulance atau motor sehati
5. Membawa pasien ke fasilitas pelayanan rujukan""",
        "duration": "15 (Lima Belas) Menit",
        "fee": "Gratis",
        "product": "Penanggulangan kegawatdaruratan medik",
        "complaints": _BELITUNG_COMPLAINTS,
        "legal_basis": """1. Undang-Undang Nomor 40 Tahun 2004 tentang Sistem Jaminan Sosial Nasional
2. Undang-Undang Nomor 36 Tahun 2009 tentang Kesehatan
3. Undang-Undang Nomor 24 Tahun 2011 tentang Badan Penyelenggara Jaminan Sosial
4. Peraturan Presiden Nomor 82 Tahun 2018 tentang Jaminan Kesehatan
5. Peraturan Bupati Belitung Nomor 27 Tahun 2018 tentang Sistem Penanggulangan Gawat Darurat Terpadu""",
        "facilities": """1. Ruang operator 119
2. Leaflet / Pamflet
3. Formulir data pasien
4. Banner
5. Komputer
6. Printer
7. Mobil ambulance
8. Motor ambulance
9. Perlengkapan kegawatdaruratan medik
10. Wifi
11. Kursi
12. Meja""",
        "competence": _BELITUNG_COMPETENCE,
        "supervision": (
            "Kepala Dinas / Kepala Bidang melakukan pengawasan secara periodik melalui rapat "
            "evaluasi dan rapat sewaktu-waktu yang dianggap penting"
        ),
        "staffing": "15 (lima belas) orang",
        "service_guarantee": "1. Maklumat Pelayanan\n2. Pakta Integritas\n3. Motto Pelayanan",
        "security_guarantee": """1. Data pasien dijamin kerahasiannya
2. Petugas yang berkompeten
3. Peralatan Memenuhi Standar""",
        "performance_evaluation": _BELITUNG_EVALUATION,
        "services": [
            {
                "kind": "emergency",
                "name": _BELITUNG_PSC_TITLE,
                "promised_amount": 15,
                "promised_unit": "minutes",
                "promised_text": "15 (Lima Belas) Menit",
                "around_the_clock": False,  # a 119 call centre, but the seed gives no hours
                "needs_home_visit": False,
                "uses_quota": False,
                "product": "Penanggulangan kegawatdaruratan medik",
                # The seed's "Persyaratan" are who may call and how (its component 1 keeps
                # them as printed): no document to bring, so no checklist.
                "requirements": [],
                "steps": [
                    ("Pasien Gawat Darurat", None),
                    ("Pemohon / Keluarga / Warga menghubungi PSC 119", None),
                    ("Petugas melakukan Screening Penelpon", None),
                    (
                        "Petugas mendatangi lokasi kejadian dengan menggunakan ambulance atau "
                        "motor sehati",
                        None,
                    ),
                    ("Membawa pasien ke fasilitas pelayanan rujukan", None),
                ],
            },
        ],
    },
]

# ---------------------------------------------------------------------------------------------
# The offices.
# ---------------------------------------------------------------------------------------------

OFFICES = [
    {
        # Seed 000: the provincial health office's FAQ page; no standard of its own.
        "slug": "bali",
        "name": "Dinas Kesehatan Provinsi Bali",
        "short_name": "Dinkes Prov. Bali",
        "province_code": "51",
        "regency_code": None,
        "city": "Denpasar",
        "address": "Jl. Melati No. 20",  # the FAQ gives it as the office of the MTKP / Dinkes
        "phone": "",
        "email": "",
        "website": "",
        "time_zone": "WITA",
        "head_name": "",
        "head_rank": "",
        "head_nip": "",
        "hours": [],
        "complaint_channels": [],
        "complaint_response_days": None,
        "standards": [],
    },
    {
        "slug": "karangasem",
        "name": (
            "Dinas Sosial, Pemberdayaan Perempuan dan Perlindungan Anak, Pengendalian Penduduk "
            "dan Keluarga Berencana Kabupaten Karangasem"
        ),
        "short_name": "Dinsos PPPA PPKB Kab. Karangasem",
        "province_code": "51",
        "regency_code": "51.07",
        "city": "Amlapura",
        "address": "",
        "phone": "(0363) 21154",
        "email": "disospppappkbkab.karangasem@gmail.com",
        "website": "http://disosp3ppkb.karangasemkab.go.id/",
        "time_zone": "WITA",
        "head_name": _KARANGASEM_HEAD,
        "head_rank": _KARANGASEM_HEAD_RANK,
        "head_nip": _KARANGASEM_HEAD_NIP,
        "hours": [
            (0, "08:00", "15:00"),
            (1, "08:00", "15:00"),
            (2, "08:00", "15:00"),
            (3, "08:00", "15:00"),
            (4, "09:00", "12:00"),
        ],
        "complaint_channels": [
            ("telepon", "(0363) 21154"),
            ("telepon", "(0363) 21158 (MPP)"),
            ("media_sosial", "Facebook: Dinas Sosial, PPPA, PPKB Kab. Karangasem"),
            (
                "kotak_saran",
                "Kotak Saran di MPP Karangasem dan Kantor Dinas Sosial, PPPA, PPKB Kab. Karangasem",
            ),
            ("website", "http://disosp3ppkb.karangasemkab.go.id/"),
            ("email", "disospppappkbkab.karangasem@gmail.com"),
            ("lapor", "https://www.Lapor.go.id"),
        ],
        "complaint_response_days": None,
        "standards": [_KARANGASEM_STANDARD],
    },
    {
        "slug": "banjarmasin",
        "name": "Dinas Sosial Kota Banjarmasin",
        "short_name": "Dinsos Kota Banjarmasin",
        "province_code": "63",
        "regency_code": "63.71",
        "city": "Banjarmasin",
        "address": "",
        "phone": "",
        # The seed's only e-mail address is the complaints desk's; it is a complaint channel.
        "email": "",
        "website": "www.dinsos.banjarmasinkota.go.id",
        "time_zone": "WITA",
        "head_name": "",
        "head_rank": "",
        "head_nip": "",
        "hours": [],
        "complaint_channels": [
            ("kotak_saran", "Kotak aduan dan saran"),
            ("email", "dinsosbjm.aduanbansos@gmail.com"),
            ("website", "www.dinsos.banjarmasinkota.go.id"),
            ("whatsapp", "0887.4360.59071"),
            ("langsung", "Secara lisan kepada petugas pada loket aduan"),
            ("lapor", "Aplikasi LAPOR!"),
        ],
        "complaint_response_days": 3,  # "Respon pengaduan paling lambat 3 hari kerja"
        "standards": [_BANJARMASIN_STANDARD],
    },
    {
        "slug": "batang",
        "name": "Dinas Kesehatan Kabupaten Batang",
        "short_name": "Dinkes Kab. Batang",
        "province_code": "33",
        "regency_code": "33.25",
        "city": "Batang",
        "address": "",
        "phone": "",
        "email": "",
        "website": "",
        "time_zone": "WIB",
        "head_name": _BATANG_HEAD,
        "head_rank": "",
        "head_nip": _BATANG_HEAD_NIP,
        "hours": [
            (0, "07:30", "14:30"),
            (1, "07:30", "14:30"),
            (2, "07:30", "14:30"),
            (3, "07:30", "14:30"),
            (4, "07:30", "10:30"),
        ],
        "complaint_channels": [],
        "complaint_response_days": None,
        "standards": [_BATANG_STANDARD],
    },
    {
        "slug": "belitung",
        "name": "Dinas Kesehatan Kabupaten Belitung",
        "short_name": "Dinkes Kab. Belitung",
        "province_code": "19",
        "regency_code": "19.02",
        "city": "Tanjungpandan",
        "address": "",
        "phone": "(0719) 21042",  # seed: "Telp. 0719. 21042"
        "email": "dinkesbelitung@gmail.com",
        "website": "",
        "time_zone": "WIB",
        "head_name": "",
        "head_rank": "",
        "head_nip": "",
        "hours": [],
        "complaint_channels": [
            (
                "kotak_saran",
                "Kotak Saran di ruang depan kantor Dinas Kesehatan Kab. Belitung",
            ),
            ("surat", "Surat tertulis ditujukan ke Dinas Kesehatan Kabupaten Belitung"),
            ("telepon", "(0719) 21042"),
            ("email", "dinkesbelitung@gmail.com"),
        ],
        "complaint_response_days": None,
        "standards": _BELITUNG_STANDARDS,
    },
]

# ---------------------------------------------------------------------------------------------
# Seed 000: the FAQ of Dinas Kesehatan Provinsi Bali. The page shows answers only; the
# questions are written for the demo. "di halaman ini" were links on the original page.
# ---------------------------------------------------------------------------------------------

FAQ_BALI = [
    {
        "question": "Apa itu Jaminan Kesehatan Nasional Krama Bali Sejahtera (JKN-KBS)?",
        "answer": (
            "Jaminan Kesehatan Nasional Krama Bali Sejahtera (JKN-KBS) adalah Program Prioritas "
            "Bidang Kesehatan Pemerintah Provinsi Bali Sesuai Dengan Visi Nangun Sat Kerthi Loka "
            "Bali. JKN-KBS merupakan program Jaminan Kesehatan untuk memberikan pelayanan "
            "kesehatan bagi masyarakat Bali demi pencapaian Universal Health Coverage (UHC) di "
            "Provinsi Bali melalui skema Jaminan Kesehatan Nasional (JKN) serta pengembangannya "
            "berupa pelayanan tambahan diluar JKN. Untuk pelayanan tambahan JKN-KBS diluar JKN "
            "dapa dilihat di halaman ini."
        ),
    },
    {
        "question": "Bagaimana cara mendaftar JKN-KBS bagi yang belum pernah menjadi peserta JKN?",
        "answer": (
            "Untuk yang belum pernah menjadi peserta JKN sebelumnya dapat langsung ke Dinas "
            "Sosial Kabupaten/Kota masing-masing untuk dilakukan proses cek data base berdasarkan "
            "Kartu Keluarga (KK) masing-masing."
        ),
    },
    {
        "question": (
            "Bagaimana cara mendaftar JKN-KBS bagi yang sebelumnya sudah terdaftar sebagai "
            "peserta JKN?"
        ),
        "answer": (
            "Untuk yang sebelumnya sudah terdaftar sebagai peserta JKN, pendaftaran dimulai dari "
            "desa sesuai dengan ketersediaan kuota. Informasi ketersediaan kuota diperoleh dari "
            "Dinas Sosial Kabupaten/Kota. Kuota tersebut berdasarkan usulan dari Desa "
            "masing-masing."
        ),
    },
    {
        "question": "Bagaimana cara mengusulkan dan memperpanjang STR (Surat Tanda Registrasi)?",
        "answer": (
            "Kecuali untuk tenaga dokter, tenaga farmasi dan apoteker, pengusulan dan "
            "perpanjangan STR (Surat Tanda Registrasi) dilakukan secara online. Untuk "
            "persyaratan, proses pendaftaran dan perpanjangan STR dapat dilihat melalui halaman "
            "ini"
        ),
    },
    {
        "question": "Bagaimana cara mengajukan legalisir STR?",
        "answer": (
            "Kecuali untuk tenaga dokter, tenaga farmasi dan apoteker, pengajuan legalisir STR "
            "dapat dilakukan dengan datang ke MTKP (Majelis Tenaga Kesehatan Provinsi) dengan "
            "membawa Fotocopy STR sebanyak 5 lembar. Untuk MTKP Provinsi Bali beralamat di Jl. "
            "Melati No. 20 (Kantor Dinas Kesehatan Provinsi Bali) di Bidang Sumber Daya "
            "Kesehatan dan Seksi Sumber Daya Manusia Kesehatan"
        ),
    },
    {
        "question": "Bagaimana pengusulan dan perpanjangan STR untuk tenaga dokter?",
        "answer": (
            "Untuk tenaga dokter informasi terkait pengusulan dan perpanjangan STR dapat dilihat "
            "melalui halaman ini"
        ),
    },
    {
        "question": "Di mana tenaga farmasi dan apoteker mengurus STR?",
        "answer": (
            "Untuk STR Tenaga Farmasi dan Apoteker dapat mengurus kelengkapan ke dinas "
            "penanaman modal dan perizinan terpadu satu pintu provinsi Bali di alamat ini"
        ),
    },
    {
        "question": "Di mana profil Dinas Kesehatan Provinsi Bali dan Kabupaten/Kota dapat diunduh?",
        "answer": (
            "Profil Dinas Kesehatan Provinsi Bali dan Kabupaten/Kota dapat diunduh melalui "
            "halaman ini"
        ),
    },
    {
        "question": "Di mana memperoleh informasi resmi terkait Covid-19 di Provinsi Bali?",
        "answer": (
            "Untuk memperoleh informasi terkait Covid-19 di Provinsi Bali secara resmi dapat "
            "mengakses halaman informasi ataupun berita pada halaman ini ataupun mengunjungi "
            "situs resmi Covid-19 Provinsi Bali di halaman ini"
        ),
    },
    {
        "question": "Di mana informasi perekrutan tenaga Non PNS diumumkan?",
        "answer": (
            "Untuk informasi perekrutan tenaga Non PNS apabila dibuka lowongan akan diumumkan "
            "melalui website resmi Badan Kepegawaian Daerah Provinsi Bali di halaman ini atau "
            "melalui halaman ini"
        ),
    },
    {
        "question": "Apa itu Sistem Informasi Kesehatan Krama Bali Sejahtera (SIK-KBS)?",
        "answer": (
            "Berdasarkan Peraturan Daerah Provinsi Bali Nomor 6 Tahun 2020 tentang "
            "penyelenggaraan kesehatan di Provinsi Bali dan Peraturan Gubernur Bali Nomor 6 "
            "Tahun 2021 tentang Sistem Informasi Kesehatan Krama Bali Sejahtera (SIK-KBS) dan "
            "untuk memenuhi pelayanan kesehatan kepada masyarakat di Provinsi Bali maka Provinsi "
            "Bali merancang dan membangun Sistem Informasi Kesehatan Krama Bali Sejahtera "
            "(SIK-KBS) yang dapat diakses melalui halaman ini"
        ),
    },
    {
        "question": (
            "Bagaimana meminta data dan informasi yang tidak termuat dalam website Dinas "
            "Kesehatan Provinsi Bali?"
        ),
        "answer": (
            "Untuk mendapatkan data dan informasi yang tidak termuat dalam website resmi Dinas "
            "Kesehatan Provinsi Bali maka permintaan data dan informasi dapat dilakukan melalui "
            "halaman ini"
        ),
    },
]
