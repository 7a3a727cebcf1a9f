"""Reads the words around an actor mention: dictionary matches, descriptors, time, place, quotes.

These are the coder's eyes (``coder.py`` decides the codes): ``find_matches`` finds
dictionary phrases; ``describe`` reads the modifiers, apposition or "of" phrase of a mention
for a country, an organisation and a title; ``reference_window`` tells the time a mention is
set in; ``is_locative`` tells a place from an actor; ``in_quote`` / ``in_url`` tell where a
word stands.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import Entity
from .dictionary import Dictionary, Entry

LOCATIVE_PREPS = {"in", "at", "to", "from", "near", "into", "across", "around", "outside", "inside",
                  "within", "toward", "towards", "via", "through", "throughout"}
PLACE_VERBS = {"visit", "tour", "leave", "reach", "enter", "depart", "evacuate", "flee", "bomb", "shell",
               "capture", "seize", "besiege", "storm", "occupy", "liberate", "encircle", "invade", "host"}
GEO_NOUNS = {"sea", "gulf", "strait", "bay", "coast", "island", "peninsula", "shore", "border", "capital", "city",
             "province", "region", "part", "north", "south", "east", "west", "centre", "center", "outskirts",
             "heart", "territory", "interior", "rest", "streets", "town", "village", "area"}
GENERIC_TITLES = {"official", "officials", "spokesman", "spokeswoman", "spokesperson", "leaders", "aide", "aides",
                  "adviser", "advisor", "officer", "officers", "sources", "chief"}
NOT_OWNED = {"relation", "relations", "tie", "ties", "peninsula", "language", "war", "summit", "talks", "border",
             "conflict", "people", "dialogue", "cooperation", "reconciliation", "unification", "reunification",
             "side", "issue", "question", "crisis", "style", "cuisine", "descent", "origin", "history", "culture"}
FORMER_WORDS = {"former", "ex", "then", "late", "erstwhile", "one-time", "onetime", "previous"}
FUTURE_WORDS = {"elect", "designate", "nominee", "candidate", "hopeful", "would-be", "presumptive"}
NEGATING_PREFIXES = {"pro", "anti", "non", "all"}  # "pro-Russian", "anti-American", "All-American" (a sports honour)
INTERNATIONAL = {"IGO", "NGO", "IMG", "MNC"}  # organisation "sectors" that are really kinds
PLACE_KINDS = ("country", "demonym", "capital", "metonym")
_YEAR = re.compile(r"^(1[89]\d\d|20\d\d)$")


@dataclass
class Descriptor:
    """What the words around a mention say about it."""

    country: str | None = None
    org: str | None = None  # organisation code
    sector: str | None = None
    title: str | None = None  # the title phrase that gave the sector
    offices: set[str] = field(default_factory=set)
    former: bool = False
    elect: bool = False  # "President-elect", "prime minister designate": not in office yet
    kin: bool = False
    method: str = "title"
    start: int | None = None  # token range of the deciding words
    end: int | None = None
    extra_countries: list[tuple[int, int, str]] = field(default_factory=list)  # coordinated ones

    def found(self) -> bool:
        return bool(self.country or self.org or self.sector)


@dataclass
class Match:
    start: int  # token offsets
    end: int
    entries: list[Entry]

    def kinds(self) -> set[str]:
        return {e.kind for e in self.entries}

    def first(self, *kinds: str) -> Entry | None:
        for kind in kinds:
            for entry in self.entries:
                if entry.kind == kind:
                    return entry
        return None


def case_ok(doc, match: Match, dictionary: Dictionary, key: str) -> bool:
    """Reject "us" for US, "turkey" for Turkey: names must look like names in the text."""
    if match.kinds() <= {"title"}:
        return True
    surface = dictionary.surface.get(key, "")
    span = doc[match.start:match.end]
    text = span.text
    letters = re.sub(r"[^A-Za-z]", "", surface)
    if letters and letters.isupper() and len(letters) <= 5:
        return re.sub(r"[^A-Za-z]", "", text).isupper()
    if not any(c.isupper() for c in text):
        # lower-case names only after a title: "President obama"
        before = doc[match.start - 1] if match.start > 0 else None
        return before is not None and bool(dictionary.lookup(before.text)) and "person" in match.kinds()
    return True


def find_matches(doc, dictionary: Dictionary) -> list[Match]:
    """Dictionary phrases in the doc, longest first, without overlaps."""
    matcher = dictionary.matcher(doc.vocab)
    strings = doc.vocab.strings
    raw = []
    for match_id, start, end in matcher(doc):
        key = strings[match_id]
        match = Match(start, end, dictionary.entries.get(key, []))
        if match.entries and case_ok(doc, match, dictionary, key):
            raw.append(match)
    raw.sort(key=lambda m: (-(m.end - m.start), m.start))
    taken: set[int] = set()
    kept = []
    for match in raw:
        if any(i in taken for i in range(match.start, match.end)):
            continue
        taken.update(range(match.start, match.end))
        kept.append(match)
    return sorted(kept, key=lambda m: m.start)


def entity_spans(doc, entities: list[Entity]):
    spans = []
    for ent in entities:
        span = doc.char_span(ent.start, ent.end, alignment_mode="expand")
        if span is not None:
            spans.append((span.start, span.end, ent.label))
    return spans


def is_negated_ref(doc, i: int) -> bool:
    """A country word after "pro-"/"anti-" does not name the actor's country."""
    if i >= 2 and doc[i - 1].text == "-" and doc[i - 2].lower_ in NEGATING_PREFIXES:
        return True
    return i >= 1 and doc[i - 1].lower_.rstrip("-") in NEGATING_PREFIXES and doc[i - 1].text.endswith("-")


