"""``tidings eval ecb``: cross-document event coreference on ECB+, scored with MUC, B-cubed and CEAF-e.

What is scored: the *gold* event mentions (ACTION_* and NEG_ACTION_* markables) in the
sentences listed in ``ECBplus_coreference_sentences.csv`` (the sentences the annotators
covered). Gold clusters are the CROSS_DOC_COREF instances, then the INTRA_DOC_COREF chains;
every other mention is a singleton. Mentions are clustered within each gold topic (the usual
ECB+ setting: the topic is known, its two sub-topics are not), so no cluster crosses topics.
Singletons are kept in the scores.

Systems:

* ``lemma``: the standard baseline, one cluster per head lemma in a topic;
* ``tidings``: the articles of a topic are first grouped into stories by average-link
  clustering of the TF-IDF vectors of their whole text (``link.stories.average_link``; IDF over
  the whole corpus; mean cosine >= 0.15, chosen on this development set), then mentions with
  the same head lemma *within a story* are one event. This is the story/text half of
  ``link``; ``merge_events`` itself needs coded actors, dates and places, which ECB+'s mostly
  non-political events (celebrity rehab, earthquakes, product launches) rarely have.

The stories are also scored against the gold sub-topics (the ``*ecb`` and ``*ecbplus``
documents of a topic report two different events) with B-cubed over documents, and so is
``link.group_stories`` run on all documents at once with no topics given (text similarity and
duplicates only: the raw ECB+ texts have no dates and no pipeline is run here).

Heads and lemmas come from parsing each annotated sentence with ``tidings.nlp.parse_many``.
"""

from __future__ import annotations

import csv
import json
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import click

from ..errors import InputError

SENTENCES_CSV = "ECBplus_coreference_sentences.csv"


@dataclass
class GoldMention:
    id: str  # doc:m_id
    doc: str  # "1_10ecbplus"
    topic: str
    sentence: int
    tokens: list[str]  # token texts of the mention
    token_numbers: list[int]  # positions in the sentence
    gold: str  # gold cluster id
    head: str = ""  # head lemma, filled after parsing


@dataclass
class GoldDoc:
    name: str
    topic: str
    sentences: dict[int, list[str]]  # sentence number -> token texts

    @property
    def text(self) -> str:
        return "\n".join(" ".join(toks) for _, toks in sorted(self.sentences.items()))


def read_selected(root: Path) -> set[tuple[str, int]]:
    """(doc name, sentence number) pairs of the annotated sentences."""
    path = root / SENTENCES_CSV
    try:
        with path.open(encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh))
    except OSError as err:
        raise InputError(f"cannot read {path}: {err}") from err
    try:
        return {(f"{r['Topic']}_{r['File']}", int(r["Sentence Number"])) for r in rows}
    except (KeyError, ValueError) as err:
        raise InputError(f"{path}: expected columns Topic, File, Sentence Number ({err})") from err


def read_doc(path: Path, selected: set[tuple[str, int]]) -> tuple[GoldDoc, list[GoldMention]]:
    """One CAT XML file: its tokens and its gold event mentions in the selected sentences."""
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as err:
        raise InputError(f"cannot read ECB+ file {path}: {err}") from err
    name = path.stem
    topic = name.split("_")[0]
    tokens: dict[str, tuple[int, int, str]] = {}
    sentences: dict[int, list[str]] = defaultdict(list)
    for tok in root.iter("token"):
        sent, number = int(tok.get("sentence", 0)), int(tok.get("number", 0))
        tokens[tok.get("t_id", "")] = (sent, number, tok.text or "")
        sentences[sent].append(tok.text or "")
    markables = root.find("Markables")
    anchored: dict[str, list[str]] = {}
    instance_of: dict[str, str] = {}
    if markables is not None:
        for m in markables:
            anchors = [a.get("t_id", "") for a in m.findall("token_anchor")]
            if anchors and m.tag.startswith(("ACTION", "NEG_ACTION")):
                anchored[m.get("m_id", "")] = anchors
            if m.get("instance_id"):
                instance_of[m.get("m_id", "")] = m.get("instance_id", "")
    gold: dict[str, str] = {}
    relations = root.find("Relations")
    if relations is not None:
        for rel in relations:
            target = rel.find("target")
            target_id = target.get("m_id", "") if target is not None else ""
            if rel.tag == "CROSS_DOC_COREF":
                cluster = rel.get("note") or instance_of.get(target_id) or f"{name}:{target_id}"
            elif rel.tag == "INTRA_DOC_COREF":
                cluster = f"{name}:intra:{target_id}"
            else:
                continue
            for src in rel.findall("source"):
                gold[src.get("m_id", "")] = cluster
    mentions = []
    for m_id, anchors in anchored.items():
        toks = [tokens[t] for t in anchors if t in tokens]
        if not toks:
            continue
        sent = toks[0][0]
        if (name, sent) not in selected:
            continue
        mentions.append(GoldMention(
            id=f"{name}:{m_id}", doc=name, topic=topic, sentence=sent,
            tokens=[t[2] for t in toks], token_numbers=[t[1] for t in toks],
            gold=gold.get(m_id, f"{name}:single:{m_id}"),
        ))
    return GoldDoc(name, topic, dict(sentences)), mentions


