"""A one-page PDF with a line of text, for the benchmarks' attached documents (the server checks the kind by
extension and first bytes). `padding` bytes of comment make it bigger without changing what it shows."""


def minimal_pdf(title, padding=0):
    stream = f"BT /F1 12 Tf 72 720 Td ({title}) Tj ET".encode()
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
               b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream"]
    out = b"%PDF-1.4\n"
    for number, body in enumerate(objects, 1):
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    out += b"trailer\n<< /Root 1 0 R >>\n%%EOF\n"
    return out + (b"%" + b"x" * padding + b"\n" if padding else b"")
