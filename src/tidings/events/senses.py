"""Word senses that are not events: a trigger word fires only when its sense and arguments make it one.

The lexicon matches a word and its frame; some event words also have an everyday sense that is no
event at all. ``other_sense(token, entry)`` names the sense when the parse shows it (else None), and
the extractor drops the trigger:

* ``danger`` — a threat noun that is a danger, not an act of threatening: "climate change poses a
  threat", "X is a threat to regional security", "the threat of terrorism", "a security threat".
  A threat is an event when someone makes it: a possessive, a "by" phrase or a named "from"
  ("Iran's threat", "threats by the rebels", "to counter threats from Iran"), a named modifier ("US threats"), a light verb with a subject ("issued a threat"),
  or the threatened act as an infinitive ("the threat to close the strait").
* ``show`` — "demonstrate" with what is shown: "the report demonstrates that ...", "demonstrated
  its commitment". Protesters demonstrate without an object ("demonstrated in Paris against ...").
* ``stance`` — "support" as a general stance of a population: "most voters support the policy",
  "many Americans support ...", "a majority supports ...": a share of people holding an opinion,
  not a party giving backing.
* ``travel`` — a travel verb coded as a visit ("left for", "headed to", "flew to", "travelled to")
  whose destination is neither a place nor a party nor a meeting: "left for the rally", "headed to
  the polls", "left for work", "began leaving Afghanistan for the withdrawal".
* ``achieve`` — "meet" with a goal, not a party: "on track to meet this year's goal", "failed to
  meet the deadline", "meets the criteria" (an object that is neither a name nor a person or group
  word).
* ``generic`` — an event noun in talk about such events in general, with no participant and no
  occasion: "sanctions rarely work", "talks are the only way", "negotiations usually take months"
  (a bare noun, no determiner, possessive, number or modifier naming anyone, no prepositional
  phrase, the subject or attribute of a present-tense or modal clause).
"""

from __future__ import annotations

DANGER_NOUNS = {"threat", "danger", "menace"}
# verbs that take a danger as their object or attribute: "pose a threat", "remain a threat",
# "counter the threat", "face the threat"
DANGER_VERBS = {"pose", "represent", "constitute", "present", "be", "remain", "become", "face", "see",
                "consider", "perceive", "view", "regard", "call", "label", "counter", "combat", "address",
                "tackle", "fight", "eliminate", "neutralize", "neutralise", "reduce", "assess", "deter",
                "confront", "meet", "identify", "recognize", "recognise", "underestimate", "ignore"}
# light verbs whose subject makes the threat: "issued a threat", "carried out its threat"
THREAT_MAKERS = {"issue", "make", "carry", "repeat", "renew", "deliver", "voice", "level", "utter",
                 "send", "follow", "escalate", "step", "back", "withdraw", "drop"}
NAME_ENTS = {"PERSON", "ORG", "GPE", "NORP"}

SHOW_SENSE = {"demonstrate"}

# a population holding an opinion: "most voters support ...", "a majority of Americans support ..."
POPULATION = {"voter", "public", "people", "resident", "citizen", "respondent", "adult", "taxpayer",
              "consumer", "viewer", "reader", "electorate", "population", "poll", "survey"}
SHARES = {"percent", "%", "majority", "minority", "half", "third", "quarter", "most", "many"}

TRAVEL_LEMMAS = {"leave", "depart", "head", "travel", "fly", "arrive", "go", "set", "return", "drive", "sail"}
MEETING_NOUNS = {"summit", "talk", "talks", "meeting", "conference", "visit", "negotiation", "negotiations",
                 "consultation", "consultations", "session", "forum", "dialogue", "ceremony", "funeral",
                 "inauguration", "celebration", "commemoration", "g20", "g7", "assembly", "convention"}
PLACE_ENTS = {"GPE", "LOC", "FAC", "ORG", "NORP", "PERSON"}

CLAUSAL = ("VERB", "AUX")
DURATIONS = {"second", "minute", "hour", "day", "week", "month", "year", "decade", "months", "years", "weeks",
             "days", "hours", "long", "usually", "often"}


