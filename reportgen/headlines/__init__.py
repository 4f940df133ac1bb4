"""Headlines: the numbers in an abstract's result claims, with what each measures, where, and against what.

claims.py finds the numbers and their roles; attribution.py says what each
measures (metric, benchmark, comparator, direction) with phrases.py's noun
phrases.  Pure: text in, Headline values out.
"""

from reportgen.headlines.claims import extract_from_sentence, extract_headlines, role
from reportgen.strings import split_sentences

__all__ = ["extract_from_sentence", "extract_headlines", "role", "split_sentences"]
