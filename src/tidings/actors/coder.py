"""Codes the political actors of a parsed article CAMEO-style (country + sector), with evidence.

``code_actors(doc, entities, dct)`` finds actor mentions three ways and codes each one:

1. dictionary phrases (countries, capitals used as metonyms, organisations, media, people
   in office, matched by one PhraseMatcher); people are coded by the term in office that
   covers the time of the sentence (an explicit year in the same clause) or else ``dct``;
2. named entities the dictionary does not know (spaCy PERSON / ORG), coded from the words
   around them: titles and country words before the name ("North Korean leader X", "CNN
   writer X") or in an apposition ("X, the South Korean foreign minister");
3. noun phrases headed by a title-lexicon word with a country ("North Korean officials",
   "the South Korean military", "Rwanda's Senate", "the Trump administration").

A per-article registry then carries codes to later mentions ("Kim" after "Kim Jong-un",
"the North Korean leader", "Westcott" after "CNN writer Ben Westcott"). The words around a
mention are read by ``context.py``; ``evidence.office_evidence`` turns present-tense office
titles ("US President Donald Trump") into date evidence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import ConfigError
from ..model import Actor, Entity, Span
from .context import (
    INTERNATIONAL,
    NOT_OWNED,
    PLACE_KINDS,
    Descriptor,
    Match,
    describe,
    entity_spans,
    find_matches,
    in_longer_entity,
    in_quote,
    in_url,
    is_locative,
    known_org,
    left_range,
    reference_window,
    title_at,
    token_range,
)
from .dictionary import Dictionary, Entry, Person, load_dictionary
from .registry import ArticleRegistry, CorpusRegistry, Known, slug

COMMON_SURNAME = 3  # this many people in the dictionary share it: no bare-surname lookup without a title
_DCT = re.compile(r"^\d{4}(-[01]\d(-[0-3]\d)?)?")


@dataclass
class Mention:
    """A stretch of text to code, before the registry pass."""

    start: int  # token offsets
    end: int
    kind: str  # person | organisation | media | country | metonym | group | unknown-person | unknown-org
    match: Match | None = None
    descriptor: Descriptor | None = None


# ---------------------------------------------------------------------------------------------
# matching


# ---------------------------------------------------------------------------------------------
# context: descriptors, clauses, quotes


# ---------------------------------------------------------------------------------------------
# mentions


def _mentions(doc, entities: list[Entity], dictionary: Dictionary) -> tuple[list[Mention], dict[int, Match]]:
    matches = find_matches(doc, dictionary)
    matches_at = {m.start: m for m in matches}
    ent_spans = entity_spans(doc, entities)
    person_ents = [(s, e) for s, e, label in ent_spans if label == "PERSON"]
    place_ents = [(s + (doc[s].lower_ == "the"), e) for s, e, label in ent_spans if label in ("GPE", "LOC")]
    org_ents = [(s, e) for s, e, label in ent_spans if label in ("ORG", "NORP", "FAC")]

    def inside(match: Match, spans) -> bool:
        return any(s <= match.start and match.end <= e and (e - s) > (match.end - match.start) for s, e in spans)

    mentions: list[Mention] = []
    covered: set[int] = set()
    for match in matches:
        kinds = match.kinds()
        if kinds <= {"title"}:
            continue
        if kinds & set(PLACE_KINDS) and not kinds & {"person", "organisation", "media"} and inside(match, person_ents):
            continue  # "George Washington", "Jordan Henderson"
        if kinds & set(PLACE_KINDS) and not kinds & {"person", "organisation", "media"} and inside(match, place_ents):
            continue  # "New Mexico", "Nassau County": another place that contains the name
        if inside(match, [(s, e) for s, e in org_ents if not known_org(doc, s, e, matches_at)]) \
                and not kinds & {"person", "organisation", "media"}:
            continue  # part of an unknown organisation's name: coded with it
        entry = match.first("person", "media", "organisation", "country", "demonym", "capital", "metonym")
        kind = entry.kind
        if kind == "capital":
            kind = "metonym"
        mentions.append(Mention(match.start, match.end, kind, match))
        covered.update(range(match.start, match.end))
    title_tokens = {i for m in matches if m.first("title") for i in range(m.start, m.end)}
    for start, end, label in ent_spans:
        if label not in ("PERSON", "ORG") or any(i in covered for i in range(start, end)):
            continue
        if label == "ORG" and any(i in title_tokens for i in range(start, end)):
            continue  # "Defense" in "Defense Minister": part of a title
        while start < end and doc[start].pos_ == "DET":
            start += 1
        if start >= end:
            continue
        person_like = label == "PERSON" or (end - start == 1 and doc[start].lower_ in dictionary.surnames)
        mentions.append(Mention(start, end, "unknown-person" if person_like else "unknown-org"))
        covered.update(range(start, end))
    for match in matches:
        if match.first("title") is None or any(i in covered for i in range(match.start, match.end)):
            continue
        last = doc[match.end - 1]
        if last.dep_ in ("compound", "amod", "nmod", "poss") and last.head.i >= match.end \
                and (last.head.pos_ == "PROPN" or last.head.ent_type_ or title_at(last.head.i, matches_at)):
            continue  # a title before a name ("President Trump") or a title ("army chief") belongs to it
        if match.end < len(doc) and doc[match.end].ent_type_ in ("PERSON", "ORG"):
            continue  # "leader Kim Jong-un" even when the parse misses it
        if last.pos_ not in ("NOUN", "PROPN"):
            continue
        mentions.append(Mention(match.start, match.end, "group", match))
    mentions = [m for m in mentions if not in_url(doc, m.start)]
    mentions.sort(key=lambda m: m.start)
    return mentions, matches_at


def _descriptor(doc, mention: Mention, matches_at: dict[int, Match], dictionary: Dictionary,
                context: set[str] | None = None, named: set[str] | None = None) -> Descriptor:
    """Read the modifiers before a mention, then its apposition, then an "of"/"from" phrase."""
    start, end = mention.start, mention.end
    root = doc[start:end].root
    if mention.kind in ("unknown-org", "group"):
        lo = left_range(doc, start, end, root, adjacent=mention.kind == "unknown-org")
        desc = describe(doc, lo, end, matches_at, dictionary, context, named)
        if mention.kind == "group" and not (desc.country or desc.org):
            for child in root.children:
                # "a judge in Cairo", "police in Nairobi": the country of the place the agent is in
                if child.dep_ == "prep" and child.lower_ in ("of", "from", "in") and child.i >= end \
                        and (child.lower_ != "in" or _generic(root, dictionary, PLACED_SECTORS)):
                    objects = [c for c in child.children if c.dep_ == "pobj"]
                    if not objects:
                        break
                    obj = objects[0]
                    more = describe(doc, obj.left_edge.i, obj.i + 1, matches_at, dictionary, context, named)
                    if more.country or more.org:
                        desc.country, desc.org, desc.method = more.country, more.org, more.method
                        desc.end = obj.i + 1
                        desc.start = desc.start if desc.start is not None else start
                        if obj.ent_type_ == "ORG" and not more.org:
                            desc.sector = more.sector  # "the president of the American Action Forum"
                    break
        return desc
    lo = left_range(doc, start, end, root)
    desc = describe(doc, lo, start, matches_at, dictionary, context, named) if lo < start else Descriptor()
    if not desc.found():
        for child in root.children:
            if child.dep_ == "appos" and child.i >= end:
                if child.ent_type_ in ("GPE", "LOC") and child.i - end <= 2:
                    break  # "Marseilles, France": a place NER took for a person, not an apposition
                desc = describe(doc, child.left_edge.i, child.right_edge.i + 1, matches_at, dictionary, context, named)
                if desc.kin:
                    desc = _kin_descriptor(doc, child, matches_at, dictionary)
                desc.method = "apposition"
                break
    if not desc.found() and root.dep_ == "appos" and root.head.i < start:
        head = root.head
        desc = describe(doc, head.left_edge.i, head.i + 1, matches_at, dictionary, context, named)
        desc.method = "apposition"
    return desc


def _kin_descriptor(doc, appos, matches_at: dict[int, Match], dictionary: Dictionary) -> Descriptor:
    """ "X, the younger sister of leader Y": X takes Y's country, no sector."""
    desc = Descriptor(kin=True)
    for i in range(appos.i, appos.right_edge.i + 1):
        match = matches_at.get(i)
        entry = match.first("person") if match else None
        if entry:
            desc.country = dictionary.people[entry.key].country
            desc.start, desc.end = appos.left_edge.i, appos.right_edge.i + 1
            break
    return desc


