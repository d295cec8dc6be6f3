"""A web page saved from HMIP's site as the text lines the report reader reads."""

from __future__ import annotations

from yjqa.core.published_reports.html import html_text, looks_like_html


def test_blocks_become_lines_and_table_rows_keep_their_cells_apart() -> None:
    page = (
        "<html><body><main><h1>An inspection of youth justice services in X</h1>"
        "<p>Published: <time>17 March 2026</time></p>"
        "<table><tr><th>Overall rating</th><td><span>Good</span></td></tr>"
        "<tr><td></td><td>Assessing</td><td>Requires improvement</td></tr></table>"
        "<p>One<br>two</p></main></body></html>"
    )
    assert html_text(page).splitlines() == [
        "An inspection of youth justice services in X",
        "Published: 17 March 2026",
        "Overall rating\tGood",
        "Assessing\tRequires improvement",
        "One",
        "two",
    ]


def test_numbered_lists_keep_their_numbers() -> None:
    page = (
        "<html><body><ol><li>first</li><li>second</li></ol>"
        '<ol start="3"><li>third <em>item</em></li></ol><ul><li>a point</li></ul></body></html>'
    )
    assert html_text(page).splitlines() == ["1. first", "2. second", "3. third item", "a point"]


def test_the_sites_furniture_is_left_out() -> None:
    page = (
        "<!DOCTYPE html><html><head><title>Report | HMIP</title><style>p{}</style></head><body>"
        '<header role="banner">HM Inspectorate of Probation, May 2020</header>'
        "<nav><a>Inspections</a></nav><script>var rating = 'Inadequate';</script>"
        '<div hidden>hidden text</div><p aria-hidden="true">decoration</p>'
        "<p>Overall rating Good</p><form><button>Search</button></form>"
        "<footer><p>Footer text</p></footer></body></html>"
    )
    assert html_text(page).splitlines() == ["Overall rating Good"]


def test_character_references_are_decoded_and_spaces_collapsed() -> None:
    assert html_text("<p>rated as &lsquo;Good&rsquo;&nbsp;&amp;\n  more</p>").strip() == (
        "rated as \u2018Good\u2019 & more"
    )


def test_a_web_page_is_told_by_how_it_opens() -> None:
    assert looks_like_html("\ufeff  <!doctype html><html>")
    assert looks_like_html("<html lang='en'>")
    assert not looks_like_html("An inspection of youth justice services in X\n<p>")
