"""Spreadsheets in and out: partners' workbooks and CSV files read into the
plan's YAML (`read`, `intake`, `yamledit`), and the plan written as workbooks
(`workbook`).

openpyxl and ruamel.yaml are the `roadmap[xlsx]` extra: modules here import
them when they run, and `missing_extra` says how to install them.
"""