# ---------------------------------------------------------------------------------------------
# coding


def _code(country: str | None, sector: str | None, dictionary: Dictionary) -> str | None:
    base = dictionary.country_code(country) if country else None
    if base and sector:
        return base + sector
    if base:
        return base
    if sector:
        return "---" + sector
    return None


def _org_code(org_key: str, sector: str | None, dictionary: Dictionary) -> tuple[str, str | None, str | None]:
    org = dictionary.organisations[org_key]
    if (org.sector and org.sector not in INTERNATIONAL) or not sector or org.code.endswith(sector):
        return org.code, org.country, org.sector
    return org.code + sector, org.country, sector  # "UN troops" -> IGOUNOMIL


def _sector_from_code(code: str, country: str | None, dictionary: Dictionary) -> str | None:
    base = dictionary.country_code(country) if country else None
    if base and code.startswith(base) and len(code) >= len(base) + 3:
        return code[len(base):len(base) + 3]
    return None


def _person_term(person: Person, window: tuple[str, str, str] | None):
    """The term covering the window and its status: "in-office", "former", "future" or "assumed" (no date)."""
    if window is None:
        latest = max(person.terms, key=lambda t: t.start or "")
        return latest, "assumed"
    earliest, latest_day, _ = window
    covering = [t for t in person.terms if t.covers(earliest, latest_day)]
    if covering:
        return covering[0], "in-office"
    ended = [t for t in person.terms if t.ended_before(earliest)]
    if ended:  # out of office now, in office before (between two terms counts too)
        return max(ended, key=lambda t: t.end or ""), "former"
    return None, "future"


