"""A written section's Markdown as the document model's blocks, so that HTML, PDF and Word
all render it the same way and nothing written can become markup.

What is kept: paragraphs, bulleted and numbered lists (a numbered list keeps its first
number), simple tables (GitHub-style, a header row then `| --- |`), quotes, and headings,
which start a part of the section under that heading. What is dropped to plain text: bold,
italic and code (the document model has no inline styles), a link (its text, then its address
in brackets) and an image (its description). HTML is never markup: the parser runs with HTML
off, so `<b>` or `<script>` stays as the characters written, and the renderers escape it like
any other text. A list inside a list item is kept as items of the outer list, each marked with
a dash.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.token import Token

from yjqa.core.documents.model import Block, BulletList, Cell, Paragraph, Table

# CommonMark with HTML off (so it is text), and GitHub's tables; nothing else.
NESTED = "\u2013 "  # an en dash marks an item of a list inside a list item
_PARSER = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")

ACCEPTED = (
    ("A blank line", "starts a new paragraph"),
    ("- at the start of a line", "a bulleted list item"),
    ("1. at the start of a line", "a numbered list item"),
    ("## at the start of a line", "a heading within the section"),
    ("> at the start of a line", "a quotation"),
    ("| Risk | Actions |, then | --- | --- |, then a line a row", "a table"),
    ("\\| in a table", "a | within a cell"),
)


@dataclass(frozen=True)
class Part:
    """The blocks under one heading of a written section ("" before the first heading)."""

    heading: str
    blocks: tuple[Block, ...]


def _inline_text(token: Token) -> str:
    """An inline token's text, with emphasis, code and links as plain text."""
    out: list[str] = []
    link: list[str] = []
    for child in token.children or ():
        if child.type in ("text", "code_inline", "html_inline"):
            out.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            out.append(" ")
        elif child.type == "image":
            out.append(child.content or str(child.attrs.get("alt", "")))
        elif child.type == "link_open":
            link.append(str(child.attrs.get("href", "")))
        elif child.type == "link_close" and link:
            href = link.pop()
            if href and href not in "".join(out[-1:]):
                out.append(f" ({href})")
    return " ".join("".join(out).split())


def _skip(tokens: Sequence[Token], start: int) -> int:
    """The index after the block that opens at `start` (its closing token)."""
    depth = 0
    for index in range(start, len(tokens)):
        depth += tokens[index].nesting
        if depth == 0:
            return index + 1
    return len(tokens)


def _list_items(tokens: Sequence[Token], start: int, end: int, depth: int = 0) -> list[str]:
    """The items of the list between `start` and `end`, nested lists flattened."""
    items: list[str] = []
    index = start + 1
    while index < end - 1:
        token = tokens[index]
        if token.type == "list_item_open":
            close = _skip(tokens, index)
            texts: list[str] = []
            nested: list[str] = []
            inner = index + 1
            while inner < close - 1:
                child = tokens[inner]
                if child.type in ("bullet_list_open", "ordered_list_open"):
                    after = _skip(tokens, inner)
                    nested += _list_items(tokens, inner, after, depth + 1)
                    inner = after
                    continue
                if child.type == "inline":
                    texts.append(_inline_text(child))
                inner += 1
            text = " ".join(t for t in texts if t)
            if text:
                items.append(NESTED * depth + text)
            items.extend(nested)
            index = close
        else:
            index += 1
    return items


def _table(tokens: Sequence[Token], start: int, end: int, caption: str) -> Table | None:
    header: list[str] = []
    rows: list[list[str]] = []
    in_head = False
    row: list[str] = []
    for token in tokens[start:end]:
        if token.type == "thead_open":
            in_head = True
        elif token.type == "thead_close":
            in_head = False
        elif token.type == "tr_open":
            row = []
        elif token.type == "inline":
            row.append(_inline_text(token))
        elif token.type == "tr_close":
            if in_head:
                header = row
            else:
                rows.append(row)
    if not header:
        return None
    width = len(header)
    return Table(
        caption=caption,
        header=tuple(header),
        rows=tuple(
            tuple(Cell(text=text) for text in (cells + [""] * width)[:width]) for cells in rows
        ),
    )


def markdown_parts(text: str, caption: str = "Table") -> list[Part]:
    """The parts of a written section: the blocks before its first heading, then each
    heading's. A table is captioned `caption`, numbered from the second table on."""
    tokens = _PARSER.parse(text or "")
    parts: list[Part] = []
    heading = ""
    blocks: list[Block] = []
    tables = 0
    index = 0
    while index < len(tokens):
        token = tokens[index]
        end = _skip(tokens, index) if token.nesting == 1 else index + 1
        if token.type == "heading_open":
            if heading or blocks:
                parts.append(Part(heading, tuple(blocks)))
            heading, blocks = _inline_text(tokens[index + 1]), []
        elif token.type == "paragraph_open":
            words = _inline_text(tokens[index + 1])
            if words:
                blocks.append(Paragraph(text=words))
        elif token.type in ("bullet_list_open", "ordered_list_open"):
            items = _list_items(tokens, index, end)
            numbered = token.type == "ordered_list_open"
            first = int(str(token.attrs.get("start", 1))) if numbered else 1
            if items:
                blocks.append(BulletList(items=tuple(items), numbered=numbered, start=first))
        elif token.type == "blockquote_open":
            quoted = [_inline_text(t) for t in tokens[index:end] if t.type == "inline"]
            if any(quoted):
                blocks.append(Paragraph(text=" ".join(q for q in quoted if q), style="quote"))
        elif token.type == "table_open":
            tables += 1
            table = _table(tokens, index, end, caption if tables == 1 else f"{caption} ({tables})")
            if table is not None:
                blocks.append(table)
        elif token.type in ("code_block", "fence", "html_block"):
            lines = " ".join(token.content.split())
            if lines:
                blocks.append(Paragraph(text=lines))
        index = end
    if heading or blocks:
        parts.append(Part(heading, tuple(blocks)))
    return parts


def markdown_blocks(text: str, caption: str = "Table") -> list[Block]:
    """All of a written section's blocks, a heading kept as a paragraph of its own."""
    blocks: list[Block] = []
    for part in markdown_parts(text, caption):
        if part.heading:
            blocks.append(Paragraph(text=part.heading, style="lead"))
        blocks.extend(part.blocks)
    return blocks
