"""Scores quote extraction on brat standoff attributions (PolNeAR): content P/R/F1, speaker accuracy.

``tidings eval quotes PATH`` reads ``PATH/text/*.txt`` and ``PATH/attributions/*.ann``
(Source / Cue / Content spans tied together by ``E`` lines), runs
:func:`tidings.quotes.extract_quotes` on each text and reports

* content detection precision / recall / F1 at 30% and at 80% span overlap, for direct
  quotes (gold content that starts with a quote mark; predictions with ``direct=True``)
  and for all attributions;
* speaker accuracy among the matched direct quotes (and among all matched attributions).

Overlap of a predicted and a gold content span is ``|intersection| / max(|gold|, |pred|)``
(the stricter of the two GenderGapTracker definitions; discontinuous spans count the
sum of their fragments). Matching is one-to-one, best overlap first. Predicted direct quotes
are scored with their quote marks (gold direct content includes them), and the direct
quotes that share one cue (``"...," she said, "..."``) count as one attribution, as the
gold does. When an article has several annotators' ``.ann`` files, the first annotator in
``metadata.tsv``'s ``annotators`` column that has a file is used (alphabetical order).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import click

from ..errors import InputError
from . import shared_dir

QUOTE_START = "\"“”„«»‹›‘’'`"


@dataclass
class Attribution:
    """A gold or predicted attribution: content fragments, cue and source spans."""

    content: list[tuple[int, int]]
    source: list[tuple[int, int]] = field(default_factory=list)
    cue: list[tuple[int, int]] = field(default_factory=list)
    direct: bool = False
    source_text: str | None = None
    speaker_name: str | None = None

    @property
    def length(self) -> int:
        return sum(e - s for s, e in self.content)


@dataclass
class GoldDoc:
    name: str
    text: str
    attributions: list[Attribution]
    annotator: str | None = None



def default_path() -> Path:
    return shared_dir() / "eval" / "quotes" / "dev"


def _read_metadata(path: Path) -> dict[str, list[str]]:
    """filename -> annotator ids, from ``metadata.tsv`` beside or above the split folder."""
    for candidate in (path / "metadata.tsv", path.parent / "metadata.tsv"):
        if candidate.exists():
            out: dict[str, list[str]] = {}
            lines = candidate.read_text(encoding="utf-8").splitlines()
            header = lines[0].split("\t") if lines else []
            if "filename" not in header or "annotators" not in header:
                return {}
            fi, ai = header.index("filename"), header.index("annotators")
            for line in lines[1:]:
                cols = line.split("\t")
                if len(cols) > max(fi, ai):
                    out[cols[fi]] = sorted(a for a in cols[ai].split("|") if a)
            return out
    return {}


def _parse_ann(ann: str, text: str) -> list[Attribution]:
    spans: dict[str, tuple[str, list[tuple[int, int]]]] = {}
    events: list[dict[str, str]] = []
    for line in ann.splitlines():
        if line.startswith("T"):
            parts = line.split("\t")
            if len(parts) < 2:
                continue
            label, _, offsets = parts[1].partition(" ")
            frags = []
            for frag in offsets.split(";"):
                a, _, b = frag.strip().partition(" ")
                if a.isdigit() and b.isdigit():
                    frags.append((int(a), int(b)))
            spans[parts[0]] = (label, frags)
        elif line.startswith("E"):
            parts = line.split("\t")
            if len(parts) < 2:
                continue
            roles = {}
            for item in parts[1].split():
                role, _, ref = item.partition(":")
                roles[re.sub(r"\d+$", "", role)] = ref
            events.append(roles)
    out = []
    for roles in events:
        content = spans.get(roles.get("Content", ""))
        if content is None or not content[1]:
            continue
        source = spans.get(roles.get("Source", ""), ("", []))[1]
        cue = spans.get(roles.get("Cue", ""), ("", []))[1]
        frags = sorted(content[1])
        first = text[frags[0][0] : frags[0][1]].lstrip()
        out.append(
            Attribution(
                content=frags,
                source=source,
                cue=cue,
                direct=bool(first) and first[0] in QUOTE_START,
                source_text=" ".join(text[s:e] for s, e in source) or None,
            )
        )
    return out


def load_gold(path: Path, limit: int | None = None) -> list[GoldDoc]:
    """Read ``text/*.txt`` and their ``attributions/*.ann`` (one annotator per article)."""
    text_dir, ann_dir = path / "text", path / "attributions"
    if not text_dir.is_dir() or not ann_dir.is_dir():
        raise InputError(f"{path} has no text/ and attributions/ folders (PolNeAR brat layout expected)")
    meta = _read_metadata(path)
    docs = []
    for txt in sorted(text_dir.glob("*.txt")):
        name = txt.stem
        candidates = sorted(ann_dir.glob(f"{name}_*.ann"))
        if not candidates:
            continue
        chosen = candidates[0]
        for annotator in meta.get(name, []):
            option = ann_dir / f"{name}_{annotator}.ann"
            if option.exists():
                chosen = option
                break
        text = txt.read_text(encoding="utf-8")
        attributions = _parse_ann(chosen.read_text(encoding="utf-8"), text)
        docs.append(GoldDoc(name, text, attributions, annotator=chosen.stem.rsplit("_", 1)[-1]))
        if limit and len(docs) >= limit:
            break
    if not docs:
        raise InputError(f"no annotated articles found in {path}")
    return docs


def predictions(doc, quotes) -> list[Attribution]:
    """Turn Quote records into attributions: direct quotes with their marks, grouped by cue."""
    text = doc.text
    grouped: dict[tuple, Attribution] = {}
    out: list[Attribution] = []
    for q in quotes:
        s, e = q.start, q.end
        if q.direct:  # score with the quote marks, as the gold spans have them
            for _ in range(2):
                if s > 0 and text[s - 1] in QUOTE_START:
                    s -= 1
                if e < len(text) and text[e] in QUOTE_START:
                    e += 1
        speaker = [(q.speaker.start, q.speaker.end)] if q.speaker else []
        key = ("cue", q.direct, q.cue.start) if q.cue is not None else None
        if key is not None and key in grouped:
            grouped[key].content.append((s, e))
            continue
        att = Attribution(content=[(s, e)], source=speaker, direct=q.direct, speaker_name=q.speaker_name,
                          source_text=q.speaker.text if q.speaker else None)
        if key is not None:
            grouped[key] = att
        out.append(att)
    return out


def overlap(gold: Attribution, pred: Attribution) -> float:
    """``|intersection| / max(|gold|, |pred|)`` over the content fragments."""
    inter = 0
    for gs, ge in gold.content:
        for ps, pe in pred.content:
            inter += max(0, min(ge, pe) - max(gs, ps))
    denom = max(gold.length, pred.length)
    return inter / denom if denom else 0.0


def match(gold: list[Attribution], pred: list[Attribution], threshold: float) -> list[tuple[int, int, float]]:
    """One-to-one matches (gold index, pred index, overlap), best overlap first."""
    pairs = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            o = overlap(g, p)
            if o >= threshold and o > 0:
                pairs.append((o, gi, pi))
    pairs.sort(reverse=True)
    used_g, used_p, out = set(), set(), []
    for o, gi, pi in pairs:
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        out.append((gi, pi, o))
    return out


def _last_word(name: str | None) -> str:
    words = re.findall(r"[\w-]+", (name or "").lower())
    words = [w for w in words if w not in ("s", "the", "jr", "sr")]
    return words[-1] if words else ""


def speaker_correct(gold: Attribution, pred: Attribution) -> bool:
    """The predicted speaker span overlaps the gold Source, or names the same person."""
    if not gold.source:
        return not pred.source
    for gs, ge in gold.source:
        for ps, pe in pred.source:
            if min(ge, pe) > max(gs, ps):
                return True
    gold_word = _last_word(gold.source_text)
    return bool(gold_word) and gold_word == _last_word(pred.speaker_name)


def _prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "tp": tp,
            "predicted": n_pred, "gold": n_gold}


def evaluate(docs: list[GoldDoc], parsed=None, errors: list | None = None) -> dict:
    """Score every document; ``parsed`` may give already-parsed spaCy docs in the same order."""
    from .. import nlp
    from ..quotes import extract_quotes

    if parsed is None:
        parsed = nlp.parse_many(d.text for d in docs)
    counts: dict[str, list[int]] = {}
    speakers = {"direct": [0, 0], "all": [0, 0]}
    for gold_doc, sdoc in zip(docs, parsed, strict=False):
        entities = _entities(sdoc)
        quotes = extract_quotes(sdoc, actors=[], entities=entities)
        pred = predictions(sdoc, quotes)
        for scope in ("direct", "all"):
            g = [a for a in gold_doc.attributions if scope == "all" or a.direct]
            p = [a for a in pred if scope == "all" or a.direct]
            for threshold in (0.3, 0.8):
                m = match(g, p, threshold)
                key = f"{scope}@{int(threshold * 100)}"
                c = counts.setdefault(key, [0, 0, 0])
                c[0] += len(m)
                c[1] += len(p)
                c[2] += len(g)
                if threshold == 0.3:
                    for gi, pi, _ in m:
                        ok = speaker_correct(g[gi], p[pi])
                        speakers[scope][0] += ok
                        speakers[scope][1] += 1
                        if errors is not None and not ok and scope == "direct":
                            errors.append(_error(gold_doc, "speaker", g[gi], p[pi]))
                    if errors is not None and scope == "direct":
                        mg = {gi for gi, _, _ in m}
                        mp = {pi for _, pi, _ in m}
                        errors.extend(_error(gold_doc, "missed", a, None) for i, a in enumerate(g) if i not in mg)
                        errors.extend(_error(gold_doc, "spurious", None, a) for i, a in enumerate(p) if i not in mp)
    result = {"documents": len(docs)}
    for key, (tp, n_pred, n_gold) in counts.items():
        result[key] = _prf(tp, n_pred, n_gold)
    for scope, (ok, n) in speakers.items():
        result[f"speaker_accuracy_{scope}"] = round(ok / n, 4) if n else 0.0
        result[f"speaker_matched_{scope}"] = n
    return result


def _entities(sdoc):
    from .. import nlp
    from ..model import Entity

    fn = getattr(nlp, "entities", None)
    if fn is not None:
        return fn(sdoc)
    return [Entity(e.start_char, e.end_char, e.text, e.label_) for e in sdoc.ents]


def _error(doc: GoldDoc, kind: str, gold: Attribution | None, pred: Attribution | None) -> dict:
    def show(a: Attribution | None, spans: str) -> str | None:
        if a is None:
            return None
        return " … ".join(doc.text[s:e] for s, e in getattr(a, spans))[:300] or None

    return {
        "doc": doc.name,
        "kind": kind,
        "gold": show(gold, "content"),
        "gold_source": show(gold, "source"),
        "pred": show(pred, "content"),
        "pred_source": show(pred, "source"),
        "pred_name": pred.speaker_name if pred else None,
    }


@click.command(name="quotes")
@click.argument("path", required=False, type=click.Path(path_type=Path))
@click.option("--limit", type=int, default=None, help="Score only the first N articles.")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@click.option("--errors", "show_errors", is_flag=True, help="List missed, spurious and mis-attributed direct quotes.")
def command(path: Path | None, limit: int | None, as_json: bool, show_errors: bool) -> None:
    """Score quote extraction on PolNeAR-style brat attributions (default: ../shared/eval/quotes/dev)."""
    path = path or default_path()
    if not path.exists():
        raise InputError(f"{path} does not exist")
    if limit is not None and limit < 1:
        raise InputError("--limit must be at least 1")
    docs = load_gold(path, limit)
    errors: list | None = [] if show_errors else None
    result = evaluate(docs, errors=errors)
    if as_json:
        if errors is not None:
            result["errors"] = errors
        click.echo(json.dumps(result, indent=2))
        return
    click.echo(f"{result['documents']} articles from {path}")
    click.echo(f"{'scope':<16}{'precision':>10}{'recall':>10}{'F1':>8}{'tp':>7}{'pred':>7}{'gold':>7}")
    for key in ("direct@30", "direct@80", "all@30", "all@80"):
        r = result[key]
        click.echo(f"{key:<16}{r['precision']:>10.3f}{r['recall']:>10.3f}{r['f1']:>8.3f}"
                   f"{r['tp']:>7}{r['predicted']:>7}{r['gold']:>7}")
    click.echo(f"speaker accuracy, matched direct quotes: {result['speaker_accuracy_direct']:.3f} "
               f"(n={result['speaker_matched_direct']})")
    click.echo(f"speaker accuracy, all matched attributions: {result['speaker_accuracy_all']:.3f} "
               f"(n={result['speaker_matched_all']})")
    if errors:
        click.echo("")
        for err in errors:
            click.echo(f"[{err['kind']}] {err['doc']}")
            if err["gold"]:
                click.echo(f"  gold: {err['gold']!r}  <- {err['gold_source']!r}")
            if err["pred"]:
                click.echo(f"  pred: {err['pred']!r}  <- {err['pred_source']!r} ({err['pred_name']})")
