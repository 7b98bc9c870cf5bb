"""Spreadsheet import and export for every reference entity.

Apps declare a `Resource` per entity in their own `importexport.py` (discovered like Django admin's
`admin.py`); the runner reads xlsx, legacy xls or csv, validates every cell, and writes all rows
in one transaction through the app's services, or nothing at all with a row/column/reason report.
"""
