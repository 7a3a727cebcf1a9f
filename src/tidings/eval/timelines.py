"""``tidings eval timelines``: SemEval-2015 Task 4 style timelines, scored as ordered event pairs.

Input: the TimeML documents (``Corpus-trial-data_task4_TimeML/*.tml``: DCT, sentences, gold
``<EVENT>`` tags) and the gold timelines (``TimeLines_trial_data_task4_v1.2/*.txt``: first line
the target entity, then ``position <tab> date <tab> doc-sentence-word ...``). As in the task's
Track B, the gold event mentions are given; the system decides which of them belong to the
target entity's timeline, dates them and orders them:

* **relevance**: the event word is syntactically tied to a mention of the entity in its
  sentence (the entity is its subject, object or prepositional object, a modifier of the event
  noun, or the event word modifies the entity), found with the spaCy parse. Entity mentions are
  the name, its multi-word tails ("Apple Corps" for "Beatles Apple Corps"), a capitalised last
  word of 4+ letters ("Jobs"), and the name without a trailing lowercase word ("iTunes" for
  "iTunes store"). Crude anaphora (``--pronouns``, default on): in a sentence right after one
  that names the entity (or has a pronoun taken for it), the first he/him/his/she/her (when
  the name is tagged PERSON) or it/its/they/them/their (otherwise) counts as a mention.
* **date**: a time expression of the sentence (``tidings.time.extract_timexes`` anchored to the
  DCT) that depends on the event word, else the sentence's only date expression, else the DCT
  (``--fallback dct``, the default and best here: the gold files date present states such as
  "iPhone 4 has a new screen" to the DCT; ``past-dct``, ``discourse`` and ``none`` are the
  alternatives). Month or year values are kept at their precision.
* **order**: dated events by ``link.dates.sort_key``, undated ones first at position 0 (as
  the gold files do); events with the same date share a position.

Scores, per target entity and micro-averaged: *mentions* P/R/F1 (which events are on the
timeline), *dated* P/R/F1 (event and date both right; gold ``2008-03-XX`` = ``2008-03``), and
*ordered pairs* P/R/F1: every pair of timeline events with its relation (before / same
position), compared with the gold pairs; a simplification of the task's temporal-awareness
score (no temporal closure).
"""

from __future__ import annotations

import html
import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import click

from ..errors import InputError
from ..link.dates import sort_key

TML_DIR = "Corpus-trial-data_task4_TimeML"
GOLD_DIR = "TimeLines_trial_data_task4_v1.2"
SUBJECT_DEPS = {"nsubj", "nsubjpass", "dobj", "pobj", "poss", "compound", "agent", "attr", "appos", "conj"}


@dataclass
class TmlEvent:
    id: str  # "16844-2-unveiled"
    sentence: int
    start: int  # char offsets into TmlDoc.text
    end: int


@dataclass
class TmlDoc:
    id: str
    dct: str | None
    text: str
    sentences: list[tuple[int, int, int]]  # (sentence id, start, end)
    events: list[TmlEvent] = field(default_factory=list)


_S = re.compile(r'<s id="(\d+)">(.*?)</s>', re.S)
_EVENT = re.compile(r'<EVENT[^>]*>(.*?)</EVENT>', re.S)
_TAG = re.compile(r"<[^>]+>")


def read_tml(path: Path) -> TmlDoc:
    """One task-4 TimeML file: plain text (sentences on lines) and its gold event words."""
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(f"cannot read {path}: {err}") from err
    docid = re.search(r"<DOCID>(.*?)</DOCID>", raw)
    dct = re.search(r'functionInDocument="CREATION_TIME"[^>]*value="([^"]+)"', raw)
    if not docid or "<s id=" not in raw:
        raise InputError(f"{path} is not a task-4 TimeML file (no DOCID or <s> sentences)")
    doc = TmlDoc(id=docid.group(1).strip(), dct=dct.group(1) if dct else None, text="", sentences=[])
    parts: list[str] = []
    pos = 0
    for m in _S.finditer(raw):
        sid, body = int(m.group(1)), m.group(2)
        start = pos
        out = []
        cursor = 0
        for ev in _EVENT.finditer(body):
            before = html.unescape(_TAG.sub("", body[cursor:ev.start()]))
            word = html.unescape(_TAG.sub("", ev.group(1)))
            out.append(before)
            ev_start = start + sum(len(x) for x in out)
            out.append(word)
            doc.events.append(TmlEvent(f"{doc.id}-{sid}-{word}", sid, ev_start, ev_start + len(word)))
            cursor = ev.end()
        out.append(html.unescape(_TAG.sub("", body[cursor:])))
        sentence = "".join(out)
        parts.append(sentence)
        doc.sentences.append((sid, start, start + len(sentence)))
        pos = start + len(sentence) + 1
    doc.text = "\n".join(parts)
    return doc


