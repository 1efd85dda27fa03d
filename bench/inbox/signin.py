"""Signs the demo operator in to the back office (password, then the one-time code from the demo secret) and
prints the session cookie as a shell assignment. Usage: signin.py BASE_URL"""
import base64
import hashlib
import hmac
import re
import struct
import sys
import time

import requests

base = sys.argv[1]
s = requests.Session()


def csrf(text):
    return re.search(r'name="csrf_token" value="([^"]*)"', text).group(1)


def totp(secret, at):
    key = base64.b32decode(secret)
    digest = hmac.new(key, struct.pack(">Q", int(at // 30)), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    return f"{(struct.unpack('>I', digest[offset:offset + 4])[0] & 0x7FFFFFFF) % 1_000_000:06d}"


page = s.get(f"{base}/backoffice/login")
page = s.post(f"{base}/backoffice/login",
              data={"csrf_token": csrf(page.text), "username": "operatore", "password": "esempio-operatore"})
page = s.post(f"{base}/backoffice/login/otp", data={"csrf_token": csrf(page.text), "code": totp("JBSWY3DPEHPK3PXP", time.time())})
assert page.url.endswith("/backoffice"), page.url
print(f"COOKIE='sportello_session={s.cookies['sportello_session']}'")
