"""A report saved from HMIP's site as a web page (.html), turned into the text lines the text
reader reads: one line per heading, paragraph, list item and table row (cells apart by tabs),
numbered list items keeping their numbers, and the site's furniture (scripts, styles,
navigation, the site header and footer, forms) left out."""

from __future__ import annotations

import re
from html.parser import HTMLParser

# Elements whose content is never report text.
_SKIPPED = frozenset(
    {
        *("script", "style", "noscript", "template", "svg", "canvas", "iframe", "object"),
        *("nav", "footer", "form", "button", "select", "textarea", "head", "title", "aside"),
    }
)
# ARIA landmarks that are the site's, not the report's.
_SKIPPED_ROLES = frozenset({"navigation", "banner", "contentinfo", "search", "dialog", "alert"})
# Elements that end a line before and after them.
_BLOCKS = frozenset(
    {
        *("p", "div", "section", "article", "main", "header", "blockquote", "pre", "address"),
        *("h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd"),
        *("table", "thead", "tbody", "tfoot", "tr", "caption", "figure", "figcaption", "hr"),
        *("details", "summary", "fieldset", "legend", "body", "html"),
    }
)
_VOID = frozenset(
    {"br", "img", "hr", "meta", "link", "input", "wbr", "source", "area", "base", "col"}
)


class _Lines(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.current: list[str] = []
        self.cells: list[str] | None = None  # the cells of the table row being read
        self.skipping: list[str] = []  # the open elements being left out
        self.lists: list[list[int] | None] = []  # [next number] for <ol>, None for <ul>

    # ----- text -----

    def _flush(self) -> None:
        text = " ".join("".join(self.current).split())
        self.current = []
        if not text:
            return
        if self.cells is not None:
            self.cells.append(text)
        else:
            self.lines.append(text)

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.current.append(data)

    # ----- elements -----

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.skipping:
            if tag not in _VOID:
                self.skipping.append(tag)
            return
        values = dict(attrs)
        hidden = "hidden" in values or values.get("aria-hidden") == "true"
        if tag in _SKIPPED or (values.get("role") or "") in _SKIPPED_ROLES or hidden:
            if tag not in _VOID:
                self.skipping.append(tag)
            return
        if tag in ("br", "td", "th"):
            self._flush()
        elif tag == "tr":
            self._flush()
            self.cells = []
        elif tag in _BLOCKS:
            self._flush()
        if tag == "ol":
            start = values.get("start") or "1"
            self.lists.append([int(start) if start.isdigit() else 1])
        elif tag == "ul":
            self.lists.append(None)
        elif tag == "li" and self.lists and self.lists[-1] is not None:
            counter = self.lists[-1]
            value = values.get("value") or ""
            if value.isdigit():
                counter[0] = int(value)
            self.current.append(f"{counter[0]}. ")
            counter[0] += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if not self.skipping and tag in ("br", "hr"):
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if self.skipping:
            # Close the skipped element (and anything left open inside it).
            if tag in self.skipping:
                while self.skipping and self.skipping.pop() != tag:
                    pass
            return
        if tag in ("td", "th"):
            self._flush()
        elif tag == "tr":
            self._end_row()
        elif tag in _BLOCKS:
            self._flush()
            if tag in ("ol", "ul") and self.lists:
                self.lists.pop()
            if tag == "table":
                self._end_row()

    def _end_row(self) -> None:
        self._flush()
        if self.cells:
            self.lines.append("\t".join(self.cells))
        self.cells = None

    def close(self) -> None:
        super().close()
        self._end_row()


def looks_like_html(raw: str) -> bool:
    """Whether a text is a web page: it opens with a doctype or an <html> tag."""
    head = raw.lstrip("\ufeff \t\r\n")[:200].casefold()
    return head.startswith("<!doctype html") or bool(re.match(r"<html[\s>]", head))


def html_text(raw: str) -> str:
    """A web page's report text, one line per block (see the module's docstring)."""
    parser = _Lines()
    parser.feed(raw)
    parser.close()
    return "\n".join(parser.lines) + "\n"
