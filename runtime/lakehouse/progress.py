"""One live line per job: `[i/n] name  elapsed`. On a terminal it ticks in place; in a log
(tests, CI) it prints a start line and an end line, so the output stays readable."""

import sys
import threading
import time


class JobProgress:
    def __init__(self, total: int, stream=sys.stdout):
        self.total = total
        self.stream = stream
        self.live = stream.isatty()
        self._label = ""
        self._started = 0.0
        self._stop = threading.Event()
        self._ticker = None

    def start(self, index: int, name: str):
        self._label = f"[{index}/{self.total}] {name}"
        self._started = time.monotonic()
        if self.live:
            self._stop.clear()
            self._ticker = threading.Thread(target=self._tick, daemon=True)
            self._ticker.start()
        else:
            print(f"{self._label} …", file=self.stream, flush=True)

    def elapsed(self) -> float:
        return time.monotonic() - self._started

    def _tick(self):
        while not self._stop.wait(0.25):
            self.stream.write(f"\r{self._label}  {self.elapsed():5.1f}s")
            self.stream.flush()

    def finish(self, ok: bool) -> float:
        seconds = self.elapsed()
        if self._ticker is not None:
            self._stop.set()
            self._ticker.join()
            self._ticker = None
            self.stream.write("\r")
        mark = "done" if ok else "FAILED"
        print(f"{self._label}  {seconds:5.1f}s  {mark}", file=self.stream, flush=True)
        return seconds
