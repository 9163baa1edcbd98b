import pytest

from core.inn import InvalidInn, check_inn, is_valid_inn, with_check_digits


@pytest.mark.parametrize(
    "inn",
    [
        "7707083893",  # a well-known organisation INN
        "500100732259",  # a well-known individual INN
        with_check_digits("510700123"),
        with_check_digits("5107001234"),
    ],
)
def test_it_accepts_valid_inns(inn: str) -> None:
    assert is_valid_inn(inn)


@pytest.mark.parametrize(
    ("inn", "reason"),
    [
        ("7707083894", "checksum"),
        ("500100732258", "checksum"),
        ("500100732249", "checksum"),
        ("12345", "length"),
        ("77070838931", "length"),
        ("77070a3893", "digits"),
        ("７７０７０８３８９３", "digits"),  # full-width digits are not ASCII digits
        ("", "digits"),
    ],
)
def test_it_rejects_invalid_inns_with_the_reason(inn: str, reason: str) -> None:
    with pytest.raises(InvalidInn) as error:
        check_inn(inn)
    assert str(error.value) == reason


def test_it_ignores_spaces() -> None:
    assert check_inn(" 7707 083 893 ") == "7707083893"
