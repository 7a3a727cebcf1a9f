"""Modality of an event: asserted, negated, hypothetical, planned, attempted or reported.

Read from the trigger's clause: negation, modal auxiliaries, the verb that governs the trigger
("declined to", "plans to", "tried to"), conditional clauses ("if ..."), and attribution to a
source ("X reported that ...", "according to X"). Nominal events ("the summit") take the modality
of the clause they sit in ("a meeting would give ...", "almost had a meeting").
"""

from __future__ import annotations

# the strongest reading wins
ORDER = ("negated", "attempted", "hypothetical", "planned", "reported", "asserted")

NEGATORS = {"not", "n't", "never", "no", "neither", "nor"}
NEGATING_GOVERNORS = {"refuse", "decline", "fail", "cancel", "postpone", "delay", "halt", "stop",
                      "suspend", "cease", "abandon", "avoid", "deny", "reject", "rule", "call",
                      "lift", "end", "remove", "scrap", "ease", "drop", "discontinue", "block", "scuttle",
                      "terminate", "abort", "shelve", "quash", "overturn", "withdraw", "prevent", "thwart",
                      "foil", "veto"}
# verbs that deny what their object says, not that it exists: "denied the allegations", "rejected
# the proposal" (the allegation was made; its content is what is denied)
DENYING = {"deny", "reject", "refute", "dismiss", "dispute", "rebuff", "contest", "challenge", "repudiate"}
ATTEMPT_GOVERNORS = {"try", "attempt", "seek", "strive", "struggle", "endeavor", "endeavour"}
ATTEMPT_ADVERBS = {"almost", "nearly", "narrowly"}
PLAN_GOVERNORS = {"plan", "intend", "schedule", "expect", "prepare", "aim", "set", "arrange",
                  "agree", "promise", "pledge", "vow", "offer", "propose", "threaten", "push",
                  "due", "slate", "mean", "resolve", "undertake", "about", "poised", "poise", "ready",
                  "willing", "prepared", "committed", "determined", "eager", "keen"}
HYPOTHETICAL_GOVERNORS = {"want", "hope", "wish", "consider", "like", "ask", "urge", "demand",
                          "call", "seem", "may", "might", "could", "would", "should"}
FUTURE_AUX = {"will", "shall", "'ll", "wo"}
HYPOTHETICAL_AUX = {"would", "could", "might", "may", "should", "can", "must", "'d"}
REPORT_VERBS = {"say", "report", "claim", "state", "tell", "add", "note", "allege", "insist",
                "quote", "write", "assert", "argue", "contend", "maintain", "believe", "announce"}
CONDITIONAL_MARKS = {"if", "unless", "provided", "whether"}
PLAN_MODIFIERS = {"planned", "proposed", "upcoming", "scheduled", "expected", "future", "possible",
                  "potential", "prospective", "forthcoming", "next", "intended"}
PLAN_ACL = {"schedule", "plan", "set", "expect", "slate", "due", "propose"}

CLAUSAL = {"VERB", "AUX"}


def _verb_flags(verb, flags: set[str], first: bool) -> None:
    """Modality evidence on one verb of the chain."""
    lemma = verb.lemma_.lower()
    for child in verb.children:
        low = child.lower_
        if child.dep_ == "neg" or (child.dep_ in ("advmod", "det") and low in ("never", "no")):
            flags.add("negated")
        elif child.dep_ in ("aux", "auxpass") and low in FUTURE_AUX:
            flags.add("planned")
        elif child.dep_ in ("aux", "auxpass") and low in ("would", "'d"):
            flags.add("would")  # future-in-the-past when reported, else hypothetical
        elif child.dep_ in ("aux", "auxpass") and low in HYPOTHETICAL_AUX:
            flags.add("hypothetical")
        elif child.dep_ == "advmod" and low in ATTEMPT_ADVERBS:
            flags.add("attempted")
        elif child.dep_ == "mark" and low in CONDITIONAL_MARKS:
            flags.add("hypothetical")
        elif child.dep_ == "prep" and low == "according":
            flags.add("reported")
        elif child.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in ("if", "unless")
                                           for m in child.children):
            flags.add("hypothetical")  # the consequence of a condition: "if ..., Japan will lift"
    # "Neither X nor Y boycotted": a negated subject
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass") and any(
                g.lower_ in ("neither", "no", "none") and g.dep_ in ("preconj", "det") for g in child.children):
            flags.add("negated")
    # "is going to meet", "is about to restore"
    if lemma == "go" and verb.tag_ == "VBG" and any(c.dep_ == "xcomp" for c in verb.children):
        flags.add("planned")
    if not first:
        if lemma in NEGATING_GOVERNORS:
            flags.add("negated")
        elif lemma in ATTEMPT_GOVERNORS:
            flags.add("attempted")
        elif lemma in PLAN_GOVERNORS:
            flags.add("planned")
        elif lemma in HYPOTHETICAL_GOVERNORS:
            flags.add("hypothetical")


