"""Events: who did what to whom, coded to PLOVER and CAMEO, with modality, date and place.

``extract_events(doc, actors=..., timexes=..., places=..., dct=...)`` is the pipeline stage;
the ontology (PLOVER types, CAMEO codes, QuadClass, Goldstein) is in ``ontology`` and the
event lexicon in ``lexicon``; both read the TSV files in ``events/data/``.
"""

from .extract import extract_events

__all__ = ["extract_events"]
