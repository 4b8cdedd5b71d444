"""Spreadsheets in and out: partners' workbooks and CSV files read into the
data, and the plan written as workbooks.

- `read`: rows from an xlsx or CSV file, each value with its place
  (`places`: `FILE:SHEET!B7`, `FILE:7:2`); what is refused and why.
- `cells`: one cell's value as the data wants it (days, numbers, id lists,
  text), with the documented conversions.
- `intake`: rows made into proposals or review records, checked as
  `validate` checks YAML.
- `yamledit`: records inserted into a YAML file, every existing byte kept.
- `importing`: the import, all or nothing (validate, check, write, validate).
- `workbook`: the xlsx export and the intake templates, deterministic bytes.

openpyxl (with lxml) is the `roadmap[xlsx]` extra: `read` and `workbook`
import it when they run, so the rest of roadmap works without it.
"""
