"""How sure tidings is of an event: ``Event.confidence`` from its participants and its reading.

PLOVER codes an event only when it has an explicit actor (manual, "Some residual issues"), so
the participants set the base; ``extract`` and ``frames`` lower it for an event that is the content
of another one.
"""

from __future__ import annotations

import dataclasses
import math

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
    if (node.dep_ in SUBORDINATE and not _planned_complement(node)) or (
            node.dep_ == "ROOT" and reduced_relative(node)):
        factor *= BACKGROUND
    return factor * UNCERTAIN.get(modality, 1.0)


def _planned_complement(node) -> bool:
    """"is about / ready / poised to restore ties", "plans to meet", "is scheduled to attend": the
    infinitive is what the sentence reports (as planned), not background."""
    from .modality import PLAN_GOVERNORS

    head = node.head
    return node.dep_ == "xcomp" and (head.pos_ == "ADJ" or head.dep_ == "acomp"
                                     or head.lemma_.lower() in PLAN_GOVERNORS)


# ---- confidence from features ----------------------------------------------------------------
#
# ``calibrate`` replaces the rule-of-thumb confidence above with a logistic score over features
# that say why an event may be wrong: who takes part, where the trigger sits, its modality,
# whether it is the content of another event, and what kind of lexicon row found it. The weights
# were fitted on PLV (scripts/fit_confidence.py: fit on even sentence ids, scored on odd ids, and
# the reverse; the shipped weights are the fit on all 1,049 sentences, rounded). No feature names
# a word or a PLOVER type: per-type weights did not carry from one half of PLV to the other.

REPORTING = {"say", "report", "claim", "state", "tell", "add", "note", "announce", "allege", "insist",
             "confirm", "accuse", "warn", "write", "declare", "indicate"}


def _anchor(token):
    """The word whose place in the sentence the trigger takes: a noun that is the object (or
    passive subject, attribute) of a verb takes the verb's ("held talks" sits where "held" sits)."""
    node = token
    if node.pos_ not in ("VERB", "AUX") and node.dep_ in ("dobj", "nsubjpass", "attr", "oprd"):
        node = node.head
    return node


def position(token) -> str:
    """Where the trigger sits: ``main`` (the sentence's main clause), ``reported`` (the clause a
    speech verb of the main clause reports: "X said Y attacked"), ``complement`` (a clause another
    verb governs: "decided to attack"; "is about / ready to", "plans to" + infinitive count as
    main), ``subject`` (a noun that is a subject: "the attack killed
    ...") or ``background`` (an adverbial or relative clause, a clause on a noun, a prepositional
    phrase, a modifier)."""
    node = _anchor(token)
    for _ in range(4):  # coordinated verbs share the first one's place
        if node.dep_ == "conj" and node.head is not node:
            node = node.head
        else:
            break
    dep = node.dep_
    if dep == "ROOT" or node.head is node:
        return "background" if reduced_relative(node) else "main"
    if dep in ("ccomp", "parataxis") and node.head.lemma_.lower() in REPORTING:
        head = node.head
        return "reported" if head.dep_ == "ROOT" or head.head is head else "background"
    if dep in ("xcomp", "ccomp", "acomp"):
        # "is about / ready / poised to restore ties", "plans to meet": what the sentence reports
        return "main" if _planned_complement(node) else "complement"
    if dep in ("nsubj", "csubj"):
        return "subject"
    return "background"


def reduced_relative(verb) -> bool:
    """Whether the parser took a reduced relative for the main verb: "The civilians imprisoned for
    ... were released by Putin", "Protesters detained during the rally were freed": the root has no
    object and no auxiliary of its own, and a later verb with its own auxiliary ("were released")
    but no subject hangs from it with no "and" between them. The later verb is the report."""
    if verb.tag_ not in ("VBD", "VBN") or not any(c.dep_ == "nsubj" and c.i < verb.i for c in verb.children):
        return False
    if any(c.dep_ in ("dobj", "aux", "auxpass", "ccomp", "xcomp") for c in verb.children):
        return False
    for later in verb.children:
        if later.i < verb.i or later.dep_ not in ("conj", "advcl") or later.pos_ != "VERB":
            continue
        if any(c.dep_ in ("nsubj", "nsubjpass", "mark") for c in later.children):
            continue
        if not any(c.dep_ in ("aux", "auxpass") and c.tag_ in ("VBD", "VBZ", "VBP") for c in later.children):
            continue
        if any(c.dep_ == "cc" and verb.i < c.i < later.i for c in verb.children):
            continue
        return True
    return False


