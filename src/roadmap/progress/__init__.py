"""Progress reviews: what became of a year's plan, review after review.

A review (`data/progress/YEAR/YYYY-MM-DD.yaml`) records, as of its date,
the status, money and KPI actuals of actions, the actual value of
objective targets and what became of proposals. `models` holds the file's
records, `load` reads and places them, `checks` checks them against the
plan, `state` computes the plan's state at a date (supersession, shares
of the way, verdicts, budget burn) and `report_json` / `report_text` turn
a state into output.
"""
