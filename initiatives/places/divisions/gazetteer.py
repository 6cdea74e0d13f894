"""Find the places a text names, and resolve a unit's name to the unit it means.

``Gazetteer.find(text)`` returns the mentions of provinces, cities, county-level units
and townships in ``text``, each with every place its words may name (a repeated name
such as 北街街道 names five). What it looks for:

- full names, and the short forms of ``names.py`` (山东 for 山东省, 张店 for 张店区,
  延边 for 延边朝鲜族自治州): never one character, never a common word (和平, 凤凰);
- 类似乡级单位 (farms, zones) only under a name of four characters or more that no other
  unit has: 塞罕坝机械林场 yes, 农科所 and 种猪场 no;
- not a short form followed by 路, 街, 大道, 巷 or 胡同: 中山路 is a street.

Where matches overlap, the reading that covers most characters wins, a character
covered by a short form weighing less, then the reading of fewer pieces. Dictionary
words (``names.blocker_words``) take part in the reading without being places, so that
a short form across a word's edge is not a place: 青岛市北区 reads 青岛 + 市北区, 党和政府
reads 党和 + 政府 (not 和政县), 大理石 is marble (not 大理 + 石台县).

``Gazetteer.resolve(text, name=...)`` turns a unit's name into the unit: each place of
that name is scored by what supports it, in this order: the places the name itself
writes before the unit (张店区和平街道), the places the text mentions above it (the
deepest level mentioned first, then how many), and whether it is already in the
database (``known``). One candidate with a score above all others is resolved; a tie is
returned as candidates with their evidence for an editor to choose (it never picks among
equals); a name of no place is "unknown", not an error.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache

from .names import MIN_FORM_LENGTH, blocker_words, common_words, short_forms
from .reader import DivisionTree, national_tree
from .records import Division, DivisionDataError, Kind, Level, kind_from_name, pad_code

# What follows a short form when it names a street, not the place (中山路, 淄博大道).
STREET_WORDS = ("路", "大道", "大街", "巷", "胡同", "街")
# 类似乡级单位 (农科所, 种猪场, 园艺场) are found in text only when the name is this long
# and no other unit has it: their repeated names are common nouns.
MIN_TOWNSHIP_LIKE_LENGTH = 4


@dataclass(frozen=True, slots=True)
class Place:
    """A place the gazetteer knows: an official division (``key`` is its code) or a
    name the caller adds (a unit typed in without a code, a fictional one): then ``key``
    is the caller's (``region:42``) and ``parent`` may be an official code."""

    key: str
    name: str
    level: Level
    kind: Kind
    code: str | None = None
    parent: str | None = None

    @classmethod
    def from_division(cls, division: Division) -> Place:
        return cls(
            division.code,
            division.name,
            division.level,
            division.kind,
            division.code,
            division.parent,
        )

    @classmethod
    def extra(
        cls,
        key: str,
        name: str,
        level: Level,
        *,
        parent: str | None = None,
        code: str | None = None,
    ) -> Place:
        return cls(key, name, level, kind_from_name(name, level), code, parent)


@dataclass(frozen=True, slots=True)
class Mention:
    start: int
    end: int
    text: str
    places: tuple[Place, ...]

    @property
    def short(self) -> bool:
        """Found by a short form (张店), not by a full name."""
        return all(place.name != self.text for place in self.places)


class EvidenceKind(StrEnum):
    NAMED_WITH = "named_with"  # the name writes a place above the unit: 张店区和平街道
    MENTIONED = "mentioned"  # the text mentions a place above the unit
    KNOWN = "known"  # the unit is already in the database
    UNIQUE = "unique"  # no other place has this name


@dataclass(frozen=True, slots=True)
class Evidence:
    kind: EvidenceKind
    place: Place  # the place above that is mentioned, or the candidate itself
    mentions: tuple[Mention, ...] = ()


class Status(StrEnum):
    RESOLVED = "resolved"
    AMBIGUOUS = "ambiguous"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class Candidate:
    place: Place
    path: tuple[Place, ...]  # from the province down to the place itself
    evidence: tuple[Evidence, ...]
    score: tuple[int, int, int, int]

    @property
    def code(self) -> str | None:
        return self.place.code