@dataclass
class GoldTimeline:
    entity: str
    rows: list[tuple[int, str | None, list[str]]]  # (position, date or None, event ids)


def normalize_date(value: str | None) -> str | None:
    """Gold/system date to a comparable form: XXXX-XX-XX -> None, 2008-03-XX -> 2008-03."""
    if not value or value.startswith("XXXX"):
        return None
    return re.sub(r"(-XX)+$", "", value)


def read_gold(path: Path) -> GoldTimeline:
    try:
        lines = [ln.rstrip("\n") for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(f"cannot read {path}: {err}") from err
    if not lines:
        raise InputError(f"{path} is empty: expected a target entity line and timeline rows")
    rows = []
    for n, line in enumerate(lines[1:], 2):
        cells = line.split("\t")
        if len(cells) < 3 or not cells[0].strip().isdigit():
            raise InputError(f"{path}:{n}: expected 'position<TAB>date<TAB>event ...'")
        rows.append((int(cells[0]), normalize_date(cells[1].strip()), [c.strip() for c in cells[2:] if c.strip()]))
    return GoldTimeline(lines[0].strip(), rows)


# ---- the system --------------------------------------------------------------------------------

def aliases(entity: str) -> list[str]:
    """Ways the text names the target entity (see the module docstring)."""
    words = entity.split()
    out = {entity}
    for i in range(1, len(words) - 1):
        out.add(" ".join(words[i:]))
    last = words[-1]
    if len(words) > 1 and last[:1].isupper() and last.isalpha() and len(last) >= 4:
        out.add(last)
    if len(words) > 1 and last.islower():
        out.add(" ".join(words[:-1]))
    return sorted(out, key=len, reverse=True)


def _entity_tokens(doc, names: list[str]) -> list:
    tokens = []
    for name in names:
        for m in re.finditer(r"(?<!\w)" + re.escape(name) + r"(?!\w)", doc.text, re.I):
            span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
            if span is not None:
                tokens.extend(span)
    return tokens


PRONOUNS = {"he", "him", "his", "she", "her", "it", "its", "they", "them", "their"}


def _with_pronouns(doc, entity_toks: list) -> list:
    """Add subject/object pronouns of sentences right after one naming the entity (crude anaphora):
    ``he``/``she`` for a person-like entity (PERSON), ``it``/``its``/``they`` otherwise."""
    sents = list(doc.sents)
    named = {i for i, s in enumerate(sents) if any(s.start <= t.i < s.end for t in entity_toks)}
    person = any(t.ent_type_ == "PERSON" for t in entity_toks)
    wanted = {"he", "him", "his", "she", "her"} if person else {"it", "its", "they", "them", "their"}
    extra = []
    for i, sent in enumerate(sents):
        if i in named or (i - 1) not in named:
            continue
        for tok in sent:
            if tok.lower_ in wanted and tok.lower_ in PRONOUNS:
                extra.append(tok)
                named.add(i)  # a chain: "Jobs ... He ... He ..."
                break  # the first such pronoun of the sentence
    return entity_toks + extra


def _related(event_tok, entity_toks: list) -> bool:
    for ent in entity_toks:
        if ent.sent.start != event_tok.sent.start:
            continue
        if ent == event_tok:
            return True
        # entity -> event: subject/object/pobj (through one preposition) of the event word
        head = ent.head
        if ent.dep_ in SUBJECT_DEPS and (head == event_tok or (head.dep_ in ("prep", "agent") and head.head == event_tok)):
            return True
        if ent.dep_ in ("compound", "flat") and head.dep_ in SUBJECT_DEPS and head.head == event_tok:
            return True  # "Steve Jobs unveiled": Steve -> Jobs -> unveiled
        # event -> entity: the event word modifies the entity ("the new iPhone 4 launch")
        if event_tok.head == ent or (event_tok.head.dep_ == "prep" and event_tok.head.head == ent):
            return True
    return False


def _date_for(event_tok, timexes, doc, fallback: str | None = None) -> str | None:
    sent = event_tok.sent
    in_sentence = [t for t in timexes if sent.start_char <= t.start < sent.end_char and t.type == "DATE"
                   and sort_key(t.value)[0] == 0]
    for t in in_sentence:
        span = doc.char_span(t.start, t.end, alignment_mode="expand")
        if span is not None and (event_tok in span.root.ancestors or span.root.head == event_tok):
            return t.value
    if len(in_sentence) == 1:
        return in_sentence[0].value
    return fallback


def _past(tok) -> bool:
    """A past-tense verb, or a noun/participle governed by one: what happened by the DCT."""
    for t in (tok, tok.head):
        if t.tag_ in ("VBD", "VBN") or (t.tag_ == "VBG" and any(c.tag_ == "VBD" for c in t.children)):
            return True
    return False


def _fallback(kind: str, tok, d: TmlDoc, timexes) -> str | None:
    """The date of an event whose sentence has none: "dct", "past-dct", "discourse" or "none"."""
    if kind == "dct" or (kind == "past-dct" and _past(tok)):
        return d.dct
    if kind == "discourse":
        before = [t for t in timexes if t.end <= tok.sent.start_char and t.type == "DATE"
                  and sort_key(t.value)[0] == 0]
        return before[-1].value if before else d.dct
    return None


def build_timeline(entity: str, docs: list[TmlDoc], parsed: dict[str, object], timexes: dict[str, list],
                   fallback: str = "dct", relevance: str = "syntax",
                   pronouns: bool = True) -> list[tuple[int, str | None, str]]:
    """(position, date, event id) rows for the entity."""
    names = aliases(entity)
    picked: list[tuple[str | None, str, int, str]] = []
    for d in docs:
        doc = parsed[d.id]
        ents = _entity_tokens(doc, names)
        if not ents:
            continue
        if pronouns:
            ents = _with_pronouns(doc, ents)
        for ev in d.events:
            span = doc.char_span(ev.start, ev.end, alignment_mode="expand")
            if span is None:
                continue
            tok = span.root
            if _related(tok, ents) or (relevance == "sentence" and any(e.sent == tok.sent for e in ents)):
                picked.append((_date_for(tok, timexes[d.id], doc, _fallback(fallback, tok, d, timexes[d.id])),
                               d.id, ev.start, ev.id))
    undated = [p for p in picked if p[0] is None]
    dated = sorted((p for p in picked if p[0] is not None), key=lambda p: (sort_key(p[0]), p[1], p[2]))
    rows = [(0, None, p[3]) for p in undated]
    position, last = 0, object()
    for date, _doc, _start, event_id in dated:
        if date != last:
            position += 1
            last = date
        rows.append((position, date, event_id))
    return rows


# ---- scoring -----------------------------------------------------------------------------------

def _pairs(rows: list[tuple[int, str | None, str]]) -> set[tuple[str, str, str]]:
    """Ordered relations between the events of a timeline: (a, b, "<") or (a, b, "=") with a<b by id for "="."""
    out = set()
    for i, (pa, _da, a) in enumerate(rows):
        for pb, _db, b in rows[i + 1:]:
            if a == b:
                continue
            if pa == pb:
                out.add((min(a, b), max(a, b), "="))
            elif pa < pb:
                out.add((a, b, "<"))
            else:
                out.add((b, a, "<"))
    return out


def _prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4),
            "tp": tp, "predicted": n_pred, "gold": n_gold}


