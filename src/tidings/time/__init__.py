"""Time: temporal expressions normalized to TIMEX3, and the document date.

``extract_timexes(doc, dct)`` finds and normalizes every time expression
(``timex.py`` and its grammar); ``infer_document_date(...)`` weighs the stated
date against the text's own evidence (``docdate.py``).
"""

from .docdate import infer_document_date
from .timex import extract_timexes, timexes_for_document

__all__ = ["extract_timexes", "infer_document_date", "timexes_for_document"]
