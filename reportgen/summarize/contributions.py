"""What a paper does and why, in its own words: its contribution (and finding), motivation and departure.  Pure.

A theme's synthesis says what its papers do by quoting them: the clause after
"we propose", "this paper studies", "we report" (the verbs are data, in
vocab/research.toml), shortened only at a clause boundary so that what is left
claims nothing the whole did not; where an abstract never says "we", its aim or
what it says was studied; a study comes with what it concludes.  Also the
sentence that motivates the work, the one that says how it departs from other
approaches, and what kind of work the paper is (vocab's [kinds]).  Each returned
text is a substring of the abstract, so a sentence that quotes it and cites the
paper is traceable.
"""

from __future__ import annotations

import re
from dataclasses import replace

from reportgen import vocab
from reportgen.model import Contribution
from reportgen.strings import split_sentences, third_person, title_name
from reportgen.summarize import facts

MAX_WORDS = 30  # a quoted contribution is cut at a clause boundary at or before this many words
MIN_WORDS = 4
_WORDS = vocab.load()
_VERBS = _WORDS.contribution_verbs
_BUILDS = frozenset(_WORDS.builds)
_FINDINGS = frozenset(_WORDS.findings)
_IRREGULAR_PAST = {"build": "built", "find": "found", "show": "shown", "model": "modelled"}
_ADVERBS = (
    "first|further|then|also|here|therefore|thus|now|additionally|newly|systematically|carefully|"
    "comprehensively|empirically|theoretically|formally|instead|finally|subsequently|thoroughly"
)
_CUT_BEFORE = frozenset({"which", "where", "whereby", "thereby", "and", "thus", "so"})
# A cut never drops what qualifies the clause before it: "the anticipated correlation ..., but it is weak in this
# sample", "all parameterizations self-regulate ...; however, they feature orders-of-magnitude different CGM".
_CONTRAST = frozenset({"but", "however", "however,", "yet", "although", "though", "whereas", "while", "whilst"})
_DANGLING = re.compile(
    r"^(?:(?:it|them|its|their|such)\b|(?:this|these|those|that) (?:\w+ )?(?:by|to|in|of|for|from|on|at|with|using|through|via|as|and|is|are)\b)",
    re.IGNORECASE,
)
_OPENER = re.compile(r"^(?:in this (?:paper|work|study|article|letter)|here|herein),?\s+", re.IGNORECASE)
_LEANS = re.compile(
    r"^(?:However|Yet|But|Nevertheless|Nonetheless|Unfortunately|Still|These|This|Those|Such|It|They|Their|Its)\b"
)  # a sentence that leans on the one before it: quoted with it
_MAX_MOTIVATION_WORDS = 55


def _forms(verb: str) -> list[str]:
    past = _IRREGULAR_PAST.get(verb) or (
        verb + "d" if verb.endswith("e") else verb[:-1] + "ied" if verb.endswith("y") else verb + "ed"
    )
    return [verb, third_person(verb), past] + (["showed"] if verb == "show" else [])


_FORM_OF = {form: verb for verb in _VERBS for form in _forms(verb)}
_CLAIM = re.compile(
    r"\b(?:[Ww]e|[Tt]his (?:paper|work|study|article|letter|note|review|survey)|[Oo]ur (?:work|study|paper))"
    rf"\s+(?:(?:{_ADVERBS})\s+)?({'|'.join(sorted(_FORM_OF, key=len, reverse=True))})\s+(?=\S)"
)


