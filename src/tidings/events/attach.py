"""Attach the other stages' records to an event: actors to its arguments, a date and a place.

Actors: an argument's words are matched to the Actor records that overlap them (the one on the
head noun first: "North Korean officials"); pronouns are resolved to a recent actor.
Dates: a Timex in the trigger's clause, else in the sentence, else the document date.
Places: a Place in the trigger's clause introduced by a locative preposition ("in Singapore").
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

from ..model import Actor, EventActor, Place, Timex

_TEXT_KEY = "tidings.doc_text"


def doc_text(doc) -> str:
    """``doc.text``, built once per Doc: spaCy joins every token anew on each access, which on a
    long text run once per argument dominated the event stage. Kept in ``doc.user_data`` (a Doc's
    words never change; DocBin caches are written without user data)."""
    text = doc.user_data.get(_TEXT_KEY)
    if text is None:
        text = doc.user_data[_TEXT_KEY] = doc.text
    return text


# dependents left out of an argument's words: clauses, appositions, coordination, punctuation
_CUT_DEPS = {"relcl", "acl", "appos", "conj", "cc", "punct", "advcl", "prep", "dep", "parataxis"}
PERSON_PRONOUNS = {"he", "him", "his", "she", "her", "hers", "himself", "herself"}
PLURAL_PRONOUNS = {"they", "them", "their", "theirs", "themselves"}
THING_PRONOUNS = {"it", "its", "itself"}
LOCATIVE_PREPS = {"in", "at", "near", "outside", "inside", "across", "throughout", "around", "within",
                  "on", "over", "along", "into", "to"}


def argument_bounds(token) -> tuple[int, int]:
    """Character span of the noun phrase headed by ``token`` (no clauses, no coordinated parts).

    Keeps "of" phrases ("the leaders of the two countries") but no other prepositions.
    """
    keep = [token]
    stack = [token]
    while stack:
        node = stack.pop()
        for child in node.children:
            if child.dep_ in _CUT_DEPS and not (child.dep_ == "prep" and child.lower_ == "of") \
                    and not _apposed_name(child):
                continue
            # hyphenated names come out as "Moon Jae - in" with a punct inside: keep hyphens
            keep.append(child)
            stack.append(child)
    hyphens = [c for c in token.subtree if c.dep_ == "punct" and c.text == "-"
               and min(k.i for k in keep) < c.i < max(k.i for k in keep)]
    keep.extend(hyphens)
    start = min(t.idx for t in keep)
    last = max(keep, key=lambda t: t.i)
    return start, last.idx + len(last.text)


def _apposed_name(child) -> bool:
    """A name the parser apposed to a title with nothing between ("the Somali President Mohamed
    Abdullahi Farmajo", "his counterpart Italian President Sergio Mattarella"): part of the phrase."""
    if child.dep_ != "appos" or child.i < child.head.i:
        return False
    first = child.left_edge
    return first.i == child.head.i + 1 and not first.is_punct and child.pos_ == "PROPN"


@dataclass
class ActorIndex:
    """The actors of one document, sorted, for overlap lookups."""

    actors: list[Actor]

    def __post_init__(self) -> None:
        self.actors = sorted(self.actors, key=lambda a: (a.start, a.end))
        self.starts = [a.start for a in self.actors]

    def overlapping(self, start: int, end: int) -> list[Actor]:
        i = bisect_left(self.starts, end)
        return [a for a in self.actors[:i] if a.end > start]

    def for_token(self, token) -> Actor | None:
        """The actor for an argument headed by ``token``: one covering the head, else the nearest inside."""
        start, end = argument_bounds(token)
        found = self.overlapping(start, end)
        if not found:
            return None
        head_start, head_end = token.idx, token.idx + len(token.text)
        on_head = [a for a in found if a.start < head_end and a.end > head_start]
        if on_head:
            return max(on_head, key=lambda a: a.end - a.start)
        # "the leaders of the two countries" -> no actor on "leaders": prefer the one left of the head
        left = [a for a in found if a.end <= head_start]
        if left:
            return max(left, key=lambda a: (a.end, a.end - a.start))
        return min(found, key=lambda a: a.start)

    def resolver(self, doc):
        """The document's coreference resolver (``tidings.coref``), built on first use."""
        found = getattr(self, "_resolver", None)
        if found is None or found.doc is not doc:
            from ..coref import Resolver

            found = self._resolver = Resolver(doc, self.actors)
        return found

    def before(self, offset: int, window: int = 600) -> list[Actor]:
        """Actors ending before ``offset`` (most recent last), within ``window`` characters."""
        i = bisect_left(self.starts, offset)
        return [a for a in self.actors[:i] if a.end <= offset and offset - a.end <= window]


def event_actor(token, actor: Actor | None) -> EventActor:
    """An EventActor for the argument headed by ``token``: its words, plus the matched Actor's codes."""
    doc = token.doc
    start, end = argument_bounds(token)
    if actor is not None and token.lower_ in PERSON_PRONOUNS | PLURAL_PRONOUNS | THING_PRONOUNS:
        start, end = token.idx, token.idx + len(token.text)
    return EventActor(
        start=start,
        end=end,
        text=doc_text(doc)[start:end],
        name=actor.name if actor else None,
        code=actor.code if actor else None,
        country=actor.country if actor else None,
    )


def from_actor(actor: Actor, token) -> EventActor:
    """An EventActor for a pronoun: the pronoun's words, the antecedent's codes."""
    return EventActor(start=token.idx, end=token.idx + len(token.text), text=token.text,
                      name=actor.name, code=actor.code, country=actor.country)


def resolved_party(token, index: ActorIndex, party) -> list[EventActor] | None:
    """The participant a pronoun or a bare definite stands for (``tidings.coref``), or None when
    ``token`` is neither (the caller reads it as it is).

    A relative pronoun is read as the noun its clause hangs from ("the rebels, who attacked ...").
    A personal pronoun whose antecedent is in the same sentence takes the antecedent's words, as
    an annotator marks them ("The Israeli military says it opened ..." -> the Israeli military);
    one whose antecedent is in an earlier sentence keeps its own words and takes the antecedent's
    codes. A bare definite ("the minister") keeps its words and takes its antecedent's codes when
    it has none of its own with a country.
    """
    from ..coref import PERSON_PRONOUNS as PERSONAL
    from ..coref import PLURAL_PRONOUNS as PLURAL
    from ..coref import RELATIVE_PRONOUNS
    from ..coref import THING_PRONOUNS as THING

    low = token.lower_
    doc = token.doc
    if low in RELATIVE_PRONOUNS:
        if token.head.dep_ == "relcl" and token.dep_ in ("nsubj", "nsubjpass", "dobj"):
            return party(token.head.head)
        return [] if token.pos_ == "PRON" else None
    is_pronoun = low in PERSONAL or low in THING or low in PLURAL
    if not is_pronoun:
        if token.pos_ != "NOUN":
            return None
        own = index.for_token(token)
        if own is not None and own.country:
            return None
    mention = index.resolver(doc).antecedent(token)
    if mention is None:
        return [] if is_pronoun else None
    actor = mention.actor
    same_sentence = doc[mention.head].sent.start == token.sent.start
    if mention.kind == "group" and actor is None:
        # a coordination: each of its parts ("Egypt and Jordan ... they")
        return [p for p in party(doc[mention.head]) if p.start >= mention.start and p.end <= mention.end] \
            if same_sentence else [from_actor(p, token) for p in party(doc[mention.head]) if p.code]
    if is_pronoun and same_sentence:
        start, end = mention.start, mention.end
    else:
        start, end = (token.idx, token.idx + len(token.text)) if is_pronoun else argument_bounds(token)
    return [EventActor(start=start, end=end, text=doc_text(doc)[start:end], name=mention.name,
                       code=actor.code if actor else None, country=actor.country if actor else None)]


def _ent_label(doc, actor: Actor) -> str:
    span = doc.char_span(actor.start, actor.end, alignment_mode="expand")
    if span is None:
        return ""
    for tok in span:
        if tok.ent_type_:
            return tok.ent_type_
    return ""


def _is_subject(doc, actor: Actor) -> bool:
    span = doc.char_span(actor.start, actor.end, alignment_mode="expand")
    return span is not None and span.root.dep_ in ("nsubj", "nsubjpass")


def resolve_pronoun(token, index: ActorIndex) -> Actor | None:
    """A singular pronoun's antecedent: the nearest earlier actor of the right kind."""
    low = token.lower_
    candidates = index.before(token.idx)
    if low in PERSON_PRONOUNS:
        people = [a for a in candidates if _ent_label(token.doc, a) == "PERSON" or (
            a.sector and _ent_label(token.doc, a) not in ("GPE", "NORP", "ORG")
            and a.sector in ("GOV", "MIL", "OPP", "REB", "ELI"))]
        # a subject pronoun continues the last subject: "Clinton almost met Kim. However, he declined"
        if token.dep_ in ("nsubj", "nsubjpass"):
            subjects = [a for a in people if _is_subject(token.doc, a)]
            if subjects:
                return subjects[-1]
        if people:
            return people[-1]
    elif low in THING_PRONOUNS:
        for actor in reversed(candidates):
            if _ent_label(token.doc, actor) in ("GPE", "ORG", "NORP"):
                return actor
    return None


# ---- time -------------------------------------------------------------------------------------

def _usable(timex: Timex) -> bool:
    return timex.type in ("DATE", "TIME") and bool(timex.value) and not timex.value.startswith(
        ("PRESENT_REF", "PAST_REF", "FUTURE_REF")
    )


def timexes_in(timexes: list[Timex], start: int, end: int) -> list[Timex]:
    return [t for t in timexes if _usable(t) and t.start >= start and t.end <= end]


def nearest(items, offset: int):
    return min(items, key=lambda t: (min(abs(t.start - offset), abs(t.end - offset)), t.start))


def span_of(token) -> tuple[int, int]:
    """Character span of ``token``'s subtree (its left and right edges: constant time)."""
    first, last = token.left_edge, token.right_edge
    return first.idx, last.idx + len(last.text)


# ---- places -----------------------------------------------------------------------------------

def locative(place: Place, doc) -> bool:
    """Whether a place is introduced as a location ("in Singapore", "in Pyeong Chang, South Korea")."""
    span = doc.char_span(place.start, place.end, alignment_mode="expand")
    if span is None:
        return False
    node = span.root
    for _ in range(4):
        if node.dep_ in ("compound", "appos", "conj", "nmod", "amod", "npadvmod") and node.head is not node:
            node = node.head
            continue
        break
    return node.dep_ == "pobj" and node.head.lower_ in LOCATIVE_PREPS


# ---- targets as an annotator marks them (complete_roles) ---------------------------------------
#
# The argument reader in extract.py keeps only participants that are actors or named. An
# annotator also marks the target when it is a plain noun phrase ("arrested several suspects",
# "stormed a police headquarters", "condemned the attack"), the target of the act an offer or
# agreement is about ("agreed to lend $1 billion to Indonesia"), the one summoned or sent to in a
# purpose clause ("summoned the Chinese ambassador to complain"), the recipient of a light verb's
# noun ("launched airstrikes against a camp"), and, with no other, the place the act is directed
# at ("imposed a curfew in parts of Kashmir"). ``complete_roles`` adds these, in that order, only
# while the event has no recipient; sources are never added here (a plain common noun is no
# source: confidence keeps meaning "a named participant").

# prepositions whose object is the target of a verb or a nominal event
TARGET_PREPS = {"against", "on", "upon", "into", "toward", "towards", "at", "over", "to", "with"}
# ... of a nominal event only ("an arrest warrant for X", "a probe of X")
NOUN_TARGET_PREPS = TARGET_PREPS | {"for", "of"}
# verbs whose direct object is the thing given or sent, not its recipient ("provided $5 million",
# "sent troops"): their target is the to/for phrase or the indirect object
GIVING_VERBS = {"provide", "give", "send", "donate", "deliver", "lend", "offer", "grant", "supply", "ship",
                "extend", "pledge", "contribute", "allocate", "dispatch", "deploy", "transfer", "sell",
                "announce", "approve", "set", "establish", "open", "impose", "issue", "launch", "hold",
                "carry", "file", "begin", "start", "conduct", "stage", "mount", "make", "take", "allow"}
# types whose target may be the place the act is directed at
PLACE_TARGET_TYPES = {"AID", "AGREE", "MOBILIZE", "COERCE", "ASSAULT", "SANCTION", "ACCUSE", "SUPPORT",
                      "COOPERATE", "THREATEN", "PROTEST",
                      # "declared a ceasefire in Somalia", "resigned after protests in Peru",
                      # "sought refuge in Bangladesh"
                      "CONCEDE", "RETREAT", "YIELD", "REQUEST"}
_NOT_PARTY_ENTS = {"DATE", "TIME", "MONEY", "QUANTITY", "PERCENT", "CARDINAL", "ORDINAL"}


def _plain_party(token, allow_event: bool = False) -> EventActor | None:
    """An uncoded target for the noun phrase headed by ``token``, or None for words that name no
    one: pronouns, amounts, dates, and event nouns (unless ``allow_event``: "condemned the attack")."""
    from . import lexicon

    counted = token.pos_ in ("NOUN", "NUM") and any(  # "dozens of IS members", "one of the victims"
        c.dep_ == "prep" and c.lower_ == "of" and any(g.dep_ == "pobj" and g.pos_ in ("NOUN", "PROPN")
                                                      for g in c.children) for c in token.children)
    if not counted and (token.pos_ not in ("NOUN", "PROPN") or token.ent_type_ in _NOT_PARTY_ENTS):
        return None
    if not allow_event and lexicon.match(token) is not None:
        return None
    start, end = argument_bounds(token)
    return EventActor(start=start, end=end, text=doc_text(token.doc)[start:end])


def _doer_of(noun, party) -> list[EventActor]:
    """The doer of a condemned or investigated act: "a protest by white farmers", "threats made by
    the US", "the regime's attacks", "claims that two servicemen abused children"."""
    from . import lexicon

    out = []
    event = lexicon.match(noun) is not None
    for child in noun.children:
        if child.dep_ == "poss" and event:
            out.extend(party(child))
        elif child.dep_ in ("prep", "agent") and child.lower_ == "by" and event:
            out.extend(_object_parties(child, party))
        elif child.dep_ == "acl":
            for agent in child.children:
                if agent.dep_ == "agent":
                    out.extend(_object_parties(agent, party))
        if child.dep_ in ("acl", "ccomp") and noun.lemma_.lower() in CLAIM_NOUNS:
            # "claims that two servicemen abused children": the one the claim is about
            for subj in child.children:
                if subj.dep_ == "nsubj":
                    out.extend(party(subj) or [q for q in [_plain_party(subj)] if q])
    return out


CLAIM_NOUNS = {"claim", "allegation", "accusation", "report", "charge", "suspicion", "complaint"}


def lexicon_lemma(token) -> str:
    from . import lexicon

    return lexicon.lemma_of(token)


def _objects(verb, giving: bool) -> list:
    """The verb's target words: datives and (unless it is a giving verb) direct objects."""
    out = [c for c in verb.children if c.dep_ == "dative" and c.pos_ != "ADP"]
    has_with = any(c.dep_ == "prep" and c.lower_ == "with" for c in verb.children)
    if not giving or has_with or not out:
        for c in verb.children:
            if c.dep_ == "dobj" and (not giving or has_with):
                out.append(c)
    return out


# verbs of giving back: with a "to" phrase the thing returned is no target, its recipient is
# ("returned a 16th century Bible to its owners", "handed the suspects over to Interpol")
RETURNING_VERBS = {"return", "hand", "repatriate", "restore", "handover", "surrender"}


# what is granted to someone: permission, access, asylum ...
LEAVE_NOUNS = {"permission", "approval", "access", "asylum", "clearance", "authorization", "authorisation",
               "go-ahead", "leave", "license", "licence", "visa", "visas", "refuge"}


def _to_phrases(token) -> list:
    """The "to" objects on ``token`` or hung on the nouns of its object's phrase ("returned a
    pendant engraved with the image of Peter the Great to Russian authorities"), not in a clause."""
    out = []
    stack = [token]
    while stack:
        word = stack.pop()
        for child in word.children:
            if child.dep_ in ("prep", "dative") and child.lower_ == "to":
                out.extend(g for g in child.children if g.dep_ == "pobj")
            elif child.dep_ in ("prep", "pobj", "appos", "acl", "conj") or word is token and child.dep_ == "dobj":
                stack.append(child)
    return out


def _pobjs(token, words) -> list:
    return [g for c in token.children if c.dep_ in ("prep", "dative") and c.lower_ in words
            for g in c.children if g.dep_ == "pobj"]


# nouns of a proposal made to someone: rejecting or accepting one is done to its maker
# ("refused a request from Indian Prime Minister Narendra Modi", "rejected every offer made by the Taliban")
PROPOSAL_NOUNS = {"request", "offer", "proposal", "appeal", "demand", "invitation", "call", "plea", "bid",
                  "overture", "suggestion", "plan", "petition", "application", "ultimatum"}
# verbs whose clause subject is the one acted on ("allowed two airlines to land", "forced X to leave")
CLAUSE_OBJECT_VERBS = {"allow", "permit", "let", "force", "urge", "ask", "want", "order", "tell", "demand",
                       "require", "compel", "enable", "help", "prevent", "stop", "ban", "bar"}


def _proposer(noun, party) -> list[EventActor]:
    """The maker of a request or offer: its "from"/"by" phrase, its possessor, or "made/filed by"."""
    if noun.lemma_.lower() not in PROPOSAL_NOUNS:
        return []
    out = []
    for child in noun.children:
        if child.dep_ == "poss":
            out.extend(party(child))
        elif child.dep_ in ("prep", "agent") and child.lower_ in ("from", "by"):
            out.extend(_object_parties(child, party))
        elif child.dep_ == "prep" and child.lower_ == "of":
            # "conceded to the demands of the protesting truck drivers": its makers, when the "of"
            # phrase names someone (not "a demand of higher wages")
            out.extend(p for g in child.children if g.dep_ == "pobj" and (names_party(g) or _agent_noun(g))
                       for p in party(g) or [q for q in [_plain_party(g)] if q])
        elif child.dep_ == "acl":
            for agent in child.children:
                if agent.dep_ == "agent":
                    out.extend(_object_parties(agent, party))
    return out


# a mediation is the mediator's act on the sides it mediates between: "ended mediation efforts
# between Albanian separatists", "launched a mediation effort to resolve the rift between Qatar
# and other Gulf states", "suspended its mediation between the government and the rebels"
MEDIATION_LEMMAS = {"mediation", "mediator", "mediate"}


def _mediation(word) -> bool:
    return word.lemma_.lower() in MEDIATION_LEMMAS or word.pos_ == "NOUN" and any(
        c.dep_ in ("compound", "amod") and c.lemma_.lower() in MEDIATION_LEMMAS for c in word.children)


def _mediated(token, actors, recipients, party):
    """The sides of a mediation are its targets, not more mediators (see ``MEDIATION_LEMMAS``)."""
    nouns = [token] if _mediation(token) else [o for o in token.children if o.dep_ == "dobj" and _mediation(o)]
    if not nouns:
        return actors, recipients
    scopes = list(nouns)
    for noun in nouns:
        # the purpose clause of the effort: "an effort to resolve the rift between X and Y"
        owner = noun.head if noun.dep_ == "dobj" and noun.head.pos_ in ("VERB", "AUX") else None
        scopes += [c for c in [*noun.children, *(owner.children if owner is not None else [])]
                   if c.dep_ in ("acl", "advcl", "relcl", "xcomp") and c.i > noun.i]
    sides = []
    for scope in scopes:
        words = [scope] if scope in nouns else list(scope.subtree)
        for word in words:
            for g in _pobjs(word, {"between", "among"} | ({"with"} if scope in nouns else set())):
                sides.extend(g for g in [g, *g.conjuncts] if g not in sides)
    parties = [p for g in sides for p in party(g) or [q for q in [_plain_party(g)] if q]]
    if not parties:
        return actors, recipients
    spans = [(p.start, p.end) for p in parties]
    actors = [a for a in actors if not any(s <= a.start < e for s, e in spans)]
    if not actors and token.dep_ == "dobj" and token.head.pos_ in ("VERB", "AUX"):
        # "Putin launched a mediation effort between India and Pakistan": the mediator is the
        # subject of the verb the effort is the object of
        actors = [p for c in token.head.children if c.dep_ == "nsubj" for p in party(c)]
    kept = [r for r in recipients if any(s <= r.start < e for s, e in spans)]
    return actors, kept + [p for p in parties if not any(p.start <= k.start < p.end for k in kept)]


def _settled_with(verb, party) -> list[EventActor]:
    """The other side of the deal a strike or protest was called off after: "called off the strike
    after the agreement with the Indian government", "... after reaching agreement with the
    Brazilian government", "... after the government accepted the deal"."""
    out: list[EventActor] = []
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ in ("after", "following"):
            nouns = [g for g in child.children if g.dep_ == "pobj"] + [
                o for g in child.children if g.dep_ == "pcomp" for o in g.children if o.dep_ == "dobj"]
            out.extend(p for n in nouns if lexicon_lemma(n) in INTERACTION_NOUNS or n.lemma_.lower() in INTERACTION_NOUNS
                       for g in _pobjs(n, {"with"}) for p in party(g) or [q for q in [_plain_party(g)] if q])
        elif child.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ == "after" for m in child.children) and any(
                o.dep_ in ("dobj", "xcomp", "ccomp") and (lexicon_lemma(o) in INTERACTION_NOUNS or any(
                    t.lemma_.lower() in INTERACTION_NOUNS for t in o.subtree)) for o in child.children):
            out.extend(p for s in child.children if s.dep_ == "nsubj" and names_party(s) for p in party(s))
    return out


