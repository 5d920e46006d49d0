"""Writes and reads against a real Lux: receipts carry version and epoch, every refusal is a LuxError
with the broker's status and problem type."""

import time

from lux import Lux, LuxError

from tests import server


class DocumentsTest(server.ServerTestCase):
    def test_put_patch_get_delete_carry_version_and_epoch(self):
        doc = server.new_id("doc")
        created = self.lux.put(doc, {"step": "fetching", "progress": 10}, lease=30, ttl=600)
        self.assertEqual((created["status"], created["version"], created["id"]), (201, 1, doc))
        patched = self.lux.patch(doc, {"progress": 20, "step": None})
        self.assertEqual((patched["status"], patched["version"], patched["epoch"]), (200, 2, created["epoch"]))
        state = self.lux.get(doc)
        self.assertEqual(state["data"], {"progress": 20})
        self.assertEqual((state["version"], state["lease"], state["stale"]), (2, 30, False))
        self.lux.delete(doc)
        with self.assertRaises(LuxError) as gone:
            self.lux.get(doc)
        self.assertEqual((gone.exception.status, gone.exception.type), (404, "urn:lux:problem:not-found"))

    def test_if_match_takes_a_receipt_or_an_etag_and_refuses_a_moved_document(self):
        doc = server.new_id("match")
        first = self.lux.put(doc, {"step": "a"})
        second = self.lux.patch(doc, {"step": "b"}, if_match=first)
        self.lux.patch(doc, {"step": "c"}, if_match=f'{second["epoch"]}.{second["version"]}')
        with self.assertRaises(LuxError) as moved:
            self.lux.put(doc, {"step": "d"}, if_match=first)
        self.assertEqual((moved.exception.status, moved.exception.type), (412, "urn:lux:problem:precondition-failed"))
        with self.assertRaises(LuxError) as exists:
            self.lux.put(doc, {"step": "e"}, if_none_match="*")
        self.assertEqual(exists.exception.status, 412)
        self.assertEqual(self.lux.get(doc)["data"], {"step": "c"})

    def test_batch_answers_each_write_in_order(self):
        a, b = server.new_id("batch-a"), server.new_id("batch-b")
        results = self.lux.batch([
            {"id": a, "op": "put", "data": {"progress": 1}, "lease": 30},
            {"id": a, "op": "patch", "data": {"progress": 2}},
            {"id": b, "op": "patch", "data": {"progress": 1}, "ifMatch": "nope.1"},
            {"id": a, "op": "delete"},
        ])
        self.assertEqual([r["status"] for r in results], [201, 200, 412, 204])
        self.assertEqual(results[1]["version"], 2)
        self.assertEqual(results[2]["problem"]["type"], "urn:lux:problem:precondition-failed")

    def test_items_lists_a_prefix_page_by_page(self):
        prefix = server.new_id("list") + "-"
        for n in range(5):
            self.lux.put(f"{prefix}{n}", {"status": "queued", "progress": n})
        listed = list(self.lux.items(prefix, limit=2))
        self.assertEqual([item["id"] for item in listed], [f"{prefix}{n}" for n in range(5)])
        self.assertEqual(listed[3]["progress"], 3)

    def test_every_refusal_is_a_lux_error_with_the_broker_status_and_type(self):
        doc = server.new_id("refused")
        self.lux.put(doc, {"step": "a"})
        url = self.server.url
        cases = {
            400: lambda: self.lux.put(doc, {"step": "b"}, lease=-1),
            401: lambda: Lux(url, api_key="not-a-key").get(doc),
            403: lambda: Lux(url, api_key=server.READER).put(doc, {"step": "b"}),
            404: lambda: self.lux.get(server.new_id("never")),
            409: lambda: self.lux.renew(doc),  # no lease to renew
            412: lambda: self.lux.delete(doc, if_match="0.1"),
            413: lambda: self.lux.put(doc, {"blob": "x" * 70_000}),
            415: lambda: self.lux.request("PUT", "/" + doc, '{"data":{}}', content_type="text/plain"),
        }
        slugs = {400: "invalid-request", 401: "unauthorized", 403: "forbidden", 404: "not-found",
                 409: "no-lease", 412: "precondition-failed", 413: "too-large", 415: "unsupported-media-type"}
        for status, call in cases.items():
            with self.subTest(status=status), self.assertRaises(LuxError) as refused:
                call()
            self.assertEqual(refused.exception.status, status)
            self.assertTrue(refused.exception.detail)
        self.assertEqual(self.lux.get(doc)["data"], {"step": "a"}, "refusals changed nothing")

    def test_a_429_carries_retry_after_and_is_retried_when_asked(self):
        slow = Lux(self.server.url, api_key=server.SLOW)
        doc = server.new_id("slow")
        with self.assertRaises(LuxError) as limited:
            for n in range(20):
                slow.put(doc, {"n": n})
        self.assertEqual((limited.exception.status, limited.exception.type), (429, "urn:lux:problem:rate-limited"))
        self.assertGreater(limited.exception.retry_after, 0)
        patient = Lux(self.server.url, api_key=server.SLOW, retries=10)
        for n in range(6):  # three seconds' worth at 2 per second
            receipt = patient.put(doc, {"n": n})
        self.assertEqual(self.lux.get(doc)["version"], receipt["version"])
        self.assertEqual(self.lux.get(doc)["data"], {"n": 5})

    def test_get_token_is_asked_again_when_the_broker_answers_401(self):
        doc = server.new_id("token")
        handed = []

        def get_token():
            handed.append(time.time())
            if len(handed) == 1:
                return "expired-or-bogus"
            grant = self.lux.token(ids=[doc], scopes=["read", "write"], ttl=60)
            server.minted.append(grant["token"])
            return grant

        agent = Lux(self.server.url, get_token=get_token)
        self.assertEqual(agent.put(doc, {"step": "a"})["version"], 1)
        self.assertEqual(len(handed), 2)
        self.assertEqual(agent.get(doc)["writer"], "token:admin")
        self.assertEqual(len(handed), 2, "a valid token is reused")