def _ambiguous(entry) -> bool:
    """Whether the trigger's word codes to more than one PLOVER type across its lexicon rows
    ("strike": ASSAULT or PROTEST; "support": SUPPORT or AID): its sense had to be read from the frame."""
    from . import lexicon

    rows = lexicon.entries().get((entry.lemma, entry.pos), ())
    return len({r.plover for r in rows}) > 1


def _requires_recipient(kind: str) -> bool:
    from . import ontology

    found = ontology.plover_types().get(kind)
    return bool(found and found.requires_recipient)


def _ancestors(token) -> list:
    out = []
    node = token
    for _ in range(12):
        if node.head is node:
            break
        node = node.head
        out.append(node)
    return out


def features(token, entry, event, triggers: set[int]) -> dict[str, float]:
    """The features of one event (``triggers``: the token indices of the sentence's event words).

    ``event.confidence`` is still the rule-of-thumb value: ``content`` reads from it whether
    ``frames`` halved it (the event is the content of another one)."""
    actors, recipients = event.actors, event.recipients
    place = position(token)
    base = participation_confidence(actors, recipients) * placement_factor(token, event.modality)
    others = triggers - {token.i}
    coded_source = any(a.code for a in actors)
    return {
        # participants: PLOVER codes an event only when it has an explicit actor
        "coded_source": float(coded_source),
        "named_source": float(bool(actors) and not coded_source),
        "coded_target": float(any(r.code for r in recipients)),
        "named_target": float(bool(recipients) and not any(r.code for r in recipients)),
        "no_required_target": float(not recipients and _requires_recipient(event.type)),
        # the trigger and the row that found it
        "noun": float(entry.pos == "N"),
        "derived": float(entry.source != "lexicon"),  # a PETRARCH-2 pattern, not the project's own row
        "framed_row": float(bool(entry.conditions)),
        "ambiguous": float(_ambiguous(entry)),
        "recoded": float(event.type != entry.plover),  # a frame gave it another type
        # modality (negated events are not scored)
        "reported": float(event.modality == "reported"),
        # an intention a frame coded ("will send a team" AGREE) is itself asserted
        "planned": float(event.modality == "planned" and event.type == entry.plover),
        "hypothetical": float(event.modality == "hypothetical"),
        "attempted": float(event.modality == "attempted"),
        # where the trigger sits, and its relation to the sentence's other events
        "pos_reported": float(place == "reported"),
        "pos_complement": float(place == "complement"),
        "pos_background": float(place == "background"),
        "pos_subject": float(place == "subject"),
        # a reduced relative the parser took for the root governs nothing: the later verb is the report
        "embedded": float(any(a.i in others and not reduced_relative(a) for a in _ancestors(token))),
        "governs": float(not reduced_relative(token) and any(token in _ancestors(token.doc[i]) for i in others)),
        "content": float(event.confidence < 0.75 * base),
        "crowded": float(len(others) >= 2),
        # background beside the sentence's own report: "X struck Y ... the group that has seized
        # Z", "troops withdrew ..., two weeks after rebels kidnapped ...": the clause recalls
        # an earlier event while another event word sits in the main or reported clause
        **_bgkind(token, place),
        "deep": float(_depth(token) >= 2),
    }


def _depth(token) -> int:
    """How many subordinate links (clauses, phrases) lie between the trigger and the sentence's
    root: "expanding its campaign against the group that has seized ..." is two deep; at two or
    more the event is further background (``deep``: weight negative in both PLV halves)."""
    node = _anchor(token)
    n = 0
    for _ in range(12):
        if node.head is node:
            break
        if node.dep_ in SUBORDINATE or node.dep_ in ("relcl", "advcl", "ccomp"):
            n += 1
        node = node.head
    return n


