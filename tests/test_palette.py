"""The palettes stay distinguishable for readers with a red-green colour-vision deficiency.

Colours are simulated as seen with deuteranopia and protanopia (Machado, Oliveira &
Fernandes 2009, severity 1, applied to linear RGB) and compared in CIELAB with CIEDE2000.
The simulation and the colour difference are written out here, independently of the code
under test, and checked against a red and a green that such readers confuse.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from partdash.analysis import mapdata
from partdash.charts import maps
from partdash.charts.style import CATEGORICAL, GREY, OKABE_ITO, SEQUENTIAL, UNKNOWN, code_colours
from partdash.inventory.vocab import VOCABULARIES

MACHADO = {
    "normal": np.eye(3),
    "deuteranopia": np.array(
        [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.011820, 0.042940, 0.968881]]
    ),
    "protanopia": np.array(
        [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]]
    ),
}
SRGB_TO_XYZ = np.array(
    [[0.4124564, 0.3575761, 0.1804375], [0.2126729, 0.7151522, 0.0721750], [0.0193339, 0.1191920, 0.9503041]]
)
# Okabe-Ito's own closest pair (orange and yellow under deuteranopia) is 11.6 apart.
CATEGORICAL_MIN = 11.5
SEQUENTIAL_MIN = 9.0  # neighbouring classes of a ramp, told apart by lightness


def linear(hex_colour: str) -> np.ndarray:
    value = np.array([int(hex_colour.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4)]) / 255
    return np.where(value <= 0.04045, value / 12.92, ((value + 0.055) / 1.055) ** 2.4)


def lab(hex_colour: str, vision: str) -> np.ndarray:
    """CIELAB (D65) of the colour as seen with ``vision``; out-of-gamut results clipped."""
    rgb = np.clip(MACHADO[vision] @ linear(hex_colour), 0, 1)
    xyz = SRGB_TO_XYZ @ rgb / SRGB_TO_XYZ.sum(axis=1)
    f = np.where(xyz > 216 / 24389, np.cbrt(xyz), (24389 / 27 * xyz + 16) / 116)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def ciede2000(lab1: np.ndarray, lab2: np.ndarray) -> float:
    (l1, a1, b1), (l2, a2, b2) = lab1, lab2
    c_mean = (np.hypot(a1, b1) + np.hypot(a2, b2)) / 2
    g = 0.5 * (1 - np.sqrt(c_mean**7 / (c_mean**7 + 25**7)))
    a1, a2 = a1 * (1 + g), a2 * (1 + g)
    c1, c2 = np.hypot(a1, b1), np.hypot(a2, b2)
    h1, h2 = np.degrees(np.arctan2(b1, a1)) % 360, np.degrees(np.arctan2(b2, a2)) % 360
    dh = 0.0 if c1 * c2 == 0 else (h2 - h1 + 180) % 360 - 180
    big_dh = 2 * np.sqrt(c1 * c2) * np.sin(np.radians(dh / 2))
    l_mean, c_mean = (l1 + l2) / 2, (c1 + c2) / 2
    if c1 * c2 == 0:
        h_mean = h1 + h2
    elif abs(h1 - h2) <= 180:
        h_mean = (h1 + h2) / 2
    else:
        h_mean = (h1 + h2 + 360) / 2 if h1 + h2 < 360 else (h1 + h2 - 360) / 2
    t = (
        1
        - 0.17 * np.cos(np.radians(h_mean - 30))
        + 0.24 * np.cos(np.radians(2 * h_mean))
        + 0.32 * np.cos(np.radians(3 * h_mean + 6))
        - 0.20 * np.cos(np.radians(4 * h_mean - 63))
    )
    s_l = 1 + 0.015 * (l_mean - 50) ** 2 / np.sqrt(20 + (l_mean - 50) ** 2)
    s_c, s_h = 1 + 0.045 * c_mean, 1 + 0.015 * c_mean * t
    r_t = -np.sin(np.radians(60 * np.exp(-(((h_mean - 275) / 25) ** 2)))) * 2 * np.sqrt(c_mean**7 / (c_mean**7 + 25**7))
    terms = ((l2 - l1) / s_l, (c2 - c1) / s_c, big_dh / s_h)
    return float(np.sqrt(terms[0] ** 2 + terms[1] ** 2 + terms[2] ** 2 + r_t * terms[1] * terms[2]))


def difference(first: str, second: str, vision: str) -> float:
    return ciede2000(lab(first, vision), lab(second, vision))


def closest(colours, vision: str, apart=()) -> tuple[float, str, str]:
    """The closest pair of ``colours`` as seen with ``vision``; pairs within ``apart`` skipped."""
    pairs = [(a, b) for a, b in itertools.combinations(dict.fromkeys(colours), 2) if not {a, b} <= set(apart)]
    return min((difference(a, b, vision), a, b) for a, b in pairs)


def test_ciede2000_matches_sharma_reference_pairs():
    # Sharma, Wu & Dalal (2005), pairs 1 and 7 of their test data.
    assert ciede2000(np.array([50, 2.6772, -79.7751]), np.array([50, 0, -82.7485])) == pytest.approx(2.0425, abs=1e-4)
    assert ciede2000(np.array([50, 0, 0]), np.array([50, -1, 2])) == pytest.approx(2.3669, abs=1e-4)


def test_the_simulation_confuses_a_red_and_a_green():
    red, green = "#E41A1C", "#447700"  # plainly different in normal vision
    assert difference(red, green, "normal") > 60
    for vision in ("deuteranopia", "protanopia"):
        assert difference(red, green, vision) < CATEGORICAL_MIN


@pytest.mark.parametrize("vision", list(MACHADO))
def test_categorical_colours_and_the_greys_stay_apart(vision):
    distance, first, second = closest([*CATEGORICAL, GREY, UNKNOWN], vision, apart=(GREY, UNKNOWN))
    assert distance >= CATEGORICAL_MIN, (first, second)
    assert CATEGORICAL[: len(OKABE_ITO)] == OKABE_ITO  # small vocabularies keep Okabe-Ito


def test_grey_and_unknown_differ_in_lightness_which_no_deficiency_changes():
    for vision in MACHADO:
        assert abs(lab(GREY, vision)[0] - lab(UNKNOWN, vision)[0]) >= 8


@pytest.mark.parametrize("field", ["themes", "organiser_level", "participation_level", "status"])
@pytest.mark.parametrize("vision", list(MACHADO))
def test_every_vocabulary_gets_distinct_colours(field, vision):
    colours = code_colours(field)
    assert set(colours) == set(VOCABULARIES[field].codes)
    distance, first, second = closest([*colours.values(), UNKNOWN], vision, apart=(GREY, UNKNOWN))
    assert distance >= CATEGORICAL_MIN, (first, second)


@pytest.mark.parametrize("option", [*mapdata.COLOUR_FIELDS, mapdata.THEME_PREFIX + "mobility"])
@pytest.mark.parametrize("vision", list(MACHADO))
def test_map_colours_of_every_choice_stay_apart(option, vision):
    years = mapdata.Classes((2015.0, 2017.0, 2019.0, 2021.0, 2023.0, 2025.0), integer=True)
    table = maps.code_colour_table(option, years)
    minimum = SEQUENTIAL_MIN if option == "start_year" else CATEGORICAL_MIN
    distance, first, second = closest(table.values(), vision, apart=(GREY, UNKNOWN))
    assert distance >= minimum, (first, second)


@pytest.mark.parametrize("ramp", [SEQUENTIAL, maps.YEARS], ids=["classes", "years"])
@pytest.mark.parametrize("vision", list(MACHADO))
def test_sequential_ramps_order_by_lightness_and_steps_stay_apart(ramp, vision):
    lightness = [lab(colour, vision)[0] for colour in ramp]
    assert all(np.diff(lightness) < 0) or all(np.diff(lightness) > 0)
    assert min(difference(a, b, vision) for a, b in itertools.pairwise(ramp)) >= SEQUENTIAL_MIN
    classes = maps.class_colours(4)
    assert len(set(classes)) == 4 and set(classes) <= set(SEQUENTIAL)