def _pick_person(names: list[str], dictionary: Dictionary, window) -> Person:
    """Among namesakes ("Bush"), the one in office at the time, else the latest."""
    people = [dictionary.people[n] for n in names]
    for person in people:
        term, status = _person_term(person, window)
        if status == "in-office":
            return person
    return max(people, key=lambda p: max((t.start or "") for t in p.terms))


def _evidence(doc, desc: Descriptor | None) -> Span | None:
    if desc is None or desc.start is None or desc.end is None or desc.start >= desc.end:
        return None
    lo, hi = desc.start, desc.end
    while lo < hi and (doc[lo].pos_ == "DET" or doc[lo].is_punct):
        lo += 1
    if lo >= hi:
        return None
    span = doc[lo:hi]
    return Span(span.start_char, span.end_char, span.text)


def _actor(doc, start: int, end: int, name: str, code: str | None, country: str | None, sector: str | None,
           method: str, confidence: float, evidence: Span | None = None, entity_id: str | None = None) -> Actor:
    while start < end - 1 and (doc[start].pos_ == "DET" or doc[start].is_punct):
        start += 1
    span = doc[start:end]
    return Actor(start=span.start_char, end=span.end_char, text=span.text, name=name, code=code,
                 country=country, sector=sector, method=method, entity_id=entity_id,
                 confidence=round(confidence, 2), evidence=evidence)


