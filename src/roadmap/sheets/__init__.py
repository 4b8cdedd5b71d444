"""Spreadsheets in and out: partners' workbooks and CSV files read into the
plan's YAML (`read`, `intake`, `yamledit`), and the plan written as workbooks
(`workbook`).

openpyxl is the `roadmap[xlsx]` extra: modules here import it when they
run, so the rest of roadmap works without it.
"""
