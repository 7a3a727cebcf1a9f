"""Event-in-event frames: intentions, requests, claims and refusals that embed another event.

"X wants to attack Y" is not an attack: PLOVER codes the single category the sentence expresses
(manual, "Auxiliary modes"): an intention to do something cooperative is AGREE, to use force is
THREATEN; "X wants Y to ..." is REQUEST; a party's claim that another party used force is ACCUSE;
"X would not provide support" is REJECT. The embedded event is kept, with its modality, but its
confidence is halved: it is the content of another event, not a report that it happened.
"""

from __future__ import annotations

import dataclasses

from ..model import Event, EventActor
from . import lexicon, ontology
from .confidence import participation_confidence
from .modality import modality

INTENT_VERBS = {"want", "intend", "plan", "vow", "pledge", "promise", "offer", "threaten", "agree",
                "seek", "aim", "resolve", "undertake"}
SENDING = {"send", "dispatch", "deploy", "call", "phone"}  # verbs whose purpose clause is the reported act
OFFER_VERBS = {"offer", "agree", "promise", "pledge", "undertake"}
CLAIM_VERBS = {"say", "claim", "allege", "accuse", "charge", "report", "tell", "insist", "state"}
COOPERATIVE = {"SUPPORT", "CONSULT", "COOPERATE", "AID", "RETREAT", "CONCEDE"}
FORCEFUL = {"ASSAULT", "COERCE", "MOBILIZE", "SANCTION", "PROTEST"}
CLAIMED = {"ASSAULT"}  # a party saying another used force is an accusation
# the CAMEO code for an intention / refusal, by the type of the embedded event
# (an announced retreat is a CONCEDE, as the manual says)
INTENT_CODE = {"SUPPORT": "032", "CONSULT": "036", "COOPERATE": "031", "AID": "033", "RETREAT": "080",
               "CONCEDE": "080"}
THREAT_CODE = {"ASSAULT": "138", "COERCE": "137", "MOBILIZE": "138", "SANCTION": "1312", "PROTEST": "133"}
REFUSAL_CODE = {"SUPPORT": "120", "CONSULT": "125", "COOPERATE": "121", "AID": "122", "RETREAT": "124",
                "CONCEDE": "124"}
# intentions to yield that are agreements or offers (AGREE, CAMEO 035), not announcements (CONCEDE)
YIELDING = {"RETREAT", "CONCEDE"}
AGREEING = {"agree", "offer", "promise", "pledge", "undertake", "consent"}
FAILING = {"fail"}  # "failed to reach agreement": no agreement, a rejection
CONTENT = 0.5  # confidence factor for an embedded event


def _recode(event: Event, code: str, trigger=None, **changes) -> Event:
    kind, mode = ontology.plover_for(code)
    values = dict(type=kind, mode=mode, cameo=ontology.cameo_root(code), quad=ontology.quad_for(code),
                  goldstein=ontology.goldstein_for(code))
    if trigger is not None:
        values["trigger"] = dataclasses.replace(event.trigger, start=trigger.idx,
                                                end=trigger.idx + len(trigger.text), text=trigger.text)
    values.update(changes)
    return dataclasses.replace(event, **values)


OBLIGATION = {"must", "should", "ought"}


def _obliged(verb) -> bool:
    """Whether a clause says what its subject must do: "must / should / ought to / has to / needs to"."""
    if any(c.dep_ == "aux" and c.lower_ in OBLIGATION for c in verb.children):
        return True
    head = verb.head
    return verb.dep_ == "xcomp" and head.lemma_.lower() in ("have", "need") and head is not verb


def _speaker(verb, party) -> list[EventActor]:
    return [p for c in verb.children if c.dep_ == "nsubj" for p in party(c)]