@dataclass(frozen=True, slots=True)
class Resolution:
    name: str
    status: Status
    candidates: tuple[Candidate, ...] = field(default=())  # best first

    @property
    def leading(self) -> tuple[Candidate, ...]:
        """The candidates an editor chooses among: those with the best score."""
        if not self.candidates:
            return ()
        best = self.candidates[0].score
        return tuple(c for c in self.candidates if c.score == best)

    @property
    def resolved(self) -> Candidate | None:
        return self.candidates[0] if self.status is Status.RESOLVED else None

    @property
    def code(self) -> str | None:
        return self.resolved.code if self.resolved else None


class Gazetteer:
    def __init__(self, places: Iterable[Place]) -> None:
        self._places: dict[str, Place] = {}
        self._forms: dict[str, tuple[Place, ...]] = {}  # searched in running text
        self._names: dict[str, tuple[Place, ...]] = {}  # every form, for resolve
        self._lengths: dict[str, tuple[int, ...]] = {}  # first two characters -> lengths
        # Dictionary and common words compete with the forms for the characters they cover:
        # 忆江南和平 reads 江南 + 和平, not 南和(区); 党和政府 reads 党和 + 政府.
        self._blockers = frozenset(w for w in blocker_words() if len(w) >= MIN_FORM_LENGTH)
        self._add_lengths(self._blockers)
        self._add(list(places))

    @classmethod
    def from_tree(cls, tree: DivisionTree, extra: Iterable[Place] = ()) -> Gazetteer:
        """The gazetteer of ``tree``'s provinces, cities, counties and townships."""
        places = [Place.from_division(d) for d in tree if d.level is not Level.VILLAGE]
        return cls([*places, *extra])

    def extended(self, extra: Iterable[Place]) -> Gazetteer:
        """A copy with ``extra`` places added (cheap: the national index is not rebuilt)."""
        copy = object.__new__(Gazetteer)
        copy._places = dict(self._places)
        copy._forms = dict(self._forms)
        copy._names = dict(self._names)
        copy._lengths = dict(self._lengths)
        copy._blockers = self._blockers
        copy._add(list(extra))
        return copy

    def _add(self, places: list[Place]) -> None:
        for place in places:
            if place.key in self._places:
                raise DivisionDataError(f"place {place.key} given twice")
            self._places[place.key] = place
        township_like = Counter(p.name for p in self._places.values() if _is_township_like(p))
        words = common_words()
        forms: dict[str, list[Place]] = {}
        names: dict[str, list[Place]] = {}
        for place in places:
            every = (place.name, *short_forms(place.name, place.level, place.kind))
            for form in every:
                names.setdefault(form, []).append(place)
            if _is_township_like(place) and (
                township_like[place.name] > 1 or len(place.name) < MIN_TOWNSHIP_LIKE_LENGTH
            ):
                continue
            for form in every:
                if len(form) >= MIN_FORM_LENGTH and form not in words:
                    forms.setdefault(form, []).append(place)
        if any(_is_township_like(p) for p in places):
            # A name that was unique may repeat now: drop it from the text forms.
            for name, count in township_like.items():
                if count > 1 and name in self._forms:
                    kept = tuple(p for p in self._forms[name] if not _is_township_like(p))
                    self._set_form(name, kept)
        for form, new in forms.items():
            self._set_form(form, self._forms.get(form, ()) + tuple(new))
        self._add_lengths(forms)
        for form, new in names.items():
            self._names[form] = _ordered(self._names.get(form, ()) + tuple(new))

    def _set_form(self, form: str, places: tuple[Place, ...]) -> None:
        if not places:
            self._forms.pop(form, None)
            return
        self._forms[form] = _ordered(places)

    def _add_lengths(self, forms: Iterable[str]) -> None:
        """Index the forms' lengths by their first two characters (a form dropped later
        leaves its length behind: a lookup that finds nothing)."""
        heads: dict[str, set[int]] = {}
        for form in forms:
            heads.setdefault(form[:MIN_FORM_LENGTH], set()).add(len(form))
        for head, lengths in heads.items():
            merged = lengths.union(self._lengths.get(head, ()))
            self._lengths[head] = tuple(sorted(merged, reverse=True))

    def __len__(self) -> int:
        return len(self._places)

    def text_forms(self) -> frozenset[str]:
        """Every form ``find`` looks for."""
        return frozenset(self._forms)

    def get(self, key: str) -> Place | None:
        return self._places.get(key)

    def named(self, name: str) -> tuple[Place, ...]:
        """The places ``name`` may mean: full names, short forms, alternate forms."""
        return self._names.get(name.strip(), ())

    def path(self, place: Place) -> tuple[Place, ...]:
        """From the province (or the highest place known) down to ``place``."""
        chain = [place]
        seen = {place.key}
        parent = place.parent
        while parent is not None and parent in self._places and parent not in seen:
            seen.add(parent)
            chain.append(self._places[parent])
            parent = self._places[parent].parent
        return tuple(reversed(chain))

    def find(self, text: str) -> list[Mention]:
        """The mentions in ``text``, in order, none overlapping."""
        forms = self._forms
        lengths = self._lengths
        blockers = self._blockers
        found: list[Match] = []
        size = len(text)
        for i in range(size - 1):
            candidates = lengths.get(text[i : i + MIN_FORM_LENGTH])
            if candidates is None:
                continue
            for length in candidates:
                end = i + length
                if end > size:
                    continue
                form = text[i:end]
                places = forms.get(form)
                if places is None:
                    if form in blockers:
                        found.append((i, end, form, ()))
                    continue
                if _is_street(text, end) and all(p.name != form for p in places):
                    continue
                found.append((i, end, form, places))
        return [Mention(s, e, form, p) for s, e, form, p in _best_reading(found) if p]

    def resolve(
        self,
        text: str = "",
        *,
        name: str,
        level: Level | None = None,
        known: Collection[str] = (),
        mentions: Sequence[Mention] | None = None,
    ) -> Resolution:
        """Which unit ``name`` (和平街道, or 张店区和平街道) means, read in ``text``.

        ``known``: keys (codes, or the keys of extra places) of the units already in the
        database. ``mentions``: ``find(text)`` when the caller has it already.
        """
        name = name.strip()
        target, qualifiers = self._split_name(name)
        candidates = [p for p in self._names.get(target, ()) if level is None or p.level is level]
        if not candidates:
            return Resolution(name, Status.UNKNOWN)
        if mentions is None:
            mentions = self.find(text) if text else []
        known_keys = {_normal_key(k) for k in known}
        scored = sorted(
            (self._score(p, qualifiers, mentions, known_keys) for p in candidates),
            key=lambda c: (tuple(-s for s in c.score), c.place.key),
        )
        if len(scored) == 1:
            only = scored[0]
            unique = Evidence(EvidenceKind.UNIQUE, only.place)
            only = Candidate(only.place, only.path, (*only.evidence, unique), only.score)
            return Resolution(name, Status.RESOLVED, (only,))
        best, runner_up = scored[0], scored[1]
        if best.score > runner_up.score:
            return Resolution(name, Status.RESOLVED, tuple(scored))
        return Resolution(name, Status.AMBIGUOUS, tuple(scored))

    def _split_name(self, name: str) -> tuple[str, list[Mention]]:
        """``张店区和平街道`` -> (``和平街道``, [the mention of 张店区]). The places before
        the unit must follow one another (spaces allowed); ``张店区幸福里街道`` is
        (``幸福里街道``, [张店区]), not the township called ``街道``."""
        if name in self._names:
            return name, []
        qualifiers: list[Mention] = []
        end = 0
        for mention in self.find(name):
            if name[end : mention.start].strip():
                break
            if mention.end == len(name):
                return name[mention.start :], qualifiers
            qualifiers.append(mention)
            end = mention.end
        return name[end:].strip(), qualifiers

    def _score(
        self,
        place: Place,
        qualifiers: Sequence[Mention],
        mentions: Sequence[Mention],
        known: set[str],
    ) -> Candidate:
        path = self.path(place)
        above = {p.key: p for p in path[:-1]}
        evidence: list[Evidence] = []
        score = []
        for kind, group in (
            (EvidenceKind.NAMED_WITH, qualifiers),
            (EvidenceKind.MENTIONED, mentions),
        ):
            hits: dict[str, list[Mention]] = {}
            for mention in group:
                for p in mention.places:
                    if p.key in above:
                        hits.setdefault(p.key, []).append(mention)
            for key, found in hits.items():
                evidence.append(Evidence(kind, above[key], tuple(found)))
            depth = max((above[k].level.depth for k in hits), default=0)
            score += [depth] if kind is EvidenceKind.NAMED_WITH else [depth, len(hits)]
        is_known = place.key in known or (place.code is not None and place.code in known)
        if is_known:
            evidence.append(Evidence(EvidenceKind.KNOWN, place))
        return Candidate(
            place, path, tuple(evidence), (score[0], score[1], score[2], int(is_known))
        )


