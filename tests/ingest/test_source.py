"""Bad and unusual input files: a clear message, never a traceback, nothing half-read."""

from __future__ import annotations

from pathlib import Path

import pytest

from sousei.ingest import InputError, NotAStrategyError, parse_file, parse_source
from sousei.ingest.source import SourceText, decode, read_source
from sousei.model import Strategy


def test_empty_file(tmp_path: Path) -> None:
    empty = tmp_path / "empty.md"
    empty.write_bytes(b"")
    with pytest.raises(InputError, match="空です"):
        parse_file(empty)


def test_binary_file(tmp_path: Path) -> None:
    binary = tmp_path / "image.png"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8)
    with pytest.raises(InputError, match="バイナリ"):
        parse_file(binary)


def test_text_that_is_not_a_strategy(tmp_path: Path) -> None:
    poem = tmp_path / "poem.txt"
    poem.write_text("古池や\n蛙飛び込む\n水の音\n", encoding="utf-8")
    with pytest.raises(NotAStrategyError, match="構造"):
        parse_file(poem)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="見つかりません"):
        parse_file(tmp_path / "nothing.md")


def test_oversized_file_is_refused_before_reading(tmp_path: Path) -> None:
    big = tmp_path / "big.md"
    with big.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # 50 MB
    with pytest.raises(InputError, match="大きすぎます"):
        read_source(big)


# Japanese "Shift_JIS" files are CP932 in practice: plain Shift_JIS has no ① or ～.
@pytest.mark.parametrize("encoding", ["cp932", "utf-8-sig", "utf-16"])
def test_other_encodings_parse_the_same(
    tmp_path: Path, national_source: SourceText, national: Strategy, encoding: str
) -> None:
    path = tmp_path / national_source.name
    # 产 and 关 (stray simplified characters of the PDF conversion) are not in CP932
    path.write_bytes(national_source.text.encode(encoding, errors="replace"))
    again = parse_file(path)
    expected = national.model_dump_json()
    for lost in "产关" if encoding == "cp932" else "":
        expected = expected.replace(lost, "?")
    assert again.model_dump_json() == expected


def test_utf8_with_bom_is_identical(national_source: SourceText, national: Strategy) -> None:
    source = decode(
        b"\xef\xbb\xbf" + national_source.text.encode("utf-8"), name=national_source.name
    )
    assert source.encoding == "utf-8-sig"
    assert parse_source(source) == national


def test_invalid_utf8_after_a_bom_names_the_byte() -> None:
    with pytest.raises(InputError, match="バイト目"):
        decode(b"\xef\xbb\xbf\xff\xfe\xfa", name="broken.md")
