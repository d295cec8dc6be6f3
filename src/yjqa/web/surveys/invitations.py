"""Printed invitations to a survey: the link's QR code as inline SVG (segno, pure Python)."""

from __future__ import annotations

import io

import segno
from django.utils.safestring import SafeString, mark_safe


def qr_svg(url: str) -> SafeString:
    """The QR code of `url` as an inline <svg> element (no XML declaration, no fixed size: CSS
    sizes it), hidden from screen readers: the invitation prints the address and code as text.
    Error correction level M survives a crease or a smudge on paper."""
    code = segno.make(url, error="m", boost_error=False)
    out = io.BytesIO()
    code.save(
        out,
        kind="svg",
        xmldecl=False,
        svgns=True,
        nl=False,
        border=4,
        omitsize=True,
        svgclass="yjqa-qr",
        lineclass=None,
    )
    svg = out.getvalue().decode("ascii")
    # segno writes only its own path data: nothing from `url` is copied into the markup as is.
    return mark_safe(svg.replace("<svg ", '<svg aria-hidden="true" focusable="false" ', 1))