def contribution(paper_id: str, abstract: str, title: str = "") -> Contribution | None:
    """The abstract's most telling "we <verb> ..." clause (verbs ranked as in the vocabulary), earliest on ties.

    Where the title names the paper's own method ("ModalPatch: A Plug-and-Play
    Module ...") and a claim names it, that claim wins: "we propose a gating
    loss" before "we further propose ModalPatch" is a part, not the paper, and
    blind readers called quoting it misleading.

    Where that verb only presents or studies something ("we present observations
    of ..."), the first later "we find / show that ..." clause comes with it: what a
    reader wants of an observation is what it found.
    """
    sentences = split_sentences(abstract)
    claims = [
        (_VERBS.index(verb), position, verb, clause)
        for position, sentence in enumerate(sentences)
        for verb, clause in _claims(sentence)
    ]
    if not claims:
        said = _impersonal(paper_id, sentences)
        return _with_conclusion(said, sentences) if said else _conclusion(paper_id, sentences)
    name = title_name(title, MAX_NAME_WORDS)
    name = "" if name.islower() else name
    naming = [
        c
        for c in claims
        if name and c[2] not in _FINDINGS and re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", c[3][0])
    ]
    _, position, verb, (clause, cut) = min(naming or claims, key=lambda c: c[:2])
    found = next(
        (c for c in sorted(claims, key=lambda c: c[1]) if c[1] > position and c[2] in _FINDINGS),
        None,
    )
    if verb in _FINDINGS or verb in _BUILDS:
        return Contribution(paper_id, verb, clause, cut)
    if found is None:
        return _with_conclusion(Contribution(paper_id, verb, clause, cut), sentences)
    return Contribution(paper_id, verb, clause, cut, found[2], found[3][0], found[3][1])


MAX_NAME_WORDS = 3  # a longer part before the title's colon is a phrase ("Learning to rank with ..."), not a name


_CONCLUDED = re.compile(
    r"^(?:In conclusion|In summary|To conclude|Taken together|Overall),\s+(?:(?:we conclude|it is concluded|it was concluded|"
    r"we suggest|we propose)\s+)?(?P<that>\S.*)$"
    r"|^(?:(?:The|Our|These|This) )?(?:results|findings|data|observations|analyses|study|studies)(?: of (?:this|the present) study)?"
    r" (?:\w+ly )?(?P<verb>show|showed|shows|shown|indicate|indicated|indicates|suggest|suggested|suggests|demonstrate|"
    r"demonstrated|demonstrates|reveal|revealed|reveals|confirm|confirmed|confirms) (?P<clause>that \S.*)$"
    r"|^(?:We|The authors) (?:\w+ly )?(?P<said>conclude|concluded|suggest|suggested|propose) (?P<stated>that \S.*)$"
    r"|^(?:It is concluded|It was concluded|It is suggested|It was found) (?P<concluded>that \S.*)$"
    r"|^CONCLUSIONS?(?:--|: ?)(?P<heading>[A-Z]\S*(?: \S+){3,})$"  # a structured abstract's last section
)
_PLAIN_FORM = {
    form: plain
    for plain in ("show", "indicate", "suggest", "demonstrate", "reveal", "confirm", "conclude", "propose")
    for form in (plain, plain + "s", plain + ("d" if plain.endswith("e") else "ed"))
} | {"shown": "show"}


def _concluded(sentence: str) -> tuple[str, tuple[str, bool]] | None:
    """The verb and the quotable clause of a sentence that says what a paper concludes, else None."""
    if not (match := _CONCLUDED.match(sentence.rstrip("."))):
        return None
    if match.group("that") is not None:
        verb, text = "conclude", match.group("that")
    elif match.group("clause") is not None:
        verb, text = _PLAIN_FORM[match.group("verb")], match.group("clause")
    elif match.group("stated") is not None:  # "we propose that ..." is a hypothesis: the verb the authors used
        verb, text = _PLAIN_FORM[match.group("said")], match.group("stated")
    else:
        verb, text = "conclude", match.group("concluded") or match.group("heading")
    short = _shortened(text)
    return (verb, short) if short is not None else None


def _conclusion(paper_id: str, sentences: list[str]) -> Contribution | None:
    """Where an abstract never says what it does, what it concludes: the last "We conclude that ...", "These
    results suggest that ..." sentence.  Half of 1,364 MEDLINE abstracts say neither "we <verb>" nor "the aim
    of this study"; 100 of them end on such a sentence."""
    for sentence in reversed(sentences):
        if (said := _concluded(sentence)) is not None:
            verb, (clause, cut) = said
            return Contribution(paper_id, verb, clause, cut)
    return None


