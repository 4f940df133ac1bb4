import html

from hypothesis import given, strategies as st
from markdown_it import MarkdownIt

from reportgen.render import markdown_to_html
from reportgen.render.environment import escape_markdown, make_environment


def test_angle_brackets_show_as_text() -> None:
    html = markdown_to_html(f"Ends with {escape_markdown('<EOS> and <texture>')}.")
    assert "&lt;EOS&gt;" in html and "<EOS>" not in html


def test_templates_escape_plain_strings_by_default() -> None:
    env = make_environment()
    out = env.from_string("{{ x }} {{ y|safe }}").render(x="*a* <b>", y="*kept*")
    assert out == r"\*a\* &lt;b&gt; *kept*"


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=60))
def test_escaped_text_renders_as_itself(text: str) -> None:
    """Whatever a title holds, Markdown renders exactly that text (no markup, no lost characters)."""
    text = " ".join(text.split())
    rendered = MarkdownIt("commonmark").render(str(escape_markdown(text))).strip()
    expected = f"<p>{html.unescape(html.escape(text, quote=False))}</p>" if text else ""
    assert html.unescape(rendered) == html.unescape(expected)
