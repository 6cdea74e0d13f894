"""Vendoring a new edition: the files are compressed reproducibly and read back."""

import gzip
import hashlib

from initiatives.places.divisions import read_divisions
from initiatives.places.divisions.refresh import new_short_forms, vendor

EDITION = {
    "provinces.csv": 'code,name\n37,"山东省"\n',
    "cities.csv": 'code,name,provinceCode\n3703,"淄博市",37\n',
    "areas.csv": 'code,name,cityCode,provinceCode\n370303,"张店区",3703,37\n370399,"花开区",3703,37\n',
    "streets.csv": 'code,name,areaCode,provinceCode,cityCode\n370303004,"和平街道",370303,37,3703\n',
}


def test_vendor_compresses_the_files_and_counts_their_rows(tmp_path):
    dist, data = tmp_path / "dist", tmp_path / "data"
    dist.mkdir()
    for name, text in EDITION.items():
        (dist / name).write_text(text, encoding="utf-8")
    first = vendor(dist, data)
    assert [(f.name, f.rows) for f in first] == [
        ("provinces.csv.gz", 1),
        ("cities.csv.gz", 1),
        ("areas.csv.gz", 2),
        ("streets.csv.gz", 1),
    ]
    for item in first:
        packed = (data / item.name).read_bytes()
        raw = EDITION[item.name.removesuffix(".gz")].encode()
        assert gzip.decompress(packed) == raw
        assert item.csv_sha256 == hashlib.sha256(raw).hexdigest()
        assert item.gz_sha256 == hashlib.sha256(packed).hexdigest()
    assert vendor(dist, data) == first  # the same bytes twice: no time in the header

    edition = read_divisions(data)
    assert len(edition) == 5
    assert new_short_forms(None, edition) == sorted(["山东", "淄博", "张店", "花开"])
    shandong = read_divisions(provinces={"37"})
    assert new_short_forms(shandong, edition) == ["花开"]
