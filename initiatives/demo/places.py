"""Demo place tree from the seeds' facts. Idempotent: looks rows up before creating them."""

from initiatives.models import Region, RegionKind
from portal.text import pinyin_slug

# (name, kind, code, children). Township codes are left empty: we do not invent them.
PLACES = [
    ("山东省", RegionKind.PROVINCE, "370000000000", [
        ("淄博市", RegionKind.CITY, "370300000000", [
            ("张店区", RegionKind.DISTRICT, "370303000000", [
                ("和平街道", RegionKind.SUBDISTRICT, None, []),
                ("公园街道", RegionKind.SUBDISTRICT, None, []),
            ]),
        ]),
        ("青岛市", RegionKind.CITY, "370200000000", [
            ("市北区", RegionKind.DISTRICT, "370203000000", [
                ("即墨路街道", RegionKind.SUBDISTRICT, None, []),
            ]),
        ]),
    ]),
    ("安徽省", RegionKind.PROVINCE, "340000000000", [
        ("淮南市", RegionKind.CITY, "340400000000", [
            ("八公山区", RegionKind.DISTRICT, "340405000000", [
                ("土坝孜街道", RegionKind.SUBDISTRICT, None, []),
            ]),
        ]),
    ]),
    # The article on 北街街道 names neither its district nor its city.
    ("北街街道", RegionKind.SUBDISTRICT, None, []),
]  # fmt: skip


def _place(name, kind, code, parent) -> Region:
    region = Region.objects.filter(parent=parent, name=name).first()
    if region is None:
        slug = pinyin_slug(name)
        if parent is not None and Region.objects.filter(slug=slug).exists():
            slug = f"{parent.slug}-{slug}"
        region = Region.objects.create(parent=parent, name=name, kind=kind, code=code, slug=slug)
    return region


def load_places() -> dict[str, Region]:
    """Create the place tree; return every place by name."""
    by_name: dict[str, Region] = {}

    def walk(nodes, parent):
        for name, kind, code, children in nodes:
            region = _place(name, kind, code, parent)
            by_name[name] = region
            walk(children, region)

    walk(PLACES, None)
    return by_name