class _Coder:
    """One article's coding pass: mentions in text order, sharing a registry."""

    def __init__(self, doc, dictionary: Dictionary, dct: str | None, corpus: CorpusRegistry | None):
        self.doc = doc
        self.d = dictionary
        self.dct = dct
        self.corpus = corpus
        self.registry = ArticleRegistry()
        self.actors: list[Actor] = []
        self.consumed: set[int] = set()  # tokens that served as another mention's descriptor
        self.in_body: set[int] = set()  # tokens that name an institution's owner ("the Trump administration")
        self.titled: set[str] = set()  # people coded by a present office title against the dct
        self._article_countries: dict[tuple[str, ...], set[str]] = {}

    def run(self, entities: list[Entity]) -> list[Actor]:
        mentions, self.matches_at = _mentions(self.doc, entities, self.d)
        for mention in mentions:
            if mention.kind in ("person", "organisation", "media", "unknown-person", "unknown-org", "group"):
                mention.descriptor = _descriptor(self.doc, mention, self.matches_at, self.d,
                                                 self.article_countries(),
                                                 self.article_countries(("country", "demonym")))
                desc = mention.descriptor
                if desc.start is not None and (desc.country or desc.org or desc.kin or mention.kind != "group"):
                    outside = [i for i in range(desc.start, desc.end) if not mention.start <= i < mention.end]
                    self.consumed.update(outside)
                    title = mention.match.first("title") if mention.kind == "group" else None
                    if title and self.d.titles[title.key].kind == "body":
                        self.in_body.update(outside)
        for mention in mentions:
            if mention.kind in ("country", "demonym", "metonym", "organisation", "media") and all(
                    i in self.consumed for i in range(mention.start, mention.end)):
                continue  # it describes another mention: "North Korea's Rodong Sinmun", "Taliban fighters"
            if mention.kind == "group" and all(i in self.consumed for i in range(mention.start, mention.end)):
                continue
            if mention.kind in ("person", "unknown-person") and any(
                    i in self.in_body for i in range(mention.start, mention.end)):
                continue
            handler = getattr(self, "_" + mention.kind.replace("-", "_"))
            handler(mention)
        self._late_aliases()
        self.actors.sort(key=lambda a: (a.start, a.end))
        self._pronouns()
        self.actors.sort(key=lambda a: (a.start, a.end))
        return self.actors

    def _pronouns(self) -> None:
        """ "He"/"She" opening a sentence, as its subject, when the sentence before has exactly one
        coded person and that person is its subject: cheap, and right far more often than not."""
        doc = self.doc
        sents = list(doc.sents)
        people = [a for a in self.actors if a.entity_id and a.entity_id.startswith("person:") and a.code]
        for previous, sent in zip(sents, sents[1:], strict=False):
            first = next((t for t in sent if not t.is_space and not t.is_punct), None)
            if first is None or first.lower_ not in ("he", "she") or first.dep_ not in ("nsubj", "nsubjpass"):
                continue
            before = [a for a in people if previous.start_char <= a.start < previous.end_char]
            if len({a.entity_id for a in before}) != 1:
                continue
            subject = doc.char_span(before[0].start, before[0].end, alignment_mode="expand")
            if subject is None or subject.root.dep_ not in ("nsubj", "nsubjpass"):
                continue
            antecedent = before[0]
            actor = _actor(doc, first.i, first.i + 1, antecedent.name, antecedent.code, antecedent.country,
                           antecedent.sector, "pronoun", 0.6)
            actor.entity_id = antecedent.entity_id
            self.actors.append(actor)

    def _late_aliases(self) -> None:
        """Names of people established earlier that NER missed or mislabelled ("according to Westcott")."""
        doc = self.doc
        taken = {i for a in self.actors for i in token_range(doc, a.start, a.end)} | self.consumed
        for token in doc:
            if token.i in taken or token.pos_ != "PROPN" or not token.is_title or len(token) < 3:
                continue
            if token.dep_ == "compound" and token.head.pos_ == "NOUN":
                continue
            if in_longer_entity(token):
                continue  # part of a longer name ("Maryam Danesh" is not "Danesh")
            candidates = [k for k in self.registry.by_name(token.text, "person") if 0 <= k.first < token.idx]
            known = self.registry.most_salient(candidates, token.idx)
            if known is None or known.code is None:
                continue
            code, country, sector = self._alias_code(known, Mention(token.i, token.i + 1, "alias"), None)
            actor = _actor(doc, token.i, token.i + 1, known.name, code, country, sector, "alias", 0.7)
            self._add(actor, "person", known.entity_id)

    # -- kinds ----------------------------------------------------------------------------
    def _add(self, actor: Actor, known_kind: str | None = None, entity_id: str | None = None,
             aliases: set[str] | None = None, offices: set[str] | None = None) -> Actor:
        if entity_id and known_kind:
            actor.entity_id = entity_id
            known = self.registry.establish(entity_id, actor.name, actor, known_kind, aliases, offices)
            if known.name in self.titled and actor.method != "alias":
                known.code, known.country, known.sector = actor.code, actor.country, actor.sector
        self.actors.append(actor)
        return actor

    def _person(self, mention: Mention) -> None:
        doc, d = self.doc, self.d
        names = [e.key for e in mention.match.entries if e.kind == "person"]
        window = reference_window(doc, mention.start, self.dct)
        person = _pick_person(names, d, window)
        desc = mention.descriptor
        code, country, sector, confidence = self._person_code(person, mention, desc)
        offices = {t.office for t in person.terms}
        actor = _actor(doc, mention.start, mention.end, person.name, code, country, sector, "dictionary",
                       confidence, _evidence(doc, desc))
        self._add(actor, "person", "person:" + slug(person.name), set(person.aliases), offices)

    def _alias_code(self, known: Known, mention: Mention, desc: Descriptor | None):
        """A later mention's code: a dictionary person is re-coded for the time of the mention,
        unless the article established them by a present title and no year says otherwise."""
        person = self.d.people.get(known.name)
        if person is None:
            return known.code, known.country, known.sector
        window = reference_window(self.doc, mention.start, self.dct)
        if known.name in self.titled and (window is None or window[2] == "dct") and not (desc and desc.former):
            return known.code, known.country, known.sector
        return self._person_code(person, mention, desc)[:3]

    def _person_code(self, person: Person, mention: Mention, desc: Descriptor | None):
        """``(code, country, sector, confidence)`` of a dictionary person at the time of the mention."""
        d = self.d
        window = reference_window(self.doc, mention.start, self.dct)
        term, status = _person_term(person, window)
        if status != "in-office" and desc and desc.offices and not desc.former and not desc.elect \
                and (window is None or window[2] == "dct") and not in_quote(self.doc, mention.start):
            # "US President Donald Trump" written in the present: the text says he holds the
            # office, whatever the document date says (it may be wrong)
            titled = sorted((t for t in person.terms if t.office in desc.offices), key=lambda t: t.start or "")
            if titled:
                before = [t for t in titled if window is None or (t.start or "") <= window[0]]
                term = before[-1] if before else titled[0]
                self.titled.add(person.name)
                return term.code, term.country, _sector_from_code(term.code, term.country, d), 0.8
        confidence = {"in-office": 0.95, "former": 0.85, "assumed": 0.7, "future": 0.6}[status]
        if status in ("in-office", "assumed") and not (desc and desc.former):
            code, country = term.code, term.country
            return code, country, _sector_from_code(code, country, d), confidence
        if status == "former" or (desc and desc.former):
            return _code(person.country, "ELI", d), person.country, "ELI", confidence
        return _code(person.country, None, d), person.country, None, confidence

    def _organisation(self, mention: Mention) -> None:
        """An organisation or outlet of the dictionary: its own code."""
        entry = mention.match.first("organisation", "media")
        org = self.d.organisations[entry.key]
        actor = _actor(self.doc, mention.start, mention.end, org.name, org.code, org.country, org.sector,
                       "dictionary", 0.95)
        self._add(actor, "organisation", "org:" + slug(org.name), {a.lower() for a in org.aliases})

    _media = _organisation

    def _country(self, mention: Mention) -> None:
        doc = self.doc
        entry = mention.match.first("country")
        country = self.d.countries[entry.key]
        root = doc[mention.start:mention.end].root
        if root.dep_ in ("compound", "amod", "nmod", "npadvmod") and root.head.i >= mention.end \
                and not self._heads_actor(root.head):
            # "US sanctions", "US-North Korean relations": the country takes part in what the noun
            # names, or just qualifies it; kept, with less confidence
            confidence = 0.5
        else:
            confidence = 0.6 if is_locative(root) else 0.9
        actor = _actor(doc, mention.start, mention.end, country.name, country.code, country.iso3, None,
                       "dictionary", confidence)
        self._add(actor, "country", "country:" + country.iso3)

    def _owner(self, lo: int, hi: int) -> Known | None:
        """A person the article already knows, named among tokens [lo, hi)."""
        doc = self.doc
        i = lo
        while i < hi:
            if doc[i].ent_type_ == "PERSON":
                j = i + 1
                while j < hi and doc[j].ent_iob_ == "I":
                    j += 1
                known = self.registry.most_salient(self.registry.by_name(doc[i:j].text, "person"), doc[i].idx)
                if known and known.country:
                    return known
                i = j
            else:
                i += 1
        return None

    def _in_context(self, match: Match, kinds: tuple[str, ...]) -> Entry | None:
        """Among entries naming different countries ("Congolese": COD or COG), the one whose
        country the article names elsewhere; else the first."""
        entries = [e for e in match.entries if e.kind in kinds]
        if len({e.key for e in entries}) <= 1:
            return entries[0] if entries else None
        named = self.article_countries()
        for entry in entries:
            if entry.key in named:
                return entry
        return entries[0]

    def article_countries(self, kinds: tuple[str, ...] = tuple(PLACE_KINDS)) -> set[str]:
        """Countries named unambiguously anywhere in the article by words of these kinds (cached)."""
        if kinds not in self._article_countries:
            found = set()
            for match in self.matches_at.values():
                keys = {e.key for e in match.entries if e.kind in kinds}
                if len(keys) == 1:
                    found |= keys
            self._article_countries[kinds] = found
        return self._article_countries[kinds]

    def _heads_actor(self, token) -> bool:
        match = self.matches_at.get(token.i)
        return bool(match and match.first("title"))

    def _demonym(self, mention: Mention) -> None:
        doc = self.doc
        root = doc[mention.start:mention.end].root
        entry = self._in_context(mention.match, ("demonym",))
        country = self.d.countries[entry.key]
        head = root.head
        if root.dep_ in ("amod", "compound", "nmod") and head.i >= mention.end:
            # "the Russian embassy", "a Chinese ship": the thing belongs to the country, a weak actor
            # (PETRARCH-style coders read it so); "US-North Korean relations" are no one's
            if head.pos_ in ("NOUN", "PROPN") and head.lemma_.lower() not in NOT_OWNED and not any(
                    t.is_punct and t.text == "-" for t in doc[mention.end:head.i]):
                actor = _actor(doc, mention.start, mention.end, country.name, country.code, country.iso3, None,
                               "demonym", 0.4, Span(head.idx, head.idx + len(head), head.text))
                self._add(actor)
            return
        if root.tag_ not in ("NNPS", "NNS") and not root.text.endswith("s"):
            return  # "North Korean" alone as an adjective
        actor = _actor(doc, mention.start, mention.end, country.name, country.code, country.iso3, None,
                       "demonym", 0.8)
        self._add(actor)

    def _metonym(self, mention: Mention) -> None:
        """A capital or seat of government standing for the government ("Pyongyang reopened ...")."""
        doc = self.doc
        entry = mention.match.first("metonym", "capital")
        root = doc[mention.start:mention.end].root
        if is_locative(root) or root.ent_type_ in ("PERSON",):
            return  # a place ("in Singapore", "the Beijing Olympics"): places.geocode handles it
        entry = self._in_context(mention.match, ("metonym", "capital")) or entry
        if mention.match.first("capital") and root.ent_type_ != "GPE" \
                and entry.key not in self.article_countries(("country", "demonym")):
            return  # a capital that is also a name ("Victoria", "Kingston"): NER or the article must agree
        country = self.d.countries[entry.key]
        code = _code(country.iso3, "GOV", self.d)
        actor = _actor(doc, mention.start, mention.end, f"{country.name} government", code, country.iso3, "GOV",
                       "metonym", 0.85)
        self._add(actor, "government", "gov:" + country.iso3)

    def _unknown_person(self, mention: Mention) -> None:
        doc = self.doc
        span = doc[mention.start:mention.end]
        root = span.root
        if root.dep_ == "compound" and root.head.pos_ == "NOUN" and root.head.i >= mention.end:
            return  # "the Kim family": a name used as a modifier
        name = span.text
        if name.endswith(("'s", "\u2019s")):
            name = name[:-2]
        desc = mention.descriptor
        if desc and desc.org and not desc.title \
                and desc.country == self.d.organisations[desc.org].country:
            desc = mention.descriptor = Descriptor()  # "a Bloomberg interview Trump": no title, no tie
        if desc and (desc.country or desc.org):
            self._titled_person(mention, name, desc)
            return
        # no country around the name: an earlier mention in this article, then the corpus registry
        known = self._recall_person(name, span.start_char)
        if known is not None:
            code, country, sector = self._alias_code(known, mention, desc)
            actor = _actor(doc, mention.start, mention.end, known.name, code, country, sector, "alias", 0.75,
                           _evidence(doc, desc))
            self._add(actor, "person", known.entity_id)
            return
        if self._surname(mention, name, desc):
            return
        if self._from_corpus(mention, name, "person"):
            return
        if desc and desc.sector and desc.title:
            self._titled_person(mention, name, desc)  # "President Michel Suleiman": ---GOV
            return
        actor = _actor(doc, mention.start, mention.end, name, None, None, None, "entity", 0.3)
        self._add(actor, "person", "person:" + slug(name))

    def _surname(self, mention: Mention, name: str, desc: Descriptor | None) -> bool:
        """A bare family name ("Obama", "President Putin") for the one namesake in office at the time."""
        doc, d = self.doc, self.d
        if " " in name.strip():
            return False
        names = d.surnames.get(name.lower())
        if not names:
            return False
        window = reference_window(doc, mention.start, self.dct)
        if window is None:
            return False
        fitting = []
        for person_name in sorted(names):
            person = d.people[person_name]
            terms = [t for t in person.terms if t.covers(window[0], window[1])]
            if desc and desc.offices:
                terms = [t for t in terms if t.office in desc.offices]
            if terms:
                fitting.append((person, terms[0]))
        if not fitting and desc and desc.offices:
            # "President Clinton" in 2018: the one namesake who ever held that office
            held = [d.people[n] for n in sorted(names)
                    if any(t.office in desc.offices for t in d.people[n].terms)]
            if len(held) == 1:
                person = held[0]
                code, country, sector, _ = self._person_code(person, mention, desc)
                actor = _actor(doc, mention.start, mention.end, person.name, code, country, sector, "surname",
                               0.6, _evidence(doc, desc))
                self._add(actor, "person", "person:" + slug(person.name), set(person.aliases),
                          {t.office for t in person.terms})
                return True
        if len(fitting) != 1:
            return False  # nobody, or several namesakes in office ("Kim", "Lee"): too ambiguous
        if len(names) >= COMMON_SURNAME and not (desc and desc.title):
            return False  # a common family name ("Lee", "Kim", "Singh") alone says too little
        person, term = fitting[0]
        sector = _sector_from_code(term.code, term.country, d)
        actor = _actor(doc, mention.start, mention.end, person.name, term.code, term.country, sector, "surname",
                       0.7 if desc and desc.title else 0.6, _evidence(doc, desc))
        self._add(actor, "person", "person:" + slug(person.name), set(person.aliases), {t.office for t in person.terms})
        return True

    def _titled_person(self, mention: Mention, name: str, desc: Descriptor) -> None:
        doc = self.doc
        if desc.org:
            code, country, sector = _org_code(desc.org, desc.sector, self.d)
        else:
            country, sector = desc.country, desc.sector
            code = _code(country, sector, self.d)
        method = desc.method if desc.method in ("apposition", "demonym") else "title"
        confidence = 0.8 if (country or desc.org) else 0.4
        actor = _actor(doc, mention.start, mention.end, name, code, country, sector, method, confidence,
                       _evidence(doc, desc))
        self._add(actor, "person", "person:" + slug(name), offices=set(desc.offices))

    def _recall_person(self, name: str, position: int) -> Known | None:
        candidates = self.registry.by_name(name, kind="person")
        return self.registry.most_salient(candidates, position)

    def _unknown_org(self, mention: Mention) -> None:
        doc = self.doc
        span = doc[mention.start:mention.end]
        desc = mention.descriptor
        name = span.text
        known = self.registry.by_name(name, kind="organisation")
        if known:
            k = known[-1]
            actor = _actor(doc, mention.start, mention.end, k.name, k.code, k.country, k.sector, "alias", 0.7)
            self._add(actor, "organisation", k.entity_id)
            return
        if desc and (desc.country or desc.org):
            if desc.org:
                code, country, sector = _org_code(desc.org, desc.sector, self.d)
            else:
                country, sector = desc.country, desc.sector
                code = _code(country, sector, self.d)
            actor = _actor(doc, mention.start, mention.end, name, code, country, sector, desc.method, 0.7,
                           _evidence(doc, desc) if desc.start is not None and desc.start < mention.start else None)
            self._add(actor, "organisation", "org:" + slug(name))
            return
        self._from_corpus(mention, name, "organisation")

    def _from_corpus(self, mention: Mention, name: str, kind: str) -> bool:
        """Code ``name`` from what other articles established (lower confidence); True if found."""
        if self.corpus is None:
            return False
        found = self.corpus.lookup(name)
        if not found:
            return False
        code, country, sector = found
        actor = _actor(self.doc, mention.start, mention.end, name, code, country, sector, "registry",
                       self.corpus.confidence)
        self._add(actor, kind, ("person:" if kind == "person" else "org:") + slug(name))
        return True

    def _group(self, mention: Mention) -> None:
        """A title-headed phrase: "North Korean officials", "the Trump administration", "the leader"."""
        doc, d = self.doc, self.d
        desc = mention.descriptor or Descriptor()
        title = d.titles[mention.match.first("title").key]
        if title.kind == "kin":
            return
        lo = desc.start if desc.start is not None and desc.start < mention.start else mention.start
        hi = max(mention.end, desc.end or 0) if desc.end and desc.end > mention.end else mention.end
        sector = desc.sector or title.sector
        if desc.former and sector in (None, "GOV", "MIL"):
            sector = "ELI"
        owner = None
        if not desc.country and not desc.org:
            owner = self._owner(lo, mention.start)  # "the Trump administration"
        if desc.org:
            code, country, sector = _org_code(desc.org, sector, d)
        else:
            country = desc.country or (owner.country if owner else None)
            code = _code(country, sector, d)
        span_text = doc[lo:hi].text
        possessed = any(doc[i].tag_ == "PRP$" for i in range(lo, mention.start))
        if possessed and not (country or desc.org):
            return  # "their leader", "his aides": whose is a coreference question this coder leaves open
        if title.kind == "person" and not desc.former:
            # "the North Korean leader": the person the article has established in that role
            candidates = self.registry.by_role(country, sector, set(title.offices))
            known = self.registry.most_recent(candidates, doc[mention.start].idx, window=3000)
            if known is not None and (country or len(candidates) == 1):
                actor = _actor(doc, lo, hi, known.name, known.code, known.country, known.sector, "alias", 0.7)
                self._add(actor, "person", known.entity_id)
                return
        if code is None:
            return
        if country is None and not desc.org:
            if title.kind == "person" and not (sector in GENERIC_SECTORS and _generic(doc[mention.end - 1], d)):
                return  # "the president" with nobody to point to: too vague to code
            confidence = 0.4  # "a judge", "a sniper": a generic agent, coded by its sector
        else:
            confidence = 0.8
        method = desc.method if (country or desc.org) else "title"
        if any(doc[i].ent_type_ == "PERSON" for i in range(lo, mention.start)):
            method = "title"  # "the Trump administration": the person's country
        name = span_text
        entity_id = None
        known_kind = None
        if country and sector == "GOV" and title.kind == "body":
            entity_id, known_kind = "gov:" + country, "government"
            name = f"{d.countries[country].name} government" if country in d.countries else span_text
        actor = _actor(doc, lo, hi, name, code, country, sector, method, confidence)
        self._add(actor, known_kind, entity_id)
        for start, end, iso3 in desc.extra_countries:
            extra = _actor(doc, start, end, span_text, _code(iso3, sector, d), iso3, sector, "demonym", 0.7,
                           Span(doc[mention.start].idx, doc[mention.end - 1].idx + len(doc[mention.end - 1]),
                                doc[mention.start:mention.end].text))
            self._add(extra)


