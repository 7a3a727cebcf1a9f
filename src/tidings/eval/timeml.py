"""``tidings eval time``: scores the time-expression extractor on TimeML files, TempEval-3 style.

Reads ``.tml`` files (folders are searched recursively), takes the document
date from the ``<DCT>`` TIMEX3 (``functionInDocument="CREATION_TIME"``), strips
the tags inside ``<TEXT>`` (character positions of the remaining text are
kept), runs ``extract_timexes`` with that date and compares:

* extent: strict (same start and end) and relaxed (overlap, one-to-one)
  precision / recall / F1;
* attributes, as the TempEval-3 scorer defines them: accuracy of ``value`` and
  ``type`` over the relaxed matches, and attribute F1 = accuracy x relaxed F1.
"""

from __future__ import annotations

import html
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import click

from ..errors import InputError

TAG = re.compile(r"<(/?)([A-Za-z0-9_]+)([^>]*?)(/?)>")
ATTR = re.compile(r'([\w:]+)\s*=\s*"([^"]*)"')
ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-fA-F]+|[A-Za-z]+);")


@dataclass
class GoldTimex:
    start: int
    end: int
    text: str
    type: str
    value: str
    mod: str | None = None


@dataclass
class TimeMLDoc:
    path: str
    dct: str | None
    text: str
    timexes: list[GoldTimex]


def _unescape(chunk: str) -> str:
    return ENTITY.sub(lambda m: html.unescape(m.group(0)), chunk)


def read_tml(path: str | Path) -> TimeMLDoc:
    """Read one TimeML file: document date, tag-free TEXT, and its gold TIMEX3 with offsets."""
    try:
        raw = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(f"cannot read TimeML file {path}: {err}") from err
    dct = None
    dct_match = re.search(r"<TIMEX3([^>]*functionInDocument=\"CREATION_TIME\"[^>]*)>", raw)
    if dct_match:
        attrs = dict(ATTR.findall(dct_match.group(1)))
        value = attrs.get("value", "")
        if re.match(r"^\d{4}-\d{2}-\d{2}", value):
            dct = value[:10]
    body = re.search(r"<TEXT>(.*)</TEXT>", raw, re.DOTALL)
    if body is None:
        raise InputError(f"{path}: no <TEXT> element; is this a TimeML file?")
    source = body.group(1)
    out: list[str] = []
    length = 0
    open_timex: list[tuple[int, dict]] = []
    timexes: list[GoldTimex] = []
    position = 0
    for m in TAG.finditer(source):
        chunk = _unescape(source[position:m.start()])
        out.append(chunk)
        length += len(chunk)
        position = m.end()
        closing, name, attrs, selfclosing = m.group(1), m.group(2), m.group(3), m.group(4)
        if name != "TIMEX3" or selfclosing:
            continue
        if not closing:
            open_timex.append((length, dict(ATTR.findall(attrs))))
        elif open_timex:
            start, a = open_timex.pop()
            timexes.append(GoldTimex(start, length, "", a.get("type", ""), a.get("value", ""), a.get("mod")))
    chunk = _unescape(source[position:])
    out.append(chunk)
    text = "".join(out)
    for t in timexes:
        t.text = text[t.start:t.end]
    timexes.sort(key=lambda t: t.start)
    return TimeMLDoc(str(path), dct, text, timexes)


def find_tml(paths) -> list[Path]:
    """Every ``.tml`` file under the given files / folders, sorted."""
    found: list[Path] = []
    for p in paths:
        path = Path(p)
        if path.is_dir():
            found.extend(sorted(path.rglob("*.tml")))
        elif path.is_file():
            found.append(path)
        else:
            raise InputError(f"no such file or folder: {p}")
    if not found:
        raise InputError(f"no .tml files found in {', '.join(map(str, paths))}")
    return found


@dataclass
class Counts:
    gold: int = 0
    system: int = 0
    strict: int = 0
    relaxed: int = 0
    value: int = 0
    type: int = 0
    errors: list[dict] = field(default_factory=list)

    def add(self, other: Counts) -> None:
        self.gold += other.gold
        self.system += other.system
        self.strict += other.strict
        self.relaxed += other.relaxed
        self.value += other.value
        self.type += other.type

    def scores(self) -> dict[str, float]:
        def prf(hits: int) -> tuple[float, float, float]:
            p = hits / self.system if self.system else 0.0
            r = hits / self.gold if self.gold else 0.0
            return p, r, (2 * p * r / (p + r) if p + r else 0.0)

        sp, sr, sf = prf(self.strict)
        rp, rr, rf = prf(self.relaxed)
        value_acc = self.value / self.relaxed if self.relaxed else 0.0
        type_acc = self.type / self.relaxed if self.relaxed else 0.0
        return {
            "gold": self.gold, "system": self.system,
            "strict_precision": sp, "strict_recall": sr, "strict_f1": sf,
            "relaxed_precision": rp, "relaxed_recall": rr, "relaxed_f1": rf,
            "value_accuracy": value_acc, "value_f1": value_acc * rf,
            "type_accuracy": type_acc, "type_f1": type_acc * rf,
        }


