"""A timeline page of our own: one self-contained HTML5 file that reads without a network.

Everything the page needs is inline: the CSS, and a short script that only adds filters (by kind,
participant and text), so the page reads the same with scripts off, on a phone and on paper.
Nothing is fetched: no external style, script, font or image, and the CSS has no `url()`.

Every piece of text from the data goes through `_text` (or `_attr` in attributes), so no title or
summary can make an element, an attribute or an entity. The only links are the sources' `url`s.
Runs of whitespace become one space, and characters HTML forbids (controls, noncharacters, lone
surrogates) become U+FFFD, so that any HTML5 parser reads the page without a parse error.

The bytes depend on the timeline alone: no clock is read; the header shows `last_changed`.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from datetime import date
from typing import Final

from timeline._errors import counted
from timeline._model import Event, Kind, Relation, Source, Status, Timeline, Vote
from timeline._occurrences import Occurrence
from timeline._when import Point, Precision, When
from timeline._wording import (
    STATUS_LABEL,
    Names,
    override_words,
    page_entries,
    period_name,
    place_naming,
    place_text,
    rule_words,
    vote_text,
)
from timeline.formats._common import HumanDates

__all__ = ["html_chunks", "to_html"]

_RELATION_LABEL: Final = {
    Relation.PART_OF: "Part of",
    Relation.CANCELS: "Cancels",
    Relation.FOLLOWS: "Follows",
    Relation.RESPONDS_TO: "Responds to",
}
_KIND_LABEL: Final = {kind: kind.value.replace("-", " ").capitalize() for kind in Kind}

# -- text from the data --------------------------------------------------------------------------

#: What the HTML5 input stream calls a parse error (besides CR and LF, which are folded away).
_FORBIDDEN: Final = re.compile(
    "[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff"
    + "".join(f"{chr(plane << 16 | 0xFFFE)}{chr(plane << 16 | 0xFFFF)}" for plane in range(1, 17))
    + "]"
)


def _clean(text: str) -> str:
    """One line: whitespace runs become a space, characters HTML forbids become U+FFFD."""
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text  # the usual case, checked in C
    text = " ".join(text.split())
    return _FORBIDDEN.sub("\ufffd", text)


def _text(text: str) -> str:
    """Data as element text; quotes too, so the same string is safe in an attribute."""
    return html.escape(_clean(text), quote=True)


def _paragraphs(text: str) -> list[str]:
    """A description's blank-line-separated paragraphs, each cleaned; empty ones dropped."""
    parts = (_clean(part) for part in re.split(r"\n[ \t\r\f\v]*\n", text))
    return [html.escape(part, quote=True) for part in parts if part]


def _href(url: str) -> str:
    """A source's URL as an attribute value; characters HTML forbids are %-encoded, not lost."""
    if _FORBIDDEN.search(url):
        url = _FORBIDDEN.sub(
            lambda match: "".join(
                f"%{byte:02X}" for byte in match.group().encode("utf-8", "surrogatepass")
            ),
            url,
        )
    return html.escape(url, quote=True)


# -- dates ---------------------------------------------------------------------------------------


def _day(day: date) -> str:
    return When(Point(day, Precision.DAY)).human()


def _shape(when: When) -> str:
    """The marker on the rail: a dot for a day or a moment, a bar for anything longer."""
    if when.is_interval or when.precision in (Precision.YEAR, Precision.MONTH):
        return "span"
    return "point"


# -- one event -----------------------------------------------------------------------------------