def other_sense(token, entry) -> str | None:
    """The non-event sense the trigger ``token`` has (see the module docstring), or None."""
    lemma = entry.lemma
    if entry.plover == "THREATEN" and entry.pos == "N" and lemma in DANGER_NOUNS:
        return None if _threat_made(token) else "danger"
    if entry.plover == "PROTEST" and entry.pos == "V" and lemma in SHOW_SENSE and _shows(token):
        return "show"
    if entry.plover == "SUPPORT" and entry.pos == "V" and _population_stance(token):
        return "stance"
    if entry.pos == "V" and entry.mode == "visit" and token.lemma_.lower() in TRAVEL_LEMMAS \
            and _mere_travel(token):
        return "travel"
    if entry.plover == "CONSULT" and entry.pos == "V" and lemma == "meet" and _met_thing(token):
        return "achieve"
    if entry.plover == "ASSAULT" and lemma in CAMPAIGN_WORDS and _fights_an_ill(token):
        return "campaign"
    if entry.pos == "N" and _generic(token):
        return "generic"
    return None


# "fight the Ebola epidemic", "battle corruption", "combat poverty", "the fight against malaria":
# a campaign against an ill, not force against a party (PLOVER ASSAULT is force against a party)
CAMPAIGN_WORDS = {"fight", "battle", "combat", "war"}
ARMED_WORDS = {"rebel", "militant", "insurgent", "troop", "force", "army", "military", "militia", "fighter",
               "terrorist", "jihadist", "extremist", "enemy", "soldier", "guerrilla", "gunman", "invader",
               "occupier", "regime", "police", "group", "faction", "separatist", "tribe", "clan", "gang"}


def _fights_an_ill(token) -> bool:
    """Whether what is fought (the object, or the object of "against" / "on") is something other than
    a party: no name, no pronoun, no word for people, groups or armed forces."""
    from . import lexicon

    objects = [c for c in token.children if c.dep_ in ("dobj", "nsubjpass")]
    for prep in token.children:
        if prep.dep_ == "prep" and prep.lower_ in ("against", "on"):
            objects.extend(c for c in prep.children if c.dep_ == "pobj")
    if not objects:
        return False
    for head in objects:
        words = [head] + [c for c in head.children if c.dep_ in ("compound", "amod", "conj")]
        for word in words:
            lemma = word.lemma_.lower()
            if word.pos_ in ("PROPN", "PRON") and not (word.dep_ in ("compound", "amod") and word.ent_type_ == "DISEASE"):
                if word is head or word.dep_ == "conj" or word.ent_type_ in NAME_ENTS:
                    return False
            if word.ent_type_ in NAME_ENTS and (word is head or word.dep_ == "conj"):
                return False
            if lemma in lexicon.PERSON_WORDS or lemma in lexicon.AGENT_WORDS or lemma in ARMED_WORDS \
                    or lemma in PARTY_NOUNS:
                return False
    return True


# ---- the senses -------------------------------------------------------------------------------

def _threat_made(noun) -> bool:
    """Whether someone makes the threat (so that it is an act of threatening, not a danger)."""
    head = noun.head
    for child in noun.children:
        if child.dep_ == "poss":
            return True
        if child.dep_ in ("compound", "amod", "nmod") and child.i < noun.i and (
                child.ent_type_ in NAME_ENTS or child.pos_ == "PROPN"):
            return True  # "US threats", "Iranian threats"
        if child.dep_ == "prep" and child.lower_ == "by":
            return True
        if child.dep_ == "prep" and child.lower_ == "from" and any(
                g.dep_ == "pobj" and (g.ent_type_ in NAME_ENTS or g.pos_ == "PROPN") for g in child.children):
            return True  # "threats from Iran": a named party makes them
        if child.dep_ in ("acl", "relcl") and any(a.dep_ == "aux" and a.lower_ == "to" for a in child.children):
            return True  # "the threat to close the strait"
    if noun.dep_ in ("dobj", "nsubjpass") and head.lemma_.lower() in THREAT_MAKERS:
        return True  # "issued a threat", "carried out its threat"
    return False


def _shows(verb) -> bool:
    """"demonstrate that ..." / "demonstrated its commitment": the verb has what is shown."""
    return any(c.dep_ in ("ccomp", "dobj", "xcomp") for c in verb.children)


