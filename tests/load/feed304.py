#!/usr/bin/env python3
"""Server CPU per iCalendar feed request, read from /proc/PID/stat (utime + stime) around a loop of
requests on one kept-alive connection: the 200 (the feed written) and the 304 (If-None-Match).

    BASE=http://127.0.0.1:5304 TOKEN=... python3 feed304.py PID PATIENTS REQUESTS

Seeds one center with one linac (08:00-18:00, 20-minute slots) and PATIENTS one-lesion patients
(5 fractions each) with day 1 on the next three Mondays, then measures the linac's month.
Only talks to BASE, which must be a loopback address."""
import datetime
import http.client
import json
import os
import sys
import urllib.parse

base = urllib.parse.urlparse(os.environ["BASE"])
if base.hostname not in ("127.0.0.1", "localhost", "::1"):
    sys.exit("BASE must be a loopback address")
pid, patients, requests = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
auth = {"authorization": f"Bearer {os.environ['TOKEN']}"}
connection = http.client.HTTPConnection(base.hostname, base.port)
ticks = os.sysconf("SC_CLK_TCK")


def send(method, path, body=None, headers=None):
    connection.request(method, path, json.dumps(body) if body is not None else None,
                       {**auth, "content-type": "application/json", **(headers or {})})
    response = connection.getresponse()
    return response, response.read()


def post(path, body):
    response, text = send("POST", "/api/v1" + path, body)
    if response.status != 201:
        sys.exit(f"POST {path} -> {response.status}: {text[:300]!r}")
    return json.loads(text)


def cpu_seconds():
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / ticks  # utime, stime (fields 14 and 15)


def cpu_ms_per_request(path, headers, status):
    for _ in range(max(200, requests // 5)):  # warm-up: JIT tiers, pools
        send("GET", path, headers=headers)
    before = cpu_seconds()
    for _ in range(requests):
        response, _ = send("GET", path, headers=headers)
        if response.status != status:
            sys.exit(f"GET {path} -> {response.status}, expected {status}")
    return (cpu_seconds() - before) * 1000 / requests


center = post("/centers", {"name": "Feed 304", "timeZone": "America/New_York", "holidayCalendar": None})["id"]
linac = post(f"/centers/{center}/linacs", {"name": "TrueBeam 1", "opensAt": "08:00", "closesAt": "18:00", "slotMinutes": 20})["id"]
today = datetime.date.today()
first_monday = today + datetime.timedelta(days=14 - today.weekday())
for n in range(patients):
    patient = post("/patients", {
        "studyId": f"F304-{n:05d}", "centerId": center, "arm": 2,
        "dayOne": (first_monday + datetime.timedelta(weeks=n % 3)).isoformat(),
        "lesions": [{"label": "L1", "site": "bone", "greatestDiameterCm": 2.0}],
    })["id"]
    post(f"/patients/{patient}/plan", None)

month = f"from={first_monday.isoformat()}&to={(first_monday + datetime.timedelta(days=30)).isoformat()}"
path = f"/api/v1/linacs/{linac}/calendar.ics?{month}"
response, body = send("GET", path)
etag = response.getheader("etag")
print(f"linac month: {body.count(b'BEGIN:VEVENT')} events, {len(body)} bytes, ETag {etag}")
print(f"200: {cpu_ms_per_request(path, {}, 200):.3f} ms CPU per request ({requests} requests)")
print(f"304: {cpu_ms_per_request(path, {'if-none-match': etag}, 304):.3f} ms CPU per request ({requests} requests)")
# For scale, what any request costs before the feed's own reads: the token, the feed access check, one query.
print(f"404 (unknown linac): {cpu_ms_per_request(f'/api/v1/linacs/unknown/calendar.ics?{month}', {}, 404):.3f} ms CPU per request")
print(f"/health (no token): {cpu_ms_per_request('/health', {}, 200):.3f} ms CPU per request")