def _makers(recipients, trigger, party):
    """A demand or request given in to is done to the ones who made it: "gave in to the demands
    of the striking teachers", "accepted demands from the army chiefs" (a rejected one is marked
    whole instead, see ``_widened``)."""
    doc = trigger.doc
    out = []
    for r in recipients:
        head = _root(doc, r)
        makers = _proposer(head, party) if head is not None and head.pos_ == "NOUN" and head.i != trigger.i else []
        out.extend(makers or [r])
    return out


def _agent_noun(token) -> bool:
    """A noun for people by its agentive ending ("truck drivers", "residents", "activists"), for
    the ones the generic-agent lists miss; "wages" or "reforms" are not."""
    lemma = token.lemma_.lower()
    return token.pos_ == "NOUN" and len(lemma) > 4 and lemma.endswith(("er", "or", "ist", "ant", "ent", "ian")) \
        and not lemma.endswith("ment")


def _affected(noun) -> list:
    """The ones an act named by a noun falls on: "the ban on Cypriot ships", "sanctions on Iran"."""
    from . import lexicon

    if lexicon.match(noun) is None and noun.lemma_.lower() not in ("ban", "embargo", "blockade", "restriction"):
        return []
    # "the ban on Cypriot ships", "parole restrictions imposed on Olmert", "the embargo it has
    # imposed on the island"
    return _pobjs(noun, {"on", "against", "upon", "toward", "towards"}) + [
        g for c in noun.children if c.dep_ in ("acl", "relcl")
        for g in _pobjs(c, {"on", "against", "upon"})]


