"""The demo's numbered crowd of residents (`testProvider.syntheticCitizens`), as the server numbers them
(Sources/SportelloAdapters/Identity/SyntheticPopulation.swift): citizen i's fiscal code encodes i."""

CONSONANTS = "BCDFGHJKLMNPQRSTVWXYZ"
MONTHS = "ABCDEHLMPRST"
ODD = dict(zip("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ",
               [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12,
                14, 16, 10, 22, 25, 24, 23]))


def check_character(first15):
    total = 0
    for position, character in enumerate(first15):
        if position % 2 == 0:
            total += ODD[character]
        else:
            total += int(character) if character.isdigit() else ord(character) - ord("A")
    return chr(ord("A") + total % 26)


def fiscal_code(i):
    letters, rest = [], i
    for _ in range(6):
        letters.append(CONSONANTS[rest % 21])
        rest //= 21
    year, month, day = 1950 + (i // 2) % 40, (i // 80) % 12 + 1, (i // 960) % 28 + 1
    if i % 2 == 1:
        day += 40
    first15 = "".join(reversed(letters)) + f"{year % 100:02d}{MONTHS[month - 1]}{day:02d}H501"
    return first15 + check_character(first15)


if __name__ == "__main__":
    assert check_character("RSSMRA85T10A562") == "S"
    print(fiscal_code(0), fiscal_code(1), fiscal_code(42))
