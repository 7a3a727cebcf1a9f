"""The event lexicon: event words plus the syntactic frame they need, read from data/lexicon.tsv.

A row says "this lemma, as a verb (V) or a nominal event (N), in this frame, is this CAMEO code";
``match(token)`` returns the first row whose frame the token's dependency parse satisfies.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources

from . import ontology

# dependents whose lemma counts as the trigger's "object" for obj= conditions
OBJECT_DEPS = {"dobj", "nsubjpass", "attr", "oprd", "compound", "amod", "nmod", "npadvmod"}


@dataclass(frozen=True)
class Entry:
    lemma: str
    pos: str  # "V" | "N"
    conditions: tuple[tuple[str, frozenset[str]], ...]
    cameo: str
    plover: str
    mode: str | None
    roles: str  # "" | "reciprocal" | "inverse"
    source: str = "lexicon"  # "lexicon" (lexicon.tsv) | "petrarch" (petrarch_verbs.tsv)


DERIVED = "petrarch_verbs.tsv"
EXTRA_MARK = "\0derived"


@functools.lru_cache(maxsize=1)
def entries() -> dict[tuple[str, str], list[Entry]]:
    """Lexicon rows by (lemma, pos), in file order."""
    data = resources.files("tidings.events").joinpath("data")
    lines = data.joinpath("lexicon.tsv").read_text("utf-8").splitlines()
    # rows derived from the PETRARCH-2 verb dictionary, tried after the project's own; codes
    # PLOVER drops (no type) are skipped
    derived = data.joinpath(DERIVED)
    extra = derived.read_text("utf-8").splitlines() if derived.is_file() else []
    out: dict[tuple[str, str], list[Entry]] = {}
    in_derived = False  # past the project's own rows
    for line in lines + [EXTRA_MARK] + extra:
        if not line.strip() or line.startswith("#"):
            continue
        if line == EXTRA_MARK:
            in_derived = True
            continue
        lemma, pos, frame, cameo, plover, mode, roles = (line.split("\t") + [""] * 7)[:7]
        conditions = []
        for part in frame.split(";"):
            if part.strip().lstrip("!") in ("xcomp", "inf", "dobj", "obliged"):
                conditions.append((part.strip(), frozenset()))
            elif "=" in part:
                key, values = part.split("=", 1)
                conditions.append((key.strip(), frozenset(v.strip() for v in values.split("|"))))
        table_type, table_mode = ontology.plover_for(cameo)
        entry = Entry(lemma, pos, tuple(conditions), cameo, plover or table_type or "",
                      mode or table_mode, roles.strip(), "petrarch" if in_derived else "lexicon")
        if not entry.plover and in_derived:
            continue  # a derived row whose CAMEO code PLOVER drops
        if not entry.plover:
            raise ValueError(f"lexicon row for {lemma!r} has no PLOVER type (cameo {cameo})")
        out.setdefault((lemma, pos), []).append(entry)
    return out


def token_pos(token) -> str | None:
    """'V' for verbs, 'N' for nouns (the two kinds of trigger), else None."""
    if token.pos_ == "VERB" or (token.tag_.startswith("VB") and token.pos_ != "AUX"):
        return "V"
    if token.pos_ in ("NOUN", "PROPN") or token.tag_.startswith("NN"):
        return "N"
    return None


def lemma_of(token) -> str:
    lemma = token.lemma_.lower()
    # the small model lemmatizes some plural nouns to themselves ("talks", "sanctions")
    if token.tag_ in ("NNS", "NNPS") and lemma.endswith("s") and (lemma[:-1], "N") in entries():
        lemma = lemma[:-1]
    return lemma


STATE_HEADS = {"state"}


def object_lemmas(token) -> set[str]:
    """Lemmas of the words that fill the trigger's object slot or modify the trigger noun."""
    out: set[str] = set()
    heads = [c for c in token.children if c.dep_ in OBJECT_DEPS]
    # "launch of its first ICBM", "test of a missile"
    for prep in token.children:
        # "launch of its first ICBM"; for verbs also "engaged ... in a firefight", "took part in talks"
        if prep.dep_ == "prep" and (prep.lower_ == "of" or (prep.lower_ == "in" and token.pos_ == "VERB")):
            heads.extend(c for c in prep.children if c.dep_ == "pobj")
    # the noun a trigger word modifies or compounds: "nuclear test", "air strike", "meeting invitation"
    # (and "the sanctions imposed by the UN": the participle's object is the noun it modifies)
    if token.dep_ in ("compound", "amod") or (token.dep_ == "acl" and token.tag_ == "VBN"):
        heads.append(token.head)
    # a verb whose object is the trigger noun: "reach an agreement", "strike a deal"
    if token.dep_ in ("dobj", "nsubjpass") and token.head.pos_ in ("VERB", "AUX"):
        out.add(token.head.lemma_.lower())
    # a verb and preposition the trigger noun is the object of: "went on strike", "remained on alert"
    if token.dep_ == "pobj" and token.head.dep_ == "prep" and token.head.head.pos_ in ("VERB", "AUX"):
        out.add(f"{token.head.head.lemma_.lower()} {token.head.lower_}")
    if token.pos_ == "VERB":  # "engaged Filipino peacekeepers in a firefight"
        for obj in [c for c in token.children if c.dep_ == "dobj"]:
            for prep in obj.children:
                if prep.dep_ == "prep" and prep.lower_ == "in":
                    heads.extend(c for c in prep.children if c.dep_ == "pobj")
    heads = [word for head in heads for word in {head, *_counted(head)}]  # "94% of military equipment"
    for head in heads:
        out.add(lemma_of(head))
        if lemma_of(head) in STATE_HEADS:
            # "lifted the state of emergency", "declared a state of siege": the "of" noun names it
            out.update(lemma_of(g) for c in head.children if c.dep_ == "prep" and c.lower_ == "of"
                       for g in c.children if g.dep_ == "pobj")
        for sub in head.children:
            if sub.dep_ in ("compound", "amod", "conj"):
                out.add(lemma_of(sub))
                out.update(lemma_of(x) for x in sub.children if x.dep_ == "conj")
    return {w.lower() for w in out}


