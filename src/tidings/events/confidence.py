"""How sure tidings is of an event: ``Event.confidence`` from its participants and its reading.

PLOVER codes an event only when it has an explicit actor (manual, "Some residual issues"), so
the participants set the base; ``extract`` and ``frames`` lower it for an event that is the content
of another one.
"""

from __future__ import annotations

from ..model import EventActor


def participation_confidence(actors: list[EventActor], recipients: list[EventActor]) -> float:
    """0.9 with a coded actor, 0.7 with a named but uncoded actor, 0.4 with only recipients, 0.3 with nobody.

    PLOVER codes an event only when it has an explicit actor (manual, "Some residual issues").
    """
    if any(a.code for a in actors):
        return 0.9
    if actors:
        return 0.7
    return 0.4 if recipients else 0.3


# where the trigger sits: an event in a subordinate clause or a prepositional phrase ("after
# rebels attacked the town", "in the attack", "who met ...") is background to what the sentence
# reports, and is right less often (measured on PLV: main clause 0.81, adverbial clause 0.46,
# prepositional object 0.23, relative clause 0.53)
SUBORDINATE = {"advcl", "acl", "relcl", "pobj", "xcomp", "pcomp", "npadvmod", "appos"}
BACKGROUND = 0.5  # factor: a 0.9 event in such a place falls under 0.5
UNCERTAIN = {"hypothetical": 0.5}  # "could", "would", "if": right 0.22 of the time on PLV


def placement_factor(token, modality: str) -> float:
    """How much less sure an event is for where its trigger sits and for its modality."""
    factor = 1.0
    node = token
    # a noun takes the place of the verb it hangs from ("held talks" sits where "held" sits)
    if node.pos_ not in ("VERB", "AUX") and node.dep_ in ("dobj", "nsubjpass", "attr", "oprd"):
        node = node.head
    if node.dep_ in SUBORDINATE and not _planned_complement(node):
        factor *= BACKGROUND
    return factor * UNCERTAIN.get(modality, 1.0)


def _planned_complement(node) -> bool:
    """"is about / ready / poised to restore ties", "plans to meet", "is scheduled to attend": the
    infinitive is what the sentence reports (as planned), not background."""
    from .modality import PLAN_GOVERNORS

    head = node.head
    return node.dep_ == "xcomp" and (head.pos_ == "ADJ" or head.dep_ == "acomp"
                                     or head.lemma_.lower() in PLAN_GOVERNORS)
