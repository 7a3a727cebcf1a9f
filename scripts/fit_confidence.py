"""Fit the weights of ``tidings.events.confidence`` on a PLV file, honestly: fit on the even
sentence ids and score the odd ones, fit on the odd ids and score the even ones, then fit on all
and print the weights to paste into ``confidence.WEIGHTS``.

    PYTHONPATH=src python scripts/fit_confidence.py ../shared/eval/events/plv/PLV_train.tsv --cache /tmp/plvcache

An event is "right" as the PLV scorer counts it (src/tidings/eval/plv.py): its PLOVER type is the
sentence's gold type. Negated events are left out (the scorer does not count them). The fit is an
L2-regularised logistic regression (Newton's method, numpy). Re-run it when the extractor changes
what it produces: the weights describe today's events.
"""

from __future__ import annotations

import argparse

import numpy as np

from tidings.eval.plv import _plv_type, parse_all, read_plv
from tidings.events import confidence as C
from tidings.model import Article
from tidings.pipeline import Options, analyze

BANDS = ((0, .3), (.3, .5), (.5, .7), (.7, .9), (.9, 1.01))


def collect(path: str, cache: str | None):
    sentences = read_plv(path)
    docs = parse_all([s.text for s in sentences], cache)
    options = Options(stages=("actors", "places", "quotes", "events"))
    rows = []  # the recorded events carry the rule-of-thumb confidence (before the weights)
    try:
        for sentence, doc in zip(sentences, docs, strict=True):
            C.RECORD = []
            analyze(Article(id=f"plv-{sentence.id}", text=sentence.text), options=options, doc=doc)
            rows.extend((int(sentence.id), sentence.type, f, e) for f, e in C.RECORD
                        if e.modality != "negated")
    finally:
        C.RECORD = None
    return sentences, rows


def matrix(rows, names):
    x = np.array([[f.get(n, 0.0) for n in names] for _, _, f, _ in rows])
    y = np.array([_plv_type(e.type) == g for _, g, _, e in rows], float)
    return np.hstack([np.ones((len(x), 1)), x]), y


def fit(rows, names, lam: float = 1.0, fixed=None):
    """The weights (bias first) of ``names``; with ``fixed`` (a full weight vector), only the
    features whose entry in it is NaN are fitted, the others held at their value."""
    x, y = matrix(rows, names)
    free = np.ones(x.shape[1], bool) if fixed is None else np.isnan(fixed)
    offset = np.zeros(len(x)) if fixed is None else x[:, ~free] @ fixed[~free]
    x_free = x[:, free]
    w = np.zeros(x_free.shape[1])
    ridge = lam * np.eye(len(w))
    if fixed is None:
        ridge[0, 0] = 0.0
    for _ in range(100):
        p = 1 / (1 + np.exp(-(offset + x_free @ w)))
        step = np.linalg.solve(x_free.T @ (x_free * (p * (1 - p))[:, None]) + ridge,
                               x_free.T @ (p - y) + ridge @ w)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    if fixed is None:
        return w
    out = fixed.copy()
    out[free] = w
    return out


def report(label, rows, scores, n_sentences):
    bands = [[0, 0] for _ in BANDS]
    by: dict[int, tuple[str, set]] = {}
    for (sid, gold, _, event), c in zip(rows, scores, strict=True):
        by.setdefault(sid, (gold, set()))
        if c >= 0.5:
            by[sid][1].add(_plv_type(event.type))
        for k, (low, high) in enumerate(BANDS):
            if low <= c < high:
                bands[k][1] += 1
                bands[k][0] += _plv_type(event.type) == gold
    tp = sum(g in p for g, p in by.values())
    fp = sum(len(p - {g}) for g, p in by.values())
    fn = n_sentences - tp
    p, r = tp / max(1, tp + fp), tp / max(1, tp + fn)
    high = sum(b[0] for b in bands[2:]), sum(b[1] for b in bands[2:])
    print(f"{label:<22} root P {p:.3f} R {r:.3f} F1 {2 * p * r / max(1e-9, p + r):.3f}   "
          f"events >= 0.5 right {high[0]}/{high[1]} = {high[0] / max(1, high[1]):.3f}   bands "
          + "  ".join(f"{ok}/{n}" for ok, n in bands))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path")
    parser.add_argument("--cache")
    parser.add_argument("--ridge", type=float, default=1.0)
    parser.add_argument("--new", default="", help="comma-separated features to fit with the shipped "
                        "weights of the others held (confidence.BIAS / WEIGHTS)")
    args = parser.parse_args()
    sentences, rows = collect(args.path, args.cache)
    names = sorted({k for _, _, f, _ in rows for k in f})
    even = [r for r in rows if r[0] % 2 == 0]
    odd = [r for r in rows if r[0] % 2 == 1]
    n_even = sum(int(s.id) % 2 == 0 for s in sentences)
    n_odd = len(sentences) - n_even

    def scores(w, part):
        # as ``confidence.calibrate`` ships it: blended with the rule-of-thumb value, capped without an actor
        x, _ = matrix(part, names)
        fitted = 1 / (1 + np.exp(-x @ w))
        out = []
        for value, (_, _, f, e) in zip(fitted, part, strict=True):
            value = C.BLEND * e.confidence + (1 - C.BLEND) * value
            out.append(round(min(value, C.CAP) if not e.actors or f["content"] else value, 2))
        return out

    for label, part, n in (("rules, all", rows, len(sentences)), ("rules, even ids", even, n_even),
                           ("rules, odd ids", odd, n_odd)):
        report(label, part, [e.confidence for _, _, _, e in part], n)
    w_even, w_odd, w_all = fit(even, names, args.ridge), fit(odd, names, args.ridge), fit(rows, names, args.ridge)
    report("fit even -> odd ids", odd, scores(w_even, odd), n_odd)
    report("fit odd -> even ids", even, scores(w_odd, even), n_even)
    report("fit all -> all (in-sample)", rows, scores(w_all, rows), len(sentences))
    if args.new:
        new = set(args.new.split(","))
        shipped = np.array([C.BIAS] + [np.nan if n in new else (C.WEIGHTS or {}).get(n, 0.0) for n in names])
        held = np.array([C.BIAS] + [(C.WEIGHTS or {}).get(n, 0.0) for n in names])
        report("shipped weights, even ids", even, scores(held, even), n_even)
        report("shipped weights, odd ids", odd, scores(held, odd), n_odd)
        e_new, o_new = fit(even, names, args.ridge, shipped), fit(odd, names, args.ridge, shipped)
        report("new fit even -> odd ids", odd, scores(e_new, odd), n_odd)
        report("new fit odd -> even ids", even, scores(o_new, even), n_even)
        without = np.array([0.0 if n in new else v for n, v in zip([""] + names, held, strict=True)])
        report("without them, even ids", even, scores(without, even), n_even)
        report("without them, odd ids", odd, scores(without, odd), n_odd)
        for label, w in (("new weights on even ids", e_new), ("new weights on odd ids", o_new)):
            print(label + ": " + ", ".join(f"{n} {v:.1f}" for n, v in zip(names, w[1:], strict=True) if n in new))
    for label, w in (("weights fit on even ids", w_even), ("weights fit on odd ids", w_odd)):
        print(f"{label}: bias {w[0]:.1f} " + ", ".join(f"{n} {v:.1f}" for n, v in zip(names, w[1:], strict=True)))
    print(f"BIAS = {w_all[0]:.1f}")
    print("WEIGHTS = {" + ", ".join(f'"{n}": {v:.1f}' for n, v in zip(names, w_all[1:], strict=True)) + "}")


if __name__ == "__main__":
    main()
