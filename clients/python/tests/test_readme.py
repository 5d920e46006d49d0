"""The README's "From Python" examples run as written against a real Lux."""

import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path


from tests import server

ROOT = Path(__file__).resolve().parents[3]


def from_python_blocks(language):
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## From Python", 1)[1].split("\n## ", 1)[0]
    return re.findall(rf"```{language}\n(.*?)```", section, re.S)


class ReadmeTest(server.ServerTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = {**os.environ, "LUX_URL": cls.server.url, "LUX_API_KEY": server.ADMIN,
                   "PYTHONPATH": str(ROOT / "clients" / "python")}

    def test_the_ten_line_agent_runs_to_complete(self):
        agent = from_python_blocks("python")[0]
        self.assertLessEqual(len(agent.strip().splitlines()), 10)
        with tempfile.NamedTemporaryFile("w", suffix=".py") as script:
            script.write(agent)
            script.flush()
            done = subprocess.run([sys.executable, script.name], env=self.env, capture_output=True, text=True,
                                  timeout=60)
        self.assertEqual(done.returncode, 0, done.stderr)
        state = self.lux.get("workflow-invoice-reconcile-abc123")
        self.assertEqual(state["data"], {"status": "complete", "job": "invoice-reconcile", "step": "posting",
                                         "progress": 100})

    def test_the_command_line_put_runs_as_written(self):
        shell = from_python_blocks("sh")[0]
        put = next(line for line in shell.splitlines() if " put " in line)
        done = subprocess.run(["bash", "-c", put], cwd=ROOT, env=self.env, capture_output=True, text=True,
                              timeout=60)
        self.assertEqual(done.returncode, 0, done.stderr)
        receipt = json.loads(done.stdout)
        self.assertEqual(receipt["id"], "workflow-invoice-reconcile-abc123")
        self.assertEqual(self.lux.get(receipt["id"])["lease"], 30)
