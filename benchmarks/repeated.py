"""The shipped chronology repeated to any size: real text, real dates, real sources.

Each copy's ids (and the links between them) and event titles carry the copy's number, so the
result is one valid timeline with nothing for the review to query: a day holds hundreds of
events, and on so crowded a day only events of the very same title are compared.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import rtoml

SHIPPED = Path(__file__).resolve().parent.parent / "data" / "events.toml"


def repeated_toml(count: int) -> str:
    """A TOML chronology of `count` events, the shipped one's events over and over."""
    document: dict[str, Any] = rtoml.load(SHIPPED)
    originals: list[dict[str, Any]] = document["events"]
    events: list[dict[str, Any]] = []
    for number in range(count):
        copy_number, index = divmod(number, len(originals))
        event = copy.deepcopy(originals[index])
        if copy_number:
            event["id"] = f"{event['id']}-c{copy_number}"
            event["title"] = f"{event['title']} (copy {copy_number})"
            for link in event.get("links", ()):
                link["target"] = f"{link['target']}-c{copy_number}"
        events.append(event)
    # a last, partial copy may lack the targets of its links: keep only links that resolve
    ids = {event["id"] for event in events}
    for event in events:
        if "links" in event:
            event["links"] = [link for link in event["links"] if link["target"] in ids]
            if not event["links"]:
                del event["links"]
    # the [timeline] table first, as people write it (rtoml would put it after the events)
    return rtoml.dumps({"timeline": document["timeline"]}) + "\n" + rtoml.dumps({"events": events})