def _with_conclusion(said: Contribution, sentences: list[str]) -> Contribution:
    """A paper that studies or reports something, with what it concludes: the first "In conclusion, ...",
    "The results show that ..." or "It is concluded that ..." sentence after the one it is quoted from.

    Where an abstract never says "we find", this is what a reader wants of a study;
    a paper that built something speaks through its results instead.
    """
    start = next((i for i, s in enumerate(sentences) if said.clause in s), len(sentences))
    for sentence in sentences[start + 1 :]:
        if (concluded := _concluded(sentence)) is not None:
            verb, (finding, cut) = concluded
            return replace(said, finding_verb=verb, finding=finding, finding_cut=cut)
    return said


_AIM = re.compile(
    r"^(?:The|Our) (?:main |primary )?(?:aim|purpose|objective|goal)s? of (?:this|the present|our|the) "
    r"(?:study|work|paper|trial|investigation|review|analysis) (?:was|were|is|are) (to \S.*)$"
    r"|^(?:STUDY )?(?:OBJECTIVES?|PURPOSE|AIMS?)(?:--|: ?)([Tt]o \S.*)$"  # a structured abstract's first section
)
_STUDIED = re.compile(
    r"\b(?:(?:was|were) (?:\w+ly )?(?:studied|examined|investigated|evaluated|assessed|compared|analy[sz]ed|measured|"
    r"reviewed|tested|characteri[sz]ed)|(?:is|are) (?:reported|described|presented|reviewed))\b"
)  # "were studied" is this paper's work; "has been studied" is earlier work's, "is followed by" a fact


def _impersonal(paper_id: str, sentences: list[str]) -> Contribution | None:
    """What an abstract without "we" says it does: "The aim of this study was to ..." (the paper "aims" to), else its
    first sentence that says in the passive what was studied, quoted whole ("The effects of CSA ... were studied ...")."""
    for sentence in sentences:
        if (aim := _AIM.match(sentence)) and (clause := _shortened(aim.group(1) or aim.group(2))) is not None:
            return Contribution(paper_id, "aim", clause[0], clause[1])
    for sentence in sentences:
        if _STUDIED.search(sentence) and MIN_WORDS <= len(sentence.split()) <= MAX_WORDS + 10:
            return Contribution(paper_id, "write", sentence.rstrip(".").rstrip())
    return None


_HEDGED = re.compile(r"\b(?:believe|hope|expect|anticipate|envision|think)s?\b(?:\s+that)?\s*$", re.IGNORECASE)


def _claims(sentence: str) -> list[tuple[str, tuple[str, bool]]]:
    """Each "we <verb> <clause>" of a sentence whose clause can be quoted (see _shortened)."""
    out = []
    for match in _CLAIM.finditer(sentence):
        if _HEDGED.search(sentence[: match.start()]):
            continue  # "We believe this survey establishes ...": the authors' hope, not their contribution
        rest = sentence[match.end() :]
        verb = _FORM_OF[match.group(1)]
        if verb in _BUILDS and rest.startswith("that "):
            continue  # "we propose that this approach could complement ...": a suggestion, not what they built
        if clause := _shortened(rest[opener.end() :] if (opener := _OPENER.match(rest)) else rest):
            out.append((verb, clause))
    return out


_OTHERS = r"(?:the )?(?:prior|previous|existing|conventional|traditional|standard|most|other|earlier|current)\b"
_DEPARTS = re.compile(
    rf"^(?:Unlike|Different from|Rather than|Instead of|As opposed to)\b|^(?:In contrast to|Contrary to) {_OTHERS}"
    rf"|\b(?:unlike|in contrast to|as opposed to) {_OTHERS}"
)  # "Contrary to the widespread belief, ..." states a finding, not how a method departs
_MAX_DEPARTURE_WORDS = 45


_FOUND = re.compile(r"\bwe (?:found|find)\b|\bour (?:results|findings|data)\b", re.IGNORECASE)
_OWN = re.compile(
    r"\b(?:we|ours?|(?:this|the proposed|the present) (?:paper|work|study|method|approach|framework|model|system|design))\b",
    re.IGNORECASE,
)  # the paper's own approach: "the disk and halo share ..., in contrast to the earlier perception" is a finding


