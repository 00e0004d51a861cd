"""What no text field may hold, and how a refusal names it: for the models' text types.

Kept apart from the models because it is about characters, not events: which code points are
invisible or break a format we write, and the name a reader can look up for each.
"""

from __future__ import annotations

import re
import unicodedata

from timeline._errors import ProblemCode, Refused

__all__ = ["one_line", "paragraphs"]


_C0_AND_C1 = (
    "NUL SOH STX ETX EOT ENQ ACK BEL BS HT LF VT FF CR SO SI "
    "DLE DC1 DC2 DC3 DC4 NAK SYN ETB CAN EM SUB ESC FS GS RS US "
    "PAD HOP BPH NBH IND NEL SSA ESA HTS HTJ VTS PLD PLU RI SS2 SS3 "
    "DCS PU1 PU2 STS CCH MW SPA EPA SOS SGCI SCI CSI ST OSC PM APC"
)
#: The short names of the C0 and C1 control characters, as Unicode and ECMA-48 give them.
_CONTROL_NAMES = _C0_AND_C1.split()
_OTHER_NAMES = {
    0x7F: "DEL",
    0x2028: "LINE SEPARATOR",
    0x2029: "PARAGRAPH SEPARATOR",
    0xFEFF: "BYTE ORDER MARK",
}
#: What no text field may hold: C0 and C1 controls, DEL, the Unicode line and paragraph
#: separators, lone surrogates and the byte-order mark. None of them shows as text, and each
#: is dropped, turned into a line break or refused by some format we write.
_REFUSED_IN_LINES = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff]")
#: The same, less tab and line feed, for the fields that hold paragraphs.
_REFUSED_IN_PARAGRAPHS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff]")


def _character_name(char: str) -> str:
    """`U+001B (ESC)`: the code point and a name a reader can look up."""
    code = ord(char)
    if code < 0x20:
        name = _CONTROL_NAMES[code]
    elif 0x80 <= code <= 0x9F:
        name = _CONTROL_NAMES[code - 0x80 + 0x20]
    elif 0xD800 <= code <= 0xDFFF:
        name = "a lone surrogate"
    else:
        name = _OTHER_NAMES.get(code, "")
    return f"U+{code:04X} ({name})" if name else f"U+{code:04X}"


def _refuse(text: str, refused: re.Pattern[str], *, multi_line: bool) -> str:
    """Text as given, or a refusal naming the first character no text field may hold."""
    found = refused.search(text)
    if found is None:
        return text
    char = found.group()
    if char in "\n\r\u2028\u2029":
        fix = "write a line break as a plain newline" if multi_line else "write it on one line"
    elif char == "\t":
        fix = "this field is one line: use a space instead"
    else:
        fix = "remove it"
    what = "control character" if unicodedata.category(char) == "Cc" else "character"
    position = found.start() + 1
    message = f"holds the {what} {_character_name(char)} at position {position}; {fix}"
    raise Refused(message, ProblemCode.INVALID)


def one_line(text: str) -> str:
    """Titles and names: printable text on one line (`isprintable` decides most in C).

    An after-validator, half the cost of a wrap one: a lone surrogate never gets here, since
    pydantic-core refuses it as no string ("unable to parse raw data as a unicode string").
    """
    if text.isprintable():
        return text
    return _refuse(text, _REFUSED_IN_LINES, multi_line=False)


def paragraphs(text: str) -> str:
    """Summaries and notes: line breaks (CRLF and CR read as LF) and tabs, no other controls."""
    if text.isprintable():
        return text
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _refuse(text, _REFUSED_IN_PARAGRAPHS, multi_line=True)