# types whose object, named or not, is the one the act is done to ("arrested several suspects",
# "stormed a police headquarters", "condemned the decision"). For the others a plain noun phrase
# object is what is given, agreed or discussed ("agreed to share information", "provided
# assistance"), not a target: only coded or named parties count there.
PLAIN_TARGET_TYPES = {"ASSAULT", "COERCE", "ACCUSE", "REJECT", "PROTEST", "SANCTION", "THREATEN"}


def _targets_of_verb(verb, entry_type: str, party, allow_event: bool,
                     frame_words: frozenset = frozenset(), partners: bool = True) -> list[EventActor]:
    """Targets read from one verb: its objects, then its target prepositions; for a request the
    one asked ("demanded that the prime minister apologize", "demanded support from the government")."""
    giving = verb.lemma_.lower() in GIVING_VERBS or entry_type in ("MOBILIZE", "REQUEST") or (
        verb.lemma_.lower() in RETURNING_VERBS and _to_phrases(verb))
    preps = TARGET_PREPS | ({"for"} if giving and entry_type != "MOBILIZE" else set())
    objects = _objects(verb, giving)
    objects += [c for o in objects for c in o.conjuncts if c.i > o.i]  # "the act and the threats made by X"
    groups = [objects, _pobjs(verb, preps)]
    giving_to: list = []
    if giving:
        # "provide a grant and a loan to the Wyoming Authority": the "to" of the thing given
        given = [c for c in verb.children if c.dep_ == "dobj"]
        given += [c for o in given for c in o.conjuncts if c.i > o.i]
        giving_to = _pobjs(verb, {"to"}) + [g for o in given for g in _pobjs(o, {"to"})]
        if not giving_to:
            # "returned dozens of Mayan artifacts to the Embassy": the parser hung the "to" phrase
            # on the last noun of the thing given; it is still the recipient
            giving_to = [g for o in given for g in _to_phrases(o)]
        groups.append([g for g in giving_to if g not in groups[1]])
        # "granted the Portuguese government permission to inject ...": the parser read the one
        # given leave as a compound of what is given; it is the recipient
        leave = [c for o in given if o.lemma_.lower() in LEAVE_NOUNS for c in o.children
                 if c.dep_ in ("compound", "nmod") and c.i < o.i and names_party(c)]
        if leave:
            giving_to = giving_to + leave
            groups.insert(0, leave)
    # (a giving verb's object too: "pledged support for Hungarian NGOs")
    light = [o for o in [*objects, *(c for c in verb.children if c.dep_ == "dobj" and c not in objects)]
             if o.lemma_.lower() in frame_words]
    light_targets: list = []
    if light:
        # "launched an attack on Australia's spy chiefs": the object is the act itself (the verb's
        # frame named it), so its own target phrase is the target
        light_targets = [g for o in light for g in _pobjs(o, {"on", "against", "upon", "into", "toward",
                                                               "towards", "at", "for", "with", "to"})]
        groups.insert(0, light_targets)
        # "accepted the demands by protesters for more representation": a demand's makers first
        groups.insert(0, [o for o in light if o.pos_ == "NOUN" and _proposer(o, party)])
    if not any(c.dep_ in ("dobj", "dative") for c in verb.children):
        # "rejected Prime Minister Netanyahu to postpone a hearing", "welcomed Putin to mediate": the
        # parser made the verb's object the subject of the "to" clause right after it
        groups.insert(1, [s for c in verb.children if c.dep_ in ("ccomp", "xcomp", "advcl")
                          and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)
                          for s in c.children if s.dep_ == "nsubj" and s.i > verb.i
                          and s.left_edge.i == verb.i + 1 + sum(1 for t in verb.doc[verb.i + 1:s.left_edge.i]
                                                                if t.dep_ in ("advmod", "prt"))])
    if entry_type == "REJECT" or (entry_type in ("RETREAT", "CONCEDE", "YIELD")
                                  and any(c.dep_ == "neg" for c in verb.children)):
        # "will not lift the embargo until Cuba undertakes reforms", "will not end the strike until
        # their demands are met by the authorities": the party whose act is the condition
        groups.insert(0, [g for c in verb.children if c.dep_ == "advcl" and any(
            m.dep_ == "mark" and m.lower_ in ("until", "unless") for m in c.children)
            for g in ([s for s in c.children if s.dep_ == "nsubj"]
                      or [o for a in c.children if a.dep_ == "agent" for o in a.children if o.dep_ == "pobj"]
                      or [s for s in c.children if s.dep_ == "nsubjpass"])])
    if verb.lemma_.lower() in CLAUSE_OBJECT_VERBS:
        # "refused to allow two EU-based airlines to land": the subject of the clause
        groups.insert(1, [s for c in verb.children if c.dep_ in ("ccomp", "xcomp") for s in c.children
                          if s.dep_ == "nsubj"])
    asked_words: list = []
    if entry_type == "REQUEST":
        asked = [s for c in verb.children if c.dep_ == "ccomp" for s in c.children if s.dep_ == "nsubj"]
        # "demanded an explanation from the prime minister": "from" on the verb or on its object
        asked = [a for a in asked if names_party(a)]  # "demanded support from ...": support asks no one
        asked_from = _pobjs(verb, {"from"}) + [g for o in verb.children if o.dep_ == "dobj"
                                               for g in _pobjs(o, {"from"})] + [
            g for c in verb.children if c.dep_ == "ccomp" for s in c.children if s.dep_ == "nsubj"
            for g in _pobjs(s, {"from"})]
        groups = [asked, asked_from, *groups]
        asked_words = asked + asked_from  # the one asked is a party even unnamed ("from the prime minister")
    # "mobilized troops for a ground assault against Iraq": the target of the purpose noun
    nested = [g for f in _pobjs(verb, {"for"}) for g in _pobjs(f, {"against", "on", "into", "toward"})]
    if entry_type == "MOBILIZE":
        groups.insert(1, nested)
    else:
        groups.append(nested)
    for group in groups:
        found = []
        for word in group:
            if word.pos_ == "NOUN":
                # "refused a request from Modi": the maker; "lift the ban on Cypriot ships": the ships
                proposer = _proposer(word, party)
                if proposer:
                    found.extend(proposer)
                    continue
                # (not for a condemnation: "condemned the attack on Egypt" is not done to Egypt)
                affected = _affected(word) if not allow_event and entry_type != "ACCUSE" else []
                if affected:
                    found.extend(p for a in affected for p in party(a) or [q for q in [_plain_party(a)] if q])
                    continue
            if (allow_event or entry_type == "ACCUSE") and word.pos_ == "NOUN":
                doer = _doer_of(word, party)  # "condemned the threats made by the US": the US
                if doer:
                    found.extend(doer)
                    continue
            if partners and word.pos_ == "NOUN" and lexicon_lemma(word) in INTERACTION_NOUNS:
                # "refused direct talks with the Afghan government": the other side of the talks
                partners = [p for g in _pobjs(word, {"with", "between"}) for p in party(g)]
                if partners:
                    found.extend(partners)
                    continue
            plain = _plain_party(word, allow_event) if entry_type in PLAIN_TARGET_TYPES or (
                entry_type == "REQUEST" and (word in asked_words)) or word in giving_to or (
                word in light_targets and not allow_event) else None  # "pledged support for Hungarian NGOs"
            named = party(word)
            if named and plain is not None and not any(p.start <= word.idx < p.end for p in named):
                named = [plain, *named]  # "lifted a ban on girls and women": the girls too
            found.extend(named or [p for p in [plain] if p])
        if found:
            return found
    return []


