#!/usr/bin/env python3
"""The bulk re-plan of a month: one center with 5 linacs (07:00-19:00, 30-minute slots), 100 plans of
one to five lesions with day 1 on the weekdays of a month, then a closure in the middle of that month
(every plan with a fraction that day re-planned at once, one after another). Times the closure as a
dry run (the whole decision, rolled back) RUNS times, then once for real; prints the plans touched,
the plans re-planned, and the times.

    BASE=http://127.0.0.1:5199 TOKEN=... python3 bulk.py [RUNS]

Only talks to BASE, which must be a loopback address."""
import datetime
import http.client
import json
import os
import statistics
import sys
import time
import urllib.parse

base = urllib.parse.urlparse(os.environ.get("BASE", "http://127.0.0.1:5199"))
if base.hostname not in ("127.0.0.1", "localhost", "::1"):
    sys.exit("BASE must be a loopback address")
token = os.environ.get("TOKEN")
runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
connection = http.client.HTTPConnection(base.hostname, base.port, timeout=600)


def post(path, body, expect=(201,)):
    headers = {"content-type": "application/json"}
    if token:
        headers["authorization"] = f"Bearer {token}"
    connection.request("POST", "/api/v1" + path, json.dumps(body) if body is not None else None, headers)
    response = connection.getresponse()
    text = response.read()
    if response.status not in expect:
        sys.exit(f"POST {path} -> {response.status}: {text[:300]!r}")
    return response.status, json.loads(text)


center = post("/centers", {"name": "Bulk", "timeZone": "America/New_York", "holidayCalendar": None})[1]["id"]
for i in range(5):
    post(f"/centers/{center}/linacs", {"name": f"L{i}", "opensAt": "07:00", "closesAt": "19:00", "slotMinutes": 30})

today = datetime.date.today()
first_monday = today + datetime.timedelta(days=14 - today.weekday())
weekdays = [first_monday + datetime.timedelta(days=d) for d in range(28) if (first_monday + datetime.timedelta(days=d)).weekday() < 5]
planned = 0
for n in range(100):
    day_one = weekdays[n % len(weekdays)]
    lesions = 1 + (n * 7) % 5
    patient = post("/patients", {
        "studyId": f"BULK-{n:04d}", "centerId": center, "arm": 2, "dayOne": day_one.isoformat(),
        "lesions": [{"label": f"L{i}", "site": "bone", "greatestDiameterCm": 2.0} for i in range(lesions)],
    })[1]["id"]
    status, answer = post(f"/patients/{patient}/plan", {"maxFractionsPerDay": 3 if lesions <= 3 else 5}, expect=(201, 422))
    planned += status == 201
    if status == 422 and os.environ.get("VERBOSE"):
        print(day_one, lesions, answer.get("code"), answer.get("detail"))

closed = (first_monday + datetime.timedelta(days=16)).isoformat()  # a Wednesday in the middle
times = []
for _ in range(runs):
    started = time.perf_counter()
    _, added = post(f"/centers/{center}/closures?dryRun=true", {"date": closed, "reason": "bulk re-plan"}, expect=(200,))
    times.append(time.perf_counter() - started)
started = time.perf_counter()
_, added = post(f"/centers/{center}/closures", {"date": closed, "reason": "bulk re-plan"})
real = time.perf_counter() - started
plans = added["impact"]["plans"]
outcomes = {o: sum(p["outcome"] == o for p in plans) for o in ("unchanged", "replanned", "needsAttention")}
deviations = sum(p.get("protocolDeviation") is not None for p in plans)
suggested = sum(len(p.get("openingSuggestions") or []) > 0 for p in plans)
print(f"plans booked {planned}; closure on {closed} touched {len(plans)} ({outcomes}); {deviations} past their window, {suggested} with opening suggestions")
print(f"dry run x{runs}: median {statistics.median(times) * 1000:.0f} ms, min {min(times) * 1000:.0f} ms; real {real * 1000:.0f} ms")