def score_doc(gold: list[GoldTimex], system) -> Counts:
    """Match system timexes to gold one-to-one (largest overlap first) and count."""
    counts = Counts(gold=len(gold), system=len(system))
    pairs = []
    for gi, g in enumerate(gold):
        for si, s in enumerate(system):
            overlap = min(g.end, s.end) - max(g.start, s.start)
            if overlap > 0:
                pairs.append((-overlap, gi, si))
    pairs.sort()
    used_g: set[int] = set()
    used_s: set[int] = set()
    for _neg, gi, si in pairs:
        if gi in used_g or si in used_s:
            continue
        used_g.add(gi)
        used_s.add(si)
        g, s = gold[gi], system[si]
        counts.relaxed += 1
        counts.strict += (g.start, g.end) == (s.start, s.end)
        counts.value += g.value == s.value
        counts.type += g.type == s.type
        if g.value != s.value or (g.start, g.end) != (s.start, s.end):
            counts.errors.append({"kind": "mismatch", "gold": [g.text, g.type, g.value],
                                  "system": [s.text, s.type, s.value]})
    for gi, g in enumerate(gold):
        if gi not in used_g:
            counts.errors.append({"kind": "missed", "gold": [g.text, g.type, g.value]})
    for si, s in enumerate(system):
        if si not in used_s:
            counts.errors.append({"kind": "spurious", "system": [s.text, s.type, s.value]})
    return counts


def evaluate(paths, limit: int | None = None) -> tuple[Counts, list[tuple[str, Counts]]]:
    """Score every TimeML file under ``paths``; returns the totals and per-file counts."""
    from .. import nlp
    from ..time.timex import extract_timexes

    files = find_tml(paths)
    if limit:
        files = files[:limit]
    docs = [read_tml(f) for f in files]
    total = Counts()
    per_file: list[tuple[str, Counts]] = []
    for tml, doc in zip(docs, nlp.parse_many(d.text for d in docs), strict=False):
        counts = score_doc(tml.timexes, extract_timexes(doc, tml.dct))
        total.add(counts)
        total.errors.extend(dict(e, file=Path(tml.path).name) for e in counts.errors)
        per_file.append((tml.path, counts))
    return total, per_file


def _line(name: str, s: dict[str, float]) -> str:
    return (f"{name:<40} strict P/R/F1 {s['strict_precision']:.3f} {s['strict_recall']:.3f} {s['strict_f1']:.3f}"
            f" | relaxed P/R/F1 {s['relaxed_precision']:.3f} {s['relaxed_recall']:.3f} {s['relaxed_f1']:.3f}"
            f" | value acc {s['value_accuracy']:.3f} F1 {s['value_f1']:.3f}"
            f" | type acc {s['type_accuracy']:.3f} F1 {s['type_f1']:.3f}")


@click.command(name="time")
@click.argument("paths", nargs=-1, required=True)
@click.option("--per-file", is_flag=True, help="Also print the scores of each file.")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@click.option("--limit", type=int, default=None, help="Score only the first N files.")
@click.option("--errors", "show_errors", is_flag=True, help="List the mismatches, misses and spurious timexes.")
def command(paths, per_file, as_json, limit, show_errors):
    """Score time expressions on TimeML (.tml) files: extent P/R/F1, value and type F1 (TempEval-3)."""
    if limit is not None and limit < 1:
        raise InputError("--limit must be a positive number")
    total, files = evaluate(paths, limit)
    overall = total.scores()
    if as_json:
        out = {"overall": overall, "documents": len(files)}
        if per_file:
            out["files"] = {path: c.scores() for path, c in files}
        if show_errors:
            out["errors"] = total.errors
        json.dump(out, sys.stdout, indent=2)
        sys.stdout.write("\n")
        return
    if show_errors:
        for e in total.errors:
            click.echo(json.dumps(e, ensure_ascii=False))
    if per_file:
        for path, c in files:
            click.echo(_line(Path(path).name, c.scores()))
    click.echo(f"documents: {len(files)}  gold timexes: {overall['gold']}  system timexes: {overall['system']}")
    click.echo(f"strict   precision {overall['strict_precision']:.3f}  recall {overall['strict_recall']:.3f}  "
               f"F1 {overall['strict_f1']:.3f}")
    click.echo(f"relaxed  precision {overall['relaxed_precision']:.3f}  recall {overall['relaxed_recall']:.3f}  "
               f"F1 {overall['relaxed_f1']:.3f}")
    click.echo(f"value    accuracy {overall['value_accuracy']:.3f}  F1 {overall['value_f1']:.3f}")
    click.echo(f"type     accuracy {overall['type_accuracy']:.3f}  F1 {overall['type_f1']:.3f}")