def score_timeline(gold: GoldTimeline, rows: list[tuple[int, str | None, str]]) -> dict[str, dict]:
    gold_rows = [(pos, date, ev) for pos, date, evs in gold.rows for ev in evs]
    gm, pm = {ev for _, _, ev in gold_rows}, {ev for _, _, ev in rows}
    gd = {(ev, date) for _, date, ev in gold_rows}
    pd = {(ev, normalize_date(date)) for _, date, ev in rows}
    gp, pp = _pairs(gold_rows), _pairs(rows)
    return {"mentions": _prf(len(gm & pm), len(pm), len(gm)),
            "dated": _prf(len(gd & pd), len(pd), len(gd)),
            "pairs": _prf(len(gp & pp), len(pp), len(gp))}


def evaluate(root: Path, limit: int | None = None, pipeline: str | None = None, fallback: str = "dct",
             relevance: str = "syntax", pronouns: bool = True) -> dict:
    from .. import nlp
    from ..time import extract_timexes

    tml_dir, gold_dir = root / TML_DIR, root / GOLD_DIR
    if not tml_dir.is_dir() or not gold_dir.is_dir():
        raise InputError(f"{root} should hold {TML_DIR}/ and {GOLD_DIR}/ (SemEval-2015 task 4 trial data)")
    docs = [read_tml(p) for p in sorted(tml_dir.glob("*.tml"))]
    golds = [read_gold(p) for p in sorted(gold_dir.glob("*.txt"))]
    if limit:
        golds = golds[:limit]
    if not docs or not golds:
        raise InputError(f"no documents or timelines under {root}")
    parsed = dict(zip([d.id for d in docs], nlp.parse_many([d.text for d in docs], pipeline), strict=True))
    timexes = {d.id: extract_timexes(parsed[d.id], dct=d.dct) for d in docs}
    per_entity = {}
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for gold in golds:
        rows = build_timeline(gold.entity, docs, parsed, timexes, fallback=fallback, relevance=relevance,
                              pronouns=pronouns)
        scores = score_timeline(gold, rows)
        per_entity[gold.entity] = scores
        for kind, s in scores.items():
            totals[kind][0] += s["tp"]
            totals[kind][1] += s["predicted"]
            totals[kind][2] += s["gold"]
    micro = {kind: _prf(*t) for kind, t in totals.items()}
    return {"documents": len(docs), "timelines": len(golds), "micro": micro, "entities": per_entity}


