"""Excel zip bombs built in the test: a real workbook whose sheet XML is hundreds of
megabytes of repeated cells, deflated to a few hundred kilobytes, written in under a second;
and a way to show that a bomb was refused without ever being opened."""

from __future__ import annotations

import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Caseload" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/></Relationships>'
)


def _row(cells: Sequence[str]) -> str:
    inline = "".join(f'<c t="inlineStr"><is><t>{cell}</t></is></c>' for cell in cells)
    return f"<row>{inline}</row>"


def write_xlsx_bomb(path: Path, header: Sequence[str], megabytes: int = 300) -> Path:
    """A workbook: `header`, then rows of repeated cells until the sheet XML is `megabytes`."""
    chunk = (_row(["x"] * len(header)) * 4000).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(
                b'<?xml version="1.0" encoding="UTF-8"?>'
                b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                b"<sheetData>" + _row(header).encode()
            )
            written = 0
            while written < megabytes * 1024 * 1024:
                sheet.write(chunk)
                written += len(chunk)
            sheet.write(b"</sheetData></worksheet>")
    return path


def opening_refused(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """From now on in the test, every way an importer has of reading a workbook is refused
    (it raises) and recorded in the list returned: openpyxl's load_workbook, Polars'
    read_excel (fastexcel), and Python's zip reader unpacking any member. A refused bomb
    leaves the list empty: nothing of it was unpacked, whatever the machine's speed."""
    import openpyxl  # type: ignore[import-untyped, unused-ignore]
    import polars

    opened: list[str] = []

    def refuse(what: str) -> Any:
        def reader(*args: Any, **kwargs: Any) -> Any:
            opened.append(what)
            raise RuntimeError(f"{what} was called: the workbook was opened")

        return reader

    monkeypatch.setattr(openpyxl, "load_workbook", refuse("openpyxl.load_workbook"))
    monkeypatch.setattr(polars, "read_excel", refuse("polars.read_excel"))
    unpack = zipfile.ZipFile.open

    def open_member(self: zipfile.ZipFile, name: Any, mode: str = "r", *a: Any, **k: Any) -> Any:
        if mode == "r":
            opened.append(f"zip member {getattr(name, 'filename', name)}")
            raise RuntimeError("a zip member was unpacked: the workbook was opened")
        return unpack(self, name, mode, *a, **k)

    monkeypatch.setattr(zipfile.ZipFile, "open", open_member)
    return opened
