"""Scores actor coding on PETRARCH validation XML: are the coded countries found in each sentence?

``tidings eval actors [PATH]`` reads ``<Sentence date=...>`` records with their ``<Text>``
and ``<EventCoding sourcecode targetcode eventcode>`` lines (default:
``../shared/eval/events/PETR2_GSR_validation.xml``), parses each sentence, codes its
actors with the sentence's date as ``dct`` and reports

* the share of codings whose source country, whose target country, and both, are among
  the sentence's actor countries (the first three letters of a code: ``USAGOV`` -> USA,
  ``IGOUNOMIL`` -> IGO; codings with no country part, ``---REB``, are left out);
* precision / recall / F1 of the set of actor countries per sentence against the set of
  coded countries (micro-averaged over the sentences that have codings);
* the same share with the countries of the sentence's geocoded places added, because
  PETRARCH's dictionaries code locations too ("meet in Zurich" -> target CHE), while
  tidings keeps a location a ``Place``, not an ``Actor``.

The file is read leniently (its records are not well-formed XML: ``<Sentence .../>`` is
closed again by ``</Sentence>``), so a regular-expression reader is used.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import click

from ..errors import InputError
from . import shared_dir

_SENTENCE = re.compile(r"<Sentence\b([^>]*)>(.*?)</Sentence>", re.S)
_CODING = re.compile(r"<EventCoding\b([^>]*)/?>")
_TEXT = re.compile(r"<Text>(.*?)</Text>", re.S)
_ATTR = re.compile(r'(\w+)="([^"]*)"')


@dataclass
class GoldSentence:
    id: str
    date: str | None
    text: str
    codings: list[tuple[str, str]] = field(default_factory=list)  # (source, target) codes



def default_path() -> Path:
    return shared_dir() / "eval" / "events" / "PETR2_GSR_validation.xml"


def _iso_date(value: str | None) -> str | None:
    if not value:
        return None
    digits = re.sub(r"\D", "", value)
    if len(digits) == 8:
        return f"{digits[:4]}-{digits[4:6]}-{digits[6:]}"
    if len(digits) == 6:  # YYMMDD
        return f"20{digits[:2]}-{digits[2:4]}-{digits[4:]}"
    return None


def read_gold(path: Path) -> list[GoldSentence]:
    """The sentences of a PETRARCH validation file, with their codings."""
    try:
        content = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read PETRARCH validation file ({exc})") from exc
    sentences = []
    for attrs, body in _SENTENCE.findall(content):
        attr = dict(_ATTR.findall(attrs))
        text = _TEXT.search(body)
        codings = []
        for coding in _CODING.findall(body):
            c = dict(_ATTR.findall(coding))
            if "sourcecode" in c or "targetcode" in c:
                codings.append((c.get("sourcecode", ""), c.get("targetcode", "")))
        sentences.append(GoldSentence(attr.get("id", ""), _iso_date(attr.get("date")),
                                      " ".join(text.group(1).split()) if text else "", codings))
    if not sentences:
        raise InputError(f"{path}: no <Sentence> records found (is this a PETRARCH validation file?)")
    return sentences


def country_part(code: str | None) -> str | None:
    """``USAGOV`` -> ``USA``; ``---REB`` or empty -> None."""
    if not code or len(code) < 3 or code.startswith("---"):
        return None
    return code[:3]


def score(sentences: list[GoldSentence], coded: list[set[str]]) -> dict[str, float]:
    """Coding shares and per-sentence country P/R/F1 for predicted country sets ``coded``."""
    found = {"source": [0, 0], "target": [0, 0], "both": [0, 0]}
    tp = fp = fn = 0
    for sentence, predicted in zip(sentences, coded, strict=True):
        if not sentence.codings:
            continue
        gold: set[str] = set()
        for source, target in sentence.codings:
            parts = {"source": country_part(source), "target": country_part(target)}
            for slot, country in parts.items():
                if country:
                    gold.add(country)
                    found[slot][1] += 1
                    found[slot][0] += country in predicted
                    found["both"][1] += 1
                    found["both"][0] += country in predicted
        tp += len(gold & predicted)
        fp += len(predicted - gold)
        fn += len(gold - predicted)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    out = {f"{slot}_share": (a / b if b else 0.0) for slot, (a, b) in found.items()}
    out.update({f"{slot}_n": b for slot, (_, b) in found.items()})
    out.update({"precision": p, "recall": r, "f1": f})
    return out


def predicted_countries(actors) -> set[str]:
    return {c for c in (country_part(a.code) for a in actors) if c}


@click.command()
@click.argument("path", required=False, type=click.Path(path_type=Path))
@click.option("--show-misses", is_flag=True, help="Print each coding whose country was not found.")
def command(path: Path | None, show_misses: bool) -> None:
    """Score actor countries on PETRARCH validation XML (default: the PETR-2 GSR set)."""
    from .. import nlp
    from ..actors import code_actors
    from ..places import geocode

    path = path or default_path()
    if not path.exists():
        raise InputError(f"{path}: no such file (give a PETRARCH validation XML file)")
    sentences = read_gold(path)
    coded, with_places = [], []
    docs = nlp.parse_many(s.text for s in sentences)
    for sentence, doc in zip(sentences, docs, strict=True):
        actors = code_actors(doc, None, dct=sentence.date)
        predicted = predicted_countries(actors)
        coded.append(predicted)
        with_places.append(predicted | {p.country for p in geocode(doc, None, actors) if p.country})
        if show_misses:
            for source, target in sentence.codings:
                missing = [c for c in (country_part(source), country_part(target)) if c and c not in predicted]
                if missing:
                    click.echo(f"miss {','.join(missing)} in {sentence.id}: {sentence.text[:120]} "
                               f"(found {sorted(predicted)})")
    result = score(sentences, coded)
    click.echo(f"sentences: {len(sentences)}  codings with a country: source {result['source_n']}, "
               f"target {result['target_n']}")
    click.echo(f"source country found: {result['source_share']:.1%}")
    click.echo(f"target country found: {result['target_share']:.1%}")
    click.echo(f"all coded countries found: {result['both_share']:.1%}")
    click.echo(f"actor countries per sentence: precision {result['precision']:.3f}  "
               f"recall {result['recall']:.3f}  F1 {result['f1']:.3f}")
    places = score(sentences, with_places)
    click.echo(f"with place countries: all coded countries found {places['both_share']:.1%}; per sentence "
               f"precision {places['precision']:.3f}  recall {places['recall']:.3f}  F1 {places['f1']:.3f}")