def _governor(token):
    """The verb that embeds this trigger's clause, and how ("xcomp" / "ccomp" / "advcl"), or (None, None).

    For a nominal event the clause is that of the verb it hangs from ("said eight people were killed
    in an air strike by government forces").
    """
    node = token
    if token.pos_ not in ("VERB", "AUX"):
        for _ in range(6):
            if node.head is node:
                return None, None
            node = node.head
            if node.pos_ in ("VERB", "AUX"):
                break
        else:
            return None, None
    for _ in range(3):
        if node.dep_ == "conj":
            node = node.head
            continue
        break
    if node.dep_ in ("xcomp", "ccomp") and node.head is not node:
        return node.head, node.dep_
    if node.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in node.children):
        return node.head, "advcl"  # "pressured by Congress to help Iran": a purpose
    if node.dep_ == "acl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in node.children):
        # "would not give permission to Russia to help Israel": the content of "give permission"
        owner = node.head
        if owner.head is not owner and owner.head.pos_ in ("VERB", "AUX"):
            return owner.head, "acl"
    return None, None


def _alleged(token, accusations: set[int]) -> bool:
    """Whether the trigger's clause is the content of an accusation in the same sentence ("a report
    alleged that the military helped to plan and carry out killings"): an allegation, not a report
    that the event happened."""
    node = token
    for _ in range(10):
        head = node.head
        if head is node:
            return False
        if node.dep_ == "ccomp" and head.i in accusations:
            return True
        if node.dep_ not in ("xcomp", "ccomp", "conj", "dobj", "pobj", "prep", "pcomp", "nsubjpass", "nsubj"):
            return False
        node = head
    return False


# cooperation reported in the future is AGREE (manual, AGREE: "Cooperative actions of types CONSULT,
# SUPPORT, COOPERATE, and AID reported in future tense are also taken to imply intentions"); a
# future RETREAT or CONCEDE stays a concession (manual, CONCEDE)
FUTURE_AGREE = {"CONSULT", "SUPPORT", "COOPERATE", "AID"}


def _future_cooperation(token, entry, events, kinds=FUTURE_AGREE) -> bool:
    """Whether the trigger is cooperation told in the future: a verb whose own clause is planned
    ("will meet", "is ready to contribute troops"), or a noun that is the object of such a verb
    ("will hold talks"). A noun planned only by its modifier ("the upcoming summit") is not.
    (With ``kinds=FORCEFUL``: force or coercion a party says it will use, see ``_stated``.)"""
    if events[0].type not in kinds or events[0].modality != "planned":
        return False
    if token.dep_ == "xcomp" and token.head.lower_ in ("about", "poised", "set", "due"):
        return False  # "is about to restore ties": imminent, it keeps its own category
    verb = token
    if entry.pos == "V":
        if token.dep_ in ("amod", "acl", "relcl"):
            return False
    else:
        verb = token.head
        if token.dep_ not in ("dobj", "nsubjpass") or verb.pos_ not in ("VERB", "AUX") \
                or modality(verb) != "planned":
            return False
    return _stated(verb)


OWN = {"it", "they", "we", "he", "she", "i"}
GOVERNMENTS = {"government", "administration", "cabinet", "ministry", "authority", "army", "military"}
SPOKESPEOPLE = {"minister", "president", "premier", "chancellor", "spokesman", "spokeswoman", "spokesperson",
                "official", "ministry", "secretary", "governor", "mayor", "king", "prime"}


