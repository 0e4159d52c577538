"""How the app looks and words things, in one place (issue 9, item 5).

- palette: status colours with the workstation's overrides, ink, feedback colours;
- chips: a status as a word on its colour (labels, table cells, preference swatches);
- banner: feedback that never moves a field: reserved on form stations, floating over lists;
- formats: esc, quantities with units, counts, local dates and times, file-name dates;
- error_line: a refusal under a dialog's fields;
- tables: the house table.
"""

from ui.presentation.banner import Banner
from ui.presentation.chips import StatusChip, chip_style, chip_words, paint_chips
from ui.presentation.formats import (
    clock,
    count,
    day,
    esc,
    local,
    moment,
    moment_with_zone,
    quantity,
    stamp,
)
from ui.presentation.palette import ink, status_colour, status_colours
from ui.presentation.tables import make_table, row_height, visible_rows

__all__ = [
    "Banner",
    "StatusChip",
    "chip_style",
    "chip_words",
    "clock",
    "count",
    "day",
    "esc",
    "ink",
    "local",
    "make_table",
    "moment",
    "moment_with_zone",
    "paint_chips",
    "quantity",
    "row_height",
    "stamp",
    "status_colour",
    "status_colours",
    "visible_rows",
]
