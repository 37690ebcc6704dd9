"""Deterministic synthetic STEDI landing data, shaped like the starter data in ../shared/stedi.

The STEDI project's generator (jobs/stedi/project.ts names it); the local runner loads it by path
(runtime/lakehouse/synthetic.py) and calls `generate(target, seed, scale)`.

What it reproduces from the real files (same JSON keys, key order and value types):
- customers: unique emails and serial numbers; about half without research consent; the
  share*AsOfDate keys are left out when null (not written as null); all dates equal the
  registration date; phone 8015551212; birthDay like "1399-01-01".
- each customer's device records 30 time points about 3-4 s apart, starting up to ~45 s before
  registration, so readings fall before and after the consent date; a few customers' readings all
  precede it. Each time point has 1-3 accelerometer readings (x, y, z in -1.0/0.0/1.0) and exactly
  one step trainer reading (distanceFromObject 200-300), for consenting customers or not.
- some customers share a device timeline with another, so readings of different customers fall in
  the same millisecond (the real data's join-on-time trap).
`scale` multiplies the number of customers and widens the registration window alike, so these
proportions hold at any scale. Pure Python, streamed to files of 10,000 lines like the originals.
"""

import json
import random
import uuid
from dataclasses import dataclass
from pathlib import Path

GENERATOR_VERSION = 1
BASE_CUSTOMERS = 956
TIME_POINTS = 30
FIRST_REGISTRATION_MS = 1655561994131
REGISTRATION_WINDOW_MS = 2_452_548
LINES_PER_FILE = 10_000
RESEARCH_CONSENT_SHARE = 482 / 956
SHARED_TIMELINE_SHARE = 0.055
ALL_BEFORE_CONSENT_SHARE = 0.04
# Cumulative odds of 3, 2 and 1 accelerometer readings at one time point, as in the starter data.
READINGS_PER_TIME_POINT = ((0.837, 3), (0.997, 2), (1.0, 1))
AXES = [
    f',"x":{x},"y":{y},"z":{z}}}'
    for x in ("-1.0", "0.0", "1.0")
    for y in ("-1.0", "0.0", "1.0")
    for z in ("-1.0", "0.0", "1.0")
]

FIRST_NAMES = (
    "Santosh Ben Frank David Edward Sarah Jerry Chris Ashley Lyn Kathy Bobby Trevor Spencer Jeff "
    "Steph Anna Marcus Jacob Liz Senthil Danny Gail Don John Craig Larry Mary Alexander Eric Linda "
    "Mohammad Raymond Suresh Rick Sean Jackie Angie Neeraj Holly"
).split()
LAST_NAMES = (
    "Clayton Khatib Hansen Jones Lincoln Mitra Wu Aristotle Davis Smith Doshi Anderson "
    "Staples Stark Huey Lan Gonzalez Jackson Taylor Mendoza Meyer Kim Pandey Fibonacci Habschied "
    "Long Aaron Hoffmann Kolzwick Dent Sanchez Bach Lopez Hernandez Young Alfaro Abram Shah"
).split()


@dataclass(frozen=True)
class Customer:
    email: str
    serial_number: str
    registration_ms: int
    line: str


@dataclass(frozen=True)
class Timeline:
    start_ms: int
    step_ms: int


def customer_count(scale: float) -> int:
    return max(1, round(BASE_CUSTOMERS * scale))


def _names(rng: random.Random, count: int):
    pairs = sorted({(first, last) for first in FIRST_NAMES for last in LAST_NAMES})
    rng.shuffle(pairs)
    for index in range(count):
        first, last = pairs[index % len(pairs)]
        suffix = "" if index < len(pairs) else str(index // len(pairs))  # keeps emails unique at any scale
        yield f"{first} {last}{suffix}", f"{first}.{last}{suffix}@test.com"


def _customers(rng: random.Random, count: int, window_ms: int):
    for name, email in _names(rng, count):
        registration = FIRST_REGISTRATION_MS + rng.randrange(window_ms)
        record = {
            "customerName": name,
            "email": email,
            "phone": "8015551212",
            "birthDay": f"{rng.randint(1000, 1999)}-01-01",
            "serialNumber": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            "registrationDate": registration,
            "lastUpdateDate": registration,
        }
        # A missing consent is a missing key in the real data, never a JSON null.
        for key, share in (
            ("shareWithResearchAsOfDate", RESEARCH_CONSENT_SHARE),
            ("shareWithPublicAsOfDate", 0.5),
            ("shareWithFriendsAsOfDate", 0.5),
        ):
            if rng.random() < share:
                record[key] = registration
        yield Customer(email, record["serialNumber"], registration, json.dumps(record))


def _timeline(rng: random.Random, customer: Customer, earlier):
    if earlier and rng.random() < SHARED_TIMELINE_SHARE:
        return rng.choice(earlier)
    step = rng.randint(3000, 4000)
    span = step * (TIME_POINTS - 1)
    if rng.random() < ALL_BEFORE_CONSENT_SHARE:
        start = customer.registration_ms - span - rng.randint(1000, 60000)
    else:
        start = customer.registration_ms + rng.randint(-45000, 5000)
    return Timeline(start, step)


class _RotatingWriter:
    """Writes lines to <dir>/<stem>-NNNNN.json, LINES_PER_FILE lines per file."""

    def __init__(self, directory: Path, stem: str):
        directory.mkdir(parents=True, exist_ok=True)
        self.directory, self.stem = directory, stem
        self.files = 0
        self.lines = 0
        self._handle = None
        self._in_file = 0

    def write(self, line: str):
        if self._handle is None or self._in_file == LINES_PER_FILE:
            self.close()
            self.files += 1
            self._handle = open(self.directory / f"{self.stem}-{self.files:05d}.json", "w", buffering=1 << 20)
            self._in_file = 0
        self._handle.write(line)
        self._handle.write("\n")
        self._in_file += 1
        self.lines += 1

    def close(self):
        if self._handle is not None:
            self._handle.close()
            self._handle = None


def generate(target: Path, seed: int, scale: float):
    """Writes <target>/{customer,accelerometer,step_trainer}/landing/; returns line counts per entity."""
    rng = random.Random(seed)
    count = customer_count(scale)
    window = max(1, round(REGISTRATION_WINDOW_MS * scale))
    customers = _RotatingWriter(target / "customer" / "landing", "customer")
    accelerometer = _RotatingWriter(target / "accelerometer" / "landing", "accelerometer")
    step_trainer = _RotatingWriter(target / "step_trainer" / "landing", "step_trainer")
    timelines = []
    try:
        for customer in _customers(rng, count, window):
            customers.write(customer.line)
            timeline = _timeline(rng, customer, timelines)
            timelines.append(timeline)
            user = f'{{"user":"{customer.email}","timestamp":'
            for point in range(TIME_POINTS):
                millis = timeline.start_ms + point * timeline.step_ms
                draw = rng.random()
                readings = next(size for odds, size in READINGS_PER_TIME_POINT if draw < odds)
                for _ in range(readings):
                    accelerometer.write(f"{user}{millis}{AXES[rng.randrange(27)]}")
                step_trainer.write(
                    f'{{"sensorReadingTime":{millis},"serialNumber":"{customer.serial_number}",'
                    f'"distanceFromObject":{rng.randint(200, 300)}}}'
                )
    finally:
        for writer in (customers, accelerometer, step_trainer):
            writer.close()
    return {"customer": customers.lines, "accelerometer": accelerometer.lines, "step_trainer": step_trainer.lines}


def describe(scale: float) -> str:
    """What `generate` makes at this scale, for the runner's log line."""
    return f"{customer_count(scale):,} customers"