@click.command("timelines")
@click.argument("path", type=click.Path(path_type=Path), required=False)
@click.option("--limit", type=int, default=None, help="Only the first N target entities.")
@click.option("--fallback", type=click.Choice(["dct", "past-dct", "discourse", "none"]), default="dct",
              show_default=True, help="Date of an event whose sentence has no date expression.")
@click.option("--relevance", type=click.Choice(["syntax", "sentence"]), default="syntax", show_default=True,
              help="Entity-event tie: dependency link, or any mention in the same sentence.")
@click.option("--pronouns/--no-pronouns", default=True, show_default=True,
              help="Take a pronoun right after a sentence naming the entity as a mention of it.")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
def command(path: Path | None, limit: int | None, fallback: str, relevance: str, pronouns: bool,
            as_json: bool) -> None:
    """SemEval-2015 Task 4 timelines (gold events): mention, dated and ordered-pair P/R/F1."""
    from . import shared_dir

    root = path or shared_dir() / "eval" / "timelines"
    result = evaluate(root, limit=limit, fallback=fallback, relevance=relevance, pronouns=pronouns)
    if as_json:
        click.echo(json.dumps(result, indent=2))
        return
    click.echo(f"{result['timelines']} timelines over {result['documents']} documents")
    click.echo(f"{'entity':22} {'score':9} {'P':>6} {'R':>6} {'F1':>6}")
    for name, scores in [*result["entities"].items(), ("ALL (micro)", result["micro"])]:
        for kind, s in scores.items():
            click.echo(f"{name[:22]:22} {kind:9} {s['precision']:6.3f} {s['recall']:6.3f} {s['f1']:6.3f}")