def _purpose(verb) -> bool:
    return verb.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def _embedded_verbs(verb, depth: int = 0) -> list:
    """The verbs of the acts an offer, agreement or plan is about ("agreed to lend ...", "offered to
    send troops to help ...", "donated ventilators to assist Ethiopia"): xcomp and purpose children,
    their conjuncts, and their own."""
    out = []
    for child in verb.children:
        if (child.dep_ == "xcomp" or _purpose(child)) and child.pos_ in ("VERB", "AUX"):
            out.append(child)
            out.extend(c for c in child.conjuncts if c.i > child.i)
            if depth < 2:
                out.extend(_embedded_verbs(child, depth + 1))
    return out


# nominal events whose possessor, with no "of" phrase, is the one it happens to ("Assange's
# arrest", "his abduction", "the journalist's killing"): a victim is a target, never a source
VICTIM_NOUNS = {"arrest", "detention", "abduction", "kidnapping", "kidnap", "assassination", "execution",
                "murder", "killing", "death", "capture", "extradition", "deportation", "imprisonment",
                "jailing", "conviction", "sentencing", "expulsion", "wounding", "injury", "torture",
                "disappearance", "beheading", "lynching", "eviction"}
FORCE_SECTORS = ("MIL", "COP", "REB", "SPY", "UAF")
FORCE_NOUNS = {"troop", "soldier", "peacekeeper", "peacekeeping", "force", "army", "police", "policeman", "officer", "reservist", "unit",
               "battalion", "brigade", "division", "warship", "ship", "jet", "plane", "tank", "man", "guard",
               "militia", "fighter", "marine", "navy", "personnel", "reinforcement", "contingent", "military"}