def _bgkind(token, place) -> dict[str, float]:
    """Which kind of background a trigger in the ``background`` position is: a relative clause
    ("the group that has seized parts of Iraq"), a clause on a noun ("the civilians imprisoned
    for ..."), or a temporal clause or phrase ("two weeks after rebels kidnapped ...", "before
    leaving"), which recalls an earlier or later event than the one the sentence reports. On PLV
    all three are right less often than other background (weights negative in both halves)."""
    node = _anchor(token)
    while node.dep_ == "conj" and node.head is not node:
        node = node.head
    kinds = {"bg_relcl": 0.0, "bg_temporal": 0.0, "bg_acl": 0.0}
    if place != "background":
        return kinds
    marks = {c.lemma_.lower() for c in node.children if c.dep_ == "mark"}
    if node.dep_ == "relcl":
        kinds["bg_relcl"] = 1.0
    elif node.dep_ == "acl" or node.dep_ == "ROOT":  # ROOT: a reduced relative the parser misread
        kinds["bg_acl"] = 1.0
    if marks & {"after", "before", "since", "until", "when", "while", "as"} or (
            node.dep_ in ("pcomp", "pobj") and node.head.lemma_.lower() in ("after", "before", "since", "following")):
        kinds["bg_temporal"] = 1.0
    return kinds


# fitted by scripts/fit_confidence.py on PLV_train.tsv (all 1,049 sentences), rounded to 0.1
BIAS = 0.7
WEIGHTS: dict[str, float] | None = {
    "coded_source": 0.6, "named_source": 0.7, "coded_target": 0.4, "named_target": 0.5,
    "no_required_target": -0.4, "noun": -0.3, "derived": -0.3, "framed_row": 0.0, "ambiguous": -0.4,
    "recoded": -0.6, "reported": 0.1, "planned": -1.5, "hypothetical": -1.7, "attempted": -0.3,
    "pos_reported": -0.3, "pos_complement": -0.1, "pos_background": -0.9, "pos_subject": 0.3,
    "embedded": -0.7, "governs": 0.4, "content": -1.2, "crowded": -0.6,
    # added on merged main: each weight is the one the all-PLV refit (scripts/fit_confidence.py)
    # gave it, the other weights are kept (the full refit lowered PETR2_GSR to 0.803); each of these
    # four is negative in both the even-id and the odd-id fits
    "bg_temporal": -0.9, "bg_acl": -0.5, "bg_relcl": -0.2, "deep": -0.4,
}

# PLOVER codes an event only when it has an explicit actor (manual, "Some residual issues"), and an
# event that ``frames`` made the content or the means of another ("urged X to help", "sent experts
# to investigate": the sending) is not what the sentence reports (right 0.14 of the time on PLV):
# both stay under the 0.5 that the evaluation and the store's filters use
CAP = 0.45
# the share of the rule-of-thumb value in the final confidence (the rest is the fitted score): PLV's
# annotators code future cooperation as AGREE where PETRARCH's gold codes "is scheduled to attend"
# CONSULT; the blend keeps one set's conventions from overriding the other's (PETR2_GSR PLOVER F1
# 0.786 with the fitted score alone, 0.806 with 0.3 of the rule value; PLV root F1 0.674 -> 0.676)
BLEND = 0.3

RECORD: list | None = None  # a list here collects (features, event) pairs (scripts/fit_confidence.py)


def score(feats: dict[str, float]) -> float:
    """The logistic score of a feature dict under ``BIAS`` and ``WEIGHTS``, rounded to 0.01."""
    z = BIAS + sum((WEIGHTS or {}).get(k, 0.0) * v for k, v in feats.items())
    return round(1.0 / (1.0 + math.exp(-z)), 2)


def calibrate(items: list[tuple]) -> list[tuple]:
    """One sentence's (token, entry, events) triples, each event's confidence from its features
    (``WEIGHTS = None`` keeps the rule-of-thumb values)."""
    triggers = {token.i for token, _, events in items if events}
    out = []
    for token, entry, events in items:
        scored = []
        for event in events:
            feats = features(token, entry, event, triggers)
            if RECORD is not None:
                RECORD.append((feats, event))
            if WEIGHTS is not None:
                value = round(BLEND * event.confidence + (1 - BLEND) * score(feats), 2)
                if not event.actors or feats["content"]:
                    value = min(value, CAP)
                event = dataclasses.replace(event, confidence=value)
            scored.append(event)
        out.append((token, entry, scored))
    return out
