"""Reads a Follow on its own thread, so a test can await the change it expects with a deadline."""

import queue
import threading
import time


class Changes:
    def __init__(self, follow):
        self.follow = follow
        self.seen = []  # every change yielded, in order
        self.error = None
        self._queue = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        try:
            for change in self.follow:
                self._queue.put(change)
        except Exception as error:  # handed to the test that awaits
            self.error = error
            self._queue.put(None)

    def until(self, predicate, timeout=30):
        """The first change (from now on) that satisfies predicate; fails with what came instead."""
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            try:
                change = self._queue.get(timeout=max(0.01, left)) if left > 0 else None
            except queue.Empty:
                change = None
            if change is None:
                raise AssertionError(f"no awaited change in {timeout} s (error: {self.error!r}); saw {self.seen}")
            self.seen.append(change)
            if predicate(change):
                return change

    def during(self, seconds):
        """Every change that arrives within the next `seconds`."""
        deadline, got = time.monotonic() + seconds, []
        while (left := deadline - time.monotonic()) > 0:
            try:
                change = self._queue.get(timeout=left)
            except queue.Empty:
                break
            if change is None:
                raise AssertionError(f"follow ended: {self.error!r}")
            self.seen.append(change)
            got.append(change)
        return got

    def close(self):
        self.follow.close()
