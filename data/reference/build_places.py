"""Regenerate places.csv from the General Statistics Office's lists of administrative units.

The lists come from the PyPI package `vietnam-provinces` (GSO codes and names): version 0.6.0 holds the
63 provinces with their districts and wards before the 2025 reorganisation, version 2025.10.1 the 34 provinces
and their wards and communes after it. Neither is a dependency of chitieu; this script is run by hand when the
lists change, and its output is reviewed like any other reference file:

    pip download vietnam-provinces==0.6.0 vietnam-provinces==2025.10.1 --no-deps -d /tmp/vp
    python data/reference/build_places.py /tmp/vp/vietnam_provinces-0.6.0-*.whl \
        /tmp/vp/vietnam_provinces-2025.10.1-*.whl

Names are written without the level word ("Huyện Củ Chi" -> "Củ Chi") and with the tone mark placed as the
reports print it ("Hoà Bình" -> "Hòa Bình"). `merged_into` (the province a pre-2025 province became part of)
and `also` (other names a text uses) come from MERGERS and ALSO below.
"""

from __future__ import annotations

import csv
import json
import re
import sys
import unicodedata
import zipfile
from pathlib import Path

OUT = Path(__file__).with_name("places.csv")
DATA = "vietnam_provinces/data/nested-divisions.json"

# the first words of a GSO name, and the level they give   e.g. 'Thị xã Hồng Ngự' -> town
LEVEL_PREFIXES = [
    ("Thành phố", "city"), ("Thị xã", "town"), ("Thị trấn", "commune"), ("Tỉnh", "province"),
    ("Quận", "district"), ("Huyện", "district"), ("Phường", "ward"), ("Xã", "commune"), ("Đặc khu", "commune"),
]
# Nghị quyết 202/2025/QH15: the provinces merged on 1 July 2025, and the province each became part of
MERGERS = {
    "Hà Giang": "Tuyên Quang", "Yên Bái": "Lào Cai", "Bắc Kạn": "Thái Nguyên", "Vĩnh Phúc": "Phú Thọ",
    "Hòa Bình": "Phú Thọ", "Bắc Giang": "Bắc Ninh", "Thái Bình": "Hưng Yên", "Hải Dương": "Hải Phòng",
    "Hà Nam": "Ninh Bình", "Nam Định": "Ninh Bình", "Quảng Bình": "Quảng Trị", "Quảng Nam": "Đà Nẵng",
    "Kon Tum": "Quảng Ngãi", "Bình Định": "Gia Lai", "Ninh Thuận": "Khánh Hòa", "Đắk Nông": "Lâm Đồng",
    "Bình Thuận": "Lâm Đồng", "Phú Yên": "Đắk Lắk", "Bình Dương": "TP Hồ Chí Minh",
    "Bà Rịa - Vũng Tàu": "TP Hồ Chí Minh", "Bình Phước": "Đồng Nai", "Long An": "Tây Ninh",
    "Sóc Trăng": "Cần Thơ", "Hậu Giang": "Cần Thơ", "Bến Tre": "Vĩnh Long", "Trà Vinh": "Vĩnh Long",
    "Tiền Giang": "Đồng Tháp", "Bạc Liêu": "Cà Mau", "Kiên Giang": "An Giang",
}
RENAMED = {"Hồ Chí Minh": "TP Hồ Chí Minh"}   # the name alone is the person's
ALSO = {"TP Hồ Chí Minh": "Hồ Chí Minh|Sài Gòn", "Bà Rịa - Vũng Tàu": "Bà Rịa Vũng Tàu",
        "Thừa Thiên Huế": "Thừa Thiên - Huế"}
# provinces the older list already prints under their 2025 name: the province a text before 2025 names
EARLIER = [{"name": "Thừa Thiên Huế", "level": "province", "parent": "", "era": "before_2025", "merged_into": "Huế",
            "also": ALSO["Thừa Thiên Huế"]}]
CENTRAL_CITY = "Thành phố"   # a province-level unit named 'Thành phố ...' is a centrally-run city

# a tone mark on the second vowel of oa / oe / uy closing a syllable  e.g. 'Hoà' -> 'Hòa', 'Thuỵ' -> 'Thụy'
OLD_TONE = re.compile(r"([oOuU])([aeyAEY])([\u0300\u0301\u0303\u0309\u0323])(?![a-zA-Z\u0300-\u036f])")


def modern_tone(name: str) -> str:
    nfd = unicodedata.normalize("NFD", name)
    return unicodedata.normalize("NFC", OLD_TONE.sub(lambda m: m.group(1) + m.group(3) + m.group(2), nfd))


def split_level(gso_name: str) -> tuple[str, str]:
    for prefix, level in LEVEL_PREFIXES:
        if gso_name.lower().startswith(prefix.lower() + " "):   # 'Thành Phố Bắc Kạn' as well
            name = modern_tone(gso_name[len(prefix) + 1:].strip())
            return RENAMED.get(name, name), level
    raise ValueError(f"no level word in {gso_name!r}")


def load(wheel: str) -> list[dict]:
    with zipfile.ZipFile(wheel) as z:
        return json.loads(z.read(DATA))


def province_row(p: dict, era: str) -> dict:
    try:
        name, _ = split_level(p["name"])
    except ValueError:   # after 2025 a province is listed by its name alone
        name = RENAMED.get(modern_tone(p["name"]), modern_tone(p["name"]))
    level = "city" if p["name"].startswith(CENTRAL_CITY) else "province"
    return {"name": name, "level": level, "parent": "", "era": era,
            "merged_into": MERGERS.get(name, "") if era == "before_2025" else "", "also": ALSO.get(name, "")}


def unit_row(gso_name: str, parent: str, era: str) -> dict | None:
    name, level = split_level(gso_name)
    if name.isdigit():
        return None   # 'Phường 1': a number is not a name a text can be matched by
    return {"name": name, "level": level, "parent": parent, "era": era, "merged_into": "", "also": ""}


def rows(before: list[dict], after: list[dict]) -> list[dict]:
    out = []
    for p in before:
        prov = province_row(p, "before_2025")
        out.append(prov)
        for d in p["districts"]:
            out.append(unit_row(d["name"], prov["name"], "before_2025"))
            out.extend(unit_row(w["name"], prov["name"], "before_2025") for w in d["wards"])
    for p in after:
        prov = province_row(p, "after_2025")
        out.append(prov)
        out.extend(unit_row(w["name"], prov["name"], "after_2025") for w in p["wards"])
    return merge_eras([r for r in out if r is not None] + EARLIER)


def merge_eras(rows: list[dict]) -> list[dict]:
    """One row per (name, level, parent): a unit that exists before and after 2025 is 'both'."""
    seen: dict[tuple, dict] = {}
    for r in rows:
        k = (r["name"], r["level"], r["parent"])
        if k in seen:
            if seen[k]["era"] != r["era"]:
                seen[k]["era"] = "both"
            seen[k]["merged_into"] = seen[k]["merged_into"] or r["merged_into"]
        else:
            seen[k] = dict(r)
    return list(seen.values())


def main(before_wheel: str, after_wheel: str) -> None:
    table = rows(load(before_wheel), load(after_wheel))
    tmp = OUT.with_suffix(".tmp")
    with open(tmp, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=["name", "level", "parent", "era", "merged_into", "also"])
        w.writeheader()
        w.writerows(table)
    tmp.replace(OUT)
    print(f"{OUT}: {len(table)} places")


if __name__ == "__main__":
    main(*sys.argv[1:3])