def describe(doc, lo: int, hi: int, matches_at: dict[int, Match], dictionary: Dictionary,
             context: set[str] | None = None, named: set[str] | None = None) -> Descriptor:
    """Read the words in tokens [lo, hi) for a country, an organisation and a title.

    ``context`` holds the countries the article names by any word; it decides between
    countries that share a word ("Congolese", "Dominican"). ``named`` holds those named by a
    country name or demonym: a capital NER does not call a place counts only for those.
    """
    desc = Descriptor()
    countries: list[tuple[int, int, str, str]] = []
    i = lo
    title_pos = -1
    while i < hi:
        match = matches_at.get(i)
        if match is None or match.end > hi:
            if doc[i].lower_.rstrip("-") in FORMER_WORDS:
                desc.former = True
            elif doc[i].lower_ in FUTURE_WORDS:
                desc.elect = True
            i += 1
            continue
        entry = match.first("organisation", "media", "person", "country", "demonym", "capital", "metonym",
                            "title")
        if entry.kind in PLACE_KINDS and context:
            same = [e for e in match.entries if e.kind == entry.kind]
            entry = next((e for e in same if e.key in context), entry)  # "Congolese": COD or COG
        if entry.kind in ("organisation", "media"):
            desc.org = entry.key
            countries.append((match.start, match.end, dictionary.organisations[entry.key].country or "", "org"))
        elif entry.kind == "person":
            person = dictionary.people[entry.key]
            if person.country:
                countries.append((match.start, match.end, person.country, "person"))
        elif entry.kind in ("country", "demonym", "capital", "metonym") and not is_negated_ref(doc, match.start):
            if entity_extends(doc, match.start, match.end):
                i = match.end
                continue  # "Nassau County police", "New Mexico officials": another place's name
            if match.first("capital") and doc[match.start].ent_type_ != "GPE" and entry.key not in (named or ()):
                i = match.end
                continue  # "Victoria police": a capital's name that neither NER nor the article backs
            countries.append((match.start, match.end, entry.key, entry.kind))
        elif entry.kind == "title":
            title = dictionary.titles[entry.key]
            if title.kind == "kin":
                desc.kin = True
                countries.clear()  # "the sister of leader X": X's country, not words before
            elif match.start >= title_pos:
                if entry.key in GENERIC_TITLES and desc.title and dictionary.titles[desc.title].kind == "body":
                    pass  # "police officials", "army spokesman": the institution's sector stays
                else:
                    desc.title, desc.sector, desc.offices = entry.key, title.sector, set(title.offices)
                title_pos = match.start
        i = match.end
    if countries:
        # the country nearest the head decides; coordinated ones ("US and North Korean") are extra
        primary = countries[-1]
        desc.country = primary[2] or None
        if primary[3] != "org" and doc[primary[0]].ent_type_ == "ORG" and title_pos >= 0 \
                and doc[title_pos].ent_type_ != "ORG":
            desc.sector = None  # "president of the American Action Forum": the forum's country, not a state office
        if primary[3] == "demonym":
            desc.method = "demonym"
        for start, end, iso3, kind in countries[:-1]:
            if iso3 and iso3 != desc.country and kind in ("country", "demonym"):
                desc.extra_countries.append((start, end, iso3))
        if primary[3] != "org":
            desc.org = None if desc.org and dictionary.organisations[desc.org].country != desc.country else desc.org
    if desc.former and desc.sector in (None, "GOV", "MIL", "LEG", "JUD"):
        desc.sector = "ELI"
    if desc.found() or desc.kin:
        desc.start, desc.end = lo, hi
    return desc


