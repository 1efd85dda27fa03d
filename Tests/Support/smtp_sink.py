#!/usr/bin/env python3
"""A real SMTP server for Sportello's mail tests and benchmark (aiosmtpd).

Listens on a free loopback port, prints that port on stdout (one line) when ready, and runs until its standard
input is closed (so it never outlives the process that started it) or it receives SIGTERM.

Each accepted message is written to --dir as NNNNNN.eml (the data as received, dot-unstuffed) with
NNNNNN.json beside it (envelope sender, recipients and the client's port, which tells connections apart).

  smtp_sink.py --dir DIR [--port PORT] [--starttls | --implicit-tls] [--tls-dir DIR] [--auth USER:PASSWORD]
               [--mechanisms PLAIN,LOGIN] [--reject ADDR]... [--defer ADDR]... [--timeout SECONDS]
               [--no-ehlo] [--no-files] [--workers N] [--block-data]

--port listens on that port instead of a free one (the fault script starts the sink where a server already
looks for it). --starttls / --implicit-tls make a self-signed certificate for localhost and 127.0.0.1 with openssl in --tls-dir
(cert.pem, the file to trust) unless one is there. --auth requires authentication (over TLS when TLS is on).
--reject answers 550 to RCPT TO for that address, --defer 451. --timeout closes idle connections.
--workers N serves the same port from N processes; their files are then named WORKER-NNNNNN. --block-data reads
DATA in blocks up to the final "." line instead of aiosmtpd's line-by-line loop, which costs about 2 µs a line
(6 ms for a message with two 80 kB attachments): the benchmark uses both to tell the client's speed from the sink's.
"""

import argparse
import asyncio
import json
import os
import signal
import socket
import ssl
import subprocess
import sys
import threading
import time

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword, syntax


def make_certificate(directory):
    cert = os.path.join(directory, "cert.pem")
    key = os.path.join(directory, "key.pem")
    if not (os.path.exists(cert) and os.path.exists(key)):
        os.makedirs(directory, exist_ok=True)
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
             "-keyout", key, "-out", cert, "-days", "2", "-subj", "/CN=localhost",
             "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
             "-addext", "basicConstraints=critical,CA:TRUE"],
            check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    return context


class Sink:
    def __init__(self, directory, reject, defer, write_files, prefix="", close_after_message=False):
        self.close_after_message = close_after_message
        self.directory = directory
        self.prefix = prefix
        self.reject = {a.lower() for a in reject}
        self.defer = {a.lower() for a in defer}
        self.write_files = write_files
        self.count = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower() in self.reject:
            return f"550 5.1.1 <{address}>: Recipient address rejected: User unknown"
        if address.lower() in self.defer:
            return "451 4.3.0 Temporary local problem, try again later"
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        if self.write_files:
            name = os.path.join(self.directory, f"{self.prefix}{self.count:06d}")
            data = envelope.original_content or envelope.content
            with open(name + ".tmp", "wb") as f:
                f.write(data)
            with open(name + ".json", "w") as f:
                json.dump({"mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos,
                           "client_port": session.peer[1] if session.peer else None,
                           "tls": session.ssl is not None,
                           "authenticated": session.authenticated}, f)
            os.rename(name + ".tmp", name + ".eml")
        if self.close_after_message:
            # As a server that drops a client it considers idle: the connection ends right after the reply.
            asyncio.get_running_loop().call_later(0.05, server.transport.close)
        return "250 2.0.0 OK queued"


class NoEhloSMTP(SMTP):
    async def smtp_EHLO(self, hostname):
        await self.push("502 5.5.2 Error: command not recognized")


