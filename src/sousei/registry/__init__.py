"""Japan's local governments: 全国地方公共団体コード, names, kinds and region groups.

Pure apart from `load_registry`, which reads the bundled data once (`data/README.md`).
"""

from __future__ import annotations

from .codes import (
    InvalidCodeError,
    check_digit,
    is_valid_code,
    normalize_code,
    validate_code,
    with_check_digit,
)
from .groups import (
    BUILTIN_GROUPS,
    OUTSIDE_TOKYO_AREA,
    RURAL_AREA,
    TOKYO_AREA,
    URBAN_AREA,
    GroupFileError,
    RegionGroup,
    groups_of,
    parse_groups,
)
from .model import KIND_LABELS, MUNICIPAL_KINDS, Kind, LocalGovernment
from .registry import (
    AS_OF,
    AmbiguousNameError,
    Prefecture,
    Registry,
    RegistryError,
    UnknownGovernmentError,
    load_registry,
    name_key,
)

__all__ = [
    "AS_OF",
    "BUILTIN_GROUPS",
    "KIND_LABELS",
    "MUNICIPAL_KINDS",
    "OUTSIDE_TOKYO_AREA",
    "RURAL_AREA",
    "TOKYO_AREA",
    "URBAN_AREA",
    "AmbiguousNameError",
    "GroupFileError",
    "InvalidCodeError",
    "Kind",
    "LocalGovernment",
    "Prefecture",
    "RegionGroup",
    "Registry",
    "RegistryError",
    "UnknownGovernmentError",
    "check_digit",
    "groups_of",
    "is_valid_code",
    "load_registry",
    "name_key",
    "normalize_code",
    "parse_groups",
    "validate_code",
    "with_check_digit",
]
