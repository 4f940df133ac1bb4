"""Summarize: per theme, the representative papers, the headline numbers to show, a cited summary and the synthesis.

section.py picks a theme's representatives, headlines and quoted sentences;
synthesis.py writes what its papers share with prose.py's fixed grammar from
facts.py's facts; overview.py writes the survey-wide synthesis; names.py gives
each paper its display name.  Pure: values in, values out.
"""

from reportgen.summarize.section import representatives, salient_headlines, summarize_theme

__all__ = ["representatives", "salient_headlines", "summarize_theme"]
