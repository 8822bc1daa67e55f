#!/usr/bin/env python3
"""Mints an HS256 JWT carrying all four roles, valid for an hour: token.py ISSUER AUDIENCE BASE64_KEY."""
import base64
import hashlib
import hmac
import json
import sys
import time

issuer, audience, key = sys.argv[1], sys.argv[2], base64.b64decode(sys.argv[3])


def part(value):
    return base64.urlsafe_b64encode(json.dumps(value, separators=(",", ":")).encode()).rstrip(b"=")


now = int(time.time())
claims = {"sub": "load", "iss": issuer, "aud": audience, "nbf": now, "iat": now, "exp": now + 3600,
          "role": ["admin", "scheduler", "physicist", "viewer"]}
signing_input = part({"alg": "HS256", "typ": "JWT"}) + b"." + part(claims)
signature = base64.urlsafe_b64encode(hmac.new(key, signing_input, hashlib.sha256).digest()).rstrip(b"=")
print((signing_input + b"." + signature).decode())
