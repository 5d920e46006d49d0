"""`python3 lux.py …` for shell agents: LUX_URL and LUX_API_KEY, one JSON line per answer or change."""

import json
import os
import subprocess
import sys
import unittest
from pathlib import Path

from lux import Lux

from tests import server
from tests.changes import Changes

LUX_PY = Path(__file__).resolve().parents[1] / "lux.py"


class CommandLineTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = server.shared()
        cls.env = {**os.environ, "LUX_URL": cls.server.url, "LUX_API_KEY": server.ADMIN}

    def lux(self, *args, check=True):
        done = subprocess.run([sys.executable, str(LUX_PY), *args], env=self.env, capture_output=True, text=True,
                              timeout=60)
        if check:
            self.assertEqual(done.returncode, 0, done.stderr)
        return done

    def test_put_get_patch_print_one_json_line_each(self):
        doc = server.new_id("cli")
        put = self.lux("put", doc, '{"step":"validating","progress":67}', "--lease", "30")
        receipt = json.loads(put.stdout)
        self.assertEqual((receipt["id"], receipt["version"], receipt["status"]), (doc, 1, 201))
        self.assertEqual(put.stdout.count("\n"), 1)
        patched = json.loads(self.lux("patch", doc, '{"progress":68}', "--if-match",
                                      f'{receipt["epoch"]}.{receipt["version"]}').stdout)
        self.assertEqual(patched["version"], 2)
        state = json.loads(self.lux("get", doc).stdout)
        self.assertEqual((state["data"], state["lease"]), ({"step": "validating", "progress": 68}, 30))

    def test_a_refusal_exits_1_with_the_problem_as_json_on_stderr(self):
        done = self.lux("get", server.new_id("cli-missing"), check=False)
        self.assertEqual((done.returncode, done.stdout), (1, ""))
        self.assertEqual(json.loads(done.stderr)["status"], 404)

    def test_follow_prints_one_json_line_per_change(self):
        prefix = server.new_id("cli-follow") + "-"
        writer = Lux(self.server.url, api_key=server.ADMIN)
        writer.put(prefix + "a", {"progress": 0})
        follow = subprocess.Popen([sys.executable, str(LUX_PY), "follow", prefix], env=self.env,
                                  stdout=subprocess.PIPE, text=True)
        self.addCleanup(follow.stdout.close)
        self.addCleanup(follow.wait)
        self.addCleanup(follow.terminate)
        lines = Changes(_Lines(follow.stdout))
        self.assertEqual(lines.until(lambda c: True)["type"], "snapshot")
        # one change at a time: the broker may skip a state that a newer one replaced before sending
        writer.patch(prefix + "a", {"progress": 50})
        lines.until(lambda c: c.get("data") == {"progress": 50})
        writer.put(prefix + "b", {"progress": 1})
        lines.until(lambda c: c["id"] == prefix + "b")
        writer.delete(prefix + "a")
        lines.until(lambda c: c == {"type": "deleted", "id": prefix + "a", "reason": "deleted"})
        self.assertEqual([(c["type"], c["id"][-1]) for c in lines.seen],
                         [("snapshot", "a"), ("update", "a"), ("update", "b"), ("deleted", "a")])


class _Lines:
    """A process's stdout as parsed JSON lines, closable like a Follow."""

    def __init__(self, stream):
        self.stream = stream

    def __iter__(self):
        for line in self.stream:
            yield json.loads(line)

    def close(self):
        pass
