"""A folder of local strategy documents (`sousei load-local DIR`): each file's 団体コード, its
government and its parsed model, or why it cannot be loaded.

A document is every `.md`, `.txt` or `.pdf` file directly in the folder (other files and
sub-folders are listed as skipped; names starting with a dot are ignored). Its code comes from
the file name — six digits at its start, alone or followed by a separator and anything
(``011002.pdf``, ``011002_札幌市.md``, ``011002-第3期総合戦略.txt``) — or from a tag on the
first non-blank line of a text file, ``<!-- lgcode: 011002 -->`` (blanked before parsing, so line
numbers stay those of the file). Both may be given; they must agree.

A file is refused, with the reason, when: it has no code or a malformed one (a wrong check
digit names the right code); the registry has no such government; the file name names another
government (``011002_旭川市.md``); two files have one code; it cannot be read (encoding, size,
a PDF without text); or it is not a local strategy.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from sousei.model import Strategy
from sousei.registry import (
    InvalidCodeError,
    LocalGovernment,
    Registry,
    RegistryError,
    load_registry,
    validate_code,
)

from . import family_words
from .local import parse_local
from .source import InputError, SourceText, read_source

SUFFIXES = (".md", ".txt", ".pdf")

_NAME_CODE = re.compile(r"^(\d+)(?=$|[\s_\-.・,，、(（\[［])")
_TAG = re.compile(r"^\s*<!--\s*lgcode\s*[:：]\s*(.*?)\s*-->\s*$", re.IGNORECASE)
_SEPARATORS = re.compile(r"[\s_\-.・,，、()（）\[\]［］]+")


@dataclass(frozen=True)
class Document:
    """One file of the folder: its code and government, its model, or why it is refused."""

    path: Path
    code: str | None = None
    government: LocalGovernment | None = None
    strategy: Strategy | None = None
    problem: str | None = None

    @property
    def refused(self) -> bool:
        return self.problem is not None

    @property
    def key(self) -> str:
        """The store key of the strategy: ``local/<code>``."""
        assert self.code is not None
        return f"local/{self.code}"


@dataclass(frozen=True)
class FolderReading:
    """Every document of a folder in file-name order, and what was not a document."""

    directory: Path
    documents: tuple[Document, ...]
    skipped: tuple[Path, ...] = field(default=())

    @property
    def refused(self) -> list[Document]:
        return [d for d in self.documents if d.refused]

    @property
    def accepted(self) -> list[Document]:
        return [d for d in self.documents if not d.refused]


def read_folder(directory: Path, *, registry: Registry | None = None) -> FolderReading:
    """Read and parse every document of `directory`; InputError if it is no folder."""
    if not directory.is_dir():
        raise InputError(f"フォルダが見つかりません: {directory}")
    known = registry or load_registry()
    documents: list[Document] = []
    skipped: list[Path] = []
    for path in sorted(directory.iterdir(), key=lambda p: p.name):
        if path.name.startswith("."):
            continue
        if path.is_file() and path.suffix.lower() in SUFFIXES:
            documents.append(read_document(path, known))
        else:
            skipped.append(path)
    return FolderReading(directory, tuple(_unique_codes(documents)), tuple(skipped))


def read_document(path: Path, registry: Registry) -> Document:
    """One file: its code (name or tag), government and model, or the reason it is refused."""
    named = code_in_name(path.name)
    try:
        source = read_source(path)
    except InputError as error:
        return Document(path, code=named, problem=f"読めません: {_without_name(error, path)}")
    tagged, source = _tag(source)
    written = _agree(named, tagged)
    if isinstance(written, _Problem):
        return Document(path, problem=written.text)
    if written is None:
        return Document(
            path,
            problem="団体コードがありません（ファイル名の先頭に 6 桁の団体コード、"
            "または 1 行目に <!-- lgcode: 団体コード --> を書きます）。",
        )
    try:
        government = registry.get(written)
    except (InvalidCodeError, RegistryError) as error:
        return Document(path, code=written, problem=str(error))
    document = Document(path, code=government.code, government=government)
    mismatch = _named_other(path.name, government, registry)
    if mismatch is not None:
        return replace(document, problem=mismatch)
    words = family_words(source.text)
    if words["national"] and words["national"] >= words["local"]:  # detect_family's "national"
        return replace(document, problem="地方版総合戦略ではありません（国の総合戦略の形式です）。")
    try:
        return replace(document, strategy=parse_local(source))
    except InputError as error:
        return replace(document, problem=f"読めません: {_without_name(error, path)}")


def code_in_name(name: str) -> str | None:
    """The digits a file name starts with, as written (validated later): "011002_札幌市.md"."""
    match = _NAME_CODE.match(unicodedata.normalize("NFKC", name))
    return match[1] if match else None


@dataclass(frozen=True)
class _Problem:
    text: str


def _tag(source: SourceText) -> tuple[str | None, SourceText]:
    """The code of a first-line tag, and the text with that line blanked."""
    lines = source.text.split("\n")
    for number, line in enumerate(lines):
        if not line.strip():
            continue
        match = _TAG.match(unicodedata.normalize("NFKC", line))
        if match is None:
            return None, source
        lines[number] = ""
        return match[1], replace(source, text="\n".join(lines))
    return None, source


def _agree(named: str | None, tagged: str | None) -> str | _Problem | None:
    if named is not None and tagged is not None:
        try:
            same = validate_code(named) == validate_code(tagged)
        except InvalidCodeError:
            same = named == tagged
        if not same:
            return _Problem(
                f"ファイル名の団体コード {named} と 1 行目の lgcode {tagged} が違います。"
            )
    return named if named is not None else tagged


def _named_other(name: str, government: LocalGovernment, registry: Registry) -> str | None:
    """A word of the file name that names another government than the code's, if any."""
    stem = unicodedata.normalize("NFKC", name).rsplit(".", 1)[0]
    for word in _SEPARATORS.split(stem):
        if not word or word.isdigit() or not re.search(r"[都道府県市区町村]$", word):
            continue
        found = registry.find(word)
        codes = {g.code for g in found}
        if found and government.code not in codes and government.prefecture_lgcode not in codes:
            names = "、".join(f"{g.full_name}（{g.code}）" for g in found[:3])
            return (
                f"ファイル名の「{word}」は{names}で、団体コード {government.code}"
                f"（{government.full_name}）と合いません。"
            )
    return None


def _unique_codes(documents: Sequence[Document]) -> list[Document]:
    """Files sharing a code are all refused: which one is the strategy is for a person to say."""
    counts = Counter(d.code for d in documents if not d.refused and d.code is not None)
    doubled = {code for code, n in counts.items() if n > 1}
    result = []
    for document in documents:
        if document.code in doubled and not document.refused:
            others = [d.path.name for d in documents if d.code == document.code]
            document = replace(
                document,
                strategy=None,
                problem=f"団体コード {document.code} の文書が複数あります（{'、'.join(others)}）。",
            )
        result.append(document)
    return result


def _without_name(error: Exception, path: Path) -> str:
    """The error's message without the file name it starts with (the table shows it)."""
    return str(error).removeprefix(f"{path.name}: ").removeprefix(f"{path}: ")
