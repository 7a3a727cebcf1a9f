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
                  "willing", "prepared", "committed", "determined", "eager", "keen", "set"}
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


def modality(trigger) -> str:
    """The modality of the event whose trigger word is ``trigger`` (a spaCy Token)."""
    flags: set[str] = set()
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
        if dep in ("xcomp", "ccomp", "advcl", "conj", "acl", "relcl", "pcomp", "csubj", "acomp"):
            if dep == "ccomp" and head.lemma_.lower() in REPORT_VERBS:
                flags.add("reported")
                _verb_flags(head, set(), first=True)
                break
            if dep == "advcl" and any(c.dep_ == "mark" and c.lower_ in CONDITIONAL_MARKS
                                      for c in node.children):
                flags.add("hypothetical")
            if dep in ("xcomp", "ccomp", "acomp"):
                _verb_flags(head, flags, first=False)
            if dep in ("advcl", "relcl", "acl", "csubj"):
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
