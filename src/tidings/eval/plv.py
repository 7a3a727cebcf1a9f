"""Scoring the event coder on PLV: news sentences hand-coded with one PLOVER event each.

The file (``PLV_train.tsv``, Hu et al. 2024) is tab-separated with the columns ``sentence_id``,
``sentence``, ``marked_sentence`` (the source phrase in ``<s>...</s>``, the target in
``<t>...</t>``), ``source``, ``target``, ``plover_root`` and ``modality`` (``past`` = happened,
``todo`` = intended, demanded, threatened, future). Its ``YIELD`` is today's CONCEDE and RETREAT
together, so both count as YIELD here.

Per sentence (the whole pipeline runs on the sentence alone: actors, places, quotes, events), the
set of predicted PLOVER types (events that are not negated, at or above ``min_confidence``) is
compared with the gold type:

* PLOVER root precision / recall / F1, micro-averaged over sentences;
* a confusion table: gold type by the predicted type (the gold type when it was predicted, else
  the most confident predicted type, else ``none``);
* mode agreement, among sentences whose gold type was predicted: gold ``past`` against an event
  tidings marks ``asserted`` (``reported`` counts as past too in a second figure), gold ``todo``
  against any other modality;
* attachment, among the same sentences: the share where an event of the gold type has a source
  (actor) that covers the head word of the gold source phrase, and the share where it has a
  target (recipient; for joint events, where every party is an actor, another actor) that covers
  the head word of the gold target phrase;
* precision by confidence band: every non-negated event, right when its type is the gold type.
"""

from __future__ import annotations

import csv
import hashlib
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError

COLUMNS = ("sentence_id", "sentence", "marked_sentence", "source", "target", "plover_root", "modality")
# PLV's YIELD is CONCEDE + RETREAT
TYPE_ALIASES = {"CONCEDE": "YIELD", "RETREAT": "YIELD"}
BANDS = ((0.0, 0.3), (0.3, 0.5), (0.5, 0.7), (0.7, 0.9), (0.9, 1.01))
_TAG = re.compile(r"</?[st]>")


@dataclass
class PLVSentence:
    id: str
    text: str
    type: str
    modality: str  # "past" | "todo"
    source: tuple[int, int] | None  # character offsets of the gold source phrase in ``text``
    target: tuple[int, int] | None
    source_text: str = ""
    target_text: str = ""


def is_plv(path: str | Path) -> bool:
    """Whether ``path`` is a PLV-style TSV (its header has the PLV columns)."""
    path = Path(path)
    if path.suffix.lower() not in (".tsv", ".txt") or not path.is_file():
        return False
    try:
        with path.open(encoding="utf-8") as handle:
            header = handle.readline().rstrip("\n").split("\t")
    except (OSError, UnicodeDecodeError):
        return False
    return {"marked_sentence", "plover_root"} <= set(header)


def _unmark(marked: str) -> tuple[str, dict[str, tuple[int, int]]]:
    """The sentence without its ``<s>``/``<t>`` tags, and the offsets of the tagged phrases."""
    out: list[str] = []
    spans: dict[str, tuple[int, int]] = {}
    opened: dict[str, int] = {}
    pos = 0
    length = 0
    for match in _TAG.finditer(marked):
        piece = marked[pos:match.start()]
        out.append(piece)
        length += len(piece)
        tag = match.group()
        name = tag.strip("</>")
        if tag.startswith("</"):
            if name in opened:
                spans[name] = (opened.pop(name), length)
        else:
            opened[name] = length
        pos = match.end()
    out.append(marked[pos:])
    return "".join(out), spans


def read_plv(path: str | Path) -> list[PLVSentence]:
    """The sentences of a PLV TSV file ([T1xx] InputError if it is not one)."""
    try:
        with Path(path).open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(f"cannot read PLV file {path}: {err}") from err
    if not rows or not {"marked_sentence", "plover_root"} <= set(rows[0]):
        raise InputError(f"{path} is not a PLV file (needs the columns {', '.join(COLUMNS)})")
    out = []
    for row in rows:
        marked = (row.get("marked_sentence") or "").strip()
        kind = (row.get("plover_root") or "").strip().upper()
        if not marked or not kind:
            continue
        text, spans = _unmark(marked)
        out.append(PLVSentence(
            id=(row.get("sentence_id") or "").strip(), text=text, type=TYPE_ALIASES.get(kind, kind),
            modality=(row.get("modality") or "").strip().lower(), source=spans.get("s"), target=spans.get("t"),
            source_text=(row.get("source") or "").strip(), target_text=(row.get("target") or "").strip()))
    return out