def _roles_by_meaning(token, entry, actors, recipients):
    """Roles the syntax gets backwards: the victim of an arrest or a killing named by a possessive
    is its target; the force deployed ("mobilized 3,000 troops") is a source of MOBILIZE."""
    if entry.pos == "N" and token.lemma_.lower() in VICTIM_NOUNS and not any(
            c.dep_ in ("prep", "agent") and c.lower_ in ("of", "by") for c in token.children):
        owners = [c for c in token.children if c.dep_ == "poss"]
        moved = [a for a in actors if any(a.start <= o.idx < a.end or o.idx <= a.start < o.idx + len(o.text)
                                          for o in owners)]
        if moved:
            actors = [a for a in actors if a not in moved]
            recipients = moved + [r for r in recipients if r not in moved]
    if entry.pos == "V" and (entry.plover == "MOBILIZE" or (
            entry.plover == "AID" and token.lemma_.lower() in ("send", "deploy", "dispatch"))):
        objects = {c.i for c in token.children if c.dep_ == "dobj"}
        doc = token.doc
        forces = []
        for r in recipients:
            span = doc.char_span(r.start, r.end, alignment_mode="expand")
            head = span.root if span is not None and len(span) else None
            if head is not None and head.i in objects and (
                    (r.code or "").endswith(FORCE_SECTORS) or head.lemma_.lower() in FORCE_NOUNS):
                forces.append(r)
        if forces:
            actors = actors + forces
            recipients = [r for r in recipients if r not in forces]
    return actors, recipients