def _own_word(verb, clause, speech) -> bool:
    """Whether the speaker tells its own intention: "Interpol said it will send a team", "Japan said
    Japan will ...". A source reporting someone else's plan ("the agency said a relationship would
    be established", "officials said X is about to ...") is not an intention of the actor."""
    def subject(v):
        node = v
        for _ in range(4):
            found = [c for c in node.children if c.dep_ in ("nsubj", "nsubjpass")]
            if found:
                return found[0]
            if node.dep_ not in ("xcomp", "conj", "acomp") or node.head is node:
                return None
            node = node.head
        return None
    doer, speaker = subject(verb), subject(speech)
    if doer is None or speaker is None or doer.dep_ == "nsubjpass":
        return False
    if doer.lower_ in OWN:
        return True
    if any(c.dep_ == "poss" and c.lower_ in ("his", "her", "its", "their") for c in speaker.children):
        return True  # "X will meet Y, his office said"
    if lexicon.lemma_of(doer) in GOVERNMENTS and not any(c.dep_ == "poss" for c in doer.children) and any(
            lexicon.lemma_of(w) in SPOKESPEOPLE for w in [speaker, *speaker.children]
            if w is speaker or w.dep_ in ("compound", "appos")):
        # "the prime minister announced that the government will ...", "Prime Minister Andrew Holness
        # said the government will ..." (not "the opposition leader said Japan's government will")
        return True
    return doer.lemma_.lower() == speaker.lemma_.lower() or (
        bool(doer.ent_type_) and doer.ent_type_ == speaker.ent_type_ and doer.text == speaker.text)


WILLING = {"willing", "ready", "prepared", "committed", "eager", "keen"}
STATING = {"say", "announce", "tell", "state", "declare", "confirm", "report", "add", "insist", "indicate",
           "signal", "reiterate", "vow", "pledge", "promise", "assure", "write", "note"}


def _stated(verb) -> bool:
    """Whether a future act is stated by a party as its intention: the content of a speech verb
    ("Interpol said it will send a team", "X will meet Y, his office said"), "according to", or
    under "willing / ready / committed to". A bare future ("Obama will meet Putin in Zurich") is a
    planned event of its own type (PETRARCH's GSR codes it so; the manual leaves it open)."""
    node = verb
    for _ in range(6):
        if any(c.dep_ == "prep" and c.lower_ == "according" for c in node.children):
            return True
        head = node.head
        if head is node:
            return False
        if node.dep_ in ("ccomp", "parataxis") and head.lemma_.lower() in STATING:
            return _own_word(verb, node, head)
        if node.dep_ == "xcomp" and head.lemma_.lower() in WILLING:
            return True
        if node.dep_ not in ("conj", "xcomp", "ccomp", "acomp"):
            return False
        node = head
    return False


WILL = ("will", "would", "wo", "'ll")


def _refused(token, entry, kind) -> bool:
    """Whether a negated cooperative event is a refusal: "he would not provide support", "the Taliban
    will not begin talks" (the noun's light verb), "the government did not give permission" (a
    concession withheld, in any tense). A plain past negation of other acts ("Japan did not send
    aid") reports that something did not happen, not that it was refused."""
    verb = token
    if entry.pos == "N":
        if token.dep_ not in ("dobj", "nsubjpass") or token.head.pos_ not in ("VERB", "AUX"):
            return False
        verb = token.head
    if not any(c.dep_ == "neg" for c in verb.children):
        return False
    if any(c.dep_ == "aux" and c.lower_ in WILL for c in verb.children):
        return True
    return kind == "CONCEDE" and entry.pos == "V"


