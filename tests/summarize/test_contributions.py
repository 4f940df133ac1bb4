"""Contribution clauses and motivating sentences: quoted from the abstract, cut only where a clause ends."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from reportgen.summarize.contributions import MAX_WORDS, contribution, departure, motivation, third_person


def test_the_most_telling_verb_wins_and_its_clause_is_quoted() -> None:
    abstract = "We study hallucination. We propose FlatQuant, which flattens weights. We show that it works."
    said = contribution("p", abstract)
    assert (said.verb, said.clause, said.cut) == ("propose", "FlatQuant, which flattens weights", False)


def test_this_paper_and_past_tense_count_and_in_this_paper_is_dropped() -> None:
    assert contribution("p", "This paper presents a survey of quantization methods.").clause == (
        "a survey of quantization methods"
    )
    assert contribution("p", "We analysed 500 stars in the halo.").verb == "analyse"
    assert contribution("p", "We present in this paper an analysis of OLMo corpora.").clause == (
        "an analysis of OLMo corpora"
    )


def test_a_long_clause_is_cut_only_where_a_clause_ends() -> None:
    head = "X, a method for compressing large language models to four bits without retraining them"
    long = f"We propose {head}, which " + "keeps accuracy on every benchmark we tried " * 4 + "."
    said = contribution("p", long)
    assert (said.clause, said.cut) == (head, True)
    inside = "We introduce a pipeline that, given a news corpus, " + "finds the frames of each article " * 6 + "."
    assert contribution("p", inside) is None  # the comma after "that" opens a phrase: no cut leaves a whole clause


def test_what_a_paper_presents_comes_with_what_it_finds() -> None:
    said = contribution("p", "We present new XRISM observations of Coma. We find that the gas moves at 500 km/s.")
    assert (said.verb, said.clause) == ("present", "new XRISM observations of Coma")
    assert (said.finding_verb, said.finding) == ("find", "that the gas moves at 500 km/s")
    built = contribution("p", "We propose X, a new method. We show that X is fast.")
    assert built.finding == ""  # a method speaks for itself; its results are the headline numbers


def test_a_departure_is_the_sentence_that_sets_the_paper_apart() -> None:
    abstract = "Agents plan. Unlike prior agents that plan once, ours replans. We propose X."
    assert departure(abstract) == "Unlike prior agents that plan once, ours replans."
    assert departure("We propose X. It is fast.") is None
    assert departure("In contrast to previous reports, we found no difference in age.") is None  # a finding


def test_a_clause_that_leans_on_what_the_reader_has_not_seen_is_not_quoted() -> None:
    assert contribution("p", "We study this by introducing a regularization called REPA.") is None
    assert contribution("p", "We establish its dynamical interaction and ejection history.") is None
    assert contribution("p", "We describe the array. We present this component of the array in full.") is None
    assert (
        contribution("p", "We propose items that rank well for all users.").clause
        == "items that rank well for all users"
    )
    assert departure("Contrary to the widespread belief that X, this paper reveals Y.") is None  # a finding
    assert motivation("However, these methods need labels. Unfortunately, labels are costly. We propose X.") is None


def test_an_abstract_without_we_is_read_by_its_aim_or_what_it_says_was_studied() -> None:
    aim = contribution("p", "Sepsis kills. The aim of this study was to compare two antibiotics in 80 patients.")
    assert (aim.verb, aim.clause) == ("aim", "to compare two antibiotics in 80 patients")
    studied = contribution("p", "Sepsis kills. Eighteen patients with sepsis were studied for two weeks.")
    assert (studied.verb, studied.clause) == ("write", "Eighteen patients with sepsis were studied for two weeks")
    assert contribution("p", "Sepsis has been studied for decades. It is followed by shock.") is None  # earlier work


def test_third_person() -> None:
    assert [third_person(v) for v in ("propose", "study", "analyse", "find", "release")] == [
        "proposes",
        "studies",
        "analyses",
        "finds",
        "releases",
    ]


def test_motivation_is_a_problem_before_the_papers_own_work_with_what_it_contrasts() -> None:
    abstract = "LLMs are widely deployed. However, they remain costly to serve. We propose X."
    assert motivation(abstract) == "LLMs are widely deployed. However, they remain costly to serve."
    assert motivation("Although the comet shows activity, only upper limits are found. We report OH.") is None
    assert motivation("We propose X. However, X remains costly.") is None  # after the paper's own work begins


WORDS = st.sampled_from(
    [
        "We",
        "we",
        "propose",
        "study",
        "This",
        "paper",
        "presents",
        "a",
        "method",
        "which",
        "that",
        ",",
        ";",
        "(",
        ")",
        "X",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(WORDS, max_size=60))
def test_a_quoted_clause_is_part_of_the_abstract_and_never_too_long(words: list[str]) -> None:
    abstract = " ".join(words) + "."
    said = contribution("p", abstract)
    if said is not None:
        assert said.clause in abstract
        assert len(said.clause.split()) <= MAX_WORDS
    if said is not None and said.finding:
        assert said.finding in abstract
    if (why := motivation(abstract)) is not None:
        assert why in abstract
    if (apart := departure(abstract)) is not None:
        assert apart in abstract


def test_a_head_is_the_clause_up_to_its_first_relative_purpose_or_means_clause() -> None:
    from reportgen.summarize.contributions import head

    assert head("InfTool, a fully autonomous framework that breaks these barriers") == (
        "InfTool, a fully autonomous framework",
        True,
    )
    assert head("an end-to-end automated pipeline powered by a vision model") == (
        "an end-to-end automated pipeline",
        True,
    )  # "powered" needs what was cut after it
    assert head("a benchmark") == ("a benchmark", False)
    assert head("X") is None  # one word says nothing


def test_the_kind_of_work_is_what_was_built_then_the_verb_and_a_fields_design_comes_first() -> None:
    from reportgen import vocab
    from reportgen.summarize.contributions import kind_of

    ml = vocab.work_kinds("machine-learning")

    def kind(abstract: str, kinds=ml) -> str | None:
        return kind_of(contribution("p", abstract), abstract, kinds)

    assert kind("We introduce WebMall, a multi-shop online shopping benchmark for agents.") == "benchmark or dataset"
    assert kind("We propose GrACE, a generative approach to confidence elicitation.") == "method"
    assert kind("We study how chain-of-thought designs affect generalisation.") == "study"
    assert kind("We propose ReviewGraph for Review Rating Prediction, a graph.") is None  # a name is not a review
    assert kind("We propose a research programme on asteroid defence.") is None  # "propose" alone builds nothing
    assert kind("We present a catalog of 14.5 million metal-poor stars.", vocab.work_kinds("astronomy")) == "catalogue"
    assert kind("We report the first detection of CR-excited H2 emission.", vocab.work_kinds("astronomy")) == (
        "observation"
    )
    trial = "In this randomized, double-blind trial, we studied 120 patients given drug X."
    assert kind(trial, vocab.work_kinds("medicine")) == "randomized trial"
    assert kind(trial) == "study"  # outside medicine, "randomized" is no design


def test_a_study_that_never_says_we_find_comes_with_what_it_concludes() -> None:
    measured = (
        "Magnesium was measured in the atrial appendage of 100 patients. Levels were low in 20. "
        "In conclusion, myocardial magnesium is not reflected by serum magnesium."
    )
    said = contribution("p", measured)
    assert (said.verb, said.finding_verb, said.finding) == (
        "write",
        "conclude",
        "myocardial magnesium is not reflected by serum magnesium",
    )
    aimed = contribution(
        "p", "The aim of this study was to test drug X in children. The results showed that X cut fever."
    )
    assert (aimed.finding_verb, aimed.finding) == ("show", "that X cut fever")
    built = contribution("p", "We propose X, a new solver. The results show that X is fast.")
    assert built.finding == ""  # a method speaks through its results, not a conclusion


def test_the_claim_that_names_the_titled_method_wins_over_a_part_of_it() -> None:
    abstract = (
        "Robust detection needs every sensor. We propose a gating loss that balances modalities. "
        "We further present ModalPatch, a plug-and-play module for 3D object detection under modality drop."
    )
    said = contribution("p", abstract, "ModalPatch: A Plug-and-Play Module for Robust Detection")
    assert said is not None and said.clause.startswith("ModalPatch, a plug-and-play module")
    assert contribution("p", abstract).clause.startswith("a gating loss")  # no title: the first claim


def test_a_structured_or_cue_less_abstract_says_what_it_concludes() -> None:
    structured = "OBJECTIVE--To investigate neoplasia in women with nephritis. CONCLUSION--Women with nephritis should have regular smears."
    said = contribution("p", structured)
    assert said is not None and (said.verb, said.finding_verb) == ("aim", "conclude")
    assert said.finding == "Women with nephritis should have regular smears"
    bare = "Eleven patients were seen. These results strongly suggest that caffeine does not alter arrhythmias."
    concluded = contribution("p", bare)
    assert concluded is not None and (concluded.verb, concluded.clause) == (
        "suggest",
        "that caffeine does not alter arrhythmias",
    )


def test_a_departure_speaks_of_the_papers_own_work() -> None:
    finding = "The Galactic disk and halo share a similar fraction of RPE stars, in contrast to the earlier perception."
    assert departure(finding) is None
    assert departure("Unlike GWs induced by CDM isocurvature, adiabatic GWs are not suppressed.") is None
    assert departure("Unlike prior methods that need labels, our approach learns from raw video.") is not None
    assert departure("Unlike prior web agents that plan once, AgentQ searches at every step.") is not None
    assert departure("Unlike GWs induced by CDM isocurvature, GWs from kinks are not suppressed.") is None  # an acronym


def test_a_suggestion_is_no_build_and_a_code_link_is_no_claim() -> None:
    said = contribution("p", "We propose that this approach could complement traditional SETI methods.")
    assert said is not None and said.verb == "propose" and said.clause.startswith("that")  # a hypothesis, not a build
    said = contribution(
        "p", "We show that our model achieves SOTA on three datasets Our code is available at https://github.com/x/y."
    )
    assert said is not None and said.clause == "that our model achieves SOTA on three datasets"


def test_a_cut_never_drops_the_but_that_qualifies_a_finding() -> None:
    long = (
        "We present spectra of 200 quasars from the survey across four epochs and two instruments. "
        "We find the anticipated correlation between Eddington ratio and outflow speed in the full sample of quasars, "
        "as seen in earlier work on local Seyfert galaxies, but it is weak in this sample at high redshift."
    )
    said = contribution("p", long)  # over MAX_WORDS: the only cuts would drop "but it is weak"
    assert said is not None and said.verb == "present" and not said.finding


def test_what_a_title_calls_the_paper_comes_before_a_clause_head() -> None:
    from reportgen import vocab
    from reportgen.summarize.contributions import kind_of

    ml, astro = vocab.work_kinds("machine-learning"), vocab.work_kinds("astronomy")
    framework = "We propose a novel framework that scores video reasoning."

    def kind(title: str, abstract: str = framework, kinds=ml) -> str | None:
        return kind_of(contribution("p", abstract, title), abstract, kinds, title)

    assert kind("VER-Bench: Evaluating Video Reasoning") == "benchmark or dataset"
    assert kind("Advances in Semantic Similarity: A Comprehensive Survey") == "review"
    assert kind("Why Better Cross-Lingual Alignment Fails for Better Transfer") == "study"
    assert kind("What Makes a Good Natural Language Prompt?") == "study"
    assert (
        kind("What Makes You Unique? Attribute Prompt Composition for Re-Identification") == "method"
    )  # "?" ends no title
    assert kind("When the City Teaches the Car: Label-Free 3D Perception") == "method"
    observe = "We present deep imaging of the Virgo cluster."
    assert kind("PRIMA survey of the Virgo cluster", observe, astro) == "observation"  # an astronomer's survey observes