def _timely(prep) -> bool:
    """Whether a preposition only introduces a time ("on Saturday", "in May"): not a frame word."""
    objects = [c for c in prep.children if c.dep_ == "pobj"]
    return bool(objects) and all(o.ent_type_ in ("DATE", "TIME") for o in objects)


def prep_words(token) -> set[str]:
    words = {c.lower_ for c in token.children if c.dep_ in ("prep", "agent", "dative") and not _timely(c)}
    for obj in token.children:
        if obj.dep_ in ("dobj", "nsubjpass"):
            words.update(c.lower_ for c in obj.children if c.dep_ == "prep" and not _timely(c))
    return words


PRED_DEPS = ("oprd", "attr", "acomp")


def predicate_lemmas(token) -> set[str]:
    """Lemmas of what a speech verb says something is: "called the election a sham", "called the
    report false", "said the call was inappropriate", "called the ambassador a stupid guy"."""
    heads = [c for c in token.children if c.dep_ in PRED_DEPS]
    for c in token.children:
        if c.dep_ == "ccomp":  # "said [the call was inappropriate]"
            heads.extend(g for g in c.children if g.dep_ in PRED_DEPS)
        if c.dep_ == "dobj":  # "called the ambassador, a stupid guy" (read as an apposition)
            heads.extend(g for g in c.children if g.dep_ in ("appos", "oprd"))
    out: set[str] = set()
    for head in heads:
        for part in [head, *head.conjuncts]:
            out.add(lemma_of(part))
            # "called the American move a grave mistake", parsed with "mistake" as the object of "move"
            out.update(lemma_of(g) for g in part.children if g.dep_ in ("amod", "compound", "acomp", "dobj"))
    return {w.lower() for w in out}


