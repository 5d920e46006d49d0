"""Runs after the other modules (discovery goes by file name): what the client sent never reached
the server's log."""

import unittest

from tests import server


class ServerLogTest(unittest.TestCase):
    def test_no_key_or_token_reached_the_server_log(self):
        log = server.shared().log_text()
        self.assertIn("ready in", log)
        for secret in (*server.SECRETS, *server.minted, *(token.split(".")[2] for token in server.minted)):
            self.assertNotIn(secret, log)