def _is_township_like(place: Place) -> bool:
    return place.level is Level.TOWNSHIP and place.kind is Kind.TOWNSHIP_LIKE


def _is_street(text: str, end: int) -> bool:
    return text.startswith(STREET_WORDS, end) and not text.startswith("街道", end)


def _ordered(places: tuple[Place, ...]) -> tuple[Place, ...]:
    if len(places) == 1:
        return places
    return tuple(sorted(places, key=lambda p: (p.level.depth, p.key)))


def _normal_key(key: str) -> str:
    key = key.strip()
    try:
        return pad_code(key)
    except DivisionDataError:
        return key


Match = tuple[int, int, str, tuple[Place, ...]]  # start, end, form, places


def _best_reading(found: list[Match]) -> list[Match]:
    """Of overlapping matches, the reading that covers most characters (those of short
    forms weigh less), then has the fewest pieces (longer names), then full names before
    common words before short forms: 青岛市北区 -> 青岛 + 市北区; 党和政府 -> 政府, not
    和政(县); 大理石台面 -> 大理石, not 大理 + 石台."""
    chosen: list[Match] = []
    group: list[Match] = []
    reach = -1
    for match in [*found, (sys.maxsize, sys.maxsize, "", ())]:  # in order of start
        if group and match[0] >= reach:
            if len(group) == 1:
                chosen += group
            elif any(places for *_, places in group):
                chosen += _best_of_group(group)
            group = []
        group.append(match)
        reach = max(reach, match[1])
    return chosen


