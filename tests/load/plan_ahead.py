#!/usr/bin/env python3
"""Plans the last N patients of plan-patients.txt (the latest days 1, months ahead) and keeps the others
for the measured run, so a run can measure plan creation at a center that already holds many plans.

    BASE=http://127.0.0.1:5199 TOKEN=... python3 plan_ahead.py N

Only talks to BASE, which must be a loopback address."""
import http.client
import os
import sys
import urllib.parse

base = urllib.parse.urlparse(os.environ.get("BASE", "http://127.0.0.1:5199"))
if base.hostname not in ("127.0.0.1", "localhost", "::1"):
    sys.exit("BASE must be a loopback address")
token = os.environ.get("TOKEN")
count = int(sys.argv[1])
patients = open("plan-patients.txt").read().split()
if count >= len(patients):
    sys.exit(f"only {len(patients)} patients seeded: seed more (PLANNABLE)")
connection = http.client.HTTPConnection(base.hostname, base.port)
headers = {"authorization": f"Bearer {token}"} if token else {}
for patient in patients[-count:]:
    connection.request("POST", f"/api/v1/patients/{patient}/plan", None, headers)
    response = connection.getresponse()
    text = response.read()
    if response.status != 201:
        sys.exit(f"POST /patients/{patient}/plan -> {response.status}: {text[:300]!r}")
with open("plan-patients.txt", "w") as out:
    out.write("\n".join(patients[:-count]) + "\n")
