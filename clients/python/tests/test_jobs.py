"""`with lux.job(…)`: the seed's job published and followed, a raising block ends failed, a quiet
body keeps its lease alive by renewals, and a killed agent's job turns stale."""

import os
import signal
import subprocess
import sys
from pathlib import Path

from lux import LuxError

from tests import server
from tests.changes import Changes

CLIENT_DIR = Path(__file__).resolve().parents[1]

# An agent whose job runs far longer than its lease and never reports: only renewals keep it live.
QUIET_AGENT = """
import os, sys, time
from lux import Lux
with Lux(os.environ["LUX_URL"], api_key=os.environ["LUX_API_KEY"]).job(sys.argv[1], lease=3, step="thinking") as job:
    print("running", flush=True)
    time.sleep(600)
"""


class JobTest(server.ServerTestCase):
    def test_the_seed_job_is_published_and_followed_to_complete(self):
        seed = "workflow-invoice-reconcile-abc123"
        try:
            self.lux.delete(seed)  # the README's test publishes it too
        except LuxError as absent:
            self.assertEqual(absent.status, 404)
        changes = Changes(self.lux.follow(seed))
        self.addCleanup(changes.close)
        changes.until(lambda c: c["type"] == "missing")  # following before the job starts

        def data(change):
            return change.get("data", {})

        # each state is awaited before the next: the broker may skip a state a newer one replaced
        with self.lux.job(seed, lease=30, job="invoice-reconcile") as job:
            changes.until(lambda c: data(c) == {"status": "running", "job": "invoice-reconcile"})
            job.update(step="validating", progress=67)
            validating = changes.until(lambda c: data(c).get("progress") == 67)
        done = changes.until(lambda c: data(c).get("status") == "complete")
        self.assertEqual(validating["lease"], 30)
        self.assertEqual(done["data"], {"job": "invoice-reconcile", "status": "complete", "step": "validating",
                                        "progress": 100})
        self.assertEqual([(c["type"], c.get("version")) for c in changes.seen],
                         [("missing", None), ("update", 1), ("update", 2), ("update", 3)])
        self.assertNotIn("lease", self.lux.get(seed), "a finished job never turns stale")

    def test_a_block_that_raises_ends_failed_with_its_message_and_reraises(self):
        doc = server.new_id("job-fails")
        with self.assertRaisesRegex(RuntimeError, "upstream answered 503"):
            with self.lux.job(doc, lease=30) as job:
                job.update(step="fetching", progress=40)
                raise RuntimeError("upstream answered 503")
        state = self.lux.get(doc)
        self.assertEqual(state["data"], {"status": "failed", "step": "fetching", "progress": 40,
                                         "summary": "upstream answered 503"})
        self.assertNotIn("lease", state)

    def test_a_quiet_job_stays_live_by_renewals_and_turns_stale_when_its_process_is_killed(self):
        doc = server.new_id("job-quiet")
        agent = subprocess.Popen(
            [sys.executable, "-c", QUIET_AGENT, doc], stdout=subprocess.PIPE, text=True, cwd=CLIENT_DIR,
            env={**os.environ, "PYTHONPATH": str(CLIENT_DIR), "LUX_URL": self.server.url,
                 "LUX_API_KEY": server.ADMIN})
        self.addCleanup(agent.stdout.close)
        self.addCleanup(agent.wait)
        self.addCleanup(lambda: agent.poll() is None and agent.kill())
        self.assertEqual(agent.stdout.readline().strip(), "running")
        changes = Changes(self.lux.follow(doc))
        self.addCleanup(changes.close)
        first = changes.until(lambda c: c["type"] == "snapshot")
        # two and a half leases without a write: renewals only (the lapse is what is waited for)
        quiet = changes.during(7.5)
        self.assertEqual([c["type"] for c in quiet], [], "no update and no stale while renewed")
        state = self.lux.get(doc)
        self.assertEqual((state["stale"], state["version"]), (False, first["version"]))

        os.kill(agent.pid, signal.SIGKILL)
        stale = changes.until(lambda c: c["type"] == "stale", timeout=10)
        self.assertEqual((stale["epoch"], stale["version"]), (first["epoch"], first["version"]))
        self.assertTrue(self.lux.get(doc)["stale"])
