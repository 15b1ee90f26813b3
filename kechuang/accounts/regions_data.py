"""Read the NBS 2023 statistical division codes shipped in accounts/data/regions/.

Source: National Bureau of Statistics, 统计用区划代码 2023 (as of 2023-06-30), as compiled by
the public dataset modood/Administrative-divisions-of-China (WTFPL); villages are not included.
"""

from __future__ import annotations

import csv
from pathlib import Path

from .choices import RegionLevel

DATA_DIR = Path(__file__).resolve().parent / "data" / "regions"


def _read(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def county_rows(county_code: str) -> list[tuple[str, str, int, str | None]]:
    """Province, city, county and towns of one county, parents first."""
    county = next((r for r in _read("areas.csv") if r["code"] == county_code), None)
    if county is None:
        raise KeyError(county_code)
    province = next(r for r in _read("provinces.csv") if r["code"] == county["provinceCode"])
    city = next(r for r in _read("cities.csv") if r["code"] == county["cityCode"])
    rows: list[tuple[str, str, int, str | None]] = [
        (province["code"], province["name"], RegionLevel.PROVINCE, None),
        (city["code"], city["name"], RegionLevel.CITY, province["code"]),
        (county["code"], county["name"], RegionLevel.COUNTY, city["code"]),
    ]
    for town in _read("streets.csv"):
        if town["areaCode"] == county_code:
            rows.append((town["code"], town["name"], RegionLevel.TOWN, county_code))
    return rows