def _subject_lemma(token) -> str | None:
    """The head lemma of the doer: the subject, or the "by" phrase of a passive."""
    for c in token.children:
        if c.dep_ == "agent":
            for pobj in c.children:
                if pobj.dep_ == "pobj":
                    return lemma_of(pobj)
    for c in token.children:
        if c.dep_ == "nsubj":
            return lemma_of(c)
    if token.dep_ in ("xcomp", "conj"):
        return _subject_lemma(token.head)
    return None


PERSON_WORDS = {"prisoner", "hostage", "captive", "detainee", "inmate", "person", "people", "man", "woman",
                "men", "women", "child", "children", "soldier", "journalist", "activist", "dissident", "mayor",
                "leader", "official", "civilian", "national", "citizen", "worker", "sailor", "fisherman",
                "crew", "student", "opponent", "member", "suspect", "militant", "rebel", "president",
                "minister", "delegation", "envoy", "ambassador", "counterpart", "king", "premier", "pilot",
                "refugee", "migrant", "protester", "demonstrator", "employee", "candidate", "lawyer", "politician",
                "aide", "deputy", "physician", "doctor", "nurse", "teacher", "blogger", "reporter", "farmer",
                "tourist", "businessman", "businesswoman", "executive", "commander", "officer", "guard", "marine",
                "fighter", "seaman", "priest", "cleric", "writer", "artist", "academic", "scholar", "researcher",
                "lawmaker", "legislator", "senator", "congressman", "governor", "diplomat", "staffer", "volunteer",
                "ex-minister", "functionary", "abductee", "boy", "girl", "teenager", "son", "daughter",
                "wife", "husband", "father", "mother", "brother", "sister", "family", "relative", "spy", "agent",
                "peacekeeper", "trooper", "policeman", "homeguard", "physicist", "scientist"}


def _object_heads(token) -> list:
    # "oprd": the parser's reading of a name right after the verb ("called King Salman on Saturday")
    heads = [c for c in token.children if c.dep_ in ("dobj", "nsubjpass", "oprd")]
    if token.dep_ == "acl" and token.tag_ == "VBN":
        heads.append(token.head)
    if not heads and token.dep_ == "conj" and any(c.dep_ == "auxpass" for c in token.children):
        # "the civilians imprisoned ... were released": a passive sharing its subject
        heads.extend(c for c in token.head.children if c.dep_ in ("nsubj", "nsubjpass"))
    for prep in token.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            heads.extend(c for c in prep.children if c.dep_ == "pobj")
    return heads


# words that only count what their "of" phrase names: "dozens of activists", "11 of Iran's prisoners"
QUANTITY_WORDS = {"dozen", "dozens", "hundred", "hundreds", "thousand", "thousands", "score", "scores", "number", "%", "percent",
                  "group", "part", "portion", "share", "lot", "ton", "tonne", "some", "all", "many", "most", "several", "few", "handful", "batch", "rest", "both"}


def _counted(head) -> list:
    """The head itself, or for a quantity ("dozens of activists", "11 of the prisoners") the counted noun."""
    if head.like_num or head.tag_ == "CD" or head.lower_ in QUANTITY_WORDS or lemma_of(head) in QUANTITY_WORDS:
        inner = [g for c in head.children if c.dep_ == "prep" and c.lower_ == "of"
                 for g in c.children if g.dep_ == "pobj"]
        if inner:
            return inner
    return [head]


def has_person_object(token) -> bool:
    """Whether the trigger's object is a person or group: a name, or a word like "prisoners", "mayor"
    (also counted: "dozens of activists", "11 of Iran's most prominent prisoners")."""
    for head in _object_heads(token):
        for part in [head, *head.conjuncts]:
            for word in _counted(part):
                if word.ent_type_ in ("PERSON", "NORP") or word.pos_ == "PROPN" or lemma_of(word) in PERSON_WORDS:
                    return True
    return False