def complete_roles(token, entry, actors: list[EventActor], recipients: list[EventActor], party,
                   places=()) -> tuple[list[EventActor], list[EventActor]]:
    """Add the targets an annotator marks that the argument reader left out (see above).

    ``party(token)`` is the argument reader's own: the coded or named participants of a word.
    """
    actors, recipients = _roles_by_meaning(token, entry, actors, recipients)
    actors, recipients = _withdrawn(token, entry, actors, recipients, party, places)
    actors, recipients = _mediated(token, actors, recipients, party)
    recipients, causes = _without_causes(recipients, token)
    recipients = _measure_scope(token, entry, recipients, party)
    if entry.plover in ("CONCEDE", "YIELD", "AGREE", "SUPPORT"):
        recipients = _makers(recipients, token, party)
    if entry.roles == "reciprocal" or entry.plover in JOINT_TYPES:
        actors, recipients, joint = _joint(token, entry, actors, recipients, party)
        if joint:
            return actors, []
    if entry.pos == "V" and recipients:
        # "voiced his support for Mr. Maduro", "reiterated Turkey's support for the GNA": the object
        # the verb's frame names is the act itself, not its target
        acts = [o for o in token.children if o.dep_ == "dobj" and o.lemma_.lower() in
                {w for key, values in entry.conditions if key == "obj" for w in values}
                and not names_party(o)]  # "expelled the diplomat": the frame names a person, kept
        recipients = [r for r in recipients if not any(r.start <= o.idx < r.end for o in acts)]
    recipients = [_split_object(_widened(r, token, entry.plover), token) for r in _not_title_places(_first_conjuncts(recipients, token.doc),
                                                                 token.doc)]
    if recipients or entry.roles == "reciprocal" and len(actors) > 1:
        return actors, recipients
    kind = entry.plover
    allow_event = kind in ("ACCUSE", "REJECT", "PROTEST")
    taken = {(a.start, a.end) for a in actors}

    def fresh(found):
        return [f for f in found if (f.start, f.end) not in taken
                and not any(a.start <= f.start and f.end <= a.end for a in actors)]

    found: list[EventActor] = []
    if entry.pos == "V":
        frame_words = frozenset(w for key, values in entry.conditions if key == "obj" for w in values)
        found = fresh(_targets_of_verb(token, kind, party, allow_event, frame_words))
        # a threat's content: "threatened that ... the CIA would sever all ties with Israel"
        contents = [c for c in token.children if c.dep_ == "ccomp"] if kind == "THREATEN" else []
        things = found if found and all(_thing(f, token.doc) for f in found) else []
        if things:
            found = []  # "refused [his willingness ...] to meet with the envoy": a party beats a thing
        for inner in _embedded_verbs(token) + contents:
            if found:
                break
            # the other side of talks refused is the target ("refused talks with X"), not of an
            # agreement one refuses to sign ("refused to sign the agreement with China"); the
            # threatened act's is ("threatened to halt talks with Mugabe")
            found = fresh(_targets_of_verb(inner, kind, party, False, partners=kind == "THREATEN"))
        if things and not any(not _thing(f, token.doc) for f in found):
            found = things
        if not found and kind in ("CONCEDE", "YIELD", "RETREAT"):
            found = fresh(_settled_with(token, party))
        if not found and token.dep_ in ("xcomp", "advcl") and any(
                c.dep_ == "aux" and c.lower_ == "to" for c in token.children):
            # "summoned the ambassador to complain", "sent experts to Saudi Arabia to investigate"
            found = fresh(_targets_of_verb(token.head, kind, party, False))
    else:
        if kind == "REQUEST":
            # "its demand that the US ease sanctions": the one the demand is addressed to
            found.extend(p for c in token.children if c.dep_ in ("acl", "ccomp") for subj in c.children
                         if subj.dep_ == "nsubj" for p in party(subj) or [q for q in [_plain_party(subj)] if q])
        for word in _pobjs(token, NOUN_TARGET_PREPS - {"with"} if entry.roles != "reciprocal" else {"with"}):
            doer = _doer_of(word, party) if kind == "ACCUSE" and word.pos_ == "NOUN" else []
            found.extend(doer or party(word) or [p for p in [_plain_party(word, allow_event)] if p])
        found = fresh(found)
        head = token.head
        if not found:
            # "Cuba's refusal to engage with the Colombian government", "assistance to help people
            # in Somalia", "started a hunger strike to protest against the authorities"
            clauses = [c for c in token.children if c.dep_ in ("acl", "relcl") and _infinitive(c)]
            if token.dep_ == "dobj" and head.pos_ in ("VERB", "AUX"):
                clauses += [c for c in head.children if c.dep_ == "advcl" and c.i > token.i and (
                    _infinitive(c) or c.tag_ == "VBG" and _same_kind(c, kind))]
            for clause in clauses:
                # a party only ("staged a protest, scaling a pole and unfurling banners": no target)
                found = [f for f in fresh(_targets_of_verb(clause, kind, party, allow_event))
                         if _same_kind(clause, kind) or not _thing(f, token.doc)]
                if found:
                    break
        if not found and kind == "ASSAULT" and token.dep_ == "pobj" and head.lower_ in ("in", "during") \
                and head.head.lemma_.lower() in HARM_VERBS:
            # "Three soldiers were wounded in an attack": the wounded are the attack's targets
            harmed = head.head
            found = fresh([p for c in harmed.children if c.dep_ == "nsubjpass"
                           for p in party(c) or [q for q in [_plain_party(c)] if q]])
        if not found and kind == "ASSAULT" and token.dep_ == "nsubj" and head.lemma_.lower() in HARM_VERBS:
            # "A car bombing by the Islamic State killed at least 75 people": the killed are its targets
            found = fresh(_targets_of_verb(head, kind, party, False))
        if not found and token.dep_ == "dobj" and head.pos_ in ("VERB", "AUX"):
            # "launched airstrikes against a camp", "held a meeting with X", "filed a lawsuit against X"
            found = fresh([p for w in _pobjs(head, TARGET_PREPS | {"for"}) for p in
                           party(w) or [q for q in [_plain_party(w)] if q]])
    deferred: list[EventActor] = []
    if found and kind in THING_TARGET_TYPES and places and all(
            not f.code and not (_root(token.doc, f) is not None and names_party(_root(token.doc, f))) for f in found):
        # "suspended aid deliveries in Borno State", "lifted restrictions on ... visits in Cuba": the
        # thing suspended or eased is no party; the place it was for stands for the ones affected
        deferred, found = found, []
    if not found and kind in PLACE_TARGET_TYPES and places:
        scopes = [token, *(_embedded_verbs(token) if entry.pos == "V" else [])]
        if entry.pos == "N" and token.dep_ == "dobj":
            scopes.append(token.head)
        for scope in scopes:
            start, end = span_of(scope)
            inside = [p for p in places if start <= p.start and p.end <= end and locative(p, token.doc)]
            inside = [p for p in inside if not any(a.start <= p.start < a.end for a in actors)]
            if inside:
                place = min(inside, key=lambda p: abs(p.start - token.idx))
                found = [EventActor(start=place.start, end=place.end, text=place.text, name=place.name,
                                    code=place.country, country=place.country)]
                break
    if not found:
        found = deferred
    if not found and causes:
        found = causes  # "expelled X over Y" with nothing else: Y is all the text gives
    found = [_widened(f, token, kind) for f in found]
    if entry.roles == "reciprocal":
        actors = [_split_object(_apposed_title(a, token), token) for a in actors]
    found = [_split_object(f, token) for f in found]
    if entry.roles == "reciprocal":
        return actors + found, recipients
    return actors, found


# measures imposed on an area: "declared a state of siege in Pando", "imposed a curfew in parts
# of Kashmir", "extended the curfew order in Maungtaw district": the measure is no target, the
# area it covers (its "in"/"on" phrase, the whole phrase as an annotator marks it) is
MEASURE_NOUNS = {"curfew", "siege", "emergency", "lockdown", "quarantine", "blockade", "cordon"}


def _measure(noun) -> bool:
    """"a curfew", "a state of siege", "the curfew order", "martial law" (not "curfew violators")."""
    lemma = noun.lemma_.lower()
    if lemma in MEASURE_NOUNS:
        return True
    if lemma == "state":
        return any(g.lemma_.lower() in MEASURE_NOUNS for g in _pobjs(noun, {"of"}))
    if lemma in ("order", "law", "regime", "rule"):
        return any(c.dep_ in ("compound", "amod") and (c.lemma_.lower() in MEASURE_NOUNS or c.lower_ == "martial")
                   for c in noun.children)
    return False


def _measure_scope(token, entry, recipients, party):
    if entry.pos != "V":
        return recipients
    measures = [o for o in token.children if o.dep_ == "dobj" and _measure(o)]
    if not measures or any(not any(o.left_edge.idx <= r.start < o.right_edge.idx + len(o.right_edge)
                                   for o in measures) for r in recipients):
        return recipients
    # "lifted the blockade of Qatar", "the siege on Gaza": the one besieged first
    areas = [g for o in measures for g in _pobjs(o, {"of", "on", "upon", "against"})
             if o.lemma_.lower() != "state"] or _pobjs(token, {"in", "on", "over", "across", "throughout"}) + [
        g for o in measures for g in _pobjs(o, {"in", "on", "over", "across", "throughout"})]
    out = []
    for area in areas:
        if area.ent_type_ in _NOT_PARTY_ENTS:
            continue  # "on May 3"
        named = [p for p in party(area) if p.start <= area.idx < p.end]
        out.extend(named or [q for q in [_plain_party(area)] if q])
    return out or recipients


