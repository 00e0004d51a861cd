"""Dates as chronologies know them: a year, a month, a day or a minute, or a span, often rough.

`When` is the one value every event carries. It is read from what people actually type (ISO 8601 /
EDTF, or plain English), has exactly one canonical spelling (`str`), a readable one (`human`) and a
total order, so that the same timeline always sorts the same way.

The package is split by concept, each module importing only those below it:

- `_words`: the vocabulary, as data, one `Words` per language;
- `_calendar`: precisions and what days, times and offsets exist; `_zones`: zones and clocks;
- `_point`: `Point`; `_edtf`: EDTF's notation; `_human`: dates in an editor's words;
- `_value`: `When` and its order;
- `_iso`: the strict ISO 8601 / EDTF grammar; `_english`: the fuzzy one, with `_directions`
  (since, until, by: which way a date leans) and `_phrases`
  (relative and vague phrases, on first use);
- `_reading`: text, dates and datetimes in, a `When` out.
"""

from timeline._when._ambiguity import ambiguities
from timeline._when._calendar import ACCEPTED_FORMS, Precision
from timeline._when._edtf import Edge, Scope
from timeline._when._point import Point
from timeline._when._reading import LONGEST_DATE, when_from_value, written_in_words
from timeline._when._value import When
from timeline._when._zones import offset_text, zone_named

__all__ = [
    "ACCEPTED_FORMS",
    "LONGEST_DATE",
    "Edge",
    "Point",
    "Precision",
    "Scope",
    "When",
    "ambiguities",
    "offset_text",
    "when_from_value",
    "written_in_words",
    "zone_named",
]