def _kind_of_match(form: str, places: tuple[Place, ...]) -> int:
    """2 for a full name, 1 for a common word, 0 for a short form."""
    if not places:
        return 1
    return 2 if any(p.name == form for p in places) else 0


# What a character is worth to a reading: less when a short form covers it, so that two
# short forms in a row (大理 + 石台) do not outweigh one word (大理石), while a short form
# before a full name (青岛 + 市北区) still outweighs the city alone (青岛市).
_CHARACTER_WEIGHT = {2: 10, 1: 10, 0: 7}


def _best_of_group(group: list[Match]) -> list[Match]:
    @cache
    def best(index: int) -> tuple[tuple[int, int, int], tuple[int, ...]]:
        if index == len(group):
            return (0, 0, 0), ()
        skip = best(index + 1)
        start, end, form, places = group[index]
        after = next((j for j in range(index + 1, len(group)) if group[j][0] >= end), len(group))
        (covered, fewer, kinds), rest = best(after)
        kind = _kind_of_match(form, places)
        weight = covered + (end - start) * _CHARACTER_WEIGHT[kind]
        return max(skip, ((weight, fewer - 1, kinds + kind), (index, *rest)), key=lambda o: o[0])

    return [group[i] for i in best(0)[1]]


@cache
def national_gazetteer() -> Gazetteer:
    """The gazetteer of the whole country, built once per process."""
    return Gazetteer.from_tree(national_tree())