def _object_parties(prep, party) -> list:
    """The parties a preposition's objects name: coded ones by ``party``, else plain noun phrases."""
    return [p for g in prep.children if g.dep_ == "pobj"
            for p in party(g) or [q for q in [_plain_party(g)] if q]]


# ---- revising the argument reader's roles (complete_roles, before any target is added) ---------

# the one who is moved away and the place it leaves: "withdrew peacekeepers from Sinai", "the
# withdrawal of troops from Iraq", "recalled its ambassador from Qatar": the target is the place
# or party left; a force moved is the withdrawer's own (a source, as for MOBILIZE), not a target
WITHDRAW_LEMMAS = {"withdraw", "withdrawal", "pull", "evacuate", "evacuation", "recall", "remove", "removal",
                   "redeploy", "relocate"}
# the act nouns whose by / from / with phrase an annotator marks inside the target phrase:
# "rejected a request by Mr. Erdogan", "refused direct talks with the Afghan government"
INTERACTION_NOUNS = {"talk", "talks", "cooperation", "negotiation", "dialogue", "meeting", "contact", "tie",
                     "relation", "deal", "agreement", "engagement", "partnership", "discussion"}
# titles whose "to" phrase is part of the title, not a party ("the UAE Ambassador to Bahrain")
POSTED_TITLES = {"ambassador", "envoy", "representative", "delegate", "consul", "emissary", "attache",
                 "ambassador-designate", "commissioner", "coordinator", "chargé", "charge"}
# types whose coordinated subjects act together ("Canada and the UK agreed a trade deal"): the
# thing agreed, signed or discussed is no target; each party is the other's
JOINT_TYPES = {"AGREE", "SUPPORT", "CONSULT", "COOPERATE"}
# verbs of harm whose subject may be the attack itself ("a car bombing killed 75 people")
HARM_VERBS = {"kill", "wound", "injure", "hit", "destroy", "damage", "claim", "leave", "hurt", "maim"}
# types whose plain object may be a thing suspended, eased or lifted rather than a party
THING_TARGET_TYPES = {"SANCTION", "RETREAT", "CONCEDE", "YIELD"}
_PARTY_ENTS = {"PERSON", "ORG", "GPE", "NORP"}


def names_party(token) -> bool:
    """Whether a noun names a participant, not a thing or an act: a name entity, a pronoun for
    people, or a generic agent noun ("police", "protesters", "diplomat", "peacekeepers"; the
    title lexicon and the PETRARCH-2/Phoenix generic agents, ``tidings.actors.agents``)."""
    from ..actors.agents import agent_sector

    if token.ent_type_ in _PARTY_ENTS or (token.pos_ == "PROPN" and token.ent_type_ not in _NOT_PARTY_ENTS):
        return True
    if token.pos_ == "PRON":
        return token.lower_ in PERSON_PRONOUNS | PLURAL_PRONOUNS | {"we", "us", "i", "me", "you"}
    return token.pos_ == "NOUN" and agent_sector(token) is not None


