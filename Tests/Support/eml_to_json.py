#!/usr/bin/env python3
"""Prints, as one JSON array, what a mail client would read in each .eml file given (or in every .eml of a
directory): decoded headers, bodies and attachments (name, type, size, SHA-256), parsed with Python's email
package (policy=email.policy.default), plus checks on the raw bytes (CRLF line endings, longest line)."""

import email
import email.policy
import hashlib
import json
import os
import sys


def describe(path):
    with open(path, "rb") as f:
        raw = f.read()
    message = email.message_from_bytes(raw, policy=email.policy.default)
    lines = raw.split(b"\r\n")
    header_end = raw.find(b"\r\n\r\n")
    header_lines = raw[:header_end].split(b"\r\n") if header_end >= 0 else lines

    def addresses(name):
        header = message[name]
        if header is None:
            return []
        return [{"name": a.display_name, "address": a.addr_spec} for a in header.addresses]

    text = message.get_body(("plain",))
    html = message.get_body(("html",))
    attachments = []
    for part in message.iter_attachments():
        content = part.get_content()
        if isinstance(content, str):
            content = content.encode()
        attachments.append({"filename": part.get_filename(), "content_type": part.get_content_type(),
                            "size": len(content), "sha256": hashlib.sha256(content).hexdigest()})
    envelope = {}
    sidecar = path[:-4] + ".json"
    if os.path.exists(sidecar):
        with open(sidecar) as f:
            envelope = json.load(f)
    return {
        "file": os.path.basename(path),
        "subject": str(message["subject"]) if message["subject"] is not None else None,
        "from": addresses("from"),
        "to": addresses("to"),
        "cc": addresses("cc"),
        "reply_to": addresses("reply-to"),
        "message_id": str(message["message-id"]),
        "date": str(message["date"]),
        "header_names": [name for name, _ in message.items()],
        "headers": {name.lower(): str(value) for name, value in message.items()},
        "content_type": message.get_content_type(),
        "structure": [part.get_content_type() for part in message.walk()],
        # Line endings as a client shows them (the parser keeps the CRLF of the wire).
        "text": text.get_content().replace("\r\n", "\n") if text is not None else None,
        "html": html.get_content().replace("\r\n", "\n") if html is not None else None,
        "attachments": attachments,
        "defects": [type(d).__name__ for part in message.walk() for d in part.defects],
        "all_crlf": b"\n" not in raw.replace(b"\r\n", b"") and b"\r" not in raw.replace(b"\r\n", b""),
        "max_line_length": max(len(line) for line in lines),
        "max_header_line_length": max(len(line) for line in header_lines),
        "envelope": envelope,
    }


def main():
    paths = []
    for argument in sys.argv[1:]:
        if os.path.isdir(argument):
            paths += sorted(os.path.join(argument, n) for n in os.listdir(argument) if n.endswith(".eml"))
        else:
            paths.append(argument)
    json.dump([describe(p) for p in paths], sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
