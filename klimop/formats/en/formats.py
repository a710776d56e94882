# English for parents, with the school's way of writing dates: "1 December 2026" in text, "1-12-2026" in tables.
# A Dutch school's parents read 1-12-2026 as the first of December, so typed dates are day first here too.
from klimop.formats.nl.formats import (  # noqa: F401
    DATE_INPUT_FORMATS,
    DATETIME_INPUT_FORMATS,
    FIRST_DAY_OF_WEEK,
    SHORT_DATE_FORMAT,
    SHORT_DATETIME_FORMAT,
    TIME_FORMAT,
)

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
