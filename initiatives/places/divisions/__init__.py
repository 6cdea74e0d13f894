"""The national division tree (the Bureau's 统计用区划代码, 2023) and a gazetteer over it.

Django-free: the loader, the admin and the importer use it from the places slice.

    tree = read_divisions(provinces={"37"}, to=Level.TOWNSHIP)  # or national_tree()
    for division in tree:  # parents before children
        division.code, division.name, division.level, division.kind, division.parent
    for village in iter_villages(path, tree):  # streamed, never held whole
        ...
    gazetteer = national_gazetteer().extended([Place.extra("region:42", "幸福街道", ...)])
    gazetteer.find(text)  # -> [Mention(start, end, text, places)]
    gazetteer.resolve(text, name="和平街道", known=codes_in_the_database)
"""

from .gazetteer import (
    Candidate,
    Evidence,
    EvidenceKind,
    Gazetteer,
    Mention,
    Place,
    Resolution,
    Status,
    national_gazetteer,
)
from .reader import (
    DATA_DIR,
    DivisionTree,
    Merge,
    MergeReason,
    iter_villages,
    national_tree,
    read_divisions,
)
from .records import Division, DivisionDataError, Kind, Level, level_of_code, pad_code

__all__ = [
    "DATA_DIR",
    "Candidate",
    "Division",
    "DivisionDataError",
    "DivisionTree",
    "Evidence",
    "EvidenceKind",
    "Gazetteer",
    "Kind",
    "Level",
    "Mention",
    "Merge",
    "MergeReason",
    "Place",
    "Resolution",
    "Status",
    "iter_villages",
    "level_of_code",
    "national_gazetteer",
    "national_tree",
    "pad_code",
    "read_divisions",
]