def _clause_verb(token):
    """The verb a nominal trigger belongs to ("a meeting ... would give" -> give), or None."""
    node = token
    for _ in range(8):
        if node.dep_ in ("ROOT",) or node.head is node:
            return None
        node = node.head
        if node.pos_ in CLAUSAL:
            return node
    return None


# what is said to have happened, as a noun: the content of "denied claims that ...", "rejected
# allegations of ..."
CLAIM_NOUNS = {"claim", "allegation", "accusation", "charge", "report", "suggestion", "rumor", "rumour",
               "assertion", "speculation", "notion", "idea", "story", "statement", "suspicion"}


def denied_content(trigger) -> bool:
    """Whether the trigger's clause is what a denied claim says: "Israel rejected claims that its
    soldiers killed three Palestinians", "the army denied allegations of torturing prisoners". The
    claim was made (an ACCUSE stays asserted); what it says is denied."""
    node = trigger
    for _ in range(6):
        head = node.head
        if head is node:
            return False
        if node.dep_ in ("acl", "relcl", "pcomp", "pobj", "prep", "ccomp", "appos") or (
                node.dep_ in ("dobj", "nsubjpass") and node is trigger):
            if head.pos_ not in CLAUSAL and lexicon_lemma(head) in CLAIM_NOUNS and node.dep_ != "relcl":
                owner = head.head
                return head.dep_ in ("dobj", "nsubjpass", "pobj", "conj") and owner is not head and (
                    owner.lemma_.lower() in DENYING or (owner.dep_ == "prep" and owner.head.lemma_.lower() in DENYING))
            node = head
            continue
        return False
    return False


def lexicon_lemma(token) -> str:
    lemma = token.lemma_.lower()
    return lemma[:-1] if token.tag_ == "NNS" and lemma.endswith("s") else lemma


def modality(trigger) -> str:
    """The modality of the event whose trigger word is ``trigger`` (a spaCy Token)."""
    flags: set[str] = set()
    if denied_content(trigger):
        flags.add("negated")
    verb = trigger
    if trigger.pos_ not in CLAUSAL:
        for child in trigger.children:
            low = child.lower_
            if child.dep_ in ("det", "neg") and low in NEGATORS:
                flags.add("negated")
            elif child.dep_ in ("amod", "compound") and low in PLAN_MODIFIERS:
                flags.add("planned")
            elif child.dep_ in ("amod", "advmod") and low in ("failed", "aborted", "attempted"):
                flags.add("attempted")
        if any(t.dep_ == "acl" and t.lemma_.lower() in PLAN_ACL for t in trigger.subtree):
            flags.add("planned")
        if trigger.dep_ == "pobj" and trigger.head.lower_ == "for":
            flags.add("planned")
        if trigger.dep_ == "pobj" and trigger.head.lower_ == "without":
            flags.add("negated")
        verb = _clause_verb(trigger)
        if verb is None:
            return _strongest(flags)
        # the noun as object of "cancel", "postpone", "seek", "plan": the verb governs it; as the
        # subject ("missile launches pushed it closer to war") it does not
        governs = trigger.dep_ in ("dobj", "nsubjpass") and verb.lemma_.lower() not in DENYING
        _verb_flags(verb, flags, first=not governs)
    else:
        _verb_flags(verb, flags, first=True)
    # climb the chain of governing verbs: "decided to decline", "is scheduled to attend"
    node = verb
    for _ in range(6):
        dep = node.dep_
        head = node.head
        if head is node:
            break
        if dep in ("xcomp", "ccomp", "advcl", "conj", "acl", "relcl", "pcomp", "csubj", "acomp", "csubjpass"):
            if dep == "ccomp" and head.lemma_.lower() in REPORT_VERBS:
                flags.add("reported")
                _verb_flags(head, set(), first=True)
                break
            if dep == "advcl" and any(c.dep_ == "mark" and c.lower_ in CONDITIONAL_MARKS
                                      for c in node.children):
                flags.add("hypothetical")
            if dep in ("xcomp", "ccomp", "acomp", "csubjpass"):
                # "csubjpass": what a passive governing verb acts on ("aid ... was discontinued")
                _verb_flags(head, flags, first=False)
            if dep in ("advcl", "relcl", "acl", "csubj", "csubjpass"):
                break
            node = head
        elif dep == "prep" or dep == "pobj":
            node = head
        else:
            break
    return _strongest(flags)


def _strongest(flags: set[str]) -> str:
    if "would" in flags:
        flags.add("planned" if "reported" in flags else "hypothetical")
    for name in ORDER:
        if name in flags:
            return name
    return "asserted"


