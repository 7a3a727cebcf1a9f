"""Coreference: what a pronoun, a relative pronoun or a bare definite ("the minister") stands for.

One resolver for the stages that attach people to what they did or said: event actors
(``tidings.events``) and quote speakers (``tidings.quotes``). No maintained coreference library
fits here: coreferee (MIT, spaCy 3.8) downloads its English model from GitHub at install time and
is trained for the stock ``en_core_web_*`` pipelines; fastcoref, maverick-coref and
spacy-experimental's coref load transformer weights from a model hub at run time. So this is a
documented resolver over the parse (``docs/actors.md``, "Coreference"):

- **mentions** are the named entities (PERSON, ORG, GPE, NORP), person names the NER missed (a
  known given name starting a run of proper nouns), and the actor records (which add generic
  agents such as "the police", "rebels"); each has a kind (person / thing / group), a number, a
  gender when a title or given name says it, and whether it is a subject;
- a **pronoun** takes the nearest compatible mention before it in its sentence or the two before:
  *he/she/him/his/her* a person of a compatible gender; *it/its* a singular organisation, country
  or body; *they/them/their* a plural noun phrase, a coordination ("Egypt and Jordan") or a
  collective organisation; a **subject** pronoun prefers the last subject (subject continuity:
  "Clinton almost met Kim. However, he declined" -> Clinton); a mention that is an argument of the
  pronoun's own verb is never its antecedent ("Obama praised him");
- a **relative pronoun** (*who, which, that, whom, whose*) is the noun its clause hangs from;
- a **bare definite** ("the minister", "the president", "the group", "the country") is the last
  mention in the three sentences before whose words contain the same noun ("Foreign Minister
  Ayman Safadi"), or for "the country" / "the group" the last country / organisation.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass

from .model import Actor

_FEMALE_WORDS = frozenset(
    "mrs mrs. ms ms. miss madam madame lady queen princess duchess dame sister woman wife mother "
    "daughter grandmother girl actress congresswoman chairwoman spokeswoman businesswoman "
    "sen.-elect aunt niece widow".split()
)
_MALE_WORDS = frozenset(
    "mr mr. sir lord king prince duke man husband father son brother grandfather boy "
    "congressman spokesman businessman uncle nephew widower".split()
)
# a small list of common given names, enough to tell "she" from "he" in news text
_FEMALE_NAMES = frozenset(
    """
    hillary chelsea melania ivanka kellyanne sarah nancy elizabeth angela theresa jean mary
    patricia jennifer linda barbara susan jessica karen lisa betty margaret sandra ashley
    kimberly emily donna michelle carol amanda dorothy melissa deborah stephanie rebecca
    sharon laura cynthia kathleen amy shirley anna brenda pamela nicole emma samantha katherine
    christine debra rachel catherine carolyn janet ruth maria heather diane virginia julie
    joyce victoria kelly christina joan evelyn lauren judith olivia megan cheryl martha andrea
    frances hannah jacqueline ann gloria kathryn teresa sara janice julia marie madison grace
    judy abigail alice denise amber doris marilyn danielle beverly isabella diana natalie
    brittany charlotte rose alexis kayla huma donna jill debbie condoleezza madeleine
    kamala tulsi nikki sonia elena sheryl oprah huda kirsten dianne tammy maxine loretta
    claire heidi susana marsha lindsey jeanne
    """.split()
)
_MALE_NAMES = frozenset(
    """
    donald barack bill bernie mike joe tim john james robert michael william david richard
    joseph thomas charles christopher daniel matthew anthony mark paul steven andrew kenneth
    joshua kevin brian george timothy ronald edward jason jeffrey ryan jacob gary nicholas eric
    jonathan stephen larry justin scott brandon benjamin samuel gregory frank alexander raymond
    patrick jack dennis jerry tyler aaron jose adam henry nathan douglas zachary peter kyle
    walter ethan jeremy harold keith christian roger noah gerald carl terry sean austin arthur
    lawrence jesse dylan bryan jordan billy bruce albert willie gabriel logan alan juan wayne
    roy ralph randy eugene vincent russell elijah louis bobby philip johnny ted marco rand
    chris newt rudy reince mitch harry jeb ben vladimir shinzo emmanuel rex steve jared rodrigo
    recep boris
    """.split()
)




def _gender_of(doc_text: str, mention_start: int, name: str) -> str | None:
    """Cheap gender from a title or noun just before the name, or its first word."""
    before = doc_text[max(0, mention_start - 25) : mention_start].lower().split()
    words = [w.strip(",.").lower() for w in name.split()[:2]]
    title = before[-1].strip(",") if before else ""
    for word in [title, *words]:
        if word in _FEMALE_WORDS or word.rstrip(".") in _FEMALE_WORDS:
            return "f"
        if word in _MALE_WORDS or word.rstrip(".") in _MALE_WORDS:
            return "m"
    first = words[0] if words else ""
    if first in _FEMALE_NAMES:
        return "f"
    if first in _MALE_NAMES:
        return "m"
    return None


PERSON_PRONOUNS = {"he": "m", "him": "m", "his": "m", "himself": "m",
                   "she": "f", "her": "f", "hers": "f", "herself": "f"}
THING_PRONOUNS = {"it", "its", "itself"}
PLURAL_PRONOUNS = {"they", "them", "their", "theirs", "themselves"}
RELATIVE_PRONOUNS = {"who", "whom", "whose", "which", "that"}
# nouns that name a person by role ("the minister"): a bare definite of one finds its antecedent
ROLE_NOUNS = frozenset(
    "minister president premier chancellor king queen prince leader official spokesman spokeswoman "
    "spokesperson ambassador envoy diplomat secretary governor mayor senator congressman congresswoman "
    "lawmaker general commander chief director chairman chairwoman prosecutor judge lawyer attorney "
    "monarch emir sheikh pope cleric sultan dictator candidate minister-president".split())
# nouns that name a country or an organisation by kind ("the country", "the group")
PLACE_NOUNS = frozenset("country nation state kingdom republic island".split())
GROUP_NOUNS = frozenset(
    "group organisation organization movement militia party alliance bloc coalition union agency "
    "company firm body network regime government administration military army".split())
PERSON_SECTORS = {"GOV", "MIL", "COP", "JUD", "LEG", "OPP", "REB", "ELI", "BUS", "MED", "CVL", "REF", "LAB"}
# head nouns of actor records that name a body, not a person ("the military", "the government")
BODY_HEADS = GROUP_NOUNS | PLACE_NOUNS | frozenset(
    "ministry department court parliament congress senate police navy force forces council "
    "committee commission cabinet embassy office authority authorities service".split())
SUBJECT_DEPS = ("nsubj", "nsubjpass")
WINDOW_SENTENCES = 2  # a pronoun looks back into its sentence and this many before
DEFINITE_WINDOW = 3


@dataclass
class Mention:
    """Something a pronoun can stand for: a named entity or an actor record."""

    start: int
    end: int
    text: str
    kind: str  # "person" | "thing" | "group"
    plural: bool
    gender: str | None
    subject: bool
    sent: int  # index of its sentence
    head: int  # token index of its head
    actor: Actor | None = None

    @property
    def name(self) -> str:
        return _clean_name(self.actor.name if self.actor and self.actor.name else self.text)


def _clean_name(text: str) -> str:
    text = re.sub(r"(?:'s|’s|'|’)$", "", text.strip())
    return re.sub(r"^(?:the|The)\s+", "", text).strip(" ,.;:")


class Resolver:
    """The mentions of one parsed document and the rules that point pronouns at them."""

    def __init__(self, doc, actors: Sequence[Actor] = (), entities=None):
        self.doc = doc
        self.actors = sorted(actors, key=lambda a: (a.start, a.end))
        self._actor_starts = [a.start for a in self.actors]
        self._sent_starts = [s.start for s in doc.sents]
        self.mentions = self._mentions(entities)
        self._starts = [m.start for m in self.mentions]

    # ---- building mentions -----------------------------------------------------------------

    def _sent_of(self, i: int) -> int:
        return bisect_left(self._sent_starts, i + 1) - 1

    def _actor_over(self, start: int, end: int, root=None) -> Actor | None:
        """The actor record for a span: one covering its head word first, the longest."""
        i = bisect_left(self._actor_starts, end)
        found = [a for a in self.actors[max(0, i - 50):i] if a.start < end and a.end > start]
        if root is not None:
            on_head = [a for a in found if a.start <= root.idx < a.end]
            found = on_head or found
        return max(found, key=lambda a: (bool(a.code), a.end - a.start)) if found else None

    def _mention(self, span, label: str | None, actor: Actor | None) -> Mention | None:
        doc = self.doc
        root = span.root
        head_word = root.lemma_.lower()
        if actor is not None and actor.code and actor.code == actor.country and not actor.sector:
            kind = "thing"  # a country as a whole, whatever the NER thought ("Jordan" as a PERSON)
        elif label == "PERSON":
            kind = "person"
        elif label in ("ORG", "GPE", "NORP", "FAC"):
            kind = "thing"
        elif actor is not None and actor.sector in PERSON_SECTORS and head_word not in BODY_HEADS:
            kind = "person"  # "the Jordanian foreign minister", "protesters", "a judge"
        elif actor is not None:
            kind = "thing"
        else:
            return None
        plural = root.tag_ in ("NNS", "NNPS") or any(c.dep_ == "conj" for c in root.children) \
            or (label == "NORP" and root.tag_ != "JJ")
        if kind == "person" and plural:
            kind = "group"
        gender = _gender_of(doc.text, span.start_char, span.text) if kind == "person" else None
        node = root
        while node.dep_ in ("compound", "appos", "flat", "conj") and node.head is not node:
            node = node.head
        return Mention(start=span.start_char, end=span.end_char, text=span.text, kind=kind,
                       plural=plural, gender=gender, subject=node.dep_ in SUBJECT_DEPS,
                       sent=self._sent_of(root.i), head=root.i, actor=actor)

    def _mentions(self, entities) -> list[Mention]:
        doc = self.doc
        out: list[Mention] = []
        spans = []
        for ent in doc.ents if entities is None else entities:
            label = ent.label_ if hasattr(ent, "label_") else ent.label
            if label not in ("PERSON", "ORG", "GPE", "NORP"):
                continue
            span = ent if hasattr(ent, "root") else doc.char_span(ent.start, ent.end, alignment_mode="expand")
            if span is not None and len(span) and not (
                    label == "NORP" and span.root.dep_ in ("amod", "compound", "nmod") and span.root.head.pos_ == "NOUN"
                    and not any(a.start <= span.root.head.idx < a.end for a in self.actors)):
                # a demonym modifying a noun is not a referent ("Jordanian" in "Jordanian troops")
                # unless an actor record covers the noun, when the record is the mention
                spans.append((span, label))
        covered = [(s.start_char, s.end_char) for s, _ in spans]
        # person names the NER missed ("Theresa May"): a known given name before more proper nouns
        i = 0
        while i < len(doc):
            tok = doc[i]
            low = tok.lower_
            if tok.pos_ == "PROPN" and tok.text[:1].isupper() and low in _FEMALE_NAMES | _MALE_NAMES \
                    and not any(s <= tok.idx < e for s, e in covered):
                j = i + 1
                while j < len(doc) and doc[j].pos_ == "PROPN" and doc[j].text[:1].isupper():
                    j += 1
                if j > i + 1:
                    spans.append((doc[i:j], "PERSON"))
                i = j
                continue
            i += 1
        for span, label in spans:
            actor = self._actor_over(span.start_char, span.end_char, span.root)
            if actor is not None and actor.start <= span.start_char and span.end_char <= actor.end \
                    and (actor.start, actor.end) != (span.start_char, span.end_char):
                # the actor record is the whole noun phrase ("Jordanian Foreign Minister Ayman Safadi",
                # "The Israeli military"): the mention is that phrase
                wide = doc.char_span(actor.start, actor.end, alignment_mode="expand")
                if wide is not None and len(wide):
                    span, label = wide, None if label == "NORP" else label
            m = self._mention(span, label, actor)
            if m is not None and not any((o.start, o.end) == (m.start, m.end) for o in out):
                out.append(m)
        # actor records no entity covers: generic agents ("the police", "rebels", "a judge")
        for actor in self.actors:
            if any(m.start < actor.end and m.end > actor.start for m in out):
                continue
            span = doc.char_span(actor.start, actor.end, alignment_mode="expand")
            if span is not None and len(span):
                m = self._mention(span, None, actor)
                if m is not None:
                    out.append(m)
        # the words of a coordination stand together for "they" ("Egypt and Jordan ... they")
        for m in list(out):
            root = doc[m.head]
            if root.dep_ != "conj" and any(c.dep_ == "conj" for c in root.children):
                last = max(root.conjuncts, key=lambda t: t.i)
                start, end = m.start, last.idx + len(last.text)
                out.append(Mention(start=start, end=end, text=doc.text[start:end], kind="group", plural=True,
                                   gender=None, subject=m.subject, sent=m.sent, head=m.head, actor=None))
        out.sort(key=lambda m: (m.start, -(m.end - m.start)))
        return out

    # ---- resolving ---------------------------------------------------------------------------

    def before(self, offset: int, sentences: int = WINDOW_SENTENCES) -> list[Mention]:
        """Mentions ending before ``offset`` in its sentence and the ``sentences`` before, nearest last."""
        i = bisect_left(self._starts, offset)
        token = self.doc.char_span(offset, offset + 1, alignment_mode="expand")
        sent = self._sent_of(token.start) if token is not None else len(self._sent_starts) - 1
        out = []
        for m in reversed(self.mentions[max(0, i - 200):i]):  # bounded: near-linear on long documents
            if sent - m.sent > sentences:
                break
            if m.end <= offset:
                out.append(m)
        return out[::-1]

    def antecedent(self, token) -> Mention | None:
        """The mention a personal pronoun, relative pronoun or bare definite stands for, or None."""
        low = token.lower_
        if low in RELATIVE_PRONOUNS:
            return self._relative(token)
        if low in PERSON_PRONOUNS or low in THING_PRONOUNS or low in PLURAL_PRONOUNS:
            return self._pronoun(token)
        if token.pos_ == "NOUN" and self._bare_definite(token):
            return self.definite(token)
        return None

    def _relative(self, token) -> Mention | None:
        clause = token.head if token.head.dep_ == "relcl" else None
        if clause is None and token.dep_ == "poss" and token.head.head.dep_ == "relcl":
            clause = token.head.head  # "the man whose son ..."
        if clause is None:
            return None
        noun = clause.head
        for m in self.mentions:
            if m.start <= noun.idx < m.end:
                return m
        return None

    def _co_arguments(self, token) -> set[int]:
        """Token indices of the other arguments of the pronoun's own verb (binding: "X praised him")."""
        if token.lower_ in ("his", "her", "its", "their", "himself", "herself", "itself", "themselves"):
            return set()
        verb = token.head
        if token.dep_ not in ("dobj", "nsubj", "nsubjpass", "dative", "pobj"):
            return set()
        if token.dep_ == "pobj":
            verb = verb.head
        return {t.i for c in verb.children if c.dep_ in ("nsubj", "nsubjpass", "dobj", "dative")
                for t in c.subtree if c.i != token.i}

    def _pronoun(self, token) -> Mention | None:
        low = token.lower_
        blocked = self._co_arguments(token)
        candidates = [m for m in self.before(token.idx) if m.head not in blocked]
        if low in PERSON_PRONOUNS:
            gender = PERSON_PRONOUNS[low]
            fits = [m for m in candidates if m.kind == "person" and not m.plural and m.gender in (None, gender)]
        elif low in THING_PRONOUNS:
            fits = [m for m in candidates if m.kind == "thing" and not m.plural
                    and not (m.actor is None and self.doc[m.head].ent_type_ == "NORP")]
        else:
            fits = [m for m in candidates if m.plural or (m.kind == "thing" and self.doc[m.head].ent_type_ in ("ORG", "NORP"))]
            # a coordination wins over its own first part ("Egypt and Jordan said they ...")
            fits = [m for m in fits if not any(o is not m and o.plural and o.kind == "group" and o.start == m.start
                                               and o.end > m.end for o in fits)]
        if not fits:
            return None
        if token.dep_ in SUBJECT_DEPS:
            subjects = [m for m in fits if m.subject]
            if subjects:
                nearest = max(m.sent for m in subjects)
                if nearest >= max(m.sent for m in fits) - 1:
                    return [m for m in subjects if m.sent == nearest][-1]
        return fits[-1]

    @staticmethod
    def _bare_definite(token) -> bool:
        """ "the minister", "the country": "the" + a role, place or group noun, nothing naming whose."""
        word = token.lemma_.lower()
        if word not in ROLE_NOUNS | PLACE_NOUNS | GROUP_NOUNS:
            return False
        dets = [c for c in token.children if c.dep_ == "det"]
        if len(dets) != 1 or dets[0].lower_ != "the":
            return False
        return not any(c.dep_ in ("poss", "compound", "nmod", "prep", "appos", "relcl", "acl") or
                       (c.dep_ == "amod" and (c.ent_type_ or c.pos_ == "PROPN")) for c in token.children)

    def definite(self, token) -> Mention | None:
        """The antecedent of a bare definite noun phrase headed by ``token``."""
        word = token.lemma_.lower()
        candidates = [m for m in self.before(token.idx, DEFINITE_WINDOW) if m.head != token.i]
        for m in reversed(candidates):
            if word in PLACE_NOUNS:
                if self.doc[m.head].ent_type_ == "GPE" and (m.actor is None or m.actor.country):
                    return m
            elif word in GROUP_NOUNS and m.kind == "thing" and re.search(rf"\b{re.escape(word)}", m.text, re.I):
                return m
            elif word in GROUP_NOUNS and word in ("group", "organisation", "organization", "movement", "militia") \
                    and self.doc[m.head].ent_type_ == "ORG":
                return m
            elif word in ROLE_NOUNS and m.kind == "person" and re.search(rf"\b{re.escape(word)}", m.text, re.I):
                return m
        # "Rodong Sinmun, the party newspaper" ... "the newspaper": an apposition said what it is
        return None