# ---- parses -----------------------------------------------------------------------------------

def _cache_key(texts: list[str]) -> str:
    import spacy

    from .. import nlp

    digest = hashlib.sha256()
    digest.update(nlp.pipeline_name().encode())
    digest.update(spacy.__version__.encode())
    digest.update(Path(nlp.__file__).read_bytes())  # the tokenizer and sentence rules live there
    for text in texts:
        digest.update(text.encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()[:20]


def parse_all(texts: list[str], cache_dir: str | Path | None = None) -> list:
    """spaCy Docs for ``texts``; with ``cache_dir``, read from / saved to a DocBin there."""
    from spacy.tokens import DocBin

    from .. import nlp

    path = None
    if cache_dir:
        path = Path(cache_dir) / f"parses-{_cache_key(texts)}.spacy"
        if path.exists():
            vocab = nlp.load().vocab
            docs = list(DocBin().from_disk(path).get_docs(vocab))
            if [d.text for d in docs] == texts:
                return docs
    docs = list(nlp.parse_many(texts))
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        DocBin(store_user_data=False, docs=docs).to_disk(path)
    return docs


# ---- scoring ----------------------------------------------------------------------------------

def _plv_type(kind: str) -> str:
    return TYPE_ALIASES.get(kind, kind)


def _head(doc, span: tuple[int, int] | None):
    """The head token of a gold phrase (the root of its words in the sentence parse), or None."""
    if span is None or span[0] >= span[1]:
        return None
    found = doc.char_span(span[0], span[1], alignment_mode="expand")
    if found is None or not len(found):
        return None
    return found.root


def _covers(party, token) -> bool:
    return party.start <= token.idx and token.idx + len(token.text) <= party.end


def _attached(events, source_head, target_head) -> tuple[bool, bool | None]:
    """Whether some event's source covers the gold source head, and some event's target (a
    recipient, or for a joint event another actor) covers the gold target head (None: no head)."""
    source_ok = source_head is not None and any(_covers(a, source_head) for e in events for a in e.actors)
    if target_head is None:
        return source_ok, None
    target_ok = False
    for e in events:
        if any(_covers(r, target_head) for r in e.recipients):
            target_ok = True
        elif not e.recipients and len(e.actors) > 1:
            # a joint event ("X and Y met"): every party is an actor; the target is another one
            covering = [a for a in e.actors if _covers(a, target_head)]
            if covering and (source_head is None or any(not _covers(a, source_head) for a in covering)):
                target_ok = True
    return source_ok, target_ok


def _rate(ok: int, n: int) -> dict:
    return {"agree": ok, "compared": n, "rate": round(ok / n, 3) if n else 0.0}


def score_plv(path: str | Path, errors: list | None = None, min_confidence: float = 0.5,
              cache_dir: str | Path | None = None, limit: int | None = None,
              misses: list | None = None) -> dict:
    """All PLV figures for one file (see the module docstring).

    ``misses``, when a list, receives one record per attachment miss (see ``attachment_miss``).
    """
    from ..model import Article
    from ..pipeline import Options, analyze
    from .events import Counts

    sentences = read_plv(path)
    if limit:
        sentences = sentences[:limit]
    docs = parse_all([s.text for s in sentences], cache_dir)
    options = Options(stages=("actors", "places", "quotes", "events"))
    types = Counts()
    per_type: dict[str, Counts] = {}
    confusion: dict[str, Counter] = {}
    mode = {"strict": [0, 0], "reported_as_past": [0, 0]}
    attach = {"source": [0, 0], "target": [0, 0]}
    bands = [[0, 0] for _ in BANDS]
    by_parity: dict[tuple[str, str], list[int]] = {}
    for sentence, doc in zip(sentences, docs, strict=True):
        result = analyze(Article(id=f"plv-{sentence.id}", text=sentence.text), options=options, doc=doc)
        produced = list(result.events)
        events = [e for e in produced if e.modality != "negated" and e.confidence >= min_confidence]
        predicted = {_plv_type(e.type) for e in events}
        gold = {sentence.type}
        types.add(predicted, gold)
        for kind in predicted | gold:
            per_type.setdefault(kind, Counts()).add(predicted & {kind}, gold & {kind})
        if sentence.type in predicted:
            column = sentence.type
        elif events:
            column = _plv_type(max(events, key=lambda e: e.confidence).type)
        else:
            column = "none"
        confusion.setdefault(sentence.type, Counter())[column] += 1
        for e in produced:
            if e.modality == "negated":
                continue
            for k, (low, high) in enumerate(BANDS):
                if low <= e.confidence < high:
                    bands[k][1] += 1
                    bands[k][0] += _plv_type(e.type) == sentence.type
        matched = [e for e in events if _plv_type(e.type) == sentence.type]
        record = None
        if matched:
            past = sentence.modality == "past"
            strict = any((e.modality == "asserted") == past for e in matched)
            loose = any((e.modality in ("asserted", "reported")) == past for e in matched)
            mode["strict"][1] += 1
            mode["strict"][0] += strict
            mode["reported_as_past"][1] += 1
            mode["reported_as_past"][0] += loose
            source_head, target_head = _head(doc, sentence.source), _head(doc, sentence.target)
            source_ok, target_ok = _attached(matched, source_head, target_head)
            parity = "odd" if sentence.id[-1:].isdigit() and int(sentence.id[-1]) % 2 else "even"
            for role, ok in (("source", source_ok), ("target", target_ok)):
                if ok is not None:
                    by_parity.setdefault((role, parity), [0, 0])
                    by_parity[(role, parity)][1] += 1
                    by_parity[(role, parity)][0] += ok
            if misses is not None:
                for role, ok, head in (("source", source_ok, source_head), ("target", target_ok, target_head)):
                    if ok is False:
                        misses.append(attachment_miss(sentence, role, head, matched))
            attach["source"][1] += 1
            attach["source"][0] += source_ok
            if target_ok is not None:
                attach["target"][1] += 1
                attach["target"][0] += target_ok
            problems = [name for name, ok in (("source", source_ok), ("target", target_ok), ("mode", strict))
                        if ok is False]
            if problems:
                record = "wrong " + "/".join(problems)
        else:
            record = "miss"
        if errors is not None and (record or predicted - gold):
            errors.append({
                "file": Path(path).name, "id": sentence.id, "text": sentence.text,
                "kind": record or "false alarm",
                "gold": sentence.type, "modality": sentence.modality,
                "source": sentence.source_text, "target": sentence.target_text,
                "predicted": sorted(predicted),
                "events": [describe(e) for e in produced],
            })
    return {
        "file": Path(path).name,
        "format": "plv",
        "sentences": len(sentences),
        "plover_type": types.scores(),
        "per_type": {k: v.scores() for k, v in sorted(per_type.items())},
        "confusion": {k: dict(v) for k, v in sorted(confusion.items())},
        "mode_agreement": {k: _rate(*v) for k, v in mode.items()},
        "attachment": {k: _rate(*v) for k, v in attach.items()},
        # the same figures on odd and even sentence ids (a check that fixes are general)
        "attachment_by_parity": {f"{role}_{parity}": _rate(*v) for (role, parity), v in sorted(by_parity.items())},
        "confidence_bands": [
            {"band": f"{low:.1f}-{min(high, 1.0):.1f}", "events": n, "right": ok,
             "precision": round(ok / n, 3) if n else 0.0}
            for (low, high), (ok, n) in zip(BANDS, bands, strict=True)],
        "min_confidence": min_confidence,
    }


def attachment_miss(sentence: PLVSentence, role: str, head, matched) -> dict:
    """One attachment miss: the gold phrase, its head word and where it hangs in the parse, and
    the parties the events of the gold type have in that role."""
    def parties(e):
        return [a.text for a in (e.actors if role == "source" else (e.recipients or e.actors[1:]))]

    return {
        "id": sentence.id, "text": sentence.text, "role": role, "gold_type": sentence.type,
        "gold": sentence.source_text if role == "source" else sentence.target_text,
        "head": head.text if head is not None else None,
        "head_dep": f"{head.dep_}<{head.head.lemma_}" if head is not None else None,
        "events": [f"{e.type} '{e.trigger.text}' {[a.text for a in e.actors]}->{[r.text for r in e.recipients]}"
                   for e in matched],
        "produced": sorted({p for e in matched for p in parties(e)}),
    }


def describe(e) -> str:
    """One line for an event in the error listing."""
    actors = [a.code or a.text for a in e.actors]
    recipients = [a.code or a.text for a in e.recipients]
    return (f"{e.type}/{e.cameo} '{e.trigger.text}' {e.modality} {e.confidence:.2f} "
            f"{actors}->{recipients}")


def print_plv(r: dict, echo) -> None:
    """The human-readable report of ``score_plv``."""
    s = r["plover_type"]
    echo(f"{r['file']} (PLV, {r['sentences']} sentences; events at confidence >= {r['min_confidence']}, "
         "not negated; CONCEDE/RETREAT = YIELD)")
    echo(f"  PLOVER root  P {s['precision']:.3f}  R {s['recall']:.3f}  F1 {s['f1']:.3f}"
         f"   (tp {s['tp']}, fp {s['fp']}, fn {s['fn']})")
    echo("  per type              P      R     F1    tp   fp   fn")
    for kind, t in r["per_type"].items():
        echo(f"    {kind:<16} {t['precision']:.3f}  {t['recall']:.3f}  {t['f1']:.3f}  {t['tp']:4d} {t['fp']:4d} {t['fn']:4d}")
    m = r["mode_agreement"]
    echo(f"  mode agreement (matched)  {m['strict']['rate']:.3f} ({m['strict']['agree']}/{m['strict']['compared']});"
         f" with 'reported' as past {m['reported_as_past']['rate']:.3f}")
    a = r["attachment"]
    echo(f"  attachment (matched)  source {a['source']['rate']:.3f} ({a['source']['agree']}/{a['source']['compared']})"
         f"  target {a['target']['rate']:.3f} ({a['target']['agree']}/{a['target']['compared']})")
    echo("  precision by confidence band (every non-negated event; right = the gold type)")
    for b in r["confidence_bands"]:
        echo(f"    {b['band']}  {b['precision']:.3f}  ({b['right']}/{b['events']})")
    columns = sorted({c for row in r["confusion"].values() for c in row} - {"none"}) + ["none"]
    short = {c: c[:4] for c in columns}
    echo("  confusion (rows gold, columns predicted)")
    echo("    " + " " * 10 + " ".join(f"{short[c]:>4}" for c in columns))
    for kind, row in r["confusion"].items():
        echo(f"    {kind:<10}" + " ".join(f"{row.get(c, 0) or '.':>4}" for c in columns))


def main(argv: list[str] | None = None) -> None:
    """``python -m tidings.eval.plv FILE [--cache DIR] [--role target|source]``: the attachment
    misses, one block each (gold phrase, its head word and parse relation, what was produced), and
    the attachment figures on all, odd and even sentence ids."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m tidings.eval.plv", description=main.__doc__)
    parser.add_argument("path")
    parser.add_argument("--cache", default=None)
    parser.add_argument("--role", choices=("source", "target", "both"), default="both")
    parser.add_argument("--min-confidence", type=float, default=0.5)
    args = parser.parse_args(argv)
    misses: list = []
    r = score_plv(args.path, None, args.min_confidence, args.cache, misses=misses)
    for m in misses:
        if args.role not in ("both", m["role"]):
            continue
        print(f"[{m['id']}] {m['role']} {m['gold_type']} gold '{m['gold']}' head '{m['head']}' ({m['head_dep']})"
              f"  produced {m['produced']}")
        print(f"    {m['text']}")
        for line in m["events"]:
            print(f"      {line}")
    a = r["attachment"]
    print(f"attachment  source {a['source']['rate']:.3f} ({a['source']['agree']}/{a['source']['compared']})"
          f"  target {a['target']['rate']:.3f} ({a['target']['agree']}/{a['target']['compared']})")
    for key, v in r["attachment_by_parity"].items():
        print(f"  {key:<14} {v['rate']:.3f} ({v['agree']}/{v['compared']})")


__all__ = ["is_plv", "read_plv", "score_plv", "print_plv", "parse_all", "attachment_miss"]


if __name__ == "__main__":
    main()