def rewrite(items: list[tuple], party) -> list[tuple]:
    """Apply the frames to one sentence's (token, entry, events) triples.

    ``party(token)`` reads the participants of an argument headed by ``token`` (the extractor's
    argument reader, passed in so that this module does not import the extractor).
    """

    by_token = {token.i: k for k, (token, _, _) in enumerate(items)}
    framed: set[int] = set()
    out = [list(item) for item in items]
    for k, (token, entry, events) in enumerate(items):
        if not events:
            continue
        if entry.pos == "N" and token.dep_ in ("dobj", "nsubjpass", "pobj") \
                and by_token.get(token.head.i) is not None:
            # "condemned the attack", "declined the meeting": a nominal event that is another's object
            out[k][2] = [dataclasses.replace(e, confidence=round(e.confidence * CONTENT, 2)) for e in events]
            continue
        kind = events[0].type
        governor, how = _governor(token)
        if _future_cooperation(token, entry, events):
            # "will meet", "will provide aid", "is willing to help", "will hold talks": cooperation
            # reported in the future is an intention, AGREE (manual, AGREE), with its modality
            # "is willing to provide aid": the intention is what the sentence reports (full confidence);
            # under another governor ("determined to mend ties") it keeps its placement's
            willing = token.dep_ == "xcomp" and token.head.lemma_.lower() in WILLING
            out[k][2] = [_recode(e, INTENT_CODE[kind], confidence=participation_confidence(e.actors, e.recipients)
                                 if willing else e.confidence) for e in events]
            continue
        if governor is not None and how == "xcomp" and governor.lemma_.lower() in FAILING \
                and kind in ("SUPPORT", "AGREE") and governor.i not in framed and by_token.get(governor.i) is None:
            # "failed to reach agreement", "failed to agree on a deal": parties that could not agree
            # reject each other's terms (REJECT, CAMEO 120), the failed agreement is not an event
            out[k][2] = [dataclasses.replace(e, confidence=round(e.confidence * CONTENT, 2)) for e in events]
            framed.add(governor.i)
            # the parties that failed to agree are the event's joint parties; what they failed to
            # agree on ("on a free-trade deal") is no participant
            out.append([governor, entry, [_recode(e, "120", governor, modality=modality(governor),
                                                  recipients=[r for r in e.recipients if r.code] if len(e.actors) < 2 else [],
                                                  confidence=participation_confidence(e.actors, e.recipients))
                                          for e in events[:1]]])
            continue
        if kind in THREAT_CODE and _future_cooperation(token, entry, events, FORCEFUL) \
                and not (governor is not None and governor.lemma_.lower() in INTENT_VERBS | WILLING):
            # "Turkey says it will begin a military operation against the Kurds", "the opposition said
            # it would boycott the vote", "the government will extend the curfew, the minister
            # announced": force or coercion a party states it will use is a threat (manual,
            # "Auxiliary modes": THREATEN, not ASSAULT + future)
            out[k][2] = [_recode(e, THREAT_CODE[kind]) for e in events]
            continue
        if entry.pos == "N" and how != "ccomp":
            continue  # for nominal events only the claim frame and the content rule apply
        if governor is not None:
            glemma = governor.lemma_.lower()
            own_subject = any(c.dep_ == "nsubj" for c in token.children)
            controller = [c for c in governor.children if c.dep_ == "dobj"]
            new = None
            if governor.i in framed:
                pass  # the governing word already has its frame event: this one is more content
            elif glemma in ("want", "wish") and entry.pos == "V" and (controller or (own_subject and how == "ccomp")):
                # "Obama wants Putin to attack Switzerland": a request to Putin
                target = controller[0] if controller else next(c for c in token.children if c.dep_ == "nsubj")
                new = [_recode(e, "020", governor, actors=_speaker(governor, party), recipients=party(target),
                               modality=modality(governor)) for e in events[:1]]
            elif glemma in INTENT_VERBS and how == "xcomp" and not own_subject and entry.pos == "V":
                code = INTENT_CODE.get(kind) or THREAT_CODE.get(kind)
                if glemma == "threaten":
                    # "threatened to withdraw from the ceasefire", "threatened to cut aid": whatever
                    # is threatened, the event is the threat (manual, THREATEN)
                    code = THREAT_CODE.get(kind) or "130"
                elif kind in YIELDING and glemma in AGREEING:
                    # "agreed to resign / lift the ban / release the prisoners": an agreement to yield
                    # is AGREE (manual, AGREE: "agree to, offer, promise ..."); an announced retreat
                    # ("said it would withdraw") stays CONCEDE (manual, RETREAT)
                    code = "035"
                if kind == "MOBILIZE" and glemma in OFFER_VERBS:
                    code = "0312"  # "offered to send troops to help": military cooperation, not a threat
                if code:
                    new = [_recode(e, code, governor, modality=modality(governor)) for e in events[:1]]
            elif glemma in CLAIM_VERBS and how == "ccomp" and entry.pos == "V" and _obliged(token) \
                    and own_subject:
                # "X said the government must ensure security": a demand on the clause's subject
                subject = next(c for c in token.children if c.dep_ == "nsubj")
                speaker = _speaker(governor, party)
                target = party(subject)
                if speaker and not {(p.start, p.end) for p in speaker} & {(p.start, p.end) for p in target}:
                    new = [_recode(e, "020", governor, actors=speaker, recipients=target,
                                   modality=modality(governor)) for e in events[:1]]
            elif glemma in CLAIM_VERBS and how == "ccomp" and kind in CLAIMED \
                    and events[0].modality in ("reported", "asserted"):
                # a named party (a country or an IGO, not a news medium) says another used force
                speaker = [p for p in _speaker(governor, party) if p.code and not p.code.endswith("MED")
                           and (p.country or p.code.startswith("IGO"))]
                homes = {p.country or p.code for p in speaker}
                accused = [a for e in events[:1] for a in e.actors
                           if (a.country or a.code or a.text) not in homes]
                victim = any((r.country or r.code) in homes for e in events[:1] for r in e.recipients)
                own_side = any((a.country or a.code) in homes for e in events[:1] for a in e.actors)
                if speaker and not own_side and (accused or victim):
                    new = [_recode(e, "112", governor, actors=speaker, recipients=accused,
                                   modality=modality(governor)) for e in events[:1]]
            if new or governor.i in framed:
                out[k][2] = [dataclasses.replace(e, confidence=round(e.confidence * CONTENT, 2)) for e in events]
            if new:
                framed.add(governor.i)
                new = [dataclasses.replace(e, confidence=participation_confidence(e.actors, e.recipients))
                       for e in new]
                g = by_token.get(governor.i)
                if g is not None:
                    out[g][2] = new  # the governing word's own event is replaced by the frame's reading
                else:
                    out.append([governor, entry, new])
                continue
            if governor.i in framed:
                continue
            g = by_token.get(governor.i)
            if g is not None and how == "advcl" and glemma in SENDING and kind not in ("MOBILIZE", "ASSAULT"):
                # "France sent experts to investigate the attacks": the sending is the means, the
                # purpose is the act the sentence reports (its actor is the sender)
                out[g][2] = [dataclasses.replace(e, confidence=round(e.confidence * CONTENT, 2)) for e in out[g][2]]
                out[k][2] = [dataclasses.replace(e, confidence=participation_confidence(e.actors, e.recipients))
                             for e in events]
                continue
            if g is not None:
                # "urged Bree to help", "declined to attend": the content of another event
                out[k][2] = [dataclasses.replace(e, confidence=round(e.confidence * CONTENT, 2)) for e in events]
                continue
        if kind in YIELDING and token.dep_ == "xcomp" and token.head.lemma_.lower() in WILLING:
            # "Israel is willing to withdraw its troops": a stated willingness to yield is AGREE
            # (manual, AGREE: "indicate willingness or commitment")
            out[k][2] = [_recode(e, "035", confidence=participation_confidence(e.actors, e.recipients))
                         for e in events]
            continue
        if kind == "RETREAT" and events[0].modality == "planned":
            # "Israel announced it would free 150 prisoners": an announced retreat is a CONCEDE
            out[k][2] = [_recode(e, "080") for e in events]
            continue
        if events[0].modality == "negated" and kind in REFUSAL_CODE and _refused(token, entry, kind):
            # "Obama said he would not provide support to Israel": a refusal
            mood = "reported" if governor is not None and governor.lemma_.lower() in CLAIM_VERBS else "asserted"
            out[k][2] = [_recode(e, REFUSAL_CODE[kind], modality=mood) for e in events]
    accusations = {token.i for token, entry, events in items if events and entry.plover == "ACCUSE"
                   and entry.pos == "V"}
    for item in out:
        token, _, events = item
        k = by_token.get(token.i)
        if events and token.i not in accusations and k is not None and events is items[k][2] \
                and _alleged(token, accusations):
            item[2] = [dataclasses.replace(e, confidence=round(e.confidence * CONTENT, 2)) for e in events]
    return [tuple(item) for item in out]