def read_corpus(root: Path, limit: int | None = None) -> tuple[list[GoldDoc], list[GoldMention]]:
    if not root.is_dir():
        raise InputError(f"{root} is not a directory: expected the ECB+ folder (topics 1, 2, ... and {SENTENCES_CSV})")
    selected = read_selected(root)
    topics = sorted((p for p in root.iterdir() if p.is_dir() and p.name.isdigit()), key=lambda p: int(p.name))
    if not topics:
        raise InputError(f"{root} has no topic folders")
    if limit:
        topics = topics[:limit]
    docs, mentions = [], []
    for topic in topics:
        for path in sorted(topic.glob("*.xml")):
            doc, ms = read_doc(path, selected)
            docs.append(doc)
            mentions.extend(ms)
    return docs, mentions


# ---- heads -----------------------------------------------------------------------------------

def add_heads(docs: list[GoldDoc], mentions: list[GoldMention], pipeline: str | None = None) -> None:
    """Fill ``head`` with the lemma of each mention's syntactic head (parsing its sentence)."""
    from .. import nlp

    by_doc = {d.name: d for d in docs}
    keys = sorted({(m.doc, m.sentence) for m in mentions})
    texts, offsets = [], {}
    for key in keys:
        toks = by_doc[key[0]].sentences[key[1]]
        starts, pos = [], 0
        for t in toks:
            starts.append(pos)
            pos += len(t) + 1
        offsets[key] = starts
        texts.append(" ".join(toks))
    parsed = dict(zip(keys, nlp.parse_many(texts, pipeline), strict=True))
    for m in mentions:
        doc = parsed[(m.doc, m.sentence)]
        starts = offsets[(m.doc, m.sentence)]
        lo = starts[m.token_numbers[0]]
        hi = starts[m.token_numbers[-1]] + len(m.tokens[-1])
        span = doc.char_span(lo, hi, alignment_mode="expand")
        if span is None or len(span) == 0:
            m.head = m.tokens[-1].lower()
            continue
        m.head = (span.root.lemma_ or span.root.text).lower()


# ---- systems ---------------------------------------------------------------------------------

def lemma_clusters(mentions: Iterable[GoldMention]) -> dict[str, str]:
    """Baseline: same topic and same head lemma."""
    return {m.id: f"{m.topic}:{m.head}" for m in mentions}


def story_clusters(docs: list[GoldDoc], min_cosine: float) -> dict[str, str]:
    """Documents of a topic grouped by average-link clustering of TF-IDF vectors: doc -> group."""
    from ..link.stories import average_link, tfidf_vectors

    vectors = dict(zip([d.name for d in docs], tfidf_vectors([d.text for d in docs]), strict=True))
    by_topic: dict[str, list[str]] = defaultdict(list)
    for d in docs:
        by_topic[d.topic].append(d.name)
    out = {}
    for topic, names in by_topic.items():
        for k, cluster in enumerate(average_link([vectors[n] for n in names], min_cosine)):
            for i in cluster:
                out[names[i]] = f"{topic}:{k}"
    return out


def tidings_clusters(docs: list[GoldDoc], mentions: Iterable[GoldMention], min_cosine: float) -> dict[str, str]:
    """Stories first (text similarity), then same head lemma within a story."""
    story = story_clusters(docs, min_cosine)
    return {m.id: f"{story[m.doc]}:{m.head}" for m in mentions}


