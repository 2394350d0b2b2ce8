"""Citations: ``[#id]`` becomes a link, named by its author's current name when shown; bad
citations are refused."""
from __future__ import annotations

from datetime import timedelta

import pytest

from forum.db import utcnow
from forum.errors import Invalid
from forum.config import DEFAULTS
from forum.accounts.services import change_display_name
from forum.summaries.citations import cited_ids, name_citations, render_summary
from forum.summaries.claims import check_claims
from tests.factories import make_post, make_thread

PER_PAGE = DEFAULTS["ARGUMENTS_PER_PAGE"]


def test_citations_are_found_once_each_in_order():
    body = "See [#12] and [#3], again [#12]. Not \\[#4], not [#5](http://x), not [#6][ref]."
    assert cited_ids(body) == [12, 3]


def test_a_citation_renders_as_a_link_to_the_post_named_when_shown(session, debate):
    rendered = render_summary(session, debate.thread, f"Buses matter [#{debate.con.id}].",
                              per_page=PER_PAGE)
    assert rendered.cited_ids == [debate.con.id]
    href = f'/posts/{debate.con.id}'
    assert f'<a href="{href}" title="Contribution #{debate.con.id}">#{debate.con.id}</a>' \
        in rendered.html
    assert "Okafor" not in rendered.html  # the name is not frozen into the stored HTML
    # the name is escaped for HTML when shown
    shown = name_citations(session, rendered.html)
    assert f"Ben [the] Okafor, #{debate.con.id}</a>" in shown


def test_a_renamed_author_is_shown_by_the_new_name_in_old_summaries(session, debate):
    stored = (f'<p>So <a href="/posts/{debate.con.id}" title="Contribution #{debate.con.id}">'
              f'Ben [the] Okafor, #{debate.con.id}</a> and <a href="/posts/999999999" '
              'title="Contribution #999999999">Gone, #999999999</a>.</p>')
    change_display_name(session, debate.con.author, "Ben <b>Okafor-Smith</b>", now=utcnow())
    shown = name_citations(session, stored)
    assert f"Ben &lt;b&gt;Okafor-Smith&lt;/b&gt;, #{debate.con.id}</a>" in shown
    assert "[the]" not in shown and ">#999999999</a>" in shown


def test_the_names_a_page_loaded_are_used_without_a_query(session, debate, count_queries):
    html = render_summary(session, debate.thread, f"[#{debate.con.id}]", per_page=PER_PAGE).html
    with count_queries() as queries:
        shown = name_citations(session, html, {debate.con.id: "Preloaded"})
    assert queries == [] and f"Preloaded, #{debate.con.id}</a>" in shown


def test_a_citation_links_to_the_permalink_of_its_post(session):
    thread = make_thread(session)
    posts = [make_post(session, thread=thread, stance="for", body=f"Argument {i}.")
             for i in range(PER_PAGE + 1)]
    last = posts[-1]
    reply = make_post(session, thread=thread, parent=last, body="A reply.")
    html = render_summary(session, thread, f"[#{reply.id}] [#{posts[0].id}]",
                          per_page=PER_PAGE).html
    assert f'href="/posts/{reply.id}"' in html
    assert f'href="/posts/{posts[0].id}"' in html


def _hide(post, now=None):  # noqa: ANN001, ANN202
    post.hidden_at = now or utcnow()
    post.hidden_reason = "Personal attack"


@pytest.mark.parametrize("case", ["missing", "other_thread", "hidden", "deleted"])
def test_a_citation_of_an_unusable_post_is_refused_on_the_body_field(session, debate, case):
    if case == "missing":
        target, expected = 999_999, "[#999999] does not exist"
    elif case == "other_thread":
        other = make_post(session, thread=make_thread(session), stance="for")
        target, expected = other.id, f"[#{other.id}] is in another thread"
    elif case == "hidden":
        _hide(debate.pro)
        target, expected = debate.pro.id, f"[#{debate.pro.id}] is hidden"
    else:
        debate.pro.deleted_at = utcnow()
        target, expected = debate.pro.id, f"[#{debate.pro.id}] was deleted"
    session.flush()
    with pytest.raises(Invalid) as caught:
        render_summary(session, debate.thread, f"Fine [#{debate.con.id}]. Bad [#{target}].",
                       per_page=PER_PAGE)
    assert caught.value.field == "body"
    assert expected in caught.value.message
    assert f"[#{debate.con.id}]" not in caught.value.message


def test_every_bad_citation_is_listed_at_once(session, debate):
    with pytest.raises(Invalid) as caught:
        render_summary(session, debate.thread, "[#999998] and [#999999]", per_page=PER_PAGE)
    assert "[#999998] does not exist" in caught.value.message
    assert "[#999999] does not exist" in caught.value.message


# Uncited claims ------------------------------------------------------------------------------

def test_paragraphs_and_list_items_without_a_citation_are_marked_uncited(session, debate):
    c = debate.con.id
    body = (f"## For\n\nA claim with a source [#{c}].\n\nA claim without one.\n\n"
            f"- cited item [#{c}]\n- uncited item\n    - nested uncited\n\n"
            "```\ncode is not a claim\n```\n\n| a | b |\n|---|---|\n| table | cell |\n")
    html = render_summary(session, debate.thread, body, per_page=PER_PAGE).html
    check = check_claims(html)
    assert (check.claims, check.uncited) == (5, 3)
    marked = str(check.html)
    assert '<h2>For</h2>' in marked  # headings are not claims
    assert marked.count('class="claim-uncited"') == 3
    assert '<p class="claim-uncited"><span class="uncited-flag">Uncited</span> A claim without' \
        in marked
    assert f'<p>A claim with a source <a href="/posts/{c}"' in marked
    assert '<li class="claim-uncited"><span class="uncited-flag">Uncited</span> uncited item' \
        in marked
    assert '<li class="claim-uncited"><span class="uncited-flag">Uncited</span> nested uncited' \
        in marked
    assert "code is not a claim" in marked and "<td>table</td>" in marked


def test_a_list_item_is_judged_on_its_own_text_not_its_nested_items(session, debate):
    c = debate.con.id
    html = render_summary(session, debate.thread, f"- parent claim\n    - child [#{c}]\n",
                          per_page=PER_PAGE).html
    check = check_claims(html)
    assert (check.claims, check.uncited) == (2, 1)
    assert '<li class="claim-uncited"><span class="uncited-flag">Uncited</span> parent claim' \
        in str(check.html)


def test_the_marked_html_stays_escaped(session, debate):
    html = render_summary(session, debate.thread,
                          "Use &lt;b&gt; and <script>x</script> & \"q\"", per_page=PER_PAGE).html
    marked = str(check_claims(html).html)
    assert "<script>" not in marked and "&lt;script&gt;" in marked


def test_an_ordinary_link_is_not_a_citation(session, debate):
    html = render_summary(session, debate.thread, "See [the plan](https://example.org/plan).",
                          per_page=PER_PAGE).html
    assert check_claims(html).uncited == 1


def test_old_posts_do_not_change_how_a_citation_renders(session, debate):
    later = utcnow() + timedelta(days=1)
    make_post(session, thread=debate.thread, stance="for", now=later)
    html = render_summary(session, debate.thread, f"[#{debate.pro.id}]", per_page=PER_PAGE).html
    assert f"/posts/{debate.pro.id}" in html