_COINED = re.compile(r",\s+(?:the\s+)?[A-Z][a-z]+[A-Z][\w-]*\s")  # "..., AgentQ searches ...": the paper's named work


def departure(abstract: str) -> str | None:
    """The sentence in which the paper says how it departs from other approaches ("Unlike prior methods that ..., X ...").

    Not a finding that disagrees with earlier reports ("in contrast to previous reports, we found ..."), and only
    where the sentence speaks of the paper's own work ("we", "our", "this method"): blind readers found three
    departures in two samples that were a result or another paper's concept.
    """
    for sentence in split_sentences(abstract):
        if (
            _DEPARTS.search(sentence)
            and (_OWN.search(sentence) or _COINED.search(sentence))
            and not _FOUND.search(sentence)
            and len(sentence.split()) <= _MAX_DEPARTURE_WORDS
        ):
            return sentence
    return None


_CODE_LINK = re.compile(
    r"[.;]?\s*(?:(?:Our|The|All|Source) )?(?:code|codes|data|models?|datasets?)(?: and \w+)?"
    r" (?:is|are|will be) (?:publicly |freely |openly )?(?:available|released)\b.*$|\s*\(?https?://\S+.*$",
    re.IGNORECASE,
)


def _shortened(clause: str) -> tuple[str, bool] | None:
    """The clause whole (less its full stop) when short; else cut at its last clause boundary within MAX_WORDS; else None.

    Only a boundary cuts: a semicolon or colon, or a comma before "which", "where",
    "and" or a participle (", enabling ..."); a comma inside a phrase ("a pipeline
    that, given a corpus, ...") does not.  What is left is a whole clause that claims
    no more than the sentence.
    """
    if code := _CODE_LINK.search(clause):  # "... achieves SOTA Our code is available at https://...": a run-on
        clause = clause[: code.start()].rstrip()
    words = list(re.finditer(r"\S+", clause))
    if len(words) < MIN_WORDS or _DANGLING.match(clause):
        return None  # "we study this by introducing ...": what "this" is, the reader has not seen
    if len(words) <= MAX_WORDS:
        return clause.rstrip().rstrip(".").rstrip(), False
    for i in range(MAX_WORDS, MIN_WORDS - 1, -1):
        before, after = words[i - 1].group(0), words[i].group(0)
        if any(w.group(0).lower() in _CONTRAST for w in words[i:]):
            continue  # what follows qualifies what is kept: no cut here keeps the meaning
        if before.endswith((";", ":")) or (
            before.endswith(",") and (after.lower() in _CUT_BEFORE or after.endswith("ing") or after.startswith("("))
        ):
            text = clause[: words[i - 1].end()].rstrip(",;:")
            if text.count("(") == text.count(")") and text.count("\u201c") == text.count("\u201d"):
                return text, True
    return None


def motivation(abstract: str) -> str | None:
    """The sentence that says why the work is needed (a problem word before the paper's own "we ..."), with its set-up.

    A sentence that leans on the one before it ("However, ...", "These observations
    ...") is quoted with it, which says what the contrast or the reference is to.
    """
    sentences = split_sentences(abstract)
    for i, sentence in enumerate(sentences):
        if _CLAIM.search(sentence) or facts.is_own_work(sentence):
            return None  # the background ends where the paper's own work begins
        if not facts.names_a_problem(sentence):
            continue
        if _LEANS.match(sentence) and i:
            if _LEANS.match(sentences[i - 1]):
                continue  # "However, these methods ... Unfortunately, ...": what they are is further back
            joined = f"{sentences[i - 1]} {sentence}"
            if joined in abstract and len(joined.split()) <= _MAX_MOTIVATION_WORDS:
                return joined
        return sentence if len(sentence.split()) <= _MAX_MOTIVATION_WORDS else None
    return None


MAX_HEAD_WORDS = 14  # a longer head names no one thing: kind_of reads the clause's first words instead
_HEAD_END = re.compile(
    r"\s(?:that|which|who|whose|where|to|for|by|via|through|using|with|based on|in order|designed|aimed|built|trained"
    r"|combining|comprising|consisting|integrating|leveraging|exploiting|featuring|enabling|allowing|incorporating"
    r"|utilizing|utilising|employing|capable|able)\s"
    r"|[,;:]\s+(?=(?:which|where|while|and|but|thereby|enabling|allowing|achieving|using|leveraging)\b)|[;:]"
)


