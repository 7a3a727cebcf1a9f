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
            if child.dep_ in _CUT_DEPS and not (child.dep_ == "prep" and child.lower_ == "of"):
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
        text=doc.text[start:end],
        name=actor.name if actor else None,
        code=actor.code if actor else None,
        country=actor.country if actor else None,
    )


def from_actor(actor: Actor, token) -> EventActor:
    """An EventActor for a pronoun: the pronoun's words, the antecedent's codes."""
    return EventActor(start=token.idx, end=token.idx + len(token.text), text=token.text,
                      name=actor.name, code=actor.code, country=actor.country)


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
