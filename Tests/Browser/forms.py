"""Filling Sportello's form pages in the browser tests: inputs by answer name, buttons, dates, files."""
from __future__ import annotations


def fill(site, name: str, value: str) -> None:
    field = site.find(f'[name="{name}"]')
    field.clear()
    field.send_keys(value)


def press(site, css: str) -> None:
    site.submit_and_wait(site.find(css))


def choose(site, name: str, value: str) -> None:
    site.find(f'input[name="{name}"][value="{value}"]').click()


def set_date(site, name: str, iso: str) -> None:
    """Date inputs take keys in the browser's locale order; the value itself is always ISO."""
    site.driver.execute_script("arguments[0].value = arguments[1]", site.find(f'[name="{name}"]'), iso)


def minimal_pdf(text: str) -> bytes:
    """A small, valid one-page PDF (what a scanned contract would be, in miniature)."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)