def head(clause: str) -> tuple[str, bool] | None:
    """The clause up to its first relative, purpose or means clause ("InfTool, a fully autonomous framework" of
    "InfTool, a fully autonomous framework that breaks ..."); whether it was cut; None when that is over
    MAX_HEAD_WORDS or shorter than two words.

    What is dropped only says more about the thing named, so the head is what the
    paper built or studied: kind_of reads its kind there ("a benchmark").
    """
    end = next((m.start() for m in _HEAD_END.finditer(clause) if len(clause[: m.start()].split()) >= 2), len(clause))
    words = clause[:end].rstrip(" ,.").split()
    while words and _dangles(words[-1]):
        words.pop()  # "a pipeline powered" (by ...), "a system specifically" (designed ...), "discourse in"
    text = " ".join(words).rstrip(" ,-")
    if not 2 <= len(words) <= MAX_HEAD_WORDS or text.count("(") != text.count(")") or _DANGLING.match(text):
        return None
    return text, end < len(clause.rstrip(" ."))


def _dangles(word: str) -> bool:
    """A last word that needs what was cut after it: a function word, an adverb, a participle ("powered")."""
    low = word.lower()
    return (
        low in _WORDS.function_words
        or low in _WORDS.stop_words
        or (len(low) > 4 and (low.endswith("ly") or (low.endswith("ed") and not low.endswith("eed"))))
        or low in {"-", "\u2013", "\u2014"}
    )


def kind_of(c: Contribution | None, abstract: str, kinds: tuple[vocab.WorkKind, ...], title: str = "") -> str | None:
    """What kind of work the paper is, or None: the first of `kinds` (vocab's [kinds]) whose abstract phrase the
    abstract uses (a study design), else whose title word the title uses ("VER-Bench: ...", "A Review of ...",
    "Why ... Fails"), else whose head word starts the contribution ("a benchmark", "observations"), else whose
    verb it is ("we study").  What the paper calls itself says more than the head of one of its clauses (blind
    readers found "VER-Bench" called a method for "a novel framework", a review called a method).
    """
    low = abstract.lower()
    lead = _lead(c.clause) if c else ""

    def says(k: vocab.WorkKind) -> bool:
        return any(re.search(rf"\b{re.escape(p)}\b", low) for p in k.abstract)

    def titled(k: vocab.WorkKind) -> bool:
        return any(_in_title(w, title) for w in k.title)

    def builds(k: vocab.WorkKind) -> bool:
        return any(re.search(rf"\b{re.escape(w)}(?:s|es)?\b", lead) for w in k.head)

    def verb(k: vocab.WorkKind) -> bool:
        return c is not None and c.verb in k.verbs

    return next((k.name for fits in (says, titled, builds, verb) for k in kinds if fits(k)), None)


def _in_title(words: str, title: str) -> bool:
    """The title uses `words` whole ("^why": as its first word, "?$": at its end), case aside: "VER-Bench" uses
    "bench"."""
    phrase = words.lstrip("^").rstrip("$")
    start = "^" if words.startswith("^") else r"(?<!\w)" if phrase[0].isalnum() else ""
    end = "$" if words.endswith("$") else r"(?!\w)" if phrase[-1].isalnum() else ""
    return re.search(start + re.escape(phrase) + end, title.strip(), re.IGNORECASE) is not None


def _lead(clause: str) -> str:
    """The words that say what the contribution is: its head, less what the head is of or from ("a catalog" of
    "a catalog of 14.5 million stars", which are not a catalog); none for a finding or a question ("that ...",
    "how ..."), which is not a thing built."""
    if re.match(r"(?:that|how|whether|why|what|which|when|where)\b", clause, re.IGNORECASE):
        return ""
    found = head(clause)
    text = found[0] if found else " ".join(clause.split()[:8])
    return re.sub(r"\s(?:of|from|in|on|at|for|among|between|across)\s[^,]*", "", text).lower()
