#!/usr/bin/env python3
"""Writes the reference symbols and tables the SportelloQR tests compare against, made with segno.

    python3 -m venv /tmp/qrvenv && /tmp/qrvenv/bin/pip install segno
    /tmp/qrvenv/bin/python Tests/SportelloQRTests/Fixtures/make_fixtures.py

segno's padding after the terminator is corrected first (see write_padding_bits). Every symbol is made in byte mode with an explicit error correction level, boost_error=False and no ECI, so segno
makes exactly the symbol our encoder must make. With a version it is that version; without one ("minimum-version 1"
or a minimum below segno's choice) segno picks the smallest version that fits, which our encoder must pick too.

symbols/*.txt: header lines, then one line a row of the symbol without quiet zone (1 dark, 0 light):
    payload <hex bytes>
    eci none|26              26: the payload is non-ASCII UTF-8 text, preceded by the ECI designator for UTF-8
    level L|M|Q|H
    minimum-version <n>      what the encoder is asked for
    mask auto|<0-7>          auto: the encoder chooses by the penalty rules
    version <n>              what segno made
    chosen-mask <0-7>
tables.txt: segno's error correction blocks ("ecc version level count total data ..." per group of blocks), data
capacity in bits ("bits version level n") and alignment pattern centres ("align version c1 c2 ...").
"""

import os
import shutil

import segno
from segno import consts, encoder


def write_padding_bits(buff, version, length):
    """Zero bits up to the next codeword boundary, none when the bit stream ends on one (7.4.10).

    segno 1.6 adds eight zero bits in that case, a codeword 0x00 where the first pad codeword 0xEC belongs (its
    issues #123 and #148). In byte mode without ECI the terminator always ends on a boundary, so every such symbol
    with room for a pad codeword would differ; with this fix segno makes the symbol of the standard.
    """
    buff.extend([0] * (-length % 8))


encoder.write_padding_bits = write_padding_bits

HERE = os.path.dirname(os.path.abspath(__file__))
LEVELS = "LMQH"
LEVEL_CONSTANTS = {"L": consts.ERROR_LEVEL_L, "M": consts.ERROR_LEVEL_M, "Q": consts.ERROR_LEVEL_Q, "H": consts.ERROR_LEVEL_H}
PAGOPA = b"PAGOPA|002|301000000000000144|01234567890|12345"
ITALIAN = (
    "Comune di Sportello – Ufficio tributi. Perché l’avviso è già pagato? Città, più, così: "
    "àèéìòù ÀÈÉÌÒÙ «€ 1.234,56»; "
).encode("utf-8")


def byte_capacity(version, level):
    bits = consts.SYMBOL_CAPACITY[version][LEVEL_CONSTANTS[level]]
    return (bits - 4 - (8 if version <= 9 else 16)) // 8


class Numbers:
    """A fixed linear congruential generator, so the payloads are the same on every run and Python."""

    def __init__(self, seed):
        self.state = seed

    def next_byte(self):
        self.state = (self.state * 1103515245 + 12345) % 2**31
        return self.state >> 23


