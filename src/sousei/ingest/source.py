"""Reading a document's bytes into text: size limit, binary check, encoding detection."""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from pathlib import Path

from charset_normalizer import from_bytes

MAX_BYTES = 20 * 1024 * 1024
"""Strategy texts are well under 1 MB; anything this large is not one, and would only stall."""

_JAPANESE_ENCODINGS = ("cp932", "euc_jp", "iso2022_jp")


class InputError(Exception):
    """A document that cannot be read at all; the message is for the user, in Japanese."""


@dataclass(frozen=True)
class SourceText:
    """The decoded text of a document and how it was decoded."""

    name: str
    text: str
    encoding: str


def read_source(path: Path, *, max_bytes: int = MAX_BYTES) -> SourceText:
    """Read and decode a file, or raise InputError with a message that says why not."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise InputError(f"ファイルが見つかりません: {path}") from None
    except OSError as error:
        raise InputError(f"ファイルを読めません: {path}（{error.strerror}）") from None
    if path.is_dir():
        raise InputError(f"ディレクトリではなくファイルを指定してください: {path}")
    if size > max_bytes:
        raise InputError(
            f"ファイルが大きすぎます: {size / 1_000_000:.1f} MB"
            f"（上限 {max_bytes / 1_000_000:.0f} MB）。"
            "戦略文書のテキストとしては大きすぎるため、読み込みを中止しました。"
        )
    return decode(path.read_bytes(), name=path.name)


def decode(data: bytes, *, name: str = "<bytes>") -> SourceText:
    """Decode bytes as UTF-8 (with or without BOM), else a Japanese legacy encoding."""
    if not data.strip():
        raise InputError(f"{name}: ファイルが空です。")
    if data.startswith(codecs.BOM_UTF8):
        return SourceText(name, _strict(data[len(codecs.BOM_UTF8) :], "utf-8", name), "utf-8-sig")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return SourceText(name, _strict(data, "utf-16", name), "utf-16")
    if b"\x00" in data[:8192]:
        raise InputError(f"{name}: テキストファイルではありません（バイナリデータを含みます）。")
    source = _guess(data, name)
    if _control_ratio(source.text) > 0.01:
        raise InputError(f"{name}: テキストファイルではありません（制御文字を多く含みます）。")
    return source


def _guess(data: bytes, name: str) -> SourceText:
    try:
        return SourceText(name, data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    for encoding in _JAPANESE_ENCODINGS:
        try:
            return SourceText(name, data.decode(encoding), encoding)
        except UnicodeDecodeError:
            continue
    best = from_bytes(data).best()
    if best is None:
        raise InputError(
            f"{name}: 文字コードを判別できません（UTF-8 でも Shift_JIS でもありません）。"
        )
    return SourceText(name, str(best), best.encoding)


def _control_ratio(text: str) -> float:
    controls = sum(1 for ch in text if ch < " " and ch not in "\t\n\r\f")
    return controls / max(len(text), 1)


def _strict(data: bytes, encoding: str, name: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise InputError(
            f"{name}: {encoding} として読めないバイト列があります（{error.start} バイト目）。"
        ) from None
