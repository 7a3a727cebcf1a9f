"""Actor coding: who acts, coded CAMEO-style (country + sector), and office-term date evidence.

``code_actors(doc, entities, dct)`` returns ``Actor`` records; ``office_evidence(actors, doc)``
returns ``DateEvidence`` from office titles; ``CorpusRegistry`` carries codes across articles;
``load_dictionary()`` reads the dictionary files once. See ``docs/actors.md``.
"""

from .coder import code_actors
from .dictionary import Dictionary, load_dictionary
from .evidence import office_evidence
from .registry import ArticleRegistry, CorpusRegistry

__all__ = ["code_actors", "office_evidence", "load_dictionary", "Dictionary", "ArticleRegistry",
           "CorpusRegistry"]