def _population_stance(verb) -> bool:
    """"Most voters support ...": the subject is a population or a share of one, the verb in the present."""
    if verb.lemma_.lower() != "support" or verb.tag_ not in ("VBP", "VBZ"):
        return False
    for subj in (c for c in verb.children if c.dep_ == "nsubj"):
        if _population(subj):
            return True
        if subj.ent_type_ == "PERCENT" or subj.lemma_.lower() in SHARES:
            # "60 percent of respondents", "a majority of Germans"; a bare "a majority" too
            of = [g for c in subj.children if c.dep_ == "prep" and c.lower_ == "of"
                  for g in c.children if g.dep_ == "pobj"]
            if not of or any(_population(g) for g in of):
                return True
    return False


def _population(noun) -> bool:
    """"voters", "the public", "Americans" (a plural demonym), "most people"."""
    return noun.lemma_.lower() in POPULATION or (noun.ent_type_ == "NORP" and noun.tag_ in ("NNPS", "NNS"))


def _mere_travel(verb) -> bool:
    """A trip whose destination is no place, party or meeting: "left for the rally"."""
    destinations = [g for c in verb.children if c.dep_ == "prep" and c.lower_ in ("for", "to", "in", "at", "into")
                    for g in c.children if g.dep_ == "pobj"]
    destinations += [c for c in verb.children if c.dep_ == "dobj"]  # "leaving Afghanistan for ..."
    if not destinations:
        return False
    for dest in destinations:
        if dest.ent_type_ in PLACE_ENTS or dest.pos_ == "PROPN":
            return False
        if dest.lemma_.lower() in MEETING_NOUNS or dest.lower_ in MEETING_NOUNS:
            return False
        if any(c.dep_ in ("compound", "amod", "poss") and (c.ent_type_ in PLACE_ENTS or c.pos_ == "PROPN")
               for c in dest.children):
            return False  # "the Juba airport", "the Syrian capital", "Iraq's border"
    return True


def _met_thing(verb) -> bool:
    """"meet the goal / deadline / demand": the object of "meet" is a thing, not a party."""
    from .lexicon import PERSON_WORDS, lemma_of

    objects = [c for c in verb.children if c.dep_ == "dobj"]
    if not objects:
        return False
    for obj in objects:
        if obj.ent_type_ in NAME_ENTS or obj.pos_ in ("PROPN", "PRON") or lemma_of(obj) in PERSON_WORDS:
            return False
        if lemma_of(obj) in PARTY_NOUNS:
            return False
    return True


# group words a meeting is held with ("met the delegation", "met the government")
PARTY_NOUNS = {"government", "delegation", "counterpart", "leader", "leadership", "committee", "council",
               "opposition", "representative", "envoy", "team", "group", "party", "family", "families",
               "press", "reporter", "journalist", "official", "officer", "board", "panel", "cabinet",
               "ministry", "embassy", "mission", "union", "coalition", "alliance", "side", "head", "chief"}


def _generic(noun) -> bool:
    """An event noun in talk about such events in general ("sanctions rarely work")."""
    if noun.dep_ not in ("nsubj", "attr", "nsubjpass"):
        return False
    for child in noun.children:
        if child.dep_ in ("det", "poss", "nummod", "prep", "compound", "nmod", "acl", "relcl", "appos", "conj"):
            return False
        if child.dep_ == "amod" and (child.ent_type_ or child.pos_ == "PROPN"):
            return False
    verb = noun.head
    if verb.pos_ not in CLAUSAL:
        return False
    if any(c.dep_ in ("aux", "auxpass") and c.lower_ in ("will", "would", "'ll") for c in verb.children):
        return False  # "talks will resume": a planned occasion
    present = verb.tag_ in ("VBZ", "VBP") or any(
        c.dep_ == "aux" and c.tag_ == "MD" for c in verb.children)
    if not present:
        return False
    if any(c.ent_type_ in ("DATE", "TIME") and c.lemma_.lower() not in DURATIONS for c in verb.subtree):
        return False  # "talks resume on Monday": an occasion ("take months" is a duration)
    return True