def left_range(doc, start: int, end: int, root, adjacent: bool = True) -> int:
    """The first token of the modifiers before a mention (its root's left edge, same sentence).

    When the parse gives the mention no modifiers, the noun phrase written right before it
    counts (adjectives, nouns, names, hyphens): parsers often split "the Somali militant group
    al-Shabab" into two subjects.
    """
    lo = root.left_edge.i
    sent_start = doc[start].sent.start
    if lo >= start and adjacent:
        i = start - 1
        while i >= sent_start and start - i <= 8 and (
                doc[i].pos_ in ("DET", "ADJ", "NOUN", "PROPN", "NUM") or doc[i].text == "-"
                or doc[i].tag_ == "POS" or (doc[i].dep_ == "amod" and i > 0 and doc[i - 1].text == "-")):
            i -= 1
        lo = i + 1
    lo = max(lo, sent_start, start - 10)
    for i in range(start - 1, lo - 1, -1):
        if doc[i].pos_ in ("VERB", "AUX") and not (i > 0 and doc[i - 1].text == "-"):
            lo = i + 1  # a misparse that swallowed a clause ("... Chan-ocha dissolved parliament")
            break
    while lo < start and (doc[lo].is_space or doc[lo].is_punct and doc[lo].text != "-"):
        lo += 1
    return min(lo, start)


def clause_head(token):
    """The verb (or sentence root) a token's clause hangs from."""
    node = token
    for _ in range(40):
        if node.pos_ in ("VERB", "AUX") or node.head.i == node.i:
            return node
        node = node.head
    return node


def reference_window(doc, start: int, dct: str | None) -> tuple[str, str, str] | None:
    """The time a mention is set in: an explicit year in the same clause, else the dct.

    Returns ``(earliest, latest, source)`` with source ``"sentence"`` or ``"dct"``.
    """
    token = doc[start]
    sent = token.sent
    head = clause_head(token)
    best = None
    for t in sent:
        if not _YEAR.match(t.text) or t.dep_ in ("nummod", "quantmod") and t.head.pos_ == "NOUN" \
                and t.head.ent_type_ != "DATE":
            continue
        if clause_head(t).i != head.i:
            continue
        distance = abs(t.i - start)
        if best is None or distance < best[0]:
            best = (distance, t.text)
    if best is not None:
        return f"{best[1]}-01-01", f"{best[1]}-12-31", "sentence"
    if dct:
        day = dct[:10]
        if len(day) == 4:
            return f"{day}-01-01", f"{day}-12-31", "dct"
        if len(day) == 7:
            return f"{day}-01", f"{day}-31", "dct"
        return day, day, "dct"
    return None


