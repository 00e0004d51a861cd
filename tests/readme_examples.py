"""The README's Python examples, as they are written there, so that `mypy --strict` (which
checks tests/) checks their types too; `test_readme.py` checks the README still shows this text.

Never imported: run, it would load data/events.toml from the working folder.
"""

import timeline

chronology = timeline.load("data/events.toml")  # TOML, JSON, CSV or .ics, by suffix
for event in chronology.select(kinds=["vote"], participants=["KZ"]):
    if event.vote is not None:  # a vote event may leave out the vote's details
        print(event.when.human(), event.title, event.vote.positions.get("KZ"))

event = chronology["cica-summit-astana-2022"]
print(event.when.start, event.when.end, event.when.precision)  # dates, or aware datetimes
print(str(event.when))  # canonical EDTF: a two-day summit, 12 and 13 October