# ---- the ending itself ------------------------------------------------------------------------
#
# "The US discontinued military aid to Pakistan": the aid is not asserted (negated above), and the
# ending is itself an event where PLOVER has a type for it: stopping aid is SANCTION (CAMEO 162
# "reduce or stop aid"), reducing relations or cooperation SANCTION (160), halting talks SANCTION
# (164 "halt negotiations"; cancelling or calling off a meeting that was to come is REJECT, 125),
# calling off or halting an attack RETREAT (0871 ceasefire), demobilising RETREAT (0873), easing
# sanctions RETREAT (085), easing a coercive measure CONCEDE (081). The ender must be the party
# whose event it was (or the event names no party of its own): "police halted the protest" is not
# the police conceding, and "the Senate blocked the deployment" is no one's retreat.

ENDING_VERBS = {"halt", "stop", "suspend", "discontinue", "cease", "end", "cancel", "scrap", "scuttle", "abandon",
                "terminate", "freeze", "cut", "reduce", "call", "break", "postpone", "shelve", "lift", "ease"}
ENDING_CODE = {"AID": "162", "COOPERATE": "160", "ASSAULT": "0871", "MOBILIZE": "0873", "SANCTION": "085",
               "COERCE": "081", "CONSULT": "164"}
CALLED_OFF = {"cancel", "call", "scrap", "scuttle", "postpone", "shelve"}  # a meeting that was to come: REJECT 125
PARTICLE = {"call": "off", "break": "off"}  # "called off", "broke off"
# which verbs end which kinds of event: "lift" and "ease" end sanctions and coercion only,
# "cut" and "reduce" aid and relations only
ONLY = {"lift": {"SANCTION", "COERCE"}, "ease": {"SANCTION", "COERCE"}, "cut": {"AID", "COOPERATE"},
        "reduce": {"AID", "COOPERATE"}}


def _ending_governor(token):
    """The ending verb whose object (or, for a verb, whose complement) the trigger is, or None."""
    if token.pos_ in CLAUSAL:
        if token.dep_ != "xcomp" or token.tag_ != "VBG":  # "stopped shelling the town"
            return None
    elif token.dep_ not in ("dobj", "nsubjpass"):
        return None
    verb = token.head
    lemma = verb.lemma_.lower()
    if verb.pos_ not in CLAUSAL or lemma not in ENDING_VERBS:
        return None
    if lemma in PARTICLE and not any(c.dep_ in ("prt", "prep") and c.lower_ == PARTICLE[lemma]
                                     and c.i == verb.i + 1 for c in verb.children):
        return None
    return verb


def _enders(verb, party) -> list:
    found = [p for c in verb.children if c.dep_ == "nsubj" for p in party(c)]
    if not found:  # "aid was discontinued by the US"
        found = [p for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"
                 for p in party(g)]
    return found


def code_endings(items: list[tuple], party) -> list[tuple]:
    """One sentence's (token, entry, events) triples, with the ending of a stopped event coded on
    its ending verb where PLOVER has a type for it and no lexicon row coded that verb already."""
    import dataclasses

    from . import ontology
    from .confidence import participation_confidence

    taken = {token.i for token, _, events in items if events}
    out = list(items)
    for token, entry, events in items:
        if not events:
            continue
        verb = _ending_governor(token)
        if verb is None or verb.i in taken:
            continue
        event = events[0]
        lemma = verb.lemma_.lower()
        kind = "REJECT" if event.type == "CONSULT" and lemma in CALLED_OFF else event.type
        code = "125" if kind == "REJECT" else ENDING_CODE.get(kind)
        if event.type == "CONSULT" and event.mode == "visit" and kind != "REJECT":
            continue  # "is ending a five-day trip": a visit that ends is no halt to talks
        if code is None or (lemma in ONLY and event.type not in ONLY[lemma]):
            continue
        enders = _enders(verb, party)
        keys = {(p.start, p.end) for p in enders} | {p.code for p in enders if p.code}
        joint = entry.roles == "reciprocal"  # "halted talks with Ethiopia": the ender's own talks
        if not enders or (event.actors and not joint and not any(
                (a.start, a.end) in keys or (a.code and a.code in keys) for a in event.actors)):
            continue  # someone else's event was stopped
        plover, mode = ontology.plover_for(code)
        end = verb.idx + len(verb.text)
        for child in verb.children:
            if child.dep_ in ("prt", "prep") and child.i == verb.i + 1 and child.lower_ == PARTICLE.get(lemma):
                end = child.idx + len(child.text)
        others = {(p.start, p.end) for p in enders}
        ending = dataclasses.replace(
            event, type=plover, mode=mode, cameo=ontology.cameo_root(code), quad=ontology.quad_for(code),
            goldstein=ontology.goldstein_for(code), actors=list(enders),
            recipients=[r for r in (event.actors if joint else []) + event.recipients
                        if (r.start, r.end) not in others and not (r.code and r.code in keys)],
            modality=modality(verb),
            trigger=dataclasses.replace(event.trigger, start=verb.idx, end=end, text=verb.doc.text[verb.idx:end]))
        ending = dataclasses.replace(ending, confidence=participation_confidence(ending.actors, ending.recipients))
        taken.add(verb.i)
        out.append((verb, entry, [ending]))
    return out
