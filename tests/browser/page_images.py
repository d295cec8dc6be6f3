"""A PDF's pages as images, kept in test-artifacts/report-pages/, and checks that its words
and tables sit inside the page and no page is blank."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pdfplumber
from PIL import Image

PAGES_DIR = Path(__file__).resolve().parents[2] / "test-artifacts" / "report-pages"


def ink(png: Path) -> float:
    """The share of a page image's pixels that are not white."""
    with Image.open(png) as image:
        histogram = image.convert("L").histogram()
    return 1 - sum(histogram[250:]) / sum(histogram)


def check_layout(pdf: bytes) -> list[str]:
    """Assert every table and word is inside its page (a table filling the whole page, such
    as a cover's coloured ground, excepted); each page's text."""
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        for number, printed in enumerate(document.pages, start=1):
            whole_page = (0, 0, round(printed.width), round(printed.height))
            for table in printed.find_tables():
                if tuple(round(v) for v in table.bbox) == whole_page:
                    continue
                left, _top, right, _bottom = table.bbox
                assert left >= 20 and right <= printed.width - 20, (number, table.bbox)
            for word in printed.extract_words():
                assert word["x0"] >= 0 and word["x1"] <= printed.width, (number, word["text"])
                assert word["top"] >= 0 and word["bottom"] <= printed.height, (number, word["text"])
        return [p.extract_text() or "" for p in document.pages]


def page_images(pdf: bytes, name: str) -> list[Path]:
    """Render each page to `<name>-page-N.png` (the PDF kept beside them) and assert none is
    next to blank; the images, one a page."""
    pdftoppm = shutil.which("pdftoppm")
    assert pdftoppm is not None, "pdftoppm not found: scripts/provision installs poppler-utils"
    PAGES_DIR.mkdir(parents=True, exist_ok=True)
    for old in PAGES_DIR.glob(f"{name}-page-*.png"):
        old.unlink()
    source = PAGES_DIR / f"{name}.pdf"
    source.write_bytes(pdf)
    subprocess.run(
        [pdftoppm, "-r", "60", "-png", str(source), str(PAGES_DIR / f"{name}-page")], check=True
    )
    images = sorted(PAGES_DIR.glob(f"{name}-page-*.png"))
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        assert len(images) == len(document.pages)
    blank = [image.name for image in images if ink(image) < 0.01]
    assert not blank, f"pages with next to nothing on them: {blank}"
    return images