# ---- scores ----------------------------------------------------------------------------------

def _groups(assign: dict[str, str]) -> list[set[str]]:
    groups: dict[str, set[str]] = defaultdict(set)
    for mention, cluster in assign.items():
        groups[cluster].add(mention)
    return list(groups.values())


def _prf(p: float, r: float) -> dict[str, float]:
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def muc(key: dict[str, str], response: dict[str, str]) -> dict[str, float]:
    def score(a: dict[str, str], b: dict[str, str]) -> float:
        num = den = 0
        for cluster in _groups(a):
            parts = {b.get(m, f"_single:{m}") for m in cluster}
            num += len(cluster) - len(parts)
            den += len(cluster) - 1
        return num / den if den else 0.0
    return _prf(score(response, key), score(key, response))


def b_cubed(key: dict[str, str], response: dict[str, str]) -> dict[str, float]:
    key_groups = {m: g for g in _groups(key) for m in g}
    resp_groups = {m: g for g in _groups(response) for m in g}
    mentions = list(key)
    if not mentions:
        return _prf(0.0, 0.0)
    p = sum(len(key_groups[m] & resp_groups[m]) / len(resp_groups[m]) for m in mentions) / len(mentions)
    r = sum(len(key_groups[m] & resp_groups[m]) / len(key_groups[m]) for m in mentions) / len(mentions)
    return _prf(p, r)


def ceaf_e(key: dict[str, str], response: dict[str, str]) -> dict[str, float]:
    """Entity-based CEAF with the optimal one-to-one alignment (per topic blocks: clusters never cross)."""
    from scipy.optimize import linear_sum_assignment

    kg, rg = _groups(key), _groups(response)
    if not kg or not rg:
        return _prf(0.0, 0.0)
    index: dict[str, int] = {}
    for j, g in enumerate(rg):
        for m in g:
            index[m] = j
    # sparse similarity; solve per connected block to keep the matrices small
    total = 0.0
    pairs: dict[int, dict[int, float]] = defaultdict(dict)
    for i, g in enumerate(kg):
        for j in {index[m] for m in g if m in index}:
            pairs[i][j] = 2 * len(g & rg[j]) / (len(g) + len(rg[j]))
    blocks = _blocks(pairs)
    for ks, rs in blocks:
        kl, rl = sorted(ks), sorted(rs)
        cost = [[-pairs[i].get(j, 0.0) for j in rl] for i in kl]
        rows, cols = linear_sum_assignment(cost)
        total += -sum(cost[r][c] for r, c in zip(rows, cols, strict=True))
    return _prf(total / len(rg), total / len(kg))


def _blocks(pairs: dict[int, dict[int, float]]) -> list[tuple[set[int], set[int]]]:
    """Connected components of the key-response bipartite overlap graph."""
    resp_to_key: dict[int, set[int]] = defaultdict(set)
    for i, js in pairs.items():
        for j in js:
            resp_to_key[j].add(i)
    seen: set[int] = set()
    out = []
    for start in pairs:
        if start in seen:
            continue
        ks, rs, stack = set(), set(), [start]
        while stack:
            i = stack.pop()
            if i in ks:
                continue
            ks.add(i)
            seen.add(i)
            for j in pairs[i]:
                if j not in rs:
                    rs.add(j)
                    stack.extend(resp_to_key[j] - ks)
        out.append((ks, rs))
    return out


def score_all(key: dict[str, str], response: dict[str, str]) -> dict[str, dict[str, float]]:
    scores = {"MUC": muc(key, response), "B3": b_cubed(key, response), "CEAF-e": ceaf_e(key, response)}
    scores["CoNLL"] = {"f1": round(sum(s["f1"] for s in scores.values()) / 3, 4)}
    return scores


def _group_stories_text_only(docs: list[GoldDoc]) -> dict[str, str]:
    """``link.group_stories`` over all documents at once, topics not given, text only (ECB+ texts
    have no dates, and no pipeline is run): doc -> story id."""
    from ..link import group_stories
    from ..model import Analysis, DocDate

    analyses = [Analysis(id=d.name, title=None, outlet=None, byline=None, dct=DocDate(), text=d.text)
                for d in docs]
    return {a: s.id for s in group_stories(analyses, [], []) for a in s.articles}


