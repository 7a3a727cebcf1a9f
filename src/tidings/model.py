"""The records every stage shares, with character offsets into the article text.

Every record that points at words carries ``start``/``end`` offsets into
``Article.text`` (the cleaned text, or the raw text with ``--raw``) and the
``text`` they cover, so that every fact can be traced to the words that say it.
Records are plain dataclasses; ``as_dict`` gives the stable JSON shape that
``tidings extract`` prints and ``docs/schema.md`` documents, ``from_dict``
reads it back.
"""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass, field
from typing import Any, TypeVar

T = TypeVar("T")


def _to_json(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _to_json(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (list, tuple)):
        return [_to_json(v) for v in value]
    if isinstance(value, dict):
        return {k: _to_json(v) for k, v in value.items()}
    return value


class Record:
    """Mixin: ``as_dict`` / ``from_dict`` for the dataclass records below."""

    def as_dict(self) -> dict[str, Any]:
        return _to_json(self)

    @classmethod
    def from_dict(cls: type[T], data: dict[str, Any]) -> T:
        kwargs = {}
        hints = {f.name: f for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
        for name, value in data.items():
            if name not in hints:
                continue
            nested = _NESTED.get((cls.__name__, name))
            if nested is not None and value is not None:
                if isinstance(value, list):
                    value = [nested.from_dict(v) if isinstance(v, dict) else v for v in value]
                elif isinstance(value, dict):
                    value = nested.from_dict(value)
            kwargs[name] = value
        return cls(**kwargs)  # type: ignore[call-arg]


@dataclass
class Span(Record):
    """A stretch of the article text: ``text == article.text[start:end]``."""

    start: int
    end: int
    text: str


@dataclass
class Sentence(Record):
    start: int
    end: int
    text: str


@dataclass
class Entity(Record):
    """A named entity from the NER model (spaCy labels: PERSON, ORG, GPE, NORP, ...)."""

    start: int
    end: int
    text: str
    label: str


@dataclass
class Timex(Record):
    """A time expression normalized to TIMEX3.

    ``value`` follows TIMEX3 (``2018-06-12``, ``2017-06``, ``2017-SU``, ``P1Y``,
    ``PRESENT_REF``, ``XXXX-07-04``); ``anchor`` says what a relative value was
    computed from: ``"dct"``, ``"discourse"`` (the previous time in the text),
    or ``None`` for absolute expressions.
    """

    start: int
    end: int
    text: str
    type: str  # DATE | TIME | DURATION | SET
    value: str
    mod: str | None = None
    anchor: str | None = None
    anchor_value: str | None = None


@dataclass
class DateEvidence(Record):
    """One piece of evidence about the document date."""

    kind: str  # e.g. "stated", "weekday-date", "explicit-year", "office-term", "tense"
    detail: str
    # the document date lies in one of these [earliest, latest] ISO windows (inclusive;
    # None is open-ended): an office held twice gives two windows
    windows: list[list[str | None]] = field(default_factory=list)
    weight: float = 1.0
    span: Span | None = None


@dataclass
class DocDate(Record):
    """The document creation time: stated, inferred, and the one used."""

    stated: str | None = None  # ISO date as printed by the source, if any
    inferred: str | None = None  # best single date from internal evidence
    window: list[str | None] = field(default_factory=lambda: [None, None])  # [earliest, latest]
    evidence: list[DateEvidence] = field(default_factory=list)
    used: str | None = None  # the date later stages anchor to
    source: str = "none"  # "given" | "stated" | "inferred" | "none"
    contradicted: bool = False  # the stated date disagrees with the text
    flags: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # why the date used is the one it is, in words


@dataclass
class Actor(Record):
    """A mention of a political actor, coded CAMEO-style: country + sector."""

    start: int
    end: int
    text: str
    name: str  # canonical name ("Kim Jong-un", "United States")
    code: str | None  # "PRKGOV", "USAMED", "IGOUNO", "PRK" ...
    country: str | None  # ISO 3166 alpha-3, or None for international actors
    sector: str | None  # "GOV", "MIL", "MED", ... or None
    method: str  # how the code was decided: "dictionary", "title", "apposition", "alias", ...
    entity_id: str | None = None  # the same person/organisation across the article
    confidence: float = 1.0
    evidence: Span | None = None  # the words that decided the code, when not the mention


@dataclass
class Place(Record):
    start: int
    end: int
    text: str
    name: str
    country: str | None  # ISO 3166 alpha-3
    lat: float | None
    lon: float | None
    feature: str | None  # "country", "city", "region", "landmark", ...
    geonameid: int | None = None
    confidence: float = 1.0
    role: str = "location"  # "location" | "actor" (stands for its government or people) | "modifier"
    fclass: str | None = None  # GeoNames feature class: A, P, L, H, S, T
    fcode: str | None = None  # GeoNames feature code: PCLI, ADM1, ADM2, PPL, PPLC, CONT, ...
    admin1: str | None = None  # the first-level division (state, province) the entry lies in


@dataclass
class Quote(Record):
    start: int
    end: int
    text: str
    direct: bool
    cue: Span | None = None
    speaker: Span | None = None
    speaker_name: str | None = None
    speaker_code: str | None = None
    confidence: float = 1.0


@dataclass
class EventActor(Record):
    """An actor taking part in an event, with the words it came from."""

    start: int
    end: int
    text: str
    name: str | None = None
    code: str | None = None
    country: str | None = None


@dataclass
class Event(Record):
    type: str  # PLOVER event type, e.g. "CONSULT"
    mode: str | None  # PLOVER mode, e.g. "visit"
    cameo: str | None  # CAMEO root code "01".."20"
    quad: int | None  # 1 verbal coop, 2 material coop, 3 verbal conflict, 4 material conflict
    goldstein: float | None
    actors: list[EventActor]
    recipients: list[EventActor]
    date: str | None  # TIMEX3-style value
    date_source: str  # "clause" | "sentence" | "discourse" (the previous sentence's) | "document" | "none"
    place: Place | None
    modality: str  # asserted | negated | hypothetical | planned | attempted | reported
    sentence: Span
    trigger: Span
    confidence: float = 1.0


@dataclass
class Article(Record):
    """One news document, cleaned, with its metadata."""

    id: str
    text: str  # cleaned body: every offset in the records points into it
    raw: str = ""  # the input as read, kept for re-processing
    source: str | None = None  # path or URL it came from
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    byline: str | None = None
    stated_date: str | None = None  # ISO date as the source states it
    language: str | None = "en"
    photo_credits: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)  # furniture lines dropped by cleaning
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass
class Analysis(Record):
    """What ``tidings extract`` returns for one document: the stable JSON output."""

    id: str
    title: str | None
    outlet: str | None
    byline: str | None
    dct: DocDate
    text: str
    sentences: list[Sentence] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    timexes: list[Timex] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)


_NESTED: dict[tuple[str, str], type] = {
    ("DateEvidence", "span"): Span,
    ("DocDate", "evidence"): DateEvidence,
    ("Actor", "evidence"): Span,
    ("Quote", "cue"): Span,
    ("Quote", "speaker"): Span,
    ("Event", "actors"): EventActor,
    ("Event", "recipients"): EventActor,
    ("Event", "place"): Place,
    ("Event", "sentence"): Span,
    ("Event", "trigger"): Span,
    ("Analysis", "dct"): DocDate,
    ("Analysis", "sentences"): Sentence,
    ("Analysis", "entities"): Entity,
    ("Analysis", "timexes"): Timex,
    ("Analysis", "actors"): Actor,
    ("Analysis", "places"): Place,
    ("Analysis", "quotes"): Quote,
    ("Analysis", "events"): Event,
}


def content_id(text: str) -> str:
    """A stable article id derived from the cleaned content (16 hex chars)."""
    normalized = " ".join(text.split()).lower()
    return hashlib.sha256(normalized.encode("utf-8")).hexdigest()[:16]