def _root(doc, item):
    span = doc.char_span(item.start, item.end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def _retext(item: EventActor, doc, start: int, end: int) -> EventActor:
    return EventActor(start=start, end=end, text=doc_text(doc)[start:end], name=item.name, code=item.code,
                      country=item.country)


_SITE_PREPS = {"near", "on", "at", "in", "outside", "along"}


def _site_of(head, trigger):
    """The plain object of ``trigger`` that a party's word only locates: "a rebel-held area near
    the frontier with the Golan Heights" (up through plain nouns and prepositions, the first one
    after the object a locative), or None."""
    node = head
    for _ in range(3):
        if node.dep_ != "pobj" or node.head.dep_ != "prep":
            return None
        prep, noun = node.head, node.head.head
        if noun.dep_ == "dobj" and noun.head.i == trigger.i:
            if prep.lower_ in _SITE_PREPS and noun.pos_ == "NOUN" and not names_party(noun) \
                    and not _is_act(noun) and not _measure(noun) and noun.i < head.i:
                return noun
            return None
        if noun.pos_ != "NOUN" or names_party(noun):
            return None
        node = noun
    return None


def _widened(item: EventActor, trigger, kind: str = "") -> EventActor:
    """The phrase an annotator marks for a party named inside another noun phrase: the maker of a
    rejected request ("a request by Mr. Erdogan", "every offer made by the Taliban", "a call from
    Bush"), the other side of refused talks ("direct talks with the Afghan government"), a name
    apposed to its title ("the UAE Ambassador to Bahrain, Abdulridha Khori"). The party keeps its
    codes; its words grow to the whole phrase."""
    doc = trigger.doc
    head = _root(doc, item)
    if head is None:
        return item
    if head.dep_ == "appos" and head.head.pos_ == "NOUN" and head.head.i < head.i and head.head.i != trigger.i \
            and names_party(head.head):
        return _retext(item, doc, min(item.start, head.head.left_edge.idx), item.end)
    if head.dep_ in ("compound", "nmod") and head.head.lemma_.lower() in LEAVE_NOUNS and head.head.dep_ == "dobj" \
            and head.head.head.i == trigger.i:
        # "granted [the Portuguese government] permission": the words before the leave noun
        return _retext(item, doc, min(item.start, head.head.left_edge.idx), max(item.end, head.idx + len(head.text)))
    site = _site_of(head, trigger) if kind in PLAIN_TARGET_TYPES else None
    if site is not None:
        # "struck a rebel-held area near the frontier with the Golan Heights", "seized all three
        # pumping stations on the Kirkuk-Baniyas pipeline": the place hit is the object, the
        # party named after it only locates it
        return _retext(item, doc, min(item.start, site.left_edge.idx), item.end)
    if head.dep_ != "pobj" or head.head.dep_ not in ("prep", "agent") or head.head.lower_ not in ("by", "from", "with"):
        return item
    prep = head.head
    noun = prep.head
    if prep.dep_ == "agent" and noun.dep_ == "acl":
        noun = noun.head  # "every offer made by the Taliban"
    if noun.i == trigger.i or noun.pos_ != "NOUN" or noun.dep_ not in ("dobj", "pobj", "nsubjpass", "conj"):
        return item
    low = noun.lemma_.lower()
    if prep.lower_ == "with":
        # "refused official talks with Ghani's government" (not "restored relations with X": there
        # the other side alone is the target)
        fits = low in INTERACTION_NOUNS and kind == "REJECT"
    else:
        # a condemned act keeps its doer as the target's words ("condemned a protest by white
        # farmers": the farmers); a rejected proposal is marked whole
        fits = low in PROPOSAL_NOUNS or (prep.lower_ == "by" and kind == "REJECT" and _is_act(noun))
    if not fits or not any(a.i == trigger.i for a in noun.ancestors):
        return item
    return _retext(item, doc, min(item.start, noun.left_edge.idx), item.end)


def _same_kind(verb, kind: str) -> bool:
    from . import lexicon

    entry = lexicon.match(verb)
    return entry is not None and entry.plover == kind


def _infinitive(verb) -> bool:
    return verb.pos_ in ("VERB", "AUX") and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def _thing(item: EventActor, doc) -> bool:
    """An uncoded target whose head names no participant ("his willingness", "the talks")."""
    head = _root(doc, item)
    return not item.code and head is not None and not names_party(head)


def _first_conjuncts(recipients: list[EventActor], doc) -> list[EventActor]:
    """The uncoded first part of a coordination whose later part is a party ("lifted a ban on girls
    and women": the girls too)."""
    out = list(recipients)
    for r in recipients:
        head = _root(doc, r)
        if head is None or head.dep_ != "conj":
            continue
        first = head.head
        while first.dep_ == "conj":
            first = first.head
        if first.pos_ == "NOUN" and names_party(first) and not any(o.start <= first.idx < o.end for o in out):
            plain = _plain_party(first)
            if plain is not None:
                out.append(plain)
    return sorted(out, key=lambda a: a.start)


def _split_object(item: EventActor, trigger) -> EventActor:
    """One object the parser split in two ("meet [his counterpart] [Italian President Sergio
    Mattarella]": two objects of the verb with nothing between them): the party's words take both."""
    doc = trigger.doc
    head = _root(doc, item)
    if head is None or head.dep_ != "dobj" or head.head.i != trigger.i:
        return item
    before = [c for c in trigger.children if c.dep_ == "dobj" and c.i < head.i
              and c.right_edge.i + 1 == head.left_edge.i]
    if not before:
        return item
    return _retext(item, doc, min(item.start, before[0].left_edge.idx), item.end)


def _apposed_title(item: EventActor, trigger) -> EventActor:
    """A name apposed to the title the verb takes ("meet his counterpart Italian President Sergio
    Mattarella"): the party's words run from the title."""
    doc = trigger.doc
    head = _root(doc, item)
    if head is not None and head.dep_ == "appos" and head.head.pos_ == "NOUN" and head.head.i < head.i \
            and head.head.i != trigger.i and head.head.head.i == trigger.i and names_party(head.head):
        return _retext(item, doc, min(item.start, head.head.left_edge.idx), item.end)
    return item


def _is_act(noun) -> bool:
    from . import lexicon

    return lexicon.match(noun) is not None or noun.lemma_.lower() in ("resolution", "decision", "law", "bill",
                                                                       "measure", "policy", "move")


def _not_title_places(recipients: list[EventActor], doc) -> list[EventActor]:
    """Without the country of a posted title ("the UAE Ambassador to Bahrain": Bahrain is no
    party), when the title's holder is a party already."""
    out = []
    for r in recipients:
        head = _root(doc, r)
        if head is not None and head.dep_ == "pobj" and head.head.lower_ in ("to", "in", "at") \
                and head.head.head.lemma_.lower() in POSTED_TITLES \
                and any(o is not r and (o.start <= head.head.head.idx < o.end or _root(doc, o) is not None
                                        and _root(doc, o).head.i == head.head.head.i) for o in recipients):
            continue
        out.append(r)
    return out


def _without_causes(recipients: list[EventActor], trigger) -> tuple[list[EventActor], list[EventActor]]:
    """Split off the parties named only as a cause ("expelled the diplomat over the refusal of the
    U.S.", "sanctions over the Rohingya crisis ... on Myanmar commanders"): an "over" phrase of the
    trigger or of its object. They stay targets only when nothing else is."""
    doc = trigger.doc
    scope = {trigger.i, *(c.i for c in trigger.children if c.dep_ == "dobj")}
    causes = []
    for r in recipients:
        head = _root(doc, r)
        node = head
        # the "over" phrase the party sits in (directly, or as the "of" part of its object)
        for _ in range(3):
            if node is None or node.dep_ != "pobj":
                break
            prep = node.head
            if prep.lower_ == "over" and prep.head.i in scope:
                causes.append(r)
                break
            if prep.lower_ != "of":
                break
            node = prep.head
    if not causes:
        return recipients, []
    kept = [r for r in recipients if r not in causes]
    return kept, ([] if kept else causes)


def _withdrawn(token, entry, actors, recipients, party, places):
    """"withdrew peacekeepers from the Golan Heights": the force moved joins the sources, the place
    or party left is the target (see WITHDRAW_LEMMAS)."""
    if token.lemma_.lower() not in WITHDRAW_LEMMAS:
        return actors, recipients
    if entry.pos == "V":
        left = _pobjs(token, {"from"}) + [g for o in token.children if o.dep_ == "dobj" for g in _pobjs(o, {"from"})]
        moved = [c for c in token.children if c.dep_ == "dobj"]
    else:
        left = _pobjs(token, {"from"}) + [g for o in _pobjs(token, {"of"}) for g in _pobjs(o, {"from"})]
        moved = _pobjs(token, {"of"})
    if not left:
        return actors, recipients
    doc = token.doc
    moved_spans = [(m.left_edge.idx, m.right_edge.idx + len(m.right_edge.text)) for m in moved]

    def is_moved(r):
        return any(start <= r.start and r.end <= end for start, end in moved_spans) and not any(
            r.start <= w.idx < r.end for w in left)

    forces = [r for r in recipients if is_moved(r) and (
        (r.code or "").endswith(FORCE_SECTORS) or (_root(doc, r) is not None and (
            _root(doc, r).lemma_.lower() in FORCE_NOUNS)))]
    targets = [p for w in left for p in party(w) or [q for q in [_plain_party(w)] if q]]
    if not targets:
        return actors, recipients
    kept = [r for r in recipients if not is_moved(r) and r not in targets]
    return actors + forces, targets + kept


def _joint(token, entry, actors, recipients, party):
    """Coordinated subjects of a joint act ("Canada and the United Kingdom agreed to a trade deal",
    "India and Pakistan agreed to a cease-fire in Kashmir", "Kuwait and its allies agreed"): the
    plain coordinated parts join the parties, and the thing agreed or the place is no target."""
    doc = token.doc
    subjects = [c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")]
    if not subjects and token.dep_ in ("xcomp", "conj"):
        subjects = [c for c in token.head.children if c.dep_ == "nsubj"]
    parts = [p for s in subjects for p in [s, *s.conjuncts] if p.pos_ in ("NOUN", "PROPN")]
    if len(parts) < 2:
        return actors, recipients, False
    added = []
    for p in parts:
        if not any(a.start <= p.idx < a.end for a in actors) and names_party(p):
            added.extend(party(p) or [q for q in [_plain_party(p)] if q])
    actors = actors + [a for a in added if not any(a.start <= b.start < b.end <= a.end or
                                                   b.start <= a.start < a.end <= b.end for b in actors)]
    covered = [p for p in parts if any(a.start <= p.idx < a.end for a in actors)]
    if len(covered) < 2:
        return actors, recipients, False
    things = []
    for r in recipients:
        head = _root(doc, r)
        if head is None:
            continue
        place = head.dep_ == "pobj" and head.head.lower_ in LOCATIVE_PREPS - {"to", "on", "over", "into"} \
            and head.ent_type_ in ("GPE", "LOC", "FAC")
        if place or (not r.code and not names_party(head)):
            things.append(r)
    if len(things) != len(recipients):
        return actors, recipients, False
    return actors, [], True