def _group_stories_with_pipeline(docs: list[GoldDoc]) -> dict[str, str]:
    """``link.group_stories`` over all documents at once, topics not given, on the analyses
    of the full pipeline (who/where/when: entities, actors, places, dates): doc -> story id."""
    from ..clean import article_from_input
    from ..link import group_stories
    from ..model import Analysis
    from ..pipeline import analyze_stream

    articles = [article_from_input(d.text, raw=True, id=d.name) for d in docs]
    analyses = [a for _art, a in analyze_stream(articles) if isinstance(a, Analysis)]
    out = {a: s.id for s in group_stories(analyses) for a in s.articles}
    for d in docs:  # a document the pipeline refused is a story of its own
        out.setdefault(d.name, f"alone:{d.name}")
    return out


def evaluate(root: Path, limit: int | None = None, min_cosine: float = 0.15,
             pipeline: str | None = None, run_pipeline: bool = True) -> dict:
    docs, mentions = read_corpus(root, limit)
    if not mentions:
        raise InputError(f"no annotated event mentions found under {root}")
    add_heads(docs, mentions, pipeline)
    key = {m.id: m.gold for m in mentions}
    stories = story_clusters(docs, min_cosine)
    # each topic has two gold sub-topics (two seminal events): the *ecb and *ecbplus documents
    subtopics = {d.name: f"{d.topic}:{'plus' if d.name.endswith('plus') else 'ecb'}" for d in docs}
    return {
        "topics": len({d.topic for d in docs}),
        "documents": len(docs),
        "mentions": len(mentions),
        "gold_clusters": len(set(key.values())),
        "stories": len(set(stories.values())),
        "stories_vs_subtopics": b_cubed(subtopics, stories),
        "group_stories_vs_subtopics": b_cubed(subtopics, _group_stories_text_only(docs)),
        **({"group_stories_pipeline_vs_subtopics": b_cubed(subtopics, _group_stories_with_pipeline(docs))}
           if run_pipeline else {}),
        "systems": {
            "lemma": score_all(key, lemma_clusters(mentions)),
            "tidings": score_all(key, tidings_clusters(docs, mentions, min_cosine)),
        },
    }


@click.command("ecb")
@click.argument("path", type=click.Path(path_type=Path), required=False)
@click.option("--limit", type=int, default=None, help="Only the first N topics.")
@click.option("--min-cosine", type=float, default=0.15, show_default=True,
              help="TF-IDF cosine that puts two articles of a topic in one story.")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@click.option("--no-pipeline", is_flag=True,
              help="Skip the stories on full pipeline analyses (the slow part: every document is analysed).")
def command(path: Path | None, limit: int | None, min_cosine: float, as_json: bool, no_pipeline: bool) -> None:
    """Cross-document event coreference on ECB+ (gold mentions): MUC, B3, CEAF-e, CoNLL F1."""
    from . import shared_dir

    root = path or shared_dir() / "eval" / "ecbplus"
    result = evaluate(root, limit=limit, min_cosine=min_cosine, run_pipeline=not no_pipeline)
    if as_json:
        click.echo(json.dumps(result, indent=2))
        return
    click.echo(f"ECB+ {result['topics']} topics, {result['documents']} documents, "
               f"{result['mentions']} gold event mentions in {result['gold_clusters']} gold clusters; "
               f"{result['stories']} stories found")
    for label, name in (("stories_vs_subtopics", "stories within topics (average link)"),
                        ("group_stories_vs_subtopics", "group_stories, whole corpus, text only"),
                        ("group_stories_pipeline_vs_subtopics",
                         "group_stories, whole corpus, pipeline analyses (who/where/when)")):
        if label not in result:
            continue
        sv = result[label]
        click.echo(f"{name} vs gold sub-topics (documents, B3): P {sv['precision']:.3f} "
                   f"R {sv['recall']:.3f} F1 {sv['f1']:.3f}")
    click.echo(f"{'system':10} {'metric':7} {'P':>7} {'R':>7} {'F1':>7}")
    for system, scores in result["systems"].items():
        for metric, s in scores.items():
            if metric == "CoNLL":
                click.echo(f"{system:10} {metric:7} {'':>7} {'':>7} {s['f1']:7.3f}")
            else:
                click.echo(f"{system:10} {metric:7} {s['precision']:7.3f} {s['recall']:7.3f} {s['f1']:7.3f}")

