"""Joint action plans in Excel, out and back in.

Government offices keep action plans in Excel, so a plan goes out as XLSX
(`plan_xlsx`) and comes back (`plan_import`):

- One row per action, every field. The first header row is in the reader's
  language; a hidden second row holds machine keys, so a file comes back
  whatever the language it was exported in. A hand-made sheet with Thai or
  English headers (and common office synonyms) is read too.
- The ID column ties a row to its action; a row without one adds an action.
  A row left out changes nothing (actions are removed on the plan's page).
- Agencies are matched through the directory (names, aliases,
  abbreviations with or without dots, "name #id"), owners by name; a name
  that fits several records keeps the current one or is reported.
- "Late" is derived, never typed: the read-only columns are ignored and a
  status of "late" is an error that says why.
- Every row is checked first; then all changes go through the plan
  services (actions.services.plans) in one transaction, which rolls back
  as a whole if a service refuses any row. `dry_run` runs the same and
  always rolls back: the preview shows exactly what confirming would do.
- Errors name the cell as Excel does ("Actions!C7: ...") in the reader's
  language.

columns.py names the columns and statuses in both languages, export.py
writes the workbook, reading.py reads and checks it (no writes), and
importer.py compares it with the plan and applies it. The pages are in
actions/views/excel.py.
"""

from actions.excel.columns import XLSX_TYPE
from actions.excel.export import export_filename, plan_xlsx
from actions.excel.importer import ImportResult, plan_import
from actions.excel.reading import CellError

__all__ = ["XLSX_TYPE", "CellError", "ImportResult", "export_filename", "plan_import", "plan_xlsx"]
