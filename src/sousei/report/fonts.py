"""A Japanese font for the PDF reports: the PDF embeds (a subset of) it, so any viewer shows the
text, and no font is shipped with sousei.

Looked up in order: the file named by SOUSEI_PDF_FONT; the system's Japanese font as fontconfig
chooses it (`fc-match ':lang=ja'`); known install paths of IPAexGothic and Noto Sans CJK. A
candidate counts only if it has glyphs for Japanese text.
"""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

FONT_VARIABLE = "SOUSEI_PDF_FONT"
DEBIAN_PACKAGE = "fonts-ipaexfont-gothic"
KNOWN_FONTS = (
    Path("/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf"),
    Path("/usr/share/fonts/truetype/fonts-japanese-gothic.ttf"),
    Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
    Path("/usr/share/fonts/opentype/noto-cjk/NotoSansCJK-Regular.ttc"),
    Path("/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc"),
    Path("/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc"),
)
SAMPLE = "年次報告書訪日順調遅れ達成１２３"
"""Characters a font must have to be used: kanji, kana and full-width digits of the reports."""
_SUFFIXES = {".ttf", ".otf", ".ttc", ".otc"}


class FontMissingError(Exception):
    """No Japanese font was found; the message says how to install one or name one."""


@dataclass(frozen=True)
class Font:
    path: Path
    number: int = 0
    """The face within a collection (.ttc) that has the Japanese glyphs."""
    characters: frozenset[int] = frozenset()
    """The code points the face has glyphs for."""

    def shows(self, text: str) -> str:
        """`text` with each character the font lacks as 〓 (げた): a visible gap, not a silent
        one (the strategy's text holds a few simplified-Chinese forms such as 产)."""
        if not self.characters:
            return text
        return "".join(c if ord(c) in self.characters or c in "\n\r\t" else "〓" for c in text)


MISSING = (
    "PDF の作成に必要な日本語フォントが見つかりません。"
    f"Debian / Ubuntu ではパッケージ {DEBIAN_PACKAGE} を入れてください"
    f"（sudo apt-get install {DEBIAN_PACKAGE}）。"
    f"または環境変数 {FONT_VARIABLE} に日本語の TrueType / OpenType フォントの"
    "ファイルを指定してください。"
)


def find_font() -> Font:
    """The Japanese font to embed, or FontMissingError with what to do."""
    named = os.environ.get(FONT_VARIABLE)
    if named:
        found = usable(Path(named))
        if found is None:
            raise FontMissingError(
                f"環境変数 {FONT_VARIABLE} のフォント「{named}」が見つからないか、"
                f"日本語の文字がありません。{MISSING}"
            )
        return found
    return first_usable([*_fontconfig(), *KNOWN_FONTS])


def first_usable(candidates: Iterable[Path]) -> Font:
    for candidate in candidates:
        found = usable(candidate)
        if found is not None:
            return found
    raise FontMissingError(MISSING)


def _fontconfig() -> list[Path]:
    """fontconfig's best Japanese font; none where fontconfig is not installed."""
    command = shutil.which("fc-match")
    if command is None:
        return []
    try:
        done = subprocess.run(
            [command, "-f", "%{file}", ":lang=ja"],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return []
    return [Path(done.stdout.strip())] if done.returncode == 0 and done.stdout.strip() else []


@lru_cache(maxsize=16)
def usable(path: Path) -> Font | None:
    """The font at `path` if it is a font file with Japanese glyphs (a face of a collection)."""
    if path.suffix.lower() not in _SUFFIXES or not path.is_file():
        return None
    # fpdf2's own dependency, untyped
    from fontTools.ttLib import TTCollection, TTFont, TTLibError  # type: ignore[import-untyped]

    try:
        if path.suffix.lower() in (".ttc", ".otc"):
            with TTCollection(str(path), lazy=True) as collection:
                faces = list(collection.fonts)
                for number, face in enumerate(faces):
                    if _has_japanese(face):
                        return Font(path, number, _characters(face))
            return None
        with TTFont(str(path), lazy=True) as font:
            return Font(path, 0, _characters(font)) if _has_japanese(font) else None
    except (TTLibError, OSError, struct.error, AssertionError, KeyError, IndexError, ValueError):
        return None  # not a font, or a damaged one


def _characters(font: object) -> frozenset[int]:
    cmap = font["cmap"].getBestCmap()  # type: ignore[index]
    return frozenset(cmap or ())


def _has_japanese(font: object) -> bool:
    return all(ord(c) in _characters(font) for c in SAMPLE)
