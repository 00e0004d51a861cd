"""What the tests of `timeline._when` share: zones, dashes, and a refusal or a canonical text."""

from __future__ import annotations

from datetime import timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from timeline._errors import DateError
from timeline._when import When

EN = "\u2013"  # en dash
EM = "\u2014"  # em dash
ALMATY = ZoneInfo("Asia/Almaty")
NEW_YORK = ZoneInfo("America/New_York")
UTC = ZoneInfo("UTC")
ZERO_OFFSET = timezone(timedelta(0))  # what tomllib gives for a trailing Z


def refused(text: str, *, zone: str | ZoneInfo | None = None) -> DateError:
    """Parse text that must be refused and hand back the error for inspection."""
    with pytest.raises(DateError) as caught:
        When.parse(text, zone=zone)
    return caught.value


def canon(text: str, *, zone: str | ZoneInfo | None = None) -> str:
    return str(When.parse(text, zone=zone))
