"""Reading a document's bytes into text: size limit, binary check, encoding detection."""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from pathlib import Path

from charset_normalizer import from_bytes

MAX_BYTES = 20 * 1024 * 1024
"""Strategy texts are well under 1 MB; anything this large is not one, and would only stall."""

MAX_PDF_BYTES = 100 * 1024 * 1024
"""Strategy PDFs carry figures and fonts: a few MB, tens with scanned pages."""

_JAPANESE_ENCODINGS = ("cp932", "euc_jp", "iso2022_jp")


class InputError(Exception):
    """A document that cannot be read at all; the message is for the user, in Japanese."""


@dataclass(frozen=True)
class SourceText:
    """The decoded text of a document and how it was decoded."""

    name: str
    text: str
    encoding: str


def read_source(
    path: Path, *, max_bytes: int = MAX_BYTES, max_pdf_bytes: int = MAX_PDF_BYTES
) -> SourceText:
    """Read and decode a file (text, or a PDF by its magic bytes), or raise InputError."""
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise InputError(f"ディレクトリではなくファイルを指定してください: {path}")
        with path.open("rb") as handle:
            head = handle.read(1024)
    except FileNotFoundError:
        raise InputError(f"ファイルが見つかりません: {path}") from None
    except OSError as error:
        raise InputError(f"ファイルを読めません: {path}（{error.strerror}）") from None
    pdf = is_pdf(head)
    limit = max_pdf_bytes if pdf else max_bytes
    if size > limit:
        kind = "PDF" if pdf else "戦略文書のテキスト"
        raise InputError(
            f"ファイルが大きすぎます: {size / 1_000_000:.1f} MB"
            f"（上限 {limit / 1_000_000:.0f} MB）。"
            f"{kind}としては大きすぎるため、読み込みを中止しました。"
        )
    if not pdf and path.suffix.lower() == ".pdf" and head.strip():
        raise InputError(
            f"{path.name}: 拡張子は .pdf ですが、PDF ではありません（先頭に %PDF がありません）。"
        )
    return decode(path.read_bytes(), name=path.name)


def is_pdf(data: bytes) -> bool:
    """A PDF by its magic bytes (`%PDF-` within the first 1,024 bytes, as readers accept)."""
    return b"%PDF-" in data[:1024]


def decode(data: bytes, *, name: str = "<bytes>") -> SourceText:
    """Decode bytes as UTF-8 (with or without BOM), else a Japanese legacy encoding.

    A PDF (by its magic bytes) is read by `pdf.pdf_text` into the text the parsers read.
    """
    if not data.strip():
        raise InputError(f"{name}: ファイルが空です。")
    if is_pdf(data):
        from .pdf import pdf_text  # pdfplumber costs a second to import; only PDFs need it

        return SourceText(name, pdf_text(data, name=name), "pdf")
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