class _Writer:
    """Renders events, remembering what repeats (dates, participant names) across them."""

    def __init__(self, timeline: Timeline) -> None:
        self.timeline = timeline
        self.dates = HumanDates(html.escape)
        #: a participant as a reader knows it: a country's name, an organisation's full name
        self.plain_names = Names(timeline)
        self.names = Names(timeline, finish=_text)
        #: countries that voted, by name alone
        self.countries = Names()

    def event(self, event: Event, out: list[str]) -> None:
        when = event.when
        classes = f"event {_shape(when)} kind-{event.kind.value}"
        if when.approximate:
            classes += " soft"
        if when.uncertain:
            classes += " doubt"
        label = STATUS_LABEL.get(event.status)
        if label is not None:
            classes += f" status-{event.status.value}"
        participants = " ".join(event.participants)
        out.append(
            f'<li id="{_text(event.id)}" class="{classes}" data-kind="{event.kind.value}"'
            f' data-participants="{_text(participants)}">'
            f'<p class="when"><time datetime="{when.start_point.first_day.isoformat()}">'
            f"{self.dates(when) if event.repeats is None else _text(rule_words(event))}</time>"
            f' <span class="kind">{_KIND_LABEL[event.kind]}</span>'
        )
        if label is not None:
            out.append(f' <strong class="status">{label}</strong>')
        title = _text(event.title)
        if event.status is Status.CANCELLED:
            title = f"<s>{title}</s>"
        out.append(f"</p>\n<h4>{title}</h4>\n")
        if event.summary.strip():
            out.append(f'<p class="summary">{_text(event.summary)}</p>\n')
        out.append("<dl>\n")
        if event.place is not None:
            naming = place_naming(self.timeline, event)
            place = _text(place_text(event.place, country=True, naming=naming))
            out.append(f"<dt>Place</dt><dd>{place}</dd>\n")
        if event.participants:
            out.append(f"<dt>Participants</dt><dd>{self.names.listed(event.participants)}</dd>\n")
        if event.absent:
            out.append(f"<dt>Absent</dt><dd>{self.names.listed(event.absent)}</dd>\n")
        if event.vote is not None:
            out.append(f"<dt>Vote</dt><dd>{self.vote(event.vote)}</dd>\n")
        if event.when_text is not None:
            out.append(f"<dt>Date as written</dt><dd>\u201c{_text(event.when_text)}\u201d</dd>\n")
        for link in event.links:
            other = self.timeline.by_id.get(link.target)
            named = (
                f"\u201c{_text(other.title)}\u201d ({self.dates(other.when)})"
                if other is not None
                else _text(link.target)
            )
            out.append(f"<dt>{_RELATION_LABEL[link.rel]}</dt><dd>{named}</dd>\n")
        if event.repeats is not None or event.series is not None:
            self.series(event, out)
        noun = "Source" if len(event.sources) == 1 else "Sources"
        items = "".join(self.source(source) for source in event.sources)
        out.append(f'<dt>{noun}</dt><dd><ul class="sources">{items}</ul></dd>\n</dl>\n')
        if event.note is not None and event.note.strip():
            out.append(f'<p class="note"><strong>Note:</strong> {_text(event.note)}</p>\n')
        out.append("</li>\n")

    def series(self, event: Event, out: list[str]) -> None:
        """A series' changed occurrences, each linked to its entry; an override's series, and
        what it did to its occurrence."""
        if event.series is not None:
            series = self.timeline.by_id.get(event.series)
            if series is not None:
                words = _text(override_words(event, series))
                link = f'<a href="#{_text(series.id)}">\u201c{_text(series.title)}\u201d</a>'
                out.append(f"<dt>Occurrence of</dt><dd>{link}, {words}</dd>\n")
            return
        changed = "; ".join(
            f'<a href="#{_text(other.id)}">{_text(override_words(other, event))}</a>'
            for other in self.timeline.events
            if other.series == event.id
        )
        if changed:
            out.append(f"<dt>Changes</dt><dd>{changed}</dd>\n")

    def occurrence(self, occurrence: Occurrence, out: list[str]) -> None:
        """One occurrence of a series, on its date: a short entry that points to the series."""
        series, when = occurrence.series, occurrence.when
        out.append(
            f'<li class="event {_shape(when)} kind-{series.kind.value}"'
            f' data-kind="{series.kind.value}"'
            f' data-participants="{_text(" ".join(series.participants))}">'
            f'<p class="when"><time datetime="{when.start_point.first_day.isoformat()}">'
            f"{self.dates(when)}</time>"
            f' <span class="kind">{_KIND_LABEL[series.kind]}</span>'
            ' <strong class="status">Repeats</strong></p>\n'
            f'<h4><a href="#{_text(series.id)}">{_text(series.title)}</a></h4>\n</li>\n'
        )

    def vote(self, vote: Vote) -> str:
        text = _text(vote_text(vote))
        if vote.members is not None:
            text += f" (of {counted(vote.members, 'member')})"
        if vote.positions:
            named = sorted(
                (self.countries(code), position.value) for code, position in vote.positions.items()
            )
            text += '<br>\n<span class="positions">' + "; ".join(
                f"{_text(country)}: {position}" for country, position in named
            )
            text += "</span>"
        return text

    def source(self, source: Source) -> str:
        """Publisher and title as the link text, so a screen reader's list of links makes sense."""
        text = f"{_text(source.publisher)}, \u201c{_text(source.title)}\u201d"
        if source.url is not None:
            text = f'<a href="{_href(source.url)}">{text}</a>'
        if source.published is not None:
            text += f", {self.dates(source.published)}"
        return f"<li>{text}</li>"


