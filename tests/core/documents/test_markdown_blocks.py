"""Markdown to the document model's blocks: what is kept, what becomes plain text, and that
nothing written becomes markup."""

from __future__ import annotations

import pytest

from yjqa.core.documents.markdown_blocks import NESTED, Part, markdown_blocks, markdown_parts
from yjqa.core.documents.model import BulletList, Cell, Paragraph, Table


def test_paragraphs_are_split_on_blank_lines_and_joined_across_single_line_breaks() -> None:
    assert markdown_blocks("One line\nand the next.\n\nA second paragraph.") == [
        Paragraph(text="One line and the next."),
        Paragraph(text="A second paragraph."),
    ]


def test_lists_keep_their_kind_and_a_numbered_list_its_first_number() -> None:
    blocks = markdown_blocks("- one\n- two\n  - inner\n\n3. three\n4. four\n\n* star")
    assert blocks == [
        BulletList(items=("one", "two", f"{NESTED}inner")),
        BulletList(items=("three", "four"), numbered=True, start=3),
        BulletList(items=("star",)),
    ]


def test_a_table_keeps_its_header_and_rows_padded_or_cut_to_the_header() -> None:
    (table,) = markdown_blocks(
        "| Risk | Actions to mitigate |\n|---|---|\n| Workforce | A strategy |\n| Short |\n"
        "| Long | row | extra |",
        caption="Risks and issues",
    )
    assert table == Table(
        caption="Risks and issues",
        header=("Risk", "Actions to mitigate"),
        rows=(
            (Cell(text="Workforce"), Cell(text="A strategy")),
            (Cell(text="Short"), Cell(text="")),
            (Cell(text="Long"), Cell(text="row")),
        ),
    )


def test_a_second_table_is_numbered_in_its_caption() -> None:
    table = "| A |\n| - |\n| 1 |"
    captions = [b.caption for b in markdown_blocks(f"{table}\n\n{table}", caption="Priorities")]  # type: ignore[union-attr]
    assert captions == ["Priorities", "Priorities (2)"]


def test_headings_start_parts_and_text_before_the_first_heading_has_none() -> None:
    assert markdown_parts("Opening.\n\n## Partnerships\n\nSafer places.\n\n### Education\n") == [
        Part("", (Paragraph(text="Opening."),)),
        Part("Partnerships", (Paragraph(text="Safer places."),)),
        Part("Education", ()),
    ]
    assert markdown_blocks("# Heading\n\nText.") == [
        Paragraph(text="Heading", style="lead"),
        Paragraph(text="Text."),
    ]


def test_inline_styles_links_and_code_become_plain_text() -> None:
    text = "**Bold**, *italic*, `code`, [the guidance](https://example.org/g) and ![a mural](m.png)"
    assert markdown_blocks(text) == [
        Paragraph(text="Bold, italic, code, the guidance (https://example.org/g) and a mural")
    ]
    assert markdown_blocks("> Quoted *words*\n> go on") == [
        Paragraph(text="Quoted words go on", style="quote")
    ]


@pytest.mark.parametrize(
    "payload",
    [
        "<script>alert('x')</script>",
        "<b>bold</b> and <i>italic</i>",
        "<div>\nblock of html\n</div>",
        "=cmd|' /C calc'!A0",
        "<img src=x onerror=alert(1)>",
    ],
)
def test_html_and_formulas_stay_the_characters_written(payload: str) -> None:
    blocks = markdown_blocks(payload)
    assert blocks == [Paragraph(text=" ".join(payload.split()))]
    first = payload.splitlines()[0]
    # In a table a | separates cells, so a | in a cell is written \|.
    (table,) = markdown_blocks(f"| Head |\n| --- |\n| {first.replace('|', chr(92) + '|')} |")
    assert isinstance(table, Table) and table.rows[0][0].text == first.strip()


def test_nothing_written_is_no_blocks() -> None:
    assert markdown_blocks("") == [] and markdown_blocks(" \n\n ") == []
    assert markdown_parts("") == []
