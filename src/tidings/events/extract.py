"""Event extraction: find event words in the parse, their actors and recipients, and code them.

``extract_events(doc, actors=..., timexes=..., places=..., dct=...)`` walks each sentence,
matches verbs and nominal events against the lexicon (data/lexicon.tsv), reads their arguments
from the dependency parse (subjects, objects, "by"/"on"/"to"/"with"/"between" phrases,
possessives, passives, coordination, control verbs) and builds one Event per trigger with its
PLOVER type and mode, CAMEO root, QuadClass, Goldstein score, modality, date and place.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import InputError
from ..model import Actor, Event, EventActor, Place, Span, Timex
from . import lexicon, ontology, senses
from .attach import (
    PERSON_PRONOUNS,
    PLURAL_PRONOUNS,
    THING_PRONOUNS,
    ActorIndex,
    complete_roles,
    doc_text,
    event_actor,
    from_actor,
    locative,
    nearest,
    resolve_pronoun,
    resolved_party,
    span_of,
    timexes_in,
)
from .confidence import calibrate, participation_confidence, placement_factor
from .frames import rewrite
from .modality import code_endings, modality

PRONOUNS = PERSON_PRONOUNS | PLURAL_PRONOUNS | THING_PRONOUNS
# prepositions whose object is the one the event is done to
RECIPIENT_PREPS = {"to", "with", "against", "on", "at", "toward", "towards", "into", "upon", "over", "onto"}
# verbs that take an object and another verb: "urged X to", "forced X to" -> X acts
OBJECT_CONTROL = {"urge", "ask", "force", "persuade", "convince", "order", "tell", "press", "pressure",
                  "allow", "invite", "encourage", "help", "call", "push", "lead", "prompt", "compel"}
# verbs whose subject is the actor of their object noun: "held talks", "announced sanctions"
SUPPORT_VERBS = {"hold", "have", "enter", "conduct", "carry", "stage", "make", "take", "begin", "start",
                 "open", "continue", "join", "issue", "reach", "announce", "mount", "undertake", "wage",
                 "launch", "complete", "finish", "perform", "sign", "adopt", "seal", "strike", "agree",
                 "plan", "schedule", "arrange", "propose", "seek", "want", "pay", "deliver", "give",
                 "release", "unveil", "order", "exert", "apply", "put", "step", "intensify", "ramp", "escalate",
                 "increase", "file", "lodge", "bring", "go", "offer", "express", "voice", "level", "provide"}
# nominal events whose "of" object is the one it happens to ("release of X", "killing of X")
OF_IS_RECIPIENT = {"RETREAT", "ASSAULT", "COERCE", "SANCTION", "ACCUSE", "CONCEDE"}


@dataclass
class _State:
    """What the extractor remembers across sentences of one document."""

    group: list[Actor] = field(default_factory=list)  # actors of the last event with several
    last_date: str | None = None
    last_sentence: int = -1


def extract_events(doc, *, actors: list[Actor] | None = None, timexes: list[Timex] | None = None,
                   places: list[Place] | None = None, dct: str | None = None) -> list[Event]:
    """Every event the parsed ``doc`` reports, in text order."""
    if not hasattr(doc, "sents") or not hasattr(doc, "text"):
        raise InputError(f"extract_events needs a parsed spaCy Doc, not {type(doc).__name__}")
    index = ActorIndex(list(actors or []))
    timexes = list(timexes or [])
    places = list(places or [])
    state = _State()
    events: list[Event] = []
    for sent_no, sent in enumerate(doc.sents):
        items = []
        triggers = _triggers(sent)
        # the sentence's dates and places, each with the smallest trigger phrase that holds it
        # (computed once per sentence, so that a long run-on sentence stays near-linear)
        spans = {t.i: span_of(t) for t, _ in triggers}
        local_times = _holders([t for t in timexes if sent.start_char <= t.start < sent.end_char], spans)
        local_places = _holders([p for p in places if sent.start_char <= p.start < sent.end_char], spans)
        for token, entry in triggers:
            items.append((token, entry, _events_for(token, entry, sent, sent_no, index, local_times,
                                                    local_places, dct, state, spans)))
        party = lambda t: _party(t, index, state)  # noqa: E731
        for _token, _entry, built in calibrate(code_endings(rewrite(items, party), party)):
            events.extend(built)
    return events


# ---- triggers ---------------------------------------------------------------------------------

def _triggers(sent) -> list[tuple]:
    found = {}
    for token in sent:
        entry = lexicon.match(token)
        if entry is not None:
            found[token.i] = (token, entry)
    for i, (token, entry) in list(found.items()):
        if entry.source != "lexicon" and _is_support(token) and any(
                c.dep_ in ("dobj", "nsubjpass") and c.i in found and found[c.i][1].source == "lexicon"
                for c in token.children):
            # "held talks", "launched an air strike", "launched an attack": a derived light-verb row
            # yields to the event noun it takes as its object (the noun reads its actor through
            # the light verb): PETRARCH's light-verb patterns guess the noun's sense ("launch
            # strike" as a labour strike, "launch attack" as criticism) where tidings' own noun
            # rows read it from the noun's modifiers
            del found[i]
    kept = []
    for token, entry in found.values():
        if senses.other_sense(token, entry):
            continue  # "poses a threat", "demonstrates that", "left for the rally": no event
        if entry.pos == "V" and token.dep_ == "amod":
            continue  # "the Israeli-occupied sector", "a blocked road": a description, not an event
        if entry.pos == "N":
            # "with the aid of translators", "with the help of a map": a means, not an event
            if _instrumental(token):
                continue
            # "meeting invitation", "summit venue": the noun only modifies another noun
            if token.dep_ == "compound" and token.head.i not in found:
                continue
            # "attend a summit", "impose sanctions": the verb's event covers it
            if token.dep_ in ("dobj", "nsubjpass", "attr", "pobj", "compound") and token.head.i in found \
                    and found[token.head.i][1].plover == entry.plover:
                continue
            if token.dep_ == "pobj" and token.head.dep_ == "prep" and token.head.head.i in found \
                    and found[token.head.head.i][1].pos == "V" and token.head.lower_ in ("of", "for", "to"):
                continue
            # "sanctions imposed by the UN": the participle carries the arguments
            # (also for a coordinated noun: "the isolation and blockade imposed upon the country")
            owner = token.head if token.dep_ == "conj" else token
            if any(c.dep_ == "acl" and c.i in found and found[c.i][1].plover == entry.plover
                   for c in owner.children):
                continue
        kept.append((token, entry))
    return kept


# Nouns that, in "with the N of X", name the means by which something else is done ("crossed
# the border with the help of guides"), not an event of their own. Event nouns in the same frame
# ("opened with the release of prisoners", "rose with the launch of the missile") stay events.
MEANS_NOUNS = {"aid", "help", "assistance", "support", "backing", "cooperation", "collaboration"}


def _instrumental(noun) -> bool:
    """``with the aid / help / assistance / support of X``: the noun names the means of another action."""
    return (noun.lemma_.lower() in MEANS_NOUNS and noun.dep_ == "pobj" and noun.head.lower_ == "with"
            and any(c.dep_ == "det" and c.lower_ == "the" for c in noun.children)
            and any(c.dep_ == "prep" and c.lower_ == "of" for c in noun.children))


# ---- arguments --------------------------------------------------------------------------------

def _conjuncts(token) -> list:
    """The token and the words coordinated with it, also in lists parsed as appositions
    ("The US, Russia, and Switzerland": Russia is an apposition of US, Switzerland its conjunct)."""
    parts = [token, *[c for c in token.conjuncts if c.i > token.i]]
    for child in token.children:
        if child.dep_ == "appos" and any(c.dep_ == "conj" for c in child.children):
            parts.extend([child, *[c for c in child.conjuncts if c.i > child.i]])
    return parts


def _coordinated_modifiers(part, index: ActorIndex) -> list[EventActor]:
    """"US and British activists": one participant per coordinated modifier that has an actor."""
    for mod in part.children:
        if mod.dep_ in ("nmod", "amod", "compound") and mod.i < part.i and any(
                c.dep_ == "conj" for c in mod.children):
            out = []
            for m in [mod, *mod.conjuncts]:
                found = index.overlapping(m.idx, m.idx + len(m.text))
                if found:
                    actor = min(found, key=lambda a: a.end - a.start)
                    out.append(EventActor(start=m.idx, end=m.idx + len(m.text), text=m.text, name=actor.name,
                                          code=actor.code, country=actor.country))
            if len(out) > 1:
                return out
    return []


def _party(token, index: ActorIndex, state: _State, strict: bool = False) -> list[EventActor]:
    """EventActors for an argument headed by ``token`` and its coordinated parts.

    ``strict``: keep only words that match an Actor (used for modifiers like "UN sanctions").
    """
    out = []
    for part in _conjuncts(token):
        low = part.lower_
        resolved = resolved_party(part, index, lambda t: _party(t, index, state, strict))
        if resolved:
            out.extend(resolved)
            continue
        if low in PLURAL_PRONOUNS:
            out.extend(from_actor(a, part) for a in state.group)
            continue
        if low in PRONOUNS:
            actor = resolve_pronoun(part, index)
            if actor is not None:
                out.append(from_actor(actor, part))
            elif low in PERSON_PRONOUNS:
                name = _previous_person(part)
                if name is not None:  # an uncoded person named just before: "Obama said he ..."
                    out.append(EventActor(start=part.idx, end=part.idx + len(part.text), text=part.text,
                                          name=name.text))
            continue
        if part.pos_ == "PRON":
            continue
        actor = index.for_token(part)
        split = _coordinated_modifiers(part, index)
        if split:
            out.extend(split)
        elif actor is not None:
            out.append(event_actor(part, actor))
        elif not strict and _named(part):
            out.append(event_actor(part, None))
    return _join_split_phrases(out, doc_text(token.doc))


def _join_split_phrases(items: list[EventActor], text: str) -> list[EventActor]:
    """Join parties that are pieces of one noun phrase the parser split ("US President" + apposed
    "Donald Trump"): parties that overlap or touch with only spaces between them, when at most one
    code is involved. The joined party spans both and takes the coded piece's codes, so an uncoded
    title never stands as a party of its own next to its coded name. Parties separated by "and"
    or a comma are different parties and stay apart, and so do several antecedents of one pronoun
    (same span)."""
    out: list[EventActor] = []
    for item in sorted(items, key=lambda a: (a.start, a.end)):
        prev = out[-1] if out else None
        if prev is not None and (prev.start, prev.end) != (item.start, item.end) and (item.start < prev.end or not text[prev.end:item.start].strip()) \
                and (prev.code is None or item.code is None or prev.code == item.code) \
                and (prev.code or item.code or item.start < prev.end):
            coded = prev if prev.code or not item.code else item
            start, end = min(prev.start, item.start), max(prev.end, item.end)
            out[-1] = EventActor(start=start, end=end, text=text[start:end], name=coded.name, code=coded.code,
                                 country=coded.country)
            continue
        out.append(item)
    return out


# entity types that name a possible actor the actors stage may not know ("Arnor", "MSF Arnor")
ACTOR_ENTS = {"GPE", "ORG", "NORP", "PERSON"}
NOT_ACTOR_ENTS = {"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "QUANTITY", "PERCENT"}


def _named(part) -> bool:
    """Whether an argument with no Actor still names one (kept uncoded): a proper noun or a name
    entity, or a group noun qualified by a name ("the Gondor main opposition group", "Gondor's
    government")."""
    if part.ent_type_ in NOT_ACTOR_ENTS:
        return False
    if part.pos_ == "PROPN" or part.ent_type_ in ACTOR_ENTS:
        return True
    if part.pos_ != "NOUN" or part.ent_type_:
        return False  # a common noun inside a place or other non-actor name ("the Korean peninsula")
    return any(c.dep_ in ("compound", "poss", "amod", "nmod") and c.i < part.i
               and (c.pos_ == "PROPN" or c.ent_type_ in ("GPE", "ORG", "PERSON"))
               and c.ent_type_ not in NOT_ACTOR_ENTS
               for c in part.children)  # not a demonym adjective: "the Korean peninsula" is no one


def _previous_person(token):
    """The nearest PERSON entity before ``token`` in its sentence or the one before, or None."""
    doc = token.doc
    first = token.sent.start
    if first > 0:
        first = doc[first - 1].sent.start
    people = [e for e in doc.ents if e.label_ == "PERSON" and first <= e.start and e.end <= token.i]
    return people[-1] if people else None


def _subject_tokens(verb, depth: int = 0, via: str = "") -> list:
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "csubj")]
    if not subjects and via == "xcomp":
        # "Obama is scheduled to attend": the subject of a passive raising verb
        subjects = [c for c in verb.children if c.dep_ == "nsubjpass"]
    if not subjects and via == "advcl":
        # "... were killed, shelling the town": the doer of a passive is its "by" phrase
        subjects = [g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
        if any(c.dep_ == "nsubjpass" for c in verb.children):
            return subjects
    if subjects or depth > 4:
        return subjects
    dep = verb.dep_
    head = verb.head
    if head is verb:
        return []
    if dep in ("xcomp", "pcomp", "acomp") and head.pos_ not in ("VERB", "AUX"):
        return _subject_tokens(head, depth + 1, "xcomp")  # "Arnor is about to restore ties"
    if dep == "acomp":  # "about"/"ready"/"set" in "X is about to ...": the copula's subject
        return _subject_tokens(head, depth + 1, "xcomp")
    if dep == "xcomp" or (dep == "advcl" and verb.tag_ in ("VBG", "VB", "VBN")):
        objects = [c for c in head.children if c.dep_ == "dobj"]
        if dep == "xcomp" and objects and head.lemma_.lower() in OBJECT_CONTROL:
            return objects
        return _subject_tokens(head, depth + 1, dep)
    if dep == "conj":
        return _subject_tokens(head, depth + 1, via)
    if dep == "relcl":
        return [head]
    return []


def _prep_objects(token, words: set[str]) -> list[tuple[str, object]]:
    out = []
    for child in token.children:
        if child.dep_ in ("prep", "agent", "dative") and child.lower_ in words:
            out.extend((child.lower_, g) for g in child.children if g.dep_ == "pobj")
    return out


# doers that make a killing an accident or a disaster, not an assault (PLOVER codes neither)
ACCIDENTS = {"crash", "accident", "earthquake", "quake", "storm", "flood", "flooding", "fire", "blaze",
             "disease", "avalanche", "landslide", "mudslide", "tsunami", "hurricane", "typhoon", "cyclone",
             "tornado", "collision", "derailment", "drought", "heatwave", "lightning", "outbreak", "virus"}


def _accident(verb) -> bool:
    """Whether the doer of a violent verb is an accident or a natural disaster ("killed by the crash")."""
    doers = [g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
    doers += [c for c in verb.children if c.dep_ == "nsubj"]
    return any(lexicon.lemma_of(d) in ACCIDENTS for d in doers)


def _means_doer(pobj, index, state) -> list[EventActor]:
    """The doer behind an instrument: "by a missile believed to be fired by pro-Russia rebels"."""
    for node in pobj.subtree:
        if node is not pobj and node.dep_ == "agent":
            for inner in node.children:
                if inner.dep_ == "pobj":
                    found = _party(inner, index, state)
                    if found:
                        return found
    return []


def _verb_arguments(verb, entry, index, state):
    actors: list[EventActor] = []
    recipients: list[EventActor] = []
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children) or (
        verb.dep_ == "acl" and verb.tag_ == "VBN")
    subjects = [p for subj in _subject_tokens(verb) for p in _party(subj, index, state)]
    if entry.roles != "inverse":
        (recipients if passive else actors).extend(subjects)
    for child in verb.children:
        if child.dep_ == "nsubjpass":
            recipients.extend(_party(child, index, state))
    for _, pobj in _prep_objects(verb, {"by"}):
        actors.extend(_party(pobj, index, state) or _means_doer(pobj, index, state))
    if passive and not actors and entry.plover == "ASSAULT":
        # "killed in Israeli tank shelling", "wounded in a Syrian air strike": the doer is on the means
        for _, pobj in _prep_objects(verb, {"in"}):
            if pobj.ent_type_ not in ("GPE", "LOC", "FAC", "DATE", "TIME"):
                actors.extend(p for p in _party(pobj, index, state, strict=True) if p.code)
    objects = [c for c in verb.children if c.dep_ == "dobj" or (c.dep_ == "dative" and c.pos_ != "ADP")]
    for child in verb.children:  # "evidence against Russia was presented"
        if child.dep_ == "nsubjpass":
            for word, pobj in _prep_objects(child, RECIPIENT_PREPS | {"between"}):
                # "a new relationship between Pyongyang and Washington would be established"
                (actors if word == "between" else recipients).extend(_party(pobj, index, state))
    if passive and verb.dep_ == "acl":
        objects.append(verb.head)  # "the sanctions imposed by the UN": the noun is the object
    for obj in objects:
        recipients.extend(_party(obj, index, state))
        inner = lexicon.match(obj) if obj is not verb.head else None
        if inner is not None and inner.plover != entry.plover:
            continue  # "condemned the attack on Egypt": Egypt is the attack's, not the condemnation's
        for word, pobj in _prep_objects(obj, RECIPIENT_PREPS | {"from", "between"}):
            if word == "between":  # "restored relations between Cuba and the US": the parties
                (recipients if actors else actors).extend(_party(pobj, index, state))
                continue
            (actors if entry.roles == "inverse" and word == "from" else recipients).extend(
                _party(pobj, index, state))
    if any(key in ("pred", "obliged") for key, _ in entry.conditions):
        # "said the call was inappropriate": what is criticised is the subject of the clause
        # ("said the government must ensure security": and who is asked to act)
        for clause in (c for c in verb.children if c.dep_ == "ccomp"):
            for subj in (c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")):
                recipients.extend(_party(subj, index, state))
    for word, pobj in _prep_objects(verb, RECIPIENT_PREPS | {"from"}):
        if word == "from":
            if entry.roles == "inverse":
                actors.extend(_party(pobj, index, state))
            continue
        recipients.extend(_party(pobj, index, state))
    if entry.roles == "inverse":  # "X received aid from Y": Y acts, X receives
        recipients = subjects + [r for r in recipients if r not in subjects and r not in actors]
    return actors, recipients


def _party_list_subjects(verb, index, state):
    out = []
    for subj in _subject_tokens(verb):
        out.extend(_party(subj, index, state))
    return out


def _noun_arguments(noun, entry, index, state):
    actors: list[EventActor] = []
    recipients: list[EventActor] = []
    for child in noun.children:
        if child.dep_ == "poss":
            actors.extend(_party(child, index, state))
        elif child.dep_ in ("compound", "amod", "nmod") and child.i < noun.i:
            # an actor record spanning the event word itself ("air strike") is not a participant
            actors.extend(p for p in _party(child, index, state, strict=True)
                          if not any(a.start <= noun.idx < a.end for a in index.overlapping(p.start, p.end)))
    frame_words = {w for key, values in entry.conditions if key == "obj" for w in values}
    preps = _prep_objects(noun, {"by", "between", "among", "from", "of"} | RECIPIENT_PREPS)
    for word, pobj in list(preps):
        # "the resumption of ties between X and Y": the frame's own object carries the parties
        if word == "of" and lexicon.lemma_of(pobj) in frame_words:
            preps.extend(_prep_objects(pobj, {"between", "among"} | RECIPIENT_PREPS))
    for word, pobj in preps:
        if word in ("by", "between", "among") or (word == "from" and entry.roles == "inverse"):
            actors.extend(_party(pobj, index, state))
        elif word == "of":
            owners = [c for c in pobj.children if c.dep_ == "poss"]
            for owner in owners:
                actors.extend(_party(owner, index, state))
            if entry.plover in OF_IS_RECIPIENT:
                recipients.extend(_party(pobj, index, state))
        elif word == "with" and entry.roles == "reciprocal":
            actors.extend(_party(pobj, index, state))
        elif word != "from":
            recipients.extend(_party(pobj, index, state))
    head = noun.head
    if entry.roles == "inverse" and actors and not recipients:
        # "Greece faces / came under pressure from the EU": the one who bears it is the recipient
        bearer = head if noun.dep_ == "dobj" else head.head if noun.dep_ == "pobj" and head.dep_ == "prep" else None
        if bearer is not None and bearer.pos_ in ("VERB", "AUX"):
            recipients.extend(_party_list_subjects(bearer, index, state))
    if actors and entry.roles == "reciprocal" and noun.dep_ == "dobj" and _is_support(head):
        actors = _party_list_subjects(head, index, state) + actors
    if not actors:
        if noun.dep_ in ("dobj", "nsubjpass") and _is_support(head):
            actors.extend(_party_list_subjects(head, index, state))
        elif noun.dep_ == "pobj" and head.dep_ == "prep" and _is_support(head.head):
            actors.extend(_party_list_subjects(head.head, index, state))  # "took part in talks"
        elif noun.dep_ == "nsubj" and head.lemma_ == "be":
            # "the 6th nuclear test ... was the biggest one ever by North Korea"
            for attr in (c for c in head.children if c.dep_ == "attr"):
                for _, pobj in _prep_objects(attr, {"by"}):
                    actors.extend(_party(pobj, index, state))
    return actors, recipients


def _is_support(verb) -> bool:
    """Whether ``verb`` is a light verb ("held talks"), by its lemma.

    The lemmatizer drops the silent e of some verbs ("staged" -> "stag", "waging" -> "wag"): the
    lemma plus "e" also counts, but only when the word is that lemma plus an inflection ending, so
    "wagered" (lemma "wager") is not "wage" and "startled" (lemma "startle") is not "start".
    """
    lemma = verb.lemma_.lower()
    if lemma in SUPPORT_VERBS:
        return True
    low = verb.lower_
    return lemma + "e" in SUPPORT_VERBS and low in (lemma + "ed", lemma + "ing", lemma + "es")


def _dedupe(items: list[EventActor]) -> list[EventActor]:
    seen = set()
    out = []
    for item in items:
        key = (item.start, item.end, item.code)
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out


# ---- building events --------------------------------------------------------------------------

def _clause_head(token):
    """The verb whose clause the trigger belongs to (for a noun, the verb it hangs from)."""
    node = token
    for _ in range(8):
        if node.pos_ in ("VERB", "AUX") and node.dep_ not in ("xcomp", "conj", "amod", "acl"):
            return node
        if node.head is node:
            return node
        node = node.head
    return node


def _split_dates(token, clause_times: list[Timex]) -> list[Timex]:
    """Two or more coordinated dates for a plural event ("two summits ... in April and May")."""
    if token.tag_ not in ("NNS", "NNPS") or len(clause_times) < 2:
        return []
    text = doc_text(token.doc)  # a spaCy Doc builds its text anew on each access: once, not once per pair
    ordered = sorted(clause_times, key=lambda t: t.start)
    for a, b in zip(ordered, ordered[1:], strict=False):
        between = text[a.end:b.start].strip().lower()
        if between not in ("and", ",", ", and", "or"):
            return []
    return ordered


def _holders(items: list, spans: dict[int, tuple[int, int]]) -> list[tuple[object, int | None]]:
    """Each date or place with the trigger whose phrase is the smallest one holding it (or None)."""
    out = []
    for item in items:
        holding = [(end - start, i) for i, (start, end) in spans.items() if start <= item.start and item.end <= end]
        out.append((item, min(holding)[1] if holding else None))
    return out


def _owned_elsewhere(item, holder: int | None, token, spans: dict[int, tuple[int, int]]) -> bool:
    """Whether a date/place sits in another event's own phrase ("paved the way for the summit on June 12").

    Trigger phrases are subtrees, so they nest: the smallest one holding the item decides. The item
    is another event's unless it is in this trigger's own phrase or that event's phrase contains
    this trigger ("attended the Olympics in ...").
    """
    if holder is None or holder == token.i:
        return False
    own_start, own_end = spans.get(token.i) or span_of(token)
    if own_start <= item.start and item.end <= own_end:
        return False
    start, end = spans[holder]
    return not (start <= token.idx < end)


def _events_for(token, entry, sent, sent_no, index, timexes, places, dct, state, spans=None) -> list[Event]:
    """The events of one trigger; ``timexes`` / ``places`` are the sentence's, with their holders."""
    doc = token.doc
    spans = spans or {}
    timexes = [t for t, holder in timexes if not _owned_elsewhere(t, holder, token, spans)]
    places = [p for p, holder in places if not _owned_elsewhere(p, holder, token, spans)]
    if entry.pos == "V" and entry.plover == "ASSAULT" and _accident(token):
        return []
    if entry.pos == "V":
        actors, recipients = _verb_arguments(token, entry, index, state)
    else:
        actors, recipients = _noun_arguments(token, entry, index, state)
    actors, recipients = complete_roles(token, entry, actors, recipients,
                                        lambda t: _party(t, index, state), places)
    if entry.roles == "reciprocal":
        actors, recipients = actors + recipients, []
    actors = _dedupe(actors)
    keys = {(a.start, a.end) for a in actors}
    recipients = [r for r in _dedupe(recipients) if (r.start, r.end) not in keys]
    used_pronoun = any(a.text.lower() in PRONOUNS for a in actors + recipients)

    # place: a location phrase in the trigger's clause
    clause = _clause_head(token)
    place = None
    for scope in (token, clause):
        start, end = span_of(scope)
        inside = [p for p in places if p.start >= start and p.end <= end and locative(p, doc)]
        if inside:
            place = nearest(inside, token.idx)
            break
    if entry.mode == "visit" and not any(r.code for r in recipients) and place is not None and place.country:
        # the host of a visit is where it happened ("attended the Winter Olympics in Pyeong Chang")
        if all(a.country != place.country for a in actors):
            recipients = [EventActor(start=place.start, end=place.end, text=place.text, name=place.name,
                                     code=place.country, country=place.country)]

    # date: the clause's time expression, else the sentence's, else the document's
    dates: list[tuple[str | None, str]] = []
    own = timexes_in(timexes, *span_of(token))
    clause_times = timexes_in(timexes, *span_of(clause))
    split = _split_dates(token, clause_times)
    if split:
        dates = [(t.value, "clause") for t in split]
    elif own:
        dates = [(nearest(own, token.idx).value, "clause")]
    elif clause_times:
        dates = [(nearest(clause_times, token.idx).value, "clause")]
    else:
        in_sentence = timexes_in(timexes, sent.start_char, sent.end_char)
        if in_sentence:
            dates = [(nearest(in_sentence, token.idx).value, "sentence")]
        elif used_pronoun and state.last_date and state.last_sentence == sent_no - 1:
            dates = [(state.last_date, "discourse")]
        elif dct:
            dates = [(dct, "document")]
        else:
            dates = [(None, "none")]

    mood = modality(token)
    trigger_end = token.idx + len(token.text)
    for child in token.children:  # "cut off", "pull out", "blow up"
        if child.dep_ == "prt" and child.i == token.i + 1:
            trigger_end = child.idx + len(child.text)
    confidence = round(participation_confidence(actors, recipients) * placement_factor(token, mood), 2)
    out = []
    for value, source in dates:
        out.append(Event(
            type=entry.plover,
            mode=entry.mode,
            cameo=ontology.cameo_root(entry.cameo),
            quad=ontology.quad_for(entry.cameo),
            goldstein=ontology.goldstein_for(entry.cameo),
            actors=list(actors),
            recipients=list(recipients),
            date=value,
            date_source=source,
            place=place,
            modality=mood,
            sentence=Span(sent.start_char, sent.end_char, sent.text),
            trigger=Span(token.idx, trigger_end, doc_text(doc)[token.idx:trigger_end]),
            confidence=confidence,
        ))
    coded = [a for a in actors if a.code]
    if len(coded) >= 2:
        state.group = [_as_actor(a) for a in coded]
    if dates[0][1] in ("clause", "sentence"):
        state.last_date = dates[0][0]
        state.last_sentence = sent_no
    elif state.last_sentence == sent_no - 1 and source == "discourse":
        state.last_sentence = sent_no
    return out


def _as_actor(item: EventActor) -> Actor:
    return Actor(start=item.start, end=item.end, text=item.text, name=item.name or item.text,
                 code=item.code, country=item.country, sector=None, method="event-group")