PLACE_ENTS = {"GPE", "LOC", "FAC"}
PLACE_WORDS = {"city", "town", "village", "territory", "area", "region", "province", "district", "airport", "base",
               "hill", "stronghold", "bastion", "outpost", "position", "port", "capital", "mosque", "neighborhood",
               "neighbourhood", "island", "county", "enclave", "border", "crossing", "oilfield", "field", "camp"}


def has_place_object(token) -> bool:
    """Whether the trigger's object is a place: a place name ("took over Kirkuk") or a word like "city"."""
    for head in _object_heads(token):
        for part in [head, *head.conjuncts]:
            for word in _counted(part):
                if word.ent_type_ in PLACE_ENTS or lemma_of(word) in PLACE_WORDS:
                    return True
    return False


def has_object(token) -> bool:
    """Whether the verb has a direct object, or a passive subject ("was returned by ...")."""
    return any(c.dep_ in ("dobj", "nsubjpass") for c in token.children) or (
        token.dep_ == "acl" and token.tag_ == "VBN")


# what a party says something is when it criticises it ("called the vote a sham", "said the move was
# illegal"): criticism said with a speech verb (CAMEO 111, PLOVER ACCUSE)
NEGATIVE_WORDS = {
    "sham", "farce", "disgrace", "mistake", "error", "blunder", "unacceptable", "inappropriate", "illegal",
    "unlawful", "illegitimate", "unconstitutional", "absurd", "outrageous", "shameful", "disgraceful",
    "irresponsible", "provocative", "provocation", "baseless", "groundless", "false", "lie", "propaganda",
    "hypocritical", "dangerous", "reckless", "ridiculous", "stupid", "fake", "nonsense", "insult", "insulting",
    "invalid", "unjust", "unfair", "wrong", "racist", "criminal", "violation", "betrayal", "interference",
    "hoax", "travesty", "outrage", "idiot", "nutter", "liar", "traitor", "coward", "failure", "disaster",
    "deplorable", "despicable", "appalling", "regrettable", "unhelpful", "counterproductive",
    "destabilizing", "destabilising", "aggression", "hostile", "null", "void", "fraudulent", "rigged",
    "politically-motivated", "unfounded", "untrue", "misleading", "irrational", "barbaric", "cruel",
    "inhumane", "terrorist", "witch-hunt", "hunt", "coup", "blackmail", "meddling", "unprovoked"}

MONEY_WORDS = {"money", "fund", "funding", "cash", "dollar", "euro", "pound", "yen", "yuan", "rupee", "ruble",
               "rouble", "franc", "peso", "grant", "loan", "donation", "million", "billion"}


def has_money_object(token) -> bool:
    """Whether the trigger's object is a sum of money ("$5 million", "a million rupees", "funds")."""
    for head in _object_heads(token):
        for part in [head, *head.conjuncts]:
            if part.ent_type_ == "MONEY" or lemma_of(part) in MONEY_WORDS:
                return True
    return False


def prep_object_lemmas(token) -> set[str]:
    """Lemmas of the objects of the trigger's prepositions ("appealed for aid", "spoke by phone")."""
    out = set()
    for prep in token.children:
        if prep.dep_ in ("prep", "agent"):
            for pobj in prep.children:
                if pobj.dep_ == "pobj":
                    out.add(lemma_of(pobj))
                    out.update(lemma_of(c) for c in pobj.children if c.dep_ in ("compound", "amod", "conj"))
    return out


