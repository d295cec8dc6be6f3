"""Telling a ratings CSV from a report reads no more than a header's worth of the file."""

from __future__ import annotations

from pathlib import Path

from yjqa.web.benchmark.services import HEADER_LIMIT, is_ratings_csv


def test_a_ratings_header_is_recognised_without_the_csv_suffix(tmp_path: Path) -> None:
    path = tmp_path / "ratings.txt"
    path.write_text("la_name,la_ref,score_%,overall_rating\nNewcastle,x,44.44,Good\n")
    assert is_ratings_csv(path)


def test_a_huge_file_with_no_line_breaks_is_read_only_as_far_as_a_header(
    tmp_path: Path, monkeypatch
) -> None:
    path = tmp_path / "one-line.txt"
    path.write_text("x" * (HEADER_LIMIT * 50))
    read: list[int] = []
    opened = Path.open

    def spying_open(self: Path, *args, **kwargs):  # type: ignore[no-untyped-def]
        handle = opened(self, *args, **kwargs)
        readline = handle.readline

        def counted(*limit: int) -> str:
            line = readline(*limit)
            read.append(len(line))
            return line

        handle.readline = counted
        return handle

    monkeypatch.setattr(Path, "open", spying_open)
    assert not is_ratings_csv(path)
    assert read == [HEADER_LIMIT]