class BlockDataSMTP(SMTP):
    """aiosmtpd with DATA read in blocks: the same checks, replies, dot-unstuffing and handler call."""

    @syntax("DATA")
    async def smtp_DATA(self, arg):
        if await self.check_helo_needed() or await self.check_auth_needed("DATA"):
            return
        if not self.envelope.rcpt_tos:
            await self.push("503 Error: need RCPT command")
            return
        if arg:
            await self.push("501 Syntax: DATA")
            return
        await self.push("354 End data with <CR><LF>.<CR><LF>")
        # A leading CRLF makes the first line like all others: each line starts after a CRLF.
        buffer = bytearray(b"\r\n")
        scanned = 0
        while True:
            end = buffer.find(b"\r\n.\r\n", max(scanned - 4, 0))
            if end >= 0:
                break
            scanned = len(buffer)
            if self.data_size_limit and scanned > self.data_size_limit + 8:
                await self.push("552 Error: Too much mail data")
                self._set_post_data_state()
                return
            block = await self._reader.read(262144)
            if not block:
                return  # the connection closed
            buffer += block
        rest = bytes(buffer[end + 5:])
        if rest:  # a pipelining client's next command
            self._reader._buffer[:0] = rest
        content = bytes(buffer[2:end + 2]).replace(b"\r\n..", b"\r\n.")
        if content.startswith(b".."):
            content = content[1:]
        self.envelope.content = self.envelope.original_content = content
        status = await self._call_handler_hook("DATA")
        self._set_post_data_state()
        await self.push(status)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", required=True)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--starttls", action="store_true")
    parser.add_argument("--implicit-tls", action="store_true")
    parser.add_argument("--tls-dir")
    parser.add_argument("--auth")
    parser.add_argument("--mechanisms", default="PLAIN,LOGIN")
    parser.add_argument("--reject", action="append", default=[])
    parser.add_argument("--defer", action="append", default=[])
    parser.add_argument("--timeout", type=float, default=300)
    parser.add_argument("--close-after-message", action="store_true")
    parser.add_argument("--no-ehlo", action="store_true")
    parser.add_argument("--no-files", action="store_true")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--block-data", action="store_true")
    args = parser.parse_args()

    os.makedirs(args.dir, exist_ok=True)
    tls_context = None
    if args.starttls or args.implicit_tls:
        tls_context = make_certificate(args.tls_dir or os.path.join(args.dir, "tls"))

    authenticator = None
    if args.auth:
        user, _, password = args.auth.partition(":")

        def authenticator(server, session, envelope, mechanism, auth_data):
            ok = (isinstance(auth_data, LoginPassword) and auth_data.login == user.encode()
                  and auth_data.password == password.encode())
            return AuthResult(success=ok, handled=False)

    offered = {m.strip().upper() for m in args.mechanisms.split(",") if m.strip()}
    excluded = [m for m in ("PLAIN", "LOGIN") if m not in offered]
    server_class = NoEhloSMTP if args.no_ehlo else BlockDataSMTP if args.block_data else SMTP

    # One listening socket, shared by the worker processes forked below (before any event loop exists).
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", args.port))
    listener.listen(256)
    workers = []
    worker = 0
    for number in range(1, max(args.workers, 1)):
        pid = os.fork()
        if pid == 0:
            worker = number
            workers = []
            break
        workers.append(pid)
    parent = os.getppid() if worker else None
    prefix = f"{worker}-" if args.workers > 1 else ""
    sink = Sink(args.dir, args.reject, args.defer, not args.no_files, prefix, args.close_after_message)

    def factory():
        return server_class(
            sink, hostname="sink.test", data_size_limit=64 * 1024 * 1024,
            tls_context=tls_context if args.starttls else None,
            require_starttls=bool(args.starttls),
            authenticator=authenticator, auth_required=authenticator is not None,
            # aiosmtpd only counts STARTTLS as TLS; with implicit TLS every connection is encrypted anyway.
            auth_require_tls=bool(args.starttls), auth_exclude_mechanism=excluded,
            timeout=args.timeout)

    async def serve():
        loop = asyncio.get_running_loop()
        server = await loop.create_server(factory, sock=listener, ssl=tls_context if args.implicit_tls else None)
        stop = asyncio.Event()
        loop.add_signal_handler(signal.SIGTERM, stop.set)
        if worker == 0:
            print(listener.getsockname()[1], flush=True)
            # Standard input closing (the parent went away) stops the server too.
            threading.Thread(target=lambda: (sys.stdin.read(), loop.call_soon_threadsafe(stop.set)), daemon=True).start()
        else:
            # A worker stops with the first process.
            def watch():
                while os.getppid() == parent:
                    time.sleep(0.5)
                loop.call_soon_threadsafe(stop.set)
            threading.Thread(target=watch, daemon=True).start()
        await stop.wait()
        server.close()

    try:
        asyncio.run(serve())
    finally:
        for pid in workers:
            try:
                os.kill(pid, signal.SIGTERM)
                os.waitpid(pid, 0)
            except OSError:
                pass


if __name__ == "__main__":
    main()
