"""Downloadable reports (laporan): the data of a report is a `Report` of titled tables; one
writer turns any Report into XLSX (openpyxl), another into PDF (fpdf2). No Flask here."""