def is_locative(token) -> bool:
    """The token names a location: object of "in"/"at"/"to"..., or a noun modifier ("Beijing Olympics")."""
    if token.dep_ == "pobj" and token.head.lower_ in LOCATIVE_PREPS and 0 < token.i - token.head.i <= 3:
        return True
    doc = token.doc
    if token.i + 2 < len(doc) and doc[token.i + 1].text == "," and doc[token.i + 2].ent_type_ == "GPE":
        return True  # "Paris, Texas": a qualified place name
    if token.is_upper and len(token) > 3:
        return True  # a dateline: "BEIJING (AFP) -"
    if token.dep_ == "dobj" and token.head.lemma_ in PLACE_VERBS:
        return True  # "visited Hanoi", "shelled Aleppo"
    if token.dep_ == "pobj" and token.head.lower_ == "for" and token.head.head.lemma_ in ("leave", "depart", "head"):
        return True  # "leaving for Beijing"
    if token.dep_ == "pobj" and token.head.lower_ == "of" and token.head.head.lemma_.lower() in GEO_NOUNS:
        return True  # "the Sea of Japan", "the north of Syria", "the capital of Iraq"
    if token.dep_ in ("compound", "nmod", "amod") and token.head.i > token.i:
        return True
    if token.dep_ in ("conj", "appos") and token.head.i < token.i:
        return is_locative(token.head)
    return False


def in_url(doc, i: int) -> bool:
    """Whether token ``i`` is part of a web address (scraped "http : / / www . site . com / ..." lines)."""
    sent = doc[i].sent
    return any(t.like_url or t.lower_ in ("http", "https", "www") for t in sent) and \
        any(t.text == "/" for t in doc[max(sent.start, i - 3):min(sent.end, i + 4)])


def in_quote(doc, start: int) -> bool:
    """Whether token ``start`` lies inside quotation marks (counting marks in its sentence)."""
    sent = doc[start].sent
    opened = False
    for t in doc[sent.start:start]:
        text = t.text
        if text in ("\u201c", "``"):
            opened = True
        elif text in ("\u201d", "''"):
            opened = False
        elif text in ('"', "`"):
            opened = not opened
        elif text.startswith("`") and len(text) > 1:
            opened = not opened
    return opened


def token_range(doc, start_char: int, end_char: int) -> range:
    span = doc.char_span(start_char, end_char, alignment_mode="expand")
    return range(span.start, span.end) if span is not None else range(0)


def entity_extends(doc, start: int, end: int) -> bool:
    """Whether a place entity (GPE, LOC, FAC) covers tokens [start, end) and more words."""
    if doc[start].ent_type_ not in ("GPE", "LOC", "FAC"):
        return False
    first = start
    while first > 0 and doc[first].ent_iob_ == "I":
        first -= 1
    last = end
    while last < len(doc) and doc[last].ent_iob_ == "I":
        last += 1
    beyond = [doc[i] for i in range(end, last)] + [doc[i] for i in range(first, start)]
    return any(t.pos_ != "DET" and t.tag_ != "POS" and not t.is_punct for t in beyond)


def in_longer_entity(token) -> bool:
    """Whether the token is one word of a multi-word named entity."""
    if token.ent_iob_ == "I":
        return True
    following = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
    return token.ent_iob_ == "B" and following is not None and following.ent_iob_ == "I"


def title_at(i: int, matches_at: dict[int, Match]) -> bool:
    match = matches_at.get(i)
    return bool(match and match.first("title"))


def known_org(doc, start: int, end: int, matches_at: dict[int, Match]) -> bool:
    match = matches_at.get(start)
    return bool(match and match.end == end and match.kinds() & {"organisation", "media"})
