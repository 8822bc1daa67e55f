#!/usr/bin/env python3
"""Seeds a running service for the feed measurements: one center, 3 linacs of 20-minute slots
(08:00-18:00, about 1,900 slots a month) and PATIENTS planned patients with day 1 on the next
Mondays. Prints "linac_id first_date last_date" for a month starting on the first day 1.

    BASE=http://127.0.0.1:5199 TOKEN=... python3 feeds_setup.py PATIENTS

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
patients = int(sys.argv[1])
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


center = post("/centers", {"name": "Feeds", "timeZone": "America/New_York", "holidayCalendar": None})["id"]
linacs = [post(f"/centers/{center}/linacs", {"name": f"TrueBeam {i + 1}", "opensAt": "08:00", "closesAt": "18:00", "slotMinutes": 20})["id"]
          for i in range(3)]
today = datetime.date.today()
first_monday = today + datetime.timedelta(days=14 - today.weekday())
for n in range(patients):
    day_one = first_monday + datetime.timedelta(weeks=n % 3)
    patient = post("/patients", {
        "studyId": f"FEED-{n:05d}", "centerId": center, "arm": 2, "dayOne": day_one.isoformat(),
        "lesions": [{"label": f"L{k + 1}", "site": "bone", "greatestDiameterCm": 2.0} for k in range(1 + n % 3)],
    })["id"]
    post(f"/patients/{patient}/plan", None)
print(linacs[0], first_monday.isoformat(), (first_monday + datetime.timedelta(days=30)).isoformat())