# -- the page ------------------------------------------------------------------------------------

_STYLE: Final = """
:root{--ink:#1b1f24;--muted:#4a5361;--paper:#fff;--rail:#8a94a3;--link:#1d4ed8;--c:#1e40af;
--gap:1.6rem;color-scheme:light}
*{box-sizing:border-box}
[hidden]{display:none!important}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0 auto;max-width:52rem;padding:1rem 1.25rem 3rem;background:var(--paper);
color:var(--ink);font:1rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",
Arial,sans-serif;overflow-wrap:anywhere}
a{color:var(--link)}a:visited{color:#6b21a8}
a:focus-visible,input:focus-visible,select:focus-visible{outline:3px solid #f59e0b;
outline-offset:2px}
header h1{font-size:1.9rem;line-height:1.2;margin:.5rem 0}
header p{margin:.5rem 0;max-width:44rem}
.meta{color:var(--muted);font-size:.95rem}
.filters{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:end;margin:1rem 0;
padding:.75rem;border:1px solid #d0d5dd;border-radius:.5rem;background:#f6f7f9}
.filters label{display:flex;flex-direction:column;font-size:.85rem;color:var(--muted)}
.filters select,.filters input{font:inherit;color:var(--ink);padding:.3rem .4rem;
border:1px solid #8a94a3;border-radius:.3rem;background:#fff;min-width:10rem}
.filters output{font-size:.9rem;color:var(--muted)}
.chronology{margin:1.5rem 0 0 .6rem;padding-left:var(--gap);border-left:3px solid var(--rail)}
.chronology h2,.chronology h3{position:relative;line-height:1.2}
.chronology h2{font-size:1.6rem;margin:0;padding:1.2rem 0 .4rem}
.chronology h2::before{content:"";position:absolute;left:calc(-1*var(--gap) - 1.5px - .6rem);
top:1.3rem;width:1.2rem;height:1.2rem;border-radius:.25rem;background:var(--ink)}
.chronology h3{font-size:1.05rem;margin:.8rem 0 .4rem;color:var(--muted);
text-transform:uppercase;letter-spacing:.04em}
.chronology h3::before{content:"";position:absolute;left:calc(-1*var(--gap) - 1.5px);top:.55em;
width:.9rem;height:3px;background:var(--rail)}
ol.events{list-style:none;margin:0;padding:0}
li.event{position:relative;margin:0 0 1rem;padding:.6rem .8rem;border:1px solid #e1e4e8;
border-radius:.5rem;background:#fff;break-inside:avoid}
li.event::before{content:"";position:absolute;background:var(--c)}
li.point::before{left:calc(-1*var(--gap) - 2.5px - .5rem);top:.8rem;width:1rem;
height:1rem;border-radius:50%;border:2px solid var(--paper)}
li.span::before{left:calc(-1*var(--gap) - 2.5px - .35rem);top:.4rem;bottom:.4rem;
width:.7rem;border-radius:.35rem}
li.span.soft::before{-webkit-mask-image:linear-gradient(to bottom,transparent 0,#000 30%,
#000 70%,transparent 100%);mask-image:linear-gradient(to bottom,transparent 0,#000 30%,
#000 70%,transparent 100%)}
li.point.soft::before{width:1.4rem;height:1.4rem;left:calc(-1*var(--gap) - 2.5px - .7rem);
top:.6rem;border:0;-webkit-mask-image:radial-gradient(circle,#000 30%,transparent 70%);
mask-image:radial-gradient(circle,#000 30%,transparent 70%)}
li.doubt::before{opacity:.6}
li.status-cancelled::before,li.status-postponed::before,li.status-scheduled::before{
background:var(--paper);border:3px solid var(--c)}
.kind-summit{--c:#1e40af}.kind-vote{--c:#6d28d9}.kind-military-exercise{--c:#4d7c0f}
.kind-visit{--c:#0f766e}.kind-meeting{--c:#0369a1}.kind-agreement{--c:#15803d}
.kind-statement{--c:#475569}.kind-armed-conflict{--c:#b91c1c}.kind-court-ruling{--c:#92400e}
.kind-sanction{--c:#be185d}.kind-decree{--c:#7c2d12}.kind-other{--c:#334155}
.when{margin:0;font-size:.92rem;color:var(--muted);display:flex;flex-wrap:wrap;gap:.2rem .6rem;
align-items:baseline}
.when time{font-weight:600;color:var(--ink)}
.kind{font-size:.8rem;padding:0 .45rem;border-radius:1rem;border:1px solid currentColor}
.status{font-size:.8rem;padding:0 .45rem;border-radius:.25rem;text-transform:uppercase;
letter-spacing:.04em}
.status-cancelled .status{background:#fee2e2;color:#8f1d1d}
.status-postponed .status{background:#fef3c7;color:#7c3a0a}
.status-scheduled .status{background:#e0f2fe;color:#0b4a6f}
li.event h4{font-size:1.1rem;line-height:1.3;margin:.2rem 0 .3rem}
.status-cancelled h4{color:var(--muted)}
.summary,.note{margin:.3rem 0}
.note{font-size:.92rem;color:var(--muted)}
dl{display:grid;grid-template-columns:8.5rem 1fr;gap:.15rem .8rem;margin:.4rem 0;
font-size:.92rem}
dt{color:var(--muted);font-weight:600}dd{margin:0}
ul.sources{margin:0;padding-left:1.1rem}
.positions{color:var(--muted)}
footer{margin-top:2rem;color:var(--muted);font-size:.9rem}
@media (max-width:40rem){
body{padding:.75rem .75rem 2rem}
header h1{font-size:1.5rem}
:root{--gap:1.1rem}
.chronology{margin-left:.4rem}
li.event{padding:.5rem .6rem}
dl{grid-template-columns:1fr}dd{margin:0 0 .3rem}
.filters select,.filters input{min-width:0;width:100%}.filters label{flex:1 1 100%}}
@media print{
:root{--ink:#000;--muted:#333;--gap:1.2rem}
body{max-width:none;padding:0;font-size:10.5pt}
.filters{display:none!important}
li.event{border:0;padding:0 0 .4rem;margin-bottom:.6rem}
li.event,dl,h2,h3{break-inside:avoid}h2,h3{break-after:avoid}
a{color:inherit;text-decoration:none}
a[href]::after{content:" <" attr(href) ">";font-size:.85em;overflow-wrap:anywhere}
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
"""