def _holds(token, key: str, values: frozenset[str]) -> bool:
    if key == "obj":
        if "@person" in values and has_person_object(token):
            return True
        if "@money" in values and has_money_object(token):
            return True
        if "@place" in values and has_place_object(token):
            return True
        return bool(object_lemmas(token) & values)
    if key == "prep":
        return bool(prep_words(token) & values)
    if key == "pobj":
        return bool(prep_object_lemmas(token) & values)
    if key == "pred":
        return bool(predicate_lemmas(token) & (NEGATIVE_WORDS if "@negative" in values else values))
    if key == "prt":
        # the parser often reads a particle as a preposition ("cordoned off the roads"): the word right
        # after the verb counts too
        return any((c.dep_ == "prt" or (c.dep_ == "prep" and c.i == token.i + 1)) and c.lower_ in values
                   for c in token.children)
    if key == "dobj":
        return has_object(token)
    if key == "obliged":
        return obliged_clause(token) is not None
    if key == "xcomp":
        return any(c.dep_ in ("xcomp", "ccomp") for c in token.children)
    if key == "inf":  # a to-infinitive: "agreed to lift", not "agreed that ..."
        return any(c.dep_ in ("xcomp", "ccomp", "advcl", "acl") and any(a.lower_ == "to" and a.dep_ == "aux"
                                                                for a in c.children) for c in token.children)
    if key == "subj":
        return _subject_lemma(token) in values
    return True


OBLIGATION = {"must", "should"}


AGENT_WORDS = {"government", "authority", "country", "nation", "state", "army", "military", "force", "police",
               "regime", "administration", "council", "court", "party", "side", "parliament", "congress",
               "community", "world", "union", "organization", "organisation", "agency", "ministry", "company"}


def _agentive(word) -> bool:
    """Whether a subject names a party that can be asked to act: a name, a pronoun for people or
    groups, or a word like "government", "minister"."""
    if word.ent_type_ in ("PERSON", "ORG", "GPE", "NORP") or word.pos_ == "PROPN":
        return True
    if word.lower_ in ("we", "they", "he", "she", "you", "i"):
        return True
    return lemma_of(word) in PERSON_WORDS or lemma_of(word) in AGENT_WORDS


def obliged_clause(token):
    """The clause a speech verb says someone must or should carry out ("said the government must
    ensure security", "says military intervention must be avoided"), or None. "must have" (a guess
    about the past: "the army must have known") is no demand, nor is a clause with no subject."""
    for clause in token.children:
        if clause.dep_ != "ccomp":
            continue
        subjects = [c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")]
        # someone who can act ("the government must", "Israel must", "we should"), or a passive
        # ("intervention must be avoided"); not "the weather should improve"
        if not subjects or not (subjects[0].dep_ == "nsubjpass" or _agentive(subjects[0])):
            continue
        auxes = [c for c in clause.children if c.dep_ in ("aux", "auxpass")]
        if any(a.lower_ in OBLIGATION for a in auxes) and not any(
                a.lower_ in ("have", "'ve") and a.dep_ == "aux" for a in auxes):
            return clause
    return None


def satisfies(token, entry: Entry) -> bool:
    """Whether every condition of the row's frame holds ("!key" = must not hold)."""
    for key, values in entry.conditions:
        negative = key.startswith("!")
        if _holds(token, key.lstrip("!"), values) == negative:
            return False
    return True


# a trigger word inside one of these names is part of the name ("Promises Treatment Center")
NAME_TYPES = {"PERSON", "ORG", "GPE", "FAC", "LOC", "PRODUCT", "WORK_OF_ART", "NORP"}


def match(token) -> Entry | None:
    """The lexicon row this token triggers, or None."""
    pos = token_pos(token)
    if pos is None or token.ent_type_ in NAME_TYPES or token.like_url:
        return None
    for entry in entries().get((lemma_of(token), pos), ()) or _slipped(token, pos):
        if satisfies(token, entry):
            return entry
    return None


def _slipped(token, pos: str) -> list[Entry]:
    """Rows for an inflected verb the lemmatizer got wrong ("cordoned" -> "cordone"): the word
    without its -ed/-d/-ing/-s ending."""
    low = token.lower_
    if pos != "V" or not token.tag_.startswith("VB"):
        return []
    table = entries()
    for ending in ("ed", "d", "ing", "s", "es"):
        if low.endswith(ending) and len(low) > len(ending) + 2:
            rows = table.get((low[: -len(ending)], pos))
            if rows:
                return rows
    return []
