"""WCAG 2.1 relative luminance and contrast ratio."""

from __future__ import annotations

import pytest

from tenant_apps.site.contrast import contrast_ratio, normalise_colour, relative_luminance


def test_black_and_white_are_the_extremes() -> None:
    assert relative_luminance("#000000") == 0.0
    assert relative_luminance("#ffffff") == 1.0
    assert contrast_ratio("#000000", "#ffffff") == 21.0
    assert contrast_ratio("#ffffff", "#000000") == 21.0


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        ("#767676", "#ffffff", 4.54),  # the classic lightest grey that passes AA on white
        ("#777777", "#ffffff", 4.48),  # and the one just above it that fails
        ("#7fa7d1", "#ffffff", 2.51),
        ("#1f4e79", "#ffffff", 8.66),
    ],
)
def test_known_ratios(first: str, second: str, expected: float) -> None:
    assert round(contrast_ratio(first, second), 2) == expected


@pytest.mark.parametrize(
    ("given", "expected"),
    [("#ABC", "#aabbcc"), (" #1F4E79 ", "#1f4e79"), ("red", "red"), ("", "")],
)
def test_colours_are_normalised_to_lowercase_rrggbb(given: str, expected: str) -> None:
    assert normalise_colour(given) == expected
