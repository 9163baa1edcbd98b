"""Members and their resource maps from an agency's spreadsheets (two CSV files or one XLSX).

Everything is read and checked before anything is written: one bad row rejects the whole
import, with every problem found (file, line as a spreadsheet counts it, reason). Rows are
matched to members by the agency's own id (`Member.external_id`), so importing the same file
again updates members instead of duplicating them.

The work is in three steps, a module each: `tables` reads the files, `checks` checks every row
and makes a plan, `writing` writes it.
"""

from resources.importing.checks import (
    MEMBER_COLUMNS,
    OPTIONAL_MEMBER_COLUMNS,
    RESOURCE_COLUMNS,
    placeholder_email,
)
from resources.importing.tables import ImportRejected, RowError, Table, read_csv, read_xlsx
from resources.importing.writing import ImportResult, do_import_members, import_csv, import_xlsx

__all__ = [
    "MEMBER_COLUMNS",
    "OPTIONAL_MEMBER_COLUMNS",
    "RESOURCE_COLUMNS",
    "ImportRejected",
    "ImportResult",
    "RowError",
    "Table",
    "do_import_members",
    "import_csv",
    "import_xlsx",
    "placeholder_email",
    "read_csv",
    "read_xlsx",
]