#: Progressive enhancement only: it reads the page's own attributes and never data as code.
_SCRIPT: Final = """
(function () {
  "use strict";
  var form = document.getElementById("filters");
  if (!form || !document.querySelectorAll || !("hidden" in form)) { return; }
  var kind = document.getElementById("filter_kind");
  var who = document.getElementById("filter_participant");
  var words = document.getElementById("filter_text");
  var count = document.getElementById("filter_count");
  var items = Array.prototype.slice.call(document.querySelectorAll("li.event"));
  var texts = items.map(function (item) { return item.textContent.toLowerCase(); });
  var groups = Array.prototype.slice.call(document.querySelectorAll(".chronology section"));
  function apply() {
    var wantKind = kind.value, wantWho = who.value;
    var query = words.value.trim().toLowerCase(), shown = 0;
    items.forEach(function (item, index) {
      var people = " " + item.getAttribute("data-participants") + " ";
      var keep = (!wantKind || item.getAttribute("data-kind") === wantKind) &&
        (!wantWho || people.indexOf(" " + wantWho + " ") >= 0) &&
        (!query || texts[index].indexOf(query) >= 0);
      item.hidden = !keep;
      if (keep) { shown += 1; }
    });
    groups.slice().reverse().forEach(function (group) {
      group.hidden = !group.querySelector("li.event:not([hidden])");
    });
    count.value = shown === items.length ? "All " + shown + " events" :
      shown + " of " + items.length + " events";
  }
  form.addEventListener("input", apply);
  form.addEventListener("change", apply);
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.hidden = false;
  apply();
})();
"""