# sectors a generic agent names by itself, with no country ("a judge" JUD, "a sniper" UAF); a
# government title alone ("the president", "the minister") stays uncoded: it points at someone
GENERIC_SECTORS = {"JUD", "COP", "MIL", "REB", "OPP", "CRM", "UAF", "MED", "CVL", "REF", "LAB", "HLH", "EDU",
                   "AGR", "BUS", "SPY"}


# sectors whose generic agents take the country they are in ("police in Nairobi", "a judge in
# Cairo", "rebels in Syria"); not journalists, companies, doctors, students or refugees, who are
# often foreigners where they are
PLACED_SECTORS = {"JUD", "COP", "MIL", "GOV", "LEG", "SPY", "OPP", "REB", "CVL", "LAB", "AGR"}


def _generic(token, d, sectors=None) -> bool:
    """Whether a title word is a generic agent (a common noun with a sector that is not a
    government office: "judge", "police", "protesters", "gunmen"); ``sectors``: only those."""
    from .dictionary import normalize

    title = d.titles.get(normalize(token.text)) or d.titles.get(normalize(token.lemma_))
    return token.pos_ == "NOUN" and title is not None and title.sector in (sectors or GENERIC_SECTORS)


def code_actors(doc, entities: list[Entity] | None = None, dct: str | None = None, *,
                registry: CorpusRegistry | None = None, dictionary: Dictionary | None = None) -> list[Actor]:
    """Code every actor mention in ``doc`` (CAMEO country + sector), in text order.

    ``entities`` are the NER entities (``tidings.nlp.entities(doc)``; taken from ``doc.ents``
    when omitted); ``dct`` is the document date (ISO), used to pick who held an office;
    ``registry`` is an optional :class:`CorpusRegistry` shared across articles, which this
    call both reads and updates.
    """
    if dct is not None:
        found = _DCT.match(dct)
        if not found:
            raise ConfigError(f"document date {dct!r} is not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD)")
        dct = found.group(0)  # "2018-06-12T09:00" -> "2018-06-12", "2018-W23" -> "2018"
    dictionary = dictionary or load_dictionary()
    if entities is None:
        from .. import nlp

        entities = nlp.entities(doc)
    coder = _Coder(doc, dictionary, dct, registry)
    actors = coder.run(entities)
    if registry is not None:
        registry.learn(actors)
    return actors


# ---------------------------------------------------------------------------------------------
# office evidence for the document date


