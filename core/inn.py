"""Russian taxpayer numbers (ИНН): 10 digits for organisations, 12 for individuals.

The last one or two digits are check digits: a weighted sum of the digits before them,
modulo 11, modulo 10 (Federal Tax Service order of 29.06.2012).
"""

_WEIGHTS_10 = (2, 4, 10, 3, 5, 9, 4, 6, 8)
_WEIGHTS_11 = (7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
_WEIGHTS_12 = (3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8)


class InvalidInn(ValueError):
    pass


def _check_digit(digits: str, weights: tuple[int, ...]) -> int:
    return sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11 % 10


def is_valid_inn(value: str) -> bool:
    try:
        check_inn(value)
    except InvalidInn:
        return False
    return True


def check_inn(value: str) -> str:
    """Return the ИНН without spaces; raise InvalidInn with the reason if it is not valid."""
    inn = value.replace(" ", "").strip()
    if not inn.isdigit() or not inn.isascii():
        raise InvalidInn("digits")
    if len(inn) == 10:
        if _check_digit(inn[:9], _WEIGHTS_10) != int(inn[9]):
            raise InvalidInn("checksum")
    elif len(inn) == 12:
        if _check_digit(inn[:10], _WEIGHTS_11) != int(inn[10]) or _check_digit(
            inn[:11], _WEIGHTS_12
        ) != int(inn[11]):
            raise InvalidInn("checksum")
    else:
        raise InvalidInn("length")
    return inn


def with_check_digits(body: str) -> str:
    """Return a valid ИНН from its first 9 (organisation) or 10 (individual) digits."""
    if len(body) == 9:
        return body + str(_check_digit(body, _WEIGHTS_10))
    if len(body) == 10:
        first = body + str(_check_digit(body, _WEIGHTS_11))
        return first + str(_check_digit(first, _WEIGHTS_12))
    raise ValueError("body must have 9 or 10 digits")