def _filters(timeline: Timeline, writer: _Writer) -> str:
    """The filter form, hidden until the script shows it, its choices drawn from the data."""
    kinds = sorted({event.kind for event in timeline.events}, key=lambda kind: _KIND_LABEL[kind])
    kind_options = "".join(
        f'<option value="{kind.value}">{_KIND_LABEL[kind]}</option>' for kind in kinds
    )
    codes = {code for event in timeline.events for code in event.participants}
    named = sorted((writer.plain_names(code), code) for code in codes)
    who_options = "".join(
        f'<option value="{_text(code)}">{_text(name)}</option>' for name, code in named
    )
    return (
        '<form id="filters" class="filters" role="search" aria-label="Filter events" hidden>'
        '<label for="filter_kind">Kind<select id="filter_kind">'
        f'<option value="">All kinds</option>{kind_options}</select></label>'
        '<label for="filter_participant">Participant<select id="filter_participant">'
        f'<option value="">Anyone</option>{who_options}</select></label>'
        '<label for="filter_text">Text<input id="filter_text" type="search"'
        ' autocomplete="off"></label>'
        '<output id="filter_count" aria-live="polite"></output></form>\n'
    )


def _header(timeline: Timeline) -> str:
    parts = [f"<header><h1>{_text(timeline.title)}</h1>"]
    parts += [f"<p>{paragraph}</p>" for paragraph in _paragraphs(timeline.description)]
    count = len(timeline.events)
    facts = [f"{count} event" + ("" if count == 1 else "s")]
    if timeline.events:
        first = min(event.when.start_point.first_day for event in timeline.events)
        last = max(event.when.last_known_day for event in timeline.events)
        facts.append(
            f'from <time datetime="{first.isoformat()}">{_day(first)}</time>'
            f' to <time datetime="{last.isoformat()}">{_day(last)}</time>'
        )
    changed = timeline.last_changed
    if changed is not None:
        facts.append(f'last changed <time datetime="{changed.isoformat()}">{_day(changed)}</time>')
    parts.append(f'<p class="meta">{"; ".join(facts)}.</p></header>\n')
    return "".join(parts)


def to_html(timeline: Timeline) -> str:
    """The timeline as one self-contained HTML5 page (the module docstring says what it
    promises)."""
    return "".join(html_chunks(timeline))


#: Pieces gathered before they are given: a few hundred events' lines.
_GATHERED: Final = 4096


def html_chunks(timeline: Timeline) -> Iterator[str]:
    """`to_html`'s page a few hundred events at a time, as it is made."""
    writer = _Writer(timeline)
    title = _text(timeline.title)
    out = [
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="timeline">\n'
        f"<title>{title}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n",
        _header(timeline),
    ]
    if timeline.events:
        out.append(_filters(timeline, writer))
        out.append('<main class="chronology">\n')
        year: int | None = None
        month: int | None = None
        for entry in page_entries(timeline):
            point = entry.when.start_point
            value = point.value
            this_month = 0 if point.precision is Precision.YEAR else value.month
            if value.year != year:
                if year is not None:
                    out.append("</ol></section></section>\n")
                year, month = value.year, None
                out.append(
                    f'<section class="year" aria-labelledby="year_{year}">'
                    f'<h2 id="year_{year}">{period_name(year, 0)}</h2>\n'
                )
            if this_month != month:
                if month is not None:
                    out.append("</ol></section>\n")
                month = this_month
                heading = (
                    period_name(year, month) if month else f"{period_name(year, 0)}, no month given"
                )
                out.append(
                    f'<section class="month" aria-labelledby="month_{year}-{month:02d}">'
                    f'<h3 id="month_{year}-{month:02d}">{heading}</h3>\n<ol class="events">\n'
                )
            if isinstance(entry, Occurrence):
                writer.occurrence(entry, out)
            else:
                writer.event(entry, out)
            if len(out) >= _GATHERED:
                yield "".join(out)
                out.clear()
        out.append("</ol></section></section>\n</main>\n")
    else:
        out.append('<main class="chronology"><p>No events.</p></main>\n')
    out.append(
        "<footer><p>Made with <code>timeline</code>: every date as the record gives it, "
        "every event tied to its sources.</p></footer>\n"
        f"<script>{_SCRIPT}</script>\n</body>\n</html>\n"
    )
    yield "".join(out)
