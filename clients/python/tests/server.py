"""A real Lux for the tests, started the way the server's integration tests start it: Payara Micro
with target/lux.war at /, on 127.0.0.1 and a free port, without a data grid (--nohazelcast), the
test keys as system properties. Build first (mvn -B -DskipTests package). Stopped by its own PID."""

import atexit
import os
import signal
import socket
import subprocess
import time
import unittest
import uuid
from pathlib import Path

from lux import Lux

ROOT = Path(__file__).resolve().parents[3]
TARGET = ROOT / "target"

# Test credentials; the last test checks that none reached the server's log.
ADMIN = "py-admin-secret-5d1e7c"  # every scope, every document
READER = "py-reader-secret-0a9f3b"  # read only
SLOW = "py-slow-secret-7c2e4d"  # write + read, 2 writes per second
AGENTS = "py-agents-secret-3f8b6a"  # write + read, only ids starting with py-agents-
TOKEN_SECRET = "py-token-secret-8e4a1c7b2d9f0e3a5c6b8d1f4a7e2c9b"
SECRETS = (ADMIN, READER, SLOW, AGENTS, TOKEN_SECRET)
minted = []  # tokens the tests were given; they must not reach the log either

CONFIG = f"""lux.keys=admin,reader,slow,agents
lux.key.admin.secret={ADMIN}
lux.key.admin.scopes=read,write,token,admin
lux.key.reader.secret={READER}
lux.key.reader.scopes=read
lux.key.slow.secret={SLOW}
lux.key.slow.scopes=write,read
lux.key.slow.writes-per-second=2
lux.key.agents.secret={AGENTS}
lux.key.agents.scopes=write,read
lux.key.agents.prefixes=py-agents-
lux.token.secret={TOKEN_SECRET}
"""


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class LuxServer:
    """One Payara Micro running Lux; :meth:`restart` keeps its port."""

    def __init__(self):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        work = TARGET / "python-client"
        work.mkdir(parents=True, exist_ok=True)
        logs = TARGET / "servers" / "logs"
        logs.mkdir(parents=True, exist_ok=True)
        self.log = logs / "python-client.log"
        self.log.write_bytes(b"")
        properties = work / "lux.properties"
        properties.write_text(CONFIG)
        jars = sorted(TARGET.glob("payara-micro-*.jar"))
        war = TARGET / "lux.war"
        if not jars or not war.exists():
            raise RuntimeError("target/lux.war and target/payara-micro-*.jar are missing: run mvn -B -DskipTests package")
        jvm = os.environ.get("LUX_TEST_JVM", "-Xmx1g -XX:TieredStopAtLevel=1 -XX:+UseSerialGC").split()
        self.command = ["java", *jvm, "-jar", str(jars[-1]), "--deploy", str(war), "--contextroot", "/",
                        "--port", str(self.port), "--nohazelcast", "--disablephonehome",
                        "--prebootcommandfile", str(ROOT / "server-config" / "pre-boot-commands.txt"),
                        "--postdeploycommandfile", str(ROOT / "server-config" / "post-deploy-commands.txt"),
                        "--systemProperties", str(properties)]
        self.process = None

    def start(self, timeout=240):
        boots = self._count(b"ready in")
        with open(self.log, "ab") as out:
            self.process = subprocess.Popen(self.command, stdout=out, stderr=subprocess.STDOUT, cwd=ROOT,
                                            preexec_fn=_stop_with_parent)
        deadline = time.monotonic() + timeout
        while self._count(b"ready in") <= boots:
            if self.process.poll() is not None:
                raise RuntimeError(f"Payara Micro stopped while booting; see {self.log}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"Payara Micro not ready in {timeout} s; see {self.log}")
            time.sleep(0.25)
        if b"Exception while deploying" in self.log.read_bytes():
            raise RuntimeError(f"Lux failed to deploy; see {self.log}")
        return self

    def stop(self):
        """SIGTERM, as an operator stops it; SIGKILL if it outlives a minute."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(30)

    def restart(self):
        self.stop()
        return self.start()

    def log_text(self):
        return self.log.read_text("latin-1")

    def _count(self, text):
        return self.log.read_bytes().count(text) if self.log.exists() else 0


def _stop_with_parent():
    """Linux: the server gets SIGTERM if the test process dies without stopping it (a CI timeout)."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:
        pass


_shared = None


def shared():
    """The server most tests share, started on first use and stopped when the tests end."""
    global _shared
    if _shared is None:
        _shared = LuxServer().start()
        atexit.register(_shared.stop)
    return _shared


def new_id(name):
    """A document id no other test (or earlier run) uses."""
    return f"py-{name}-{uuid.uuid4().hex[:8]}"


class ServerTestCase(unittest.TestCase):
    """Tests on the shared server; ``self.lux`` holds the key with every scope."""

    @classmethod
    def setUpClass(cls):
        cls.server = shared()
        cls.lux = Lux(cls.server.url, api_key=ADMIN)