def text_payload(length, offset):
    repeated = ITALIAN * (length // len(ITALIAN) + 2)
    return repeated[offset : offset + length]


def binary_payload(length, seed):
    numbers = Numbers(seed)
    return bytes(numbers.next_byte() for _ in range(length))


def write_symbol(name, payload, level, minimum_version, mask, version=None, eci=False):
    """With eci, the payload is UTF-8 text with a non-ASCII character and the symbol has the ECI designator 26."""
    content = payload
    if eci:
        content = payload.decode("utf-8")
        assert not content.isascii(), name
    code = segno.make(
        content, error=level, version=version, mode="byte", mask=mask, boost_error=False, micro=False,
        eci=eci, encoding="utf-8" if eci else None,
    )
    assert code.mode == "byte" and code.error == level, (name, code.mode, code.error)
    lines = [
        f"payload {payload.hex()}",
        f"eci {'26' if eci else 'none'}",
        f"level {level}",
        f"minimum-version {minimum_version}",
        f"mask {'auto' if mask is None else mask}",
        f"version {code.version}",
        f"chosen-mask {code.mask}",
    ]
    lines += ["".join(str(module) for module in row) for row in code.matrix]
    with open(os.path.join(HERE, "symbols", name + ".txt"), "w") as out:
        out.write("\n".join(lines) + "\n")


def write_symbols():
    directory = os.path.join(HERE, "symbols")
    shutil.rmtree(directory, ignore_errors=True)
    os.makedirs(directory)
    # Every level at versions 1, 2, 4, 7, 10, 25 and 40: full capacity, one byte short, about 60 % and three short;
    # text and binary payloads in turn; the mask chosen by the penalty rules.
    for version in (1, 2, 4, 7, 10, 25, 40):
        for index, level in enumerate(LEVELS):
            capacity = byte_capacity(version, level)
            length = (capacity, capacity - 1, capacity * 3 // 5, capacity - 3)[index]
            if (version + index) % 2 == 0:
                kind, payload = "text", text_payload(length, version + index)
            else:
                kind, payload = "binary", binary_payload(length, version * 10 + index)
            name = f"v{version:02d}-{level}-auto-{kind}{length}"
            write_symbol(name, payload, level, version, None, version)
    # The pagoPA payment notice (version 4, level M) with every mask and the chosen one.
    write_symbol("v04-M-auto-pagopa", PAGOPA, "M", 4, None, 4)
    for mask in range(8):
        write_symbol(f"v04-M-mask{mask}-pagopa", PAGOPA, "M", 4, mask, 4)
    # Version information with every mask.
    for mask in range(8):
        write_symbol(f"v07-Q-mask{mask}-text", text_payload(60, 0), "Q", 7, mask, 7)
    # The smallest version that fits, from version 1 or from a minimum the payload outgrows.
    write_symbol("auto-version-L-1byte", b"A", "L", 1, None)
    write_symbol("auto-version-M-pagopa", PAGOPA, "M", 1, None)
    write_symbol("auto-version-H-text100", text_payload(100, 3), "H", 1, None)
    write_symbol("auto-version-Q-binary321", binary_payload(321, 7), "Q", 1, None)
    write_symbol("auto-version-M-from4-text70", text_payload(70, 5), "M", 4, None)
    # Non-ASCII text with the UTF-8 designator: the chosen mask, a forced one, a full symbol (no room left for the
    # terminator) and one byte more, which needs the next version.
    italian = "Perché è già così: città più bella – € 5,00".encode("utf-8")
    write_symbol("eci-v01-L-auto-text", "è".encode("utf-8"), "L", 1, None, 1, eci=True)
    write_symbol("eci-v04-M-auto-text", italian, "M", 4, None, 4, eci=True)
    write_symbol("eci-v08-H-mask6-text", italian, "H", 8, 6, 8, eci=True)
    full = "è" + "a" * (byte_capacity(10, "Q") - 3)
    write_symbol("eci-v10-Q-auto-full", full.encode("utf-8"), "Q", 10, None, 10, eci=True)
    write_symbol("eci-auto-version-Q-over10", (full + "a").encode("utf-8"), "Q", 10, None, eci=True)


def write_tables():
    lines = []
    for version in range(1, 41):
        for level in LEVELS:
            groups = consts.ECC[version][LEVEL_CONSTANTS[level]]
            lines.append(
                f"ecc {version} {level} "
                + " ".join(f"{g.num_blocks} {g.num_total} {g.num_data}" for g in groups)
            )
            lines.append(f"bits {version} {level} {consts.SYMBOL_CAPACITY[version][LEVEL_CONSTANTS[level]]}")
        positions = consts.ALIGNMENT_POS[version - 2] if version > 1 else ()
        lines.append(f"align {version} " + " ".join(str(p) for p in positions))
    with open(os.path.join(HERE, "tables.txt"), "w") as out:
        out.write("\n".join(line.rstrip() for line in lines) + "\n")


if __name__ == "__main__":
    write_symbols()
    write_tables()
    print(f"segno {segno.__version__}: wrote {len(os.listdir(os.path.join(HERE, 'symbols')))} symbols and tables.txt")
