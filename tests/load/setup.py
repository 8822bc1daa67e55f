#!/usr/bin/env python3
"""Seeds a running service for the load scripts: one center with 20 linacs, patients ready to be
planned (plan-patients.txt) and planned patients whose first fraction is edited (edit-fractions.txt).

    BASE=http://127.0.0.1:5199 TOKEN=... [LESIONS=1..5] python3 setup.py PLANNABLE EDITABLE

Only talks to BASE, which must be a loopback address."""
import datetime
import http.client
import json
import os
import sys
import urllib.parse

base = urllib.parse.urlparse(os.environ.get("BASE", "http://127.0.0.1:5199"))
if base.hostname not in ("127.0.0.1", "localhost", "::1"):
    sys.exit("BASE must be a loopback address")
token = os.environ.get("TOKEN")
plannable, editable = (int(a) for a in sys.argv[1:3])
lesions = int(os.environ.get("LESIONS", "1"))  # lesions per patient: 1 (default) to 5
connection = http.client.HTTPConnection(base.hostname, base.port)


def post(path, body):
    headers = {"content-type": "application/json"}
    if token:
        headers["authorization"] = f"Bearer {token}"
    connection.request("POST", "/api/v1" + path, json.dumps(body) if body is not None else None, headers)
    response = connection.getresponse()
    text = response.read()
    if response.status != 201:
        sys.exit(f"POST {path} -> {response.status}: {text[:300]!r}")
    return json.loads(text)


center = post("/centers", {"name": "Load", "timeZone": "America/New_York", "holidayCalendar": None})["id"]
for i in range(20):
    post(f"/centers/{center}/linacs", {"name": f"L{i}", "opensAt": "07:00", "closesAt": "19:00", "slotMinutes": 10})

# Day 1 on Mondays from two weeks on, 60 patients a week: a week holds 20 x 72 x 5 = 7,200 slots.
today = datetime.date.today()
first_monday = today + datetime.timedelta(days=14 - today.weekday())


def patient(n):
    day_one = first_monday + datetime.timedelta(weeks=n // 60)
    return post("/patients", {
        "studyId": f"LOAD-{n:06d}", "centerId": center, "arm": 2, "dayOne": day_one.isoformat(),
        "lesions": [{"label": f"L{i + 1}", "site": "bone", "greatestDiameterCm": 2.0} for i in range(lesions)],
    })["id"]


with open("edit-fractions.txt", "w") as out:
    for n in range(editable):
        plan = post(f"/patients/{patient(n)}/plan", None)
        out.write(f"{plan['id']} {plan['fractions'][-1]['id']}\n")

with open("plan-patients.txt", "w") as out:
    for n in range(editable, editable + plannable):
        out.write(patient(n) + "\n")
