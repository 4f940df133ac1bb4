import html
import re

import markdown as python_markdown
from hypothesis import example, given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from reportgen.render.documents import markdown_to_html
from reportgen.render.environment import escape_markdown, escape_table_cell, make_environment

# Any text, with Markdown's and HTML's special characters drawn often enough to meet each other.
TEXT = st.text(
    alphabet=st.one_of(
        st.sampled_from("\\`*_[]()#|!~{}<>&;-+.:=1 aA"), st.characters(blacklist_categories=("Cs", "Cc"))
    ),
    max_size=60,
)


def test_angle_brackets_show_as_text() -> None:
    html = markdown_to_html(f"Ends with {escape_markdown('<EOS> and <texture>')}.")
    assert "&lt;EOS&gt;" in html and "<EOS>" not in html


def test_templates_escape_plain_strings_by_default() -> None:
    env = make_environment()
    out = env.from_string("{{ x }} {{ y|safe }}").render(x="*a* <b>", y="*kept*")
    assert out == r"\*a\* &lt;b&gt; *kept*"


@given(TEXT)
def test_escaped_text_renders_as_itself(text: str) -> None:
    """Whatever a title holds, Markdown renders exactly that text (no markup, no lost characters)."""
    text = " ".join(text.split())
    rendered = MarkdownIt("commonmark").render(str(escape_markdown(text))).strip()
    expected = f"<p>{html.unescape(html.escape(text, quote=False))}</p>" if text else ""
    assert html.unescape(rendered) == html.unescape(expected)


@given(TEXT)
@example("about ~3x faster and ~7% smaller")
def test_escaped_text_reads_as_itself_on_the_site(text: str) -> None:
    """The site's pages go through Python-Markdown (mkdocs, with the site's extensions), which unescapes
    fewer characters than markdown-it: "~3x" must not show as "\\~3x" there either."""
    text = " ".join(text.split())
    rendered = python_markdown.markdown(str(escape_markdown(text)), extensions=["tables", "toc"])
    shown = html.unescape(re.sub(r"</?p>", "", rendered))
    assert shown == text
    cell = python_markdown.markdown(f"| H |\n|---|\n| {escape_table_cell(text)} |", extensions=["tables"])
    found = re.search(r"<td>(.*)</td>", cell, re.S)
    assert html.unescape(found.group(1) if found else "") == text


def _user_templates(tmp_path, text: str):
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "survey.md.j2").write_text(text, encoding="utf-8")
    return make_environment(folder), folder / "survey.md.j2"


def test_a_template_syntax_error_is_one_line_naming_file_and_line(tmp_path) -> None:
    import pytest

    from reportgen.errors import OutputError
    from reportgen.render.environment import render_template

    env, path = _user_templates(
        tmp_path, '{% extends "survey.md.j2" %}\n\n{% block introduction %}\n{% if x %}\n{% endblock %}\n'
    )
    with pytest.raises(OutputError) as caught:
        render_template(env, "survey.md.j2", {})
    assert str(caught.value).startswith(f"{path}:5: template syntax error: ")
    assert "\n" not in str(caught.value)


def test_an_undefined_name_is_one_line_naming_file_and_line(tmp_path) -> None:
    import pytest

    from reportgen.errors import OutputError
    from reportgen.render.environment import render_template

    env, path = _user_templates(tmp_path, "line one\n{{ nope.really }}\n")
    with pytest.raises(OutputError, match=rf"^{path}:2: template error: 'nope' is undefined"):
        render_template(env, "survey.md.j2", {})


def test_a_template_extending_its_own_name_extends_the_builtin(tmp_path) -> None:
    """docs/templates.md shows survey.md.j2 extending "survey.md.j2"; that used to recurse forever."""
    env, _ = _user_templates(tmp_path, '{% extends "survey.md.j2" %}{% block title_page %}MINE{% endblock %}')
    source = env.loader.get_source(env, "survey.md.j2")[0]
    assert '{% extends "builtin/survey.md.j2" %}' in source
    assert "{% block overview %}" in env.loader.get_source(env, "builtin/survey.md.j2")[0]


def test_only_web_links_become_autolinks() -> None:
    from reportgen.render.environment import web_link

    assert web_link("javascript:alert(1)") is None
    assert web_link("JaVaScRiPt://x%0aalert(1)") is None
    assert web_link("data:text/html,<script>") is None
    assert web_link("https://arxiv.org/abs/2401.00001") == "https://arxiv.org/abs/2401.00001"
    assert (
        web_link("https://doi.org/10.1002/(SICI)35:4<419::AID>3.0.CO;2-M")
        == "https://doi.org/10.1002/(SICI)35:4%3C419::AID%3E3.0.CO;2-M"
    )
    assert (
        web_link("https://x.org/a_b c") == "https://x.org/a_b%20c"
    )  # autolinks take text literally: no backslash escapes


def test_a_fraction_keeps_its_meaning() -> None:
    from reportgen.ingest.normalize import normalize_text

    assert (
        normalize_text(r"a ratio of $\frac{a}{b}$, $\frac{n+1}{2}$ and $\tfrac{1}{\sqrt{d}}$")
        == "a ratio of a/b, (n+1)/2 and 1/(√d)"
    )
    assert normalize_text(r"see \cite{smith} and $x^{2}$") == "see and x^2"  # a citation says nothing without its list
