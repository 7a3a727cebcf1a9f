"""Finds who said what: direct quotes by their quote marks, reported speech by its cue verbs.

``extract_quotes(doc, actors=..., entities=...)`` returns :class:`tidings.model.Quote`
records whose offsets point into ``doc.text``. Direct quotes are found by scanning the
text for quotation marks (every style news uses, nesting, quotes that run over several
paragraphs); reported speech ("X said that ...", "..., according to X") is found from the
dependency parse. Speakers are resolved to the article's people (surname aliases,
pronouns by recency and cheap gender cues) and to actor codes when the actors layer
knows one. ``docs/quotes.md`` describes the rules.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from .errors import InputError
from .coref import _FEMALE_NAMES, _MALE_NAMES, _gender_of
from .model import Actor, Entity, Quote, Span

# ---------------------------------------------------------------------------
# quote marks
# ---------------------------------------------------------------------------

DOUBLE, SINGLE, GUILLEMET, SGUILLEMET = "double", "single", "guillemet", "single-guillemet"

_OPEN_PUNCT = "([{<―—–-/:;,"
_CLOSE_FOLLOW = ".,;:!?)]}―—–-…*/"
_ELISION_RE = re.compile(r"(?:em|tis|twas|til|cause|n|bout|round|nuff|s)\b")


@dataclass
class RawQuote:
    """A quoted stretch found by the mark scanner: ``[start, end)`` is the content."""

    start: int  # first character of the content (after the opening mark and any space)
    end: int  # end of the content (before any space and the closing mark)
    open_mark: str
    close_mark: str
    family: str
    depth: int = 0  # 0 = outermost
    parent: int | None = None  # index of the enclosing RawQuote
    paragraphs: int = 1  # how many paragraphs the quote runs over
    open_at: int = -1  # offset of the opening mark
    close_at: int = -1  # offset of the closing mark


def _is_space(ch: str) -> bool:
    return ch == "" or ch.isspace()


def _open_context(prev: str, nxt: str) -> bool:
    """The mark sits where a quote opens: after space or opening punctuation, before a word."""
    return (_is_space(prev) or prev in _OPEN_PUNCT or prev in "\"“„‘'`«‹") and not _is_space(nxt)


def _close_context(prev: str, nxt: str) -> bool:
    """The mark sits where a quote closes: after a word or punctuation, before space or punctuation."""
    return not _is_space(prev) and (_is_space(nxt) or nxt in _CLOSE_FOLLOW or nxt in "\"”“’'`»›")


def _classify(text: str, i: int) -> tuple[str, str] | None:
    """Return (family, role) for a possible quote mark at ``text[i]``; role is open/close/either.

    ``None`` means the character is not a quote mark here (an apostrophe, a prime ...).
    """
    ch = text[i]
    prev = text[i - 1] if i > 0 else ""
    nxt = text[i + 1] if i + 1 < len(text) else ""
    if ch in "“„":
        if ch == "“" and _close_context(prev, nxt) and not _open_context(prev, nxt):
            return DOUBLE, "either"  # a German-style closing “ or a mistyped one
        return DOUBLE, "open"
    if ch == "”":
        if _open_context(prev, nxt) and not _close_context(prev, nxt):
            return DOUBLE, "either"  # Swedish style ”...”
        return DOUBLE, "close"
    if ch == '"':
        if _open_context(prev, nxt) and not _close_context(prev, nxt):
            return DOUBLE, "open"
        if _close_context(prev, nxt) and not _open_context(prev, nxt):
            return DOUBLE, "close"
        return DOUBLE, "either"
    if ch in "«»":
        if _open_context(prev, nxt) and not _close_context(prev, nxt):
            return GUILLEMET, "open" if ch == "«" else "either"
        if _close_context(prev, nxt) and not _open_context(prev, nxt):
            return GUILLEMET, "close" if ch == "»" else "either"
        return GUILLEMET, "open" if ch == "«" else "close"
    if ch in "‹›":
        if _open_context(prev, nxt) and not _close_context(prev, nxt):
            return SGUILLEMET, "open" if ch == "‹" else "either"
        if _close_context(prev, nxt) and not _open_context(prev, nxt):
            return SGUILLEMET, "close" if ch == "›" else "either"
        return SGUILLEMET, "open" if ch == "‹" else "close"
    if ch == "`":
        if nxt == "`" or prev == "`":
            return None  # ``double backticks`` are handled by the caller
        if _open_context(prev, nxt) and not _close_context(prev, nxt):
            return SINGLE, "open"
        if _close_context(prev, nxt):
            return SINGLE, "close"
        return None
    if ch in "‘’'":
        if prev.isalnum() and nxt.isalnum():
            return None  # didn't, Korea's, rock'n'roll
        rest = text[i + 1 : i + 6].lower()
        if re.match(r"\d\ds?\b", rest):
            return None  # ’90s
        if _open_context(prev, nxt) and not _close_context(prev, nxt):
            if ch == "’":
                return None  # ’em, ’Tis: an apostrophe at a word start
            if ch == "'" and _ELISION_RE.match(rest) and not rest.startswith("s "):
                return None
            return SINGLE, "open"
        if _close_context(prev, nxt):
            if ch == "‘":
                return SINGLE, "either"
            if prev in "sz" and nxt == " " and re.match(r" [A-Za-z]", text[i + 1 : i + 3]):
                return SINGLE, "weak-close"  # the leaders’ meeting: a plural possessive, or a close
            return SINGLE, "close"
        return None
    return None


_MARK_CHARS = set("\"“”„«»‹›‘’'`")


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """Non-blank lines as (start, end) offsets: a quote may not run over one unless continued."""
    spans = []
    pos = 0
    for line in text.split("\n"):
        if line.strip():
            spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans


def _marks(text: str, start: int, end: int) -> list[tuple[int, int, str, str, str]]:
    """Quote-mark candidates in ``text[start:end]``: (offset, length, char, family, role)."""
    out = []
    i = start
    while i < end:
        ch = text[i]
        if ch not in _MARK_CHARS:
            i += 1
            continue
        pair = text[i : i + 2]
        if pair == "``":
            out.append((i, 2, pair, DOUBLE, "open"))
            i += 2
            continue
        if pair == "''":
            prev = text[i - 1] if i > 0 else ""
            nxt = text[i + 2] if i + 2 < len(text) else ""
            if _open_context(prev, nxt) and not _close_context(prev, nxt):
                out.append((i, 2, pair, DOUBLE, "open"))
                i += 2
                continue
            if _close_context(prev, nxt):
                out.append((i, 2, pair, DOUBLE, "close"))
                i += 2
                continue
        kind = _classify(text, i)
        if kind is not None:
            out.append((i, 1, ch, kind[0], kind[1]))
        i += 1
    return out


def _first_mark(text: str, start: int, end: int):
    """The opening quote mark a paragraph starts with, if any."""
    j = start
    while j < end and text[j].isspace():
        j += 1
    marks = _marks(text, j, min(end, j + 2))
    if marks and marks[0][0] == j and marks[0][4] in ("open", "either"):
        return marks[0]
    return None


def scan_quotes(text: str) -> list[RawQuote]:
    """Find every quoted stretch of ``text`` by pairing its quote marks.

    Marks pair within a paragraph, innermost first; a quote left open at the end of a
    paragraph continues when the next paragraph opens with a mark of the same kind
    (the news convention for quotes over several paragraphs). Returns the quotes in
    text order with their nesting (``parent``/``depth``).
    """
    found: list[RawQuote] = []
    paragraphs = _paragraphs(text)
    carried: tuple[int, str, str, int] | None = None  # (content start, mark, family, paragraphs)
    for p_index, (p_start, p_end) in enumerate(paragraphs):
        marks = _marks(text, p_start, p_end)
        stack: list[list] = []  # open quotes: [content start, mark, family, paragraphs so far]
        skip_first = None
        if carried is not None:
            first = _first_mark(text, p_start, p_end)
            if first is not None and first[3] == carried[2]:
                stack.append([carried[0], carried[1], carried[2], carried[3] + 1])
                skip_first = first[0]
            carried = None
        for k, (pos, length, ch, family, role) in enumerate(marks):
            if pos == skip_first:
                continue
            open_same = [n for n, item in enumerate(stack) if item[2] == family]
            if role == "weak-close":
                # a plural possessive unless no stronger closer follows in the paragraph
                later = any(m[3] == family and m[4] in ("close", "either") for m in marks[k + 1 :])
                if not open_same or later:
                    continue
                role = "close"
            if role == "either":
                role = "close" if open_same else "open"
            if role == "open":
                stack.append([pos + length, ch, family, 1])
                continue
            if not open_same:
                continue  # a stray closing mark
            n = open_same[-1]
            item = stack[n]
            del stack[n:]
            start, end = item[0], pos
            while start < end and text[start].isspace():  # « French spacing »
                start += 1
            while end > start and text[end - 1].isspace():
                end -= 1
            found.append(
                RawQuote(start=start, end=end, open_mark=item[1], close_mark=ch, family=family,
                         paragraphs=item[3], open_at=item[0] - len(item[1]), close_at=pos)
            )
        if stack:
            outer = stack[0]
            nxt = paragraphs[p_index + 1] if p_index + 1 < len(paragraphs) else None
            if nxt is not None:
                first = _first_mark(text, nxt[0], nxt[1])
                if first is not None and first[3] == outer[2]:
                    carried = (outer[0], outer[1], outer[2], outer[3])
    found.sort(key=lambda q: (q.start, -q.end))
    # nesting
    for i, quote in enumerate(found):
        for j in range(i - 1, -1, -1):
            other = found[j]
            if other.start < quote.start and quote.end <= other.end:
                quote.parent = j
                quote.depth = other.depth + 1
                break
    return found


# ---------------------------------------------------------------------------
# cues and speakers
# ---------------------------------------------------------------------------

# verbs that introduce speech, writing, or a stated belief (lemmas)
CUE_VERBS = frozenset(
    """
    say tell add write report ask warn claim state note explain insist argue announce declare
    emphasize emphasise stress reply respond answer acknowledge admit concede suggest predict
    recall remark observe comment contend maintain assert allege charge complain conclude
    confirm deny describe estimate indicate mention promise reveal tweet testify vow pledge
    joke quip shout yell scream whisper cry continue agree caution counter demand propose
    recommend reiterate repeat speculate worry fear hope believe think reckon learn
    tout boast brag lament concur muse posit opine assure inform urge accuse criticize
    criticise call praise blast slam question wonder guess feel know find show
    bark snap boom retort scoff sneer chant exclaim gush rail plead sigh interject recount
    proclaim thunder grumble mutter murmur fume rant marvel sing read quote post
    """.split()
)
# verbs of thinking, feeling and showing: what follows them is a belief or a piece of evidence,
# not speech ("analysts believe ...", "footage shows ...", "court papers indicated ..."), so they
# carry no quote
NOT_SPEECH = frozenset(
    "hope believe think reckon feel know find show learn worry fear wonder guess indicate "
    "demonstrate suspect expect assume imagine".split()
)
CUE_VERBS = CUE_VERBS - NOT_SPEECH
# the verbs of saying proper: the only cues a quote may follow without a comma or colon
# (``said ‘I won’t go’``) and the only ones that attribute a later quote in the paragraph
SAY_VERBS = frozenset(
    """
    say tell add write ask reply respond answer declare announce tweet shout yell scream whisper
    cry state explain insist argue warn recall continue conclude remark quip joke note observe
    write post testify bark snap boom retort scoff sneer chant exclaim gush plead sigh interject
    proclaim thunder grumble mutter murmur fume marvel
    """.split()
)
# cue verbs that need a clause after them to count (a stated belief, not an action)
_CLAUSE_ONLY = frozenset(
    "hope believe think reckon feel know find show learn worry fear wonder guess "
    "call praise blast slam question criticize criticise accuse urge inform assure describe "
    "continue agree charge maintain indicate".split()
)
_SUBJ = ("nsubj", "nsubjpass")
_PRONOUNS = {
    "he": "m", "him": "m", "she": "f", "her": "f", "they": "p", "them": "p", "it": "n",
    "i": "1", "we": "1", "you": "2",
}
_ORG_NOUNS = frozenset(
    "newspaper paper daily agency ministry department company group party network broadcaster "
    "magazine outlet station channel organization organisation institute office campaign "
    "committee council government administration report statement".split()
)
@dataclass
class _Mention:
    """A person/organisation mention the resolver can point a speaker at."""

    start: int
    end: int
    text: str
    label: str
    name: str
    gender: str | None = None


@dataclass
class _Context:
    doc: object
    text: str
    mentions: list[_Mention]
    actors: list[Actor]
    people: dict[str, str] = field(default_factory=dict)  # surname/alias (lower) -> full name
    in_quote: list[tuple[int, int]] = field(default_factory=list)
    roles: list[tuple[int, str, str]] = field(default_factory=list)  # (offset, appositive noun, name)
    aliases: dict[str, list[tuple[int, str]]] = field(default_factory=dict)  # surname -> [(offset, full name)]
    resolver: object = None  # tidings.coref.Resolver, shared with the event actors


def _clean_name(text: str) -> str:
    text = re.sub(r"(?:'s|’s|'|’)$", "", text.strip())
    return re.sub(r"^(?:the|The)\s+", "", text).strip(" ,.;:")


def _build_context(doc, actors: Sequence[Actor], entities: Sequence[Entity]) -> _Context:
    text = doc.text
    mentions: list[_Mention] = []
    for ent in entities:
        if ent.label not in ("PERSON", "ORG", "NORP", "GPE"):
            continue
        name = _clean_name(ent.text)
        if not name:
            continue
        gender = _gender_of(text, ent.start, name) if ent.label == "PERSON" else None
        mentions.append(_Mention(ent.start, ent.end, ent.text, ent.label, name, gender))
    # names the NER missed ("Theresa May"): a known given name starting a run of proper nouns
    covered = [(m.start, m.end) for m in mentions]
    i = 0
    while i < len(doc):
        tok = doc[i]
        low = tok.lower_
        if tok.pos_ == "PROPN" and tok.text[:1].isupper() and (low in _FEMALE_NAMES or low in _MALE_NAMES) \
                and not _inside(covered, tok.idx):
            j = i + 1
            while j < len(doc) and doc[j].pos_ == "PROPN" and doc[j].text[:1].isupper():
                j += 1
            if j > i + 1:
                span = doc[i:j]
                gender = "f" if low in _FEMALE_NAMES else "m"
                mentions.append(_Mention(span.start_char, span.end_char, span.text, "PERSON", span.text, gender))
            i = j
            continue
        i += 1
    mentions.sort(key=lambda m: m.start)
    # "Rodong Sinmun, the party newspaper": what "the newspaper" will mean later
    roles: list[tuple[int, str, str]] = []
    for tok in doc:
        if tok.dep_ == "appos" and tok.pos_ == "NOUN":
            named = [m for m in mentions if m.start <= tok.head.idx < m.end]
            if named:
                roles.append((tok.idx, tok.lemma_.lower(), named[0].name))
    people: dict[str, str] = {}
    aliases: dict[str, list[tuple[int, str]]] = {}
    genders: dict[str, str] = {}
    for m in mentions:
        if m.label != "PERSON":
            continue
        parts = m.name.split()
        if len(parts) > 1:
            people.setdefault(parts[-1].lower(), m.name)
            people.setdefault(m.name.lower(), m.name)
            aliases.setdefault(parts[-1].lower(), []).append((m.start, m.name))
            if "-" in parts[-1] and len(parts) == 2:  # Korean order: "Kim" for "Kim Jong-un"
                people.setdefault(parts[0].lower(), m.name)
                aliases.setdefault(parts[0].lower(), []).append((m.start, m.name))
        if m.gender:
            genders.setdefault(people.get(parts[-1].lower(), m.name), m.gender)
    for m in mentions:  # share a person's gender across their mentions
        if m.label == "PERSON" and m.gender is None:
            full = _full_name(m.name, people)
            m.gender = genders.get(full)
    from .coref import Resolver

    return _Context(doc=doc, text=text, mentions=mentions, actors=list(actors), people=people, roles=roles,
                    aliases=aliases, resolver=Resolver(doc, actors))


def _alias(ctx: _Context, name: str, before: int) -> str | None:
    """The full name a short name stands for: the last one mentioned before ``before``
    ("Clinton" after "Hillary Clinton" is Hillary, even if "Bill Clinton" came first)."""
    parts = name.split()
    if not parts:
        return None
    if len(parts) > 1 and parts[0].lower().rstrip(".") not in ("mr", "mrs", "ms", "dr", "sen", "rep", "gov", "president"):
        return None
    options = ctx.aliases.get(parts[-1].lower())
    if not options:
        return None
    earlier = [full for start, full in options if start < before]
    return earlier[-1] if earlier else options[0][1]


def _full_name(name: str, people: dict[str, str]) -> str:
    parts = name.split()
    if not parts:
        return name
    if len(parts) == 1 or parts[0].lower().rstrip(".") in ("mr", "mrs", "ms", "dr", "sen", "rep", "gov", "president"):
        return people.get(parts[-1].lower(), name)
    return people.get(name.lower(), name)


def _speaker_span_tokens(head) -> tuple[int, int]:
    """Character span of the subject noun phrase: its left part and the head (no clauses)."""
    start_tok = head.left_edge
    end_tok = head
    for child in head.rights:
        if child.dep_ in ("compound", "flat", "nummod") or (child.dep_ == "conj" and child.ent_type_):
            end_tok = child.right_edge
        elif child.dep_ == "cc":
            continue
        else:
            break
    for tok in head.doc[start_tok.i : head.i]:
        if tok.dep_ == "punct" and tok.i == start_tok.i:
            start_tok = tok.nbor(1)
    return start_tok.idx, end_tok.idx + len(end_tok.text)


def _resolve(ctx: _Context, start: int, end: int, head=None, before: int | None = None,
             prev_speaker: tuple[str | None, str | None] | None = None) -> tuple[str | None, str | None, float]:
    """Name, actor code and confidence for the speaker span ``[start, end)``; the code the
    sentence gives the speaker (``_described_code``) wins over a dictionary code of another country."""
    name, code, confidence = _resolve_span(ctx, start, end, head, before, prev_speaker)
    if head is not None and head.lower_ not in _PRONOUNS and head.lower_ not in ("who", "that", "which"):
        described = _described_code(head)
        if described and (code is None or code[:3] != described[:3]):
            code = described
    return name, code, confidence


def _resolve_span(ctx: _Context, start: int, end: int, head=None, before: int | None = None,
                  prev_speaker: tuple[str | None, str | None] | None = None) -> tuple[str | None, str | None, float]:
    """Name, actor code and confidence for the speaker span ``[start, end)``."""
    text = ctx.text[start:end]
    low = text.lower().strip()
    before = start if before is None else before
    if low in ("who", "that", "which") and head is not None and head.head.dep_ == "relcl":
        antecedent = head.head.head  # "Rubio, who said ...": the relative pronoun's antecedent
        if antecedent.pos_ in ("PROPN", "NOUN"):
            a_start, a_end = _speaker_span_tokens(antecedent)
            return _resolve(ctx, a_start, a_end, antecedent, before=a_start, prev_speaker=prev_speaker)
    # pronouns
    if low in _PRONOUNS:
        kind = _PRONOUNS[low]
        if kind in ("1", "2"):
            return None, None, 0.3
        if kind in ("m", "f"):
            if prev_speaker and prev_speaker[0]:
                gender = _gender_for_name(ctx, prev_speaker[0])
                if gender in (None, kind):
                    return prev_speaker[0], prev_speaker[1], 0.7
            if head is not None and head.lower_ == low.split()[0] and ctx.resolver is not None:
                # the shared resolver (tidings.coref): gender, number, subject continuity, binding
                found = ctx.resolver.antecedent(head)
                if found is not None and found.kind == "person" and not _inside(ctx.in_quote, found.start):
                    name = _alias(ctx, found.name, found.start) or found.name
                    return name, _code_for(ctx, found.start, found.end, name), 0.6
            people = [m for m in reversed(ctx.mentions)
                      if m.end <= before and m.label == "PERSON" and not _inside(ctx.in_quote, m.start)]
            # a person marked with the pronoun's gender in the last ~600 characters wins;
            # otherwise the most recent person whose gender is unknown
            marked = [m for m in people if m.gender == kind and before - m.end < 600]
            unknown = [m for m in people if m.gender is None]
            for m, confidence in ((marked[:1], 0.6), (unknown[:1], 0.5)):
                if m:
                    name = _alias(ctx, m[0].name, m[0].start) or m[0].name
                    return name, _code_for(ctx, m[0].start, m[0].end, name), confidence
            return None, None, 0.4
        labels = ("ORG",) if kind == "n" else ("ORG", "NORP", "GPE")
        for m in reversed(ctx.mentions):
            if m.end > before or m.label not in labels or _inside(ctx.in_quote, m.start):
                continue
            if before - m.end > 600:
                break
            return m.name, _code_for(ctx, m.start, m.end, m.name), 0.5
        return None, None, 0.4
    # named mentions inside the span
    inside = [m for m in ctx.mentions if m.start < end and m.end > start]
    if head is not None:
        at_head = [m for m in inside if m.start <= head.idx < m.end]
        if not at_head and inside and head.pos_ in ("NOUN", "PROPN"):
            # "the Trump administration", "Clinton's campaign": the head names the speaker
            run = [t for t in head.lefts if t.dep_ in ("compound", "amod") and t.i >= head.i - 3] + [head]
            name = " ".join(t.text for t in run)
            return name, _code_for(ctx, start, end, None), 0.7
        inside = at_head or inside
    if inside:
        persons = [m for m in inside if m.label == "PERSON"]
        best = persons[-1] if persons else inside[-1]
        name = best.name
        if best.label == "PERSON" or len(name.split()) == 1:
            name = _alias(ctx, name, start) or name
        return name, _code_for(ctx, start, end, name), 0.9
    actor = _actor_at(ctx, start, end)
    if actor is not None:
        return actor.name, actor.code, 0.85
    # a capitalised word the NER missed: a surname seen before ("Lee" after "Jean H. Lee")
    words = text.split()
    if words and words[-1][:1].isupper():
        name = _alias(ctx, _clean_name(words[-1]), start)
        if name is not None:
            return name, _code_for(ctx, start, end, name), 0.8
        if head is not None and head.pos_ == "PROPN":
            return _clean_name(text), _code_for(ctx, start, end, text), 0.7
    # "the newspaper" after "Rodong Sinmun, the party newspaper"
    if head is not None and low.startswith("the "):
        for offset, noun, role_name in reversed(ctx.roles):
            if offset < before and noun == head.lemma_.lower():
                return role_name, _code_for(ctx, start, end, role_name), 0.6
    # "the newspaper": the nearest organisation before it
    if head is not None and head.lemma_.lower() in _ORG_NOUNS and low.startswith("the "):
        for m in reversed(ctx.mentions):
            if m.end > before or m.label != "ORG" or _inside(ctx.in_quote, m.start):
                continue
            if before - m.end > 1500:
                break
            return m.name, _code_for(ctx, m.start, m.end, m.name), 0.5
    return _clean_name(text) or None, None, 0.6


def _gender_for_name(ctx: _Context, name: str) -> str | None:
    for m in ctx.mentions:
        if m.label == "PERSON" and m.gender and _full_name(m.name, ctx.people) == name:
            return m.gender
    first = name.split()[0].lower() if name.split() else ""
    if first in _FEMALE_NAMES:
        return "f"
    if first in _MALE_NAMES:
        return "m"
    return None


def _inside(spans: list[tuple[int, int]], pos: int) -> bool:
    return any(s <= pos < e for s, e in spans)


def _actor_at(ctx: _Context, start: int, end: int) -> Actor | None:
    for actor in ctx.actors:
        if actor.start < end and actor.end > start:
            return actor
    return None


def _described_code(head, depth: int = 0) -> str | None:
    """The code the sentence itself gives the speaker: a role word and whose it is ("China's
    ambassador to Britain" -> CHNGOV, "the Chinese foreign ministry" -> CHNGOV, "US officials
    testifying about Ukraine" -> USAGOV), from the title lexicon and a country named by a
    possessive, a demonym or a compound on the left of the role word (never a "to"/"about"
    phrase: the ambassador *to* Britain is not British), or from such an apposition ("Liu
    Xiaoming, China's ambassador"). None when the sentence says nothing of the kind."""
    from .actors.dictionary import load_dictionary, normalize

    if head is None or depth > 1:
        return None
    dictionary = load_dictionary()
    title = dictionary.titles.get(normalize(head.lemma_)) or dictionary.titles.get(normalize(head.text))
    if title is not None and title.sector:
        for mod in sorted(head.lefts, key=lambda t: -t.i):
            if mod.dep_ not in ("poss", "compound", "amod", "nmod"):
                continue
            words = [mod] if mod.dep_ != "poss" else [t for t in mod.subtree if t.dep_ != "case"]
            phrase = normalize(" ".join(t.text for t in words))
            for entry in dictionary.lookup(phrase):
                if entry.kind in ("country", "demonym", "capital"):
                    return entry.key + title.sector
            title_mod = dictionary.titles.get(normalize(mod.text))
            if title_mod is None and mod.pos_ not in ("ADJ", "NOUN"):
                break  # "Trump's ambassador": whose, but no country
    for child in head.children:
        if child.dep_ == "appos":
            found = _described_code(child, depth + 1)
            if found:
                return found
    return None


def _code_for(ctx: _Context, start: int, end: int, name: str | None) -> str | None:
    """The actor code of the mention at ``[start, end)``, or of an actor with the same id/name."""
    actor = _actor_at(ctx, start, end)
    if actor is not None and actor.code:
        return actor.code
    if actor is not None and actor.entity_id:
        for other in ctx.actors:
            if other.entity_id == actor.entity_id and other.code:
                return other.code
    if name:
        for other in ctx.actors:
            if other.code and other.name == name:
                return other.code
    return None


# ---------------------------------------------------------------------------
# attribution
# ---------------------------------------------------------------------------


def _is_cue(tok) -> bool:
    return tok.pos_ in ("VERB", "AUX") and tok.lemma_.lower() in CUE_VERBS


def _subject(verb):
    """The subject of a cue verb, looking through participles ("..., saying") and conjuncts."""
    seen = 0
    tok = verb
    while tok is not None and seen < 4:
        subjects = [c for c in tok.children if c.dep_ in _SUBJ]
        if subjects:
            # two subjects means a misparse: take the nominal closest to the verb
            good = [c for c in subjects if c.pos_ in ("PROPN", "PRON", "NOUN", "NUM")] or subjects
            return min(good, key=lambda c: abs(c.i - tok.i))
        if tok.dep_ in ("advcl", "xcomp", "conj", "acl", "pcomp", "prep") and tok.head is not tok:
            tok = tok.head
            seen += 1
            continue
        break
    # "said X" where the parser missed the inversion
    for child in verb.rights:
        if child.dep_ in ("dobj", "attr", "npadvmod", "dep") and (child.ent_type_ in ("PERSON", "ORG") or child.pos_ == "PROPN"):
            return child
    return None


_NP_POS = ("PROPN", "NOUN", "DET", "ADJ", "NUM", "PRON")


def _np_run(tokens) -> tuple[object, int, int] | None:
    """The noun phrase at the start of ``tokens`` (a name with its titles): (head, start, end).

    Stops at a comma, a verb or a quote mark, so ``Flynn, a top Trump surrogate, said``
    gives ``Flynn``.
    """
    run = []
    for tok in tokens:
        if tok.ent_type_ in ("DATE", "TIME") or (tok.is_stop and tok.pos_ not in ("PRON", "DET")):
            break  # "said Tuesday", "Of Carson, Levine said": not a speaker
        if tok.pos_ in _NP_POS or (run and tok.text in (".", "-", "'s", "’s") and tok.pos_ != "PUNCT") or (
            run and tok.dep_ == "compound"
        ):
            if tok.pos_ == "PRON" and (run or tok.lower_ not in _PRONOUNS):
                break
            run.append(tok)
            if tok.pos_ == "PRON":
                break
            continue
        break
    while run and run[-1].pos_ in ("DET", "ADJ"):
        run.pop()
    if not run:
        return None
    head = run[-1]
    return head, run[0].idx, head.idx + len(head.text)


def _positional_after(text: str, window, close_end: int, end: int) -> _Attribution | None:
    """``“...,” NAME[, appositive,] said`` and ``“...,” said NAME``: the news word order."""
    dash = re.match(r"[^\S\n]*([―—–]|--?)[^\S\n]*(?=\w)", text[close_end:end])
    if dash:
        # “...” ― Veronica Cruz: an attribution line
        np = _np_run([t for t in window if t.idx >= close_end + dash.end()])
        if np is not None and np[0].text[:1].isupper() and np[0].pos_ != "PRON":
            after = [t for t in window if t.i > np[0].i]
            if not after or after[0].text in (".", ",") or after[0].is_space:
                cue = _Mark(close_end + dash.start(1), dash.group(1))
                return _Attribution(cue, np[0], (np[1], np[2]), "dash")
    toks = [t for t in window if not (t.is_punct and t.idx <= close_end + 1)]
    if not toks:
        return None
    if _is_cue(toks[0]):
        np = _np_run(toks[1:])
        if np is not None and (np[0].pos_ in ("PROPN", "NOUN") or np[0].ent_type_):
            return _Attribution(toks[0], np[0], (np[1], np[2]), "after")
        return None
    np = _np_run(toks)
    if np is None:
        return None
    head = np[0]
    rest = [t for t in toks if t.i > head.i]
    depth = 0
    for tok in rest[:25]:
        if tok.text in "“\"‘«„":
            return None
        if tok.text == "(":
            depth += 1
        elif tok.text == ")":
            depth -= 1
        if depth:
            continue
        if _is_cue(tok):
            between = [t for t in rest if t.i < tok.i]
            if between and between[0].text == "(":  # "Rep. John Mica (R-Fla.) said"
                close = next((k for k, t in enumerate(between) if t.text == ")"), None)
                between = between[close + 1 :] if close is not None else between
            # directly after the name, or after a comma-delimited appositive
            if not between or between[0].text == "," or all(t.pos_ in ("ADV", "AUX", "PART") for t in between):
                return _Attribution(tok, head, (np[1], np[2]), "after")
            return None
        if tok.pos_ in ("VERB", "AUX") and tok.dep_ not in ("relcl", "acl", "aux", "auxpass") and not _in_appositive(rest, tok):
            return None
    return None


def _in_appositive(rest, tok) -> bool:
    """Is ``tok`` inside a comma-delimited appositive that starts right after the name?"""
    if not rest or rest[0].text != ",":
        return False
    commas = [t for t in rest if t.text == "," and t.i < tok.i]
    return len(commas) % 2 == 1


def _tokens_in(doc, start: int, end: int):
    """The tokens that overlap ``[start, end)``."""
    starts = _token_starts(doc)
    first = max(0, bisect.bisect_right(starts, start) - 1)
    if first < len(doc) and doc[first].idx + len(doc[first].text) <= start:
        first += 1
    last = bisect.bisect_left(starts, end)
    return doc[first:max(first, last)]


_STARTS_CACHE: dict[int, tuple[object, list[int]]] = {}


def _token_starts(doc) -> list[int]:
    cached = _STARTS_CACHE.get(id(doc))
    if cached is not None and cached[0] is doc:
        return cached[1]
    starts = [t.idx for t in doc]
    _STARTS_CACHE.clear()
    _STARTS_CACHE[id(doc)] = (doc, starts)
    return starts


def _clause_end(text: str, pos: int, limit: int) -> int:
    """Where the sentence that continues at ``pos`` ends (before ``limit``)."""
    for m in re.finditer(r"[.!?](?=[\s\"”’'`]|$)|\n", text[pos:limit]):
        if m.group() == ".":
            word = re.search(r"(\w+)\.$", text[pos : pos + m.end()])
            if word and (word.group(1).lower() in _ABBREVIATIONS or len(word.group(1)) == 1):
                continue
        return pos + m.end()
    return limit


_ABBREVIATIONS = frozenset(
    "mr mrs ms dr sen rep gov gen lt col sgt st jr sr prof rev capt maj adm cmdr amb pres supt "
    "det insp u.s no vs etc inc corp co ltd dept univ jan feb mar apr aug sept sep oct nov dec".split()
)


@dataclass
class _Mark:
    """A cue that is not a whole token (the dash of ``“...” ― Name``)."""

    idx: int
    text: str
    i: int = -1


@dataclass
class _Attribution:
    cue: object | None  # the cue token
    speaker: object | None  # the subject head token
    span: tuple[int, int] | None  # speaker character span
    how: str


def _cue_after(doc, text: str, quote: RawQuote, limit: int, inner: bool) -> _Attribution | None:
    """``"...," Lee said.`` / ``"...," said Lee.`` / ``"...," she told reporters.``"""
    close_end = quote.close_at + len(quote.close_mark)
    tail = text[close_end : close_end + 3]
    if quote.close_mark in ("’", "'", "`") and tail[:1] in "`'’":
        close_end += 1
    end = min(_clause_end(text, close_end, limit), close_end + 160)
    window = [t for t in _tokens_in(doc, close_end, end) if t.idx >= close_end]
    positional = _positional_after(text, window, close_end, end)
    if positional is not None:
        return positional
    for tok in window[:9]:
        if tok.text in "“\"‘«„" and tok.idx > close_end + 1:
            break
        if tok.lower_ == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
            pobj = next((c for c in doc[tok.i + 1].children if c.dep_ == "pobj"), None)
            if pobj is not None:
                return _Attribution(tok, pobj, _speaker_span_tokens(pobj), "according")
        if _is_cue(tok):
            subj = _subject(tok)
            if subj is None or quote.open_at <= subj.idx < close_end:
                # "said Lee" inverted, or an appositive after the verb
                nxt = [t for t in window if t.idx > tok.idx and t.dep_ in _SUBJ + ("appos", "npadvmod", "attr", "dep")]
                subj = nxt[0] if nxt and (nxt[0].ent_type_ or nxt[0].pos_ == "PROPN") else None
            if subj is None:
                if inner:
                    continue
                return _Attribution(tok, None, None, "after")
            return _Attribution(tok, subj, _speaker_span_tokens(subj), "after")
        if tok.dep_ in _SUBJ and tok.head.i < len(doc) and _is_cue(tok.head) and tok.head.idx >= close_end:
            verb = tok.head
            if verb.idx - close_end < 300:
                return _Attribution(verb, tok, _speaker_span_tokens(tok), "after")
    return None


def _cue_before(doc, text: str, quote: RawQuote, floor: int) -> _Attribution | None:
    """``Lee said: "..."`` / ``Lee said, "..."`` / ``According to Lee, "..."`` / ``Lee said he "..."``."""
    open_pos = quote.open_at
    start = max(floor, open_pos - 300)
    seg = text[start:open_pos]
    cut = max(seg.rfind(". "), seg.rfind("? "), seg.rfind("! "), seg.rfind("\n"))
    if cut >= 0:
        start = start + cut + 1
    window = [t for t in _tokens_in(doc, start, open_pos) if t.idx + len(t.text) <= open_pos]
    if not window:
        return None
    quote_toks = [t for t in _tokens_in(doc, quote.start, quote.end) if quote.start <= t.idx < quote.end]
    found: _Attribution | None = None
    # the quote hangs off a cue verb before it (its ccomp, or after a colon)
    for qt in quote_toks[:1]:
        head = qt.head
        hops = 0
        while head is not None and hops < 4:
            if head.idx < open_pos and head.idx >= start and _is_cue(head):
                subj = _subject(head)
                if subj is not None and subj.idx < open_pos:
                    return _Attribution(head, subj, _speaker_span_tokens(subj), "before")
                found = found or _Attribution(head, None, None, "before")
                break
            if head.head is head:
                break
            head = head.head
            hops += 1
    # a cue verb at the end of the lead-in ("X said:", "X said,", "X told reporters that")
    for tok in reversed(window[-8:]):
        if _is_cue(tok):
            subj = _subject(tok)
            if subj is not None and subj.idx < open_pos:
                return _Attribution(tok, subj, _speaker_span_tokens(subj), "before")
            np = _np_run([t for t in window if t.i > tok.i])  # "Continued Stone:"
            if np is not None and np[0].pos_ == "PROPN":
                return _Attribution(tok, np[0], (np[1], np[2]), "before")
            found = found or _Attribution(tok, None, None, "before")
            break
        if tok.lower_ == "according" or tok.text in ".!?":
            break
    for tok in window:
        if tok.lower_ == "according" and tok.i + 2 < len(doc) and doc[tok.i + 1].lower_ == "to":
            obj = doc[tok.i + 2]
            head = obj
            for cand in doc[tok.i + 2 : min(len(doc), tok.i + 8)]:
                if cand.head.i == tok.i + 1 and cand.dep_ == "pobj":
                    head = cand
                    break
            return _Attribution(tok, head, _speaker_span_tokens(head), "according")
    return _colon_lead(window) or found


def _colon_lead(window) -> _Attribution | None:
    """``Trump: ‘I’m the worst thing ...’`` / ``She then addressed the supporters again: “...”``:
    a lead-in ending with a colon names the speaker as its subject, or as the name before it."""
    words = [t for t in window if not t.is_space]
    if not words or words[-1].text != ":":
        return None
    colon = words[-1]
    clause = []
    for tok in reversed(words[:-1]):
        if tok.text in (".", "!", "?", ";") or tok.text == ":":
            break
        clause.insert(0, tok)
    verbs = [t for t in clause if t.pos_ in ("VERB", "AUX") and t.dep_ not in ("aux", "auxpass", "amod", "acl", "relcl")]
    name = _name_before(clause)
    if name is not None and not any(_is_cue(v) for v in verbs):
        # "The timing doesn't surprise pollster Daron Shaw: “...”": the name before the colon
        return _Attribution(colon, name[0], (name[1], name[2]), "colon")
    for verb in reversed(verbs):
        subj = _subject(verb)
        if subj is not None and subj in clause and subj.lower_ not in ("it", "this", "that", "there", "which", "who"):
            return _Attribution(verb if _is_cue(verb) else colon, subj, _speaker_span_tokens(subj), "colon")
    return None


def _name_before(clause) -> tuple | None:
    """The proper name that ends ``clause`` with its title words (``Republican pollster Daron Shaw``)."""
    run = []
    for tok in reversed(clause):
        if tok.ent_type_ in ("DATE", "TIME"):
            break
        if tok.pos_ in ("PROPN", "NOUN") or (run and tok.dep_ == "compound"):
            run.insert(0, tok)
            continue
        break
    if run and run[-1].pos_ == "PROPN":
        head = run[-1]
        return head, run[0].idx, head.idx + len(head.text)
    return None


_LEAD_CHARS = ".!?:;,—–-([\"“”’'`"


_SUBORDINATORS = frozenset("that because as like if when whether than including such".split())


def _standing(doc, text: str, raw: RawQuote) -> str | None:
    """How a quotation stands: ``"alone"`` when it opens a sentence or paragraph, follows a
    colon or comes straight after a verb of saying (``said ‘I won’t go’``); ``"comma"`` when
    it follows a comma and needs a cue to count; ``None`` for a phrase quoted inside someone's
    sentence (``called it “an absolute disgrace”``, ``tweeted that, “...”``)."""
    j = raw.open_at - 1
    while j >= 0 and text[j] in " \t\xa0":
        j -= 1
    if j < 0 or text[j] == "\n":
        return "alone"
    before = _tokens_in(doc, max(0, j - 60), j + 1)
    words = [t for t in before if not t.is_space]
    if text[j] == ",":
        words = words[:-1]
        if words and words[-1].lower_ in _SUBORDINATORS:
            return None  # "tweeted that, “...”": the quote is part of a content clause
        return "comma"
    if text[j] in _LEAD_CHARS:
        return "alone"
    if not words:
        return None
    last = words[-1]
    if _is_cue(last) and last.lemma_.lower() in SAY_VERBS:
        return "alone"
    if last.lower_ in ("but", "and") and any(_is_cue(t) and t.lemma_.lower() in SAY_VERBS for t in words[-6:]):
        return "comma"  # “A,” he said, but “B”
    return None


def _named(tok) -> bool:
    """A proper name (``President Clinton``), not a pronoun or a common noun."""
    return tok.pos_ == "PROPN" or tok.ent_type_ in ("PERSON", "ORG", "NORP", "GPE")


def _say_before(doc, text: str, raw: RawQuote) -> bool:
    """A verb of saying just before the quote (``Flynn said Thursday, “...”``)."""
    open_pos = raw.open_at
    words = [t for t in _tokens_in(doc, max(0, open_pos - 80), open_pos) if not t.is_space and t.idx < open_pos]
    return any(_is_cue(t) and t.lemma_.lower() in SAY_VERBS for t in words[-7:])


def _cue_in_lead(doc, text: str, ctx: _Context, start: int, end: int) -> _Attribution | None:
    """The last cue verb with a subject in ``text[start:end]``, outside quotes (``Schiff said.``)."""
    if end - start < 3:
        return None
    for tok in reversed(_tokens_in(doc, start, end)):
        if tok.idx < start or _inside(ctx.in_quote, tok.idx) or not _is_cue(tok):
            continue
        if tok.lemma_.lower() not in SAY_VERBS:
            continue
        subj = _subject(tok)
        if subj is None or subj.dep_ != "nsubj" or subj.idx < start or subj.lower_ in ("i", "we", "you"):
            continue
        return _Attribution(tok, subj, _speaker_span_tokens(subj), "lead")
    return None


def _cue_in_colon_paragraph(doc, text: str, ctx: _Context, paragraph: tuple[int, int]) -> _Attribution | None:
    """``Caddell continued:`` as a paragraph of its own before the quote."""
    start, end = paragraph
    if not text[start:end].rstrip().endswith(":"):
        return None
    return _cue_in_lead(doc, text, ctx, start, end) or _colon_lead(list(_tokens_in(doc, start, end)))


def _quote_tokens_have_verb(doc, start: int, end: int) -> bool:
    return any(t.pos_ in ("VERB", "AUX") for t in _tokens_in(doc, start, end))


def _words(text: str) -> int:
    return len(re.findall(r"\w+", text))


def extract_quotes(doc, *, actors: Iterable[Actor] = (), entities: Iterable[Entity] = ()) -> list[Quote]:
    """Direct quotes and reported speech in ``doc``, with cue, speaker and actor code.

    ``actors`` (from ``tidings.actors.code_actors``) give ``speaker_code``; ``entities``
    (PERSON/ORG ... from ``tidings.nlp.entities``) let short names and pronouns be resolved
    to the article's people. Both may be empty.
    """
    if not hasattr(doc, "text") or not hasattr(doc, "ents") or not hasattr(doc, "char_span"):
        raise InputError(f"extract_quotes needs a parsed spaCy Doc (tidings.nlp.parse), not {type(doc).__name__}")
    text = doc.text
    actors = list(actors)
    entities = list(entities)
    if not entities and getattr(doc, "ents", None):
        entities = [Entity(e.start_char, e.end_char, e.text, e.label_) for e in doc.ents]
    ctx = _build_context(doc, actors, entities)
    raws = scan_quotes(text)
    ctx.in_quote = [(r.start, r.end) for r in raws if r.depth == 0 and _words(text[r.start : r.end]) >= 4]
    paragraphs = _paragraphs(text)
    para_of = _paragraph_index(paragraphs)

    quotes: list[Quote] = []
    speakers: dict[int, tuple] = {}  # raw index -> (name, code, speaker span)
    prev: tuple | None = None  # paragraph, name, code, speaker span, cue span, end of the last attributed quote
    own: dict[int, _Attribution | None] = {}  # each standing quote's own cue, if any
    for index, raw in enumerate(raws):
        content = text[raw.start : raw.end]
        standing = _standing(doc, text, raw)
        if not re.search(r"\w", content) or standing is None:
            continue  # a phrase quoted inside a sentence: part of reported speech, not a quote
        parent = raws[raw.parent] if raw.parent is not None else None
        limit = parent.end if parent is not None else len(text)
        floor = parent.start if parent is not None else 0
        att = _cue_after(doc, text, raw, limit, inner=parent is not None)
        if standing == "comma" and (att is None or att.cue is None) and not _say_before(doc, text, raw):
            continue  # "as The Daily Beast called them, “Manchurian anchors”"
        if att is None or att.speaker is None:
            before = _cue_before(doc, text, raw, floor)
            if before is not None and (att is None or att.cue is None or before.speaker is not None):
                att = before
        own[index] = att

    for index, raw in enumerate(raws):
        if index not in own:
            continue
        att = own[index]
        content = text[raw.start : raw.end]
        parent = raws[raw.parent] if raw.parent is not None else None
        p_index = para_of(raw.start)
        open_pos = raw.open_at
        para_start = paragraphs[p_index][0]
        quote_start_para = text[para_start:open_pos].strip() == ""
        speaker_span = None
        name = code = None
        cue_span = None
        confidence = 0.9
        if att is not None and att.span is not None:
            s, e = att.span
            speaker_span = Span(s, e, text[s:e])
            prev_speaker = (prev[1], prev[2]) if prev is not None and p_index - prev[0] <= 2 else None
            name, code, confidence = _resolve(ctx, s, e, att.speaker, before=s, prev_speaker=prev_speaker)
            if parent is not None and speaker_span.text.lower() in ("i", "we") and raw.parent in speakers:
                name, code = speakers[raw.parent][:2]  # "I said, ‘...’" inside someone's quote
        elif parent is None and (att is None or att.cue is None):
            # no cue of its own: a cue earlier in the paragraph ("Schiff said. “...”"),
            # a lead-in paragraph ending with a colon, or the quote just before goes on
            same_para_prev = prev is not None and prev[0] == p_index
            lead = _cue_in_lead(doc, text, ctx, max(para_start, prev[5] if same_para_prev else para_start), open_pos)
            if lead is None and quote_start_para and p_index > 0 and not same_para_prev:
                lead = _cue_in_colon_paragraph(doc, text, ctx, paragraphs[p_index - 1])
            if lead is None and quote_start_para and not same_para_prev:
                lead = _next_paragraph_cue(text, raws, own, index, paragraphs, para_of)
            if lead is not None:
                att = lead
                s, e = att.span
                speaker_span = Span(s, e, text[s:e])
                name, code, confidence = _resolve(ctx, s, e, att.speaker, before=s)
                confidence = min(confidence, 0.7)
            elif prev is not None and (same_para_prev or (quote_start_para and p_index - prev[0] == 1)):
                speaker_span, name, code, cue_span = prev[3], prev[1], prev[2], prev[4]
                att = _Attribution(None, None, None, "continued")
                confidence = 0.6
        if parent is not None and (att is None or att.speaker is None or not _named(att.speaker)):
            continue  # a quote inside a quote needs its own attribution, to someone named
        # is it speech, or a title / scare quote?
        if att is None and speaker_span is None:
            if _words(content) < 6 or not _quote_tokens_have_verb(doc, raw.start, raw.end):
                continue
            confidence = 0.5
        if att is not None and att.cue is not None:
            cue_span = Span(att.cue.idx, att.cue.idx + len(att.cue.text), att.cue.text)
            if att.how == "according" and att.cue.i + 1 < len(doc):
                to = doc[att.cue.i + 1]
                cue_span = Span(att.cue.idx, to.idx + len(to.text), text[att.cue.idx : to.idx + len(to.text)])
        quotes.append(
            Quote(start=raw.start, end=raw.end, text=content, direct=True, cue=cue_span, speaker=speaker_span,
                  speaker_name=name, speaker_code=code, confidence=round(confidence, 2))
        )
        if speaker_span is not None:
            speakers[index] = (name, code, speaker_span)
            if parent is None:
                prev = (para_of(raw.end), name, code, speaker_span, cue_span, raw.end)
    quotes.extend(_reported_speech(doc, ctx, quotes, raws))
    quotes.sort(key=lambda q: (q.start, -q.end))
    return quotes


def _next_paragraph_cue(text, raws, own, index, paragraphs, para_of) -> _Attribution | None:
    """A paragraph that is all quote, followed by a paragraph opening with an attributed quote:
    ``“I am a proven champion ...”`` / ``“I will take that ...,” Espinoza said.``"""
    raw = raws[index]
    p_index = para_of(raw.start)
    if text[raw.close_at + len(raw.close_mark) : paragraphs[p_index][1]].strip(" \t\xa0\"”’'"):
        return None
    for j in range(index + 1, len(raws)):
        nxt = raws[j]
        if nxt.depth:
            continue
        if j not in own or para_of(nxt.start) != p_index + 1:
            return None
        if text[paragraphs[p_index + 1][0] : nxt.open_at].strip():
            return None
        att = own[j]
        return att if att is not None and att.cue is not None and att.span is not None else None
    return None


def _paragraph_index(paragraphs: list[tuple[int, int]]):
    starts = [p[0] for p in paragraphs]

    def index(pos: int) -> int:
        return max(0, bisect.bisect_right(starts, pos) - 1)

    return index


def _span_of(tokens) -> tuple[int, int]:
    first, last = tokens[0], tokens[-1]
    return first.idx, last.idx + len(last.text)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Strip spaces and edge punctuation (but keep quote marks and a final period)."""
    while start < end and (text[start].isspace() or text[start] in ",;:—–-"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:—–-"):
        end -= 1
    return start, end


# verbs whose object is itself what was said ("Clinton called them “deplorables”", "he
# described the talks as useful", "she tweeted the photo", "reiterated the call"). The object of a
# verb that reacts to something ("The US welcomed the exchange", "praised", "condemned",
# "criticized the deal") names what the reaction is about, not words anyone said: no quote (the
# reaction itself may be an event). "call" and "describe" need the complement that carries the
# words ("called it a sham", "described it as ...").
OBJECT_CUES = frozenset("call describe tweet echo repeat reiterate quote".split())
_COMPLEMENT_CUES = frozenset("call describe".split())
# verbs of promising and asking whose infinitive is the content ("Kim vowed to end the tests");
# wanting, planning, refusing or agreeing to do something is not speech
XCOMP_CUES = frozenset("vow pledge promise urge threaten offer call ask".split())
_FOR_CUES = frozenset("call push ask press argue lobby advocate plead".split())
# "talked about the border", "pointed to Cruz's organisation", "voted for Clinton"
_PREP_CUES = {
    "talk": ("about",), "speak": ("about", "of", "out"), "comment": ("on",), "focus": ("on",),
    "point": ("to",), "refer": ("to",), "complain": ("about", "of"),
    "joke": ("about",), "boast": ("about", "of"), "brag": ("about",), "warn": ("of", "about", "against"),
    "rail": ("against",), "lash": ("out",), "argue": ("against",), "testify": ("about", "on"),
}


# nouns that report what someone said: "Trump's claim that ...", "her remarks about ..."
NOUN_CUES = frozenset(
    """
    claim statement assertion argument suggestion warning promise pledge comment
    remark criticism accusation allegation charge message speech announcement call vow threat
    insistence admission denial complaint prediction proposal demand appeal plea
    """.split()
)


def _content_of(tok):
    """The tokens a cue verb attributes, and how: its clause, object or infinitive."""
    lemma = tok.lemma_.lower()
    children = list(tok.children)
    comp = [c for c in children if c.dep_ == "ccomp"]
    if comp:
        return list(comp[0].subtree), "say"
    if lemma in CUE_VERBS and tok.dep_ == "parataxis" and tok.head.pos_ in ("VERB", "AUX"):
        head = tok.head
        return [t for t in head.subtree if t.i < tok.i and not (tok.left_edge.i <= t.i <= tok.right_edge.i)], "say"
    if lemma in _FOR_CUES:
        prep = [c for c in children if c.dep_ == "prep" and c.lower_ in ("for", "on")]
        if prep and any(c.dep_ in ("pobj", "pcomp") for c in prep[0].children):
            return [t for c in prep[0].children if c.dep_ in ("pobj", "pcomp") for t in c.subtree], "object"
    if lemma in _PREP_CUES:
        prep = [c for c in children if c.dep_ == "prep" and c.lower_ in _PREP_CUES[lemma]]
        objects = [c for p in prep for c in p.children if c.dep_ in ("pobj", "pcomp")]
        if objects:
            return list(objects[0].subtree), "object"
    if lemma in XCOMP_CUES:
        xcomp = [c for c in children if c.dep_ == "xcomp"]
        if xcomp:
            return list(xcomp[0].subtree), "object"
    if lemma in OBJECT_CUES:
        obj = [c for c in children if c.dep_ == "dobj"]
        if obj:
            tokens = list(obj[0].subtree)
            complement = False
            for c in children:  # "called them “deplorables”": the object and its complement
                if c.dep_ in ("oprd", "xcomp", "ccomp") and c.i > obj[0].i:
                    tokens.extend(c.subtree)
                    complement = True
                elif c.dep_ == "prep" and c.lower_ in ("for", "of", "as") and c.i == obj[0].right_edge.i + 1:
                    tokens.extend(c.subtree)  # "described it as a sham"
                    complement = complement or c.lower_ == "as"
            if lemma in _COMPLEMENT_CUES and not complement:
                return None, None  # "called the minister", "described the scene": no words given
            return tokens, "object"
    return None, None


def _longest_run(tokens: list) -> list:
    """The longest stretch of consecutive tokens (the clause on one side of "according to X")."""
    runs: list[list] = []
    for tok in sorted(tokens, key=lambda t: t.i):
        if runs and runs[-1][-1].i + 1 == tok.i:
            runs[-1].append(tok)
        else:
            runs.append([tok])
    return max(runs, key=lambda r: r[-1].idx + len(r[-1].text) - r[0].idx) if runs else []


def _reported_speech(doc, ctx: _Context, direct: list[Quote], raws: list[RawQuote]) -> list[Quote]:
    """``X said (that) ...``, ``..., X said``, ``according to X, ...``, ``X criticized Y``."""
    text = ctx.text
    direct_spans = [(q.start - 1, q.end + 1) for q in direct]
    quoted = [(r.start, r.end) for r in raws if r.depth == 0 and _words(text[r.start : r.end]) >= 4]
    out: list[Quote] = []
    used_cues = {q.cue.start for q in direct if q.cue is not None}
    according = set()  # token indices of "according to X" phrases
    for tok in doc:
        if tok.lower_ == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
            according.update(range(tok.i, doc[tok.i + 1].right_edge.i + 1))

    def overlaps_direct(s: int, e: int) -> bool:
        for ds, de in direct_spans:
            inter = min(e, de) - max(s, ds)
            if inter > 0 and inter >= 0.5 * (e - s):
                return True
        return False

    for tok in doc:
        if _inside(quoted, tok.idx):
            continue  # speech reported inside a direct quote belongs to the quote
        speaker = None
        if tok.lower_ == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
            to = doc[tok.i + 1]
            pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
            if pobj is None:
                continue
            speaker = pobj
            head = tok.head if tok.head is not tok else tok
            while head.dep_ not in ("ROOT", "ccomp", "conj", "parataxis", "advcl") and head.head is not head:
                head = head.head
            skip = set(range(tok.left_edge.i, max(tok.right_edge.i, pobj.right_edge.i) + 1))
            content_tokens = _longest_run([t for t in head.subtree if t.i not in skip and t.sent == tok.sent])
            how = "according"
            cue_tok, cue_end = tok, to.idx + len(to.text)
        elif tok.pos_ in ("VERB", "AUX") and tok.idx not in used_cues:
            content_tokens, how = _content_of(tok)
            if not content_tokens:
                continue
            lemma = tok.lemma_.lower()
            if how == "say" and lemma not in CUE_VERBS:
                continue
            speaker = _subject(tok)
            if how == "object" and (speaker is None or speaker.pos_ == "PRON" and speaker.lower_ in ("it", "that", "this", "which")):
                continue
            content_tokens = [t for t in content_tokens if t.i not in according]
            cue_tok, cue_end = tok, tok.idx + len(tok.text)
        elif tok.pos_ == "NOUN" and tok.lemma_.lower() in NOUN_CUES:
            # "Trump's claim that ...", "her comments about ...", "a statement by the ministry"
            speaker = next((c for c in tok.children if c.dep_ == "poss" and c.lower_ not in ("its", "their")), None)
            if speaker is None:
                agent = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "by"), None)
                speaker = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
            if speaker is None:
                continue
            clause = [c for c in tok.children if c.dep_ in ("acl", "ccomp") and any(g.lower_ == "that" for g in c.children)]
            prep = [c for c in tok.children if c.dep_ == "prep" and c.lower_ in ("about", "on", "of", "for", "against")]
            objects = [g for p in prep for g in p.children if g.dep_ in ("pobj", "pcomp")]
            if clause:
                content_tokens = list(clause[0].subtree)
            elif objects:
                content_tokens = list(objects[0].subtree)
            else:
                continue
            how = "noun"
            cue_tok, cue_end = tok, tok.idx + len(tok.text)
        else:
            continue
        if not content_tokens:
            continue
        s, e = _span_of(sorted(content_tokens, key=lambda t: t.i))
        for r in raws:  # the parse often stops at a quote mark: take in the whole quoted phrase
            if r.depth == 0 and s <= r.open_at < e < r.close_at + len(r.close_mark) and r.close_at - e < 200:
                e = r.close_at + len(r.close_mark)
        s, e = _trim(text, s, e)
        if e <= s or (how not in ("object", "noun") and (e - s < 12 or _words(text[s:e]) < 3)):
            continue
        inner = [t for t in content_tokens if not t.is_punct]
        if len(inner) == 1 and (inner[0].pos_ in ("PRON", "DET", "SCONJ") or inner[0].ent_type_ in ("DATE", "TIME")):
            continue  # "described that", "called Friday": nothing attributed
        if overlaps_direct(s, e):
            continue
        if how == "say" and speaker is None and tok.lemma_.lower() in _CLAUSE_ONLY:
            continue
        if tok.lemma_.lower() in _CLAUSE_ONLY and speaker is not None and speaker.lower_ in ("i", "we", "you"):
            continue
        speaker_span = None
        name = code = None
        confidence = 0.7 if how not in ("object", "noun") else 0.5
        if speaker is not None:
            ss, se = _speaker_span_tokens(speaker)
            speaker_span = Span(ss, se, text[ss:se])
            name, code, confidence = _resolve(ctx, ss, se, speaker, before=ss)
            confidence = min(confidence, 0.8 if how not in ("object", "noun") else 0.5)
        cue_span = Span(cue_tok.idx, cue_end, text[cue_tok.idx : cue_end])
        out.append(
            Quote(start=s, end=e, text=text[s:e], direct=False, cue=cue_span, speaker=speaker_span,
                  speaker_name=name, speaker_code=code, confidence=round(confidence, 2))
        )
    return out
