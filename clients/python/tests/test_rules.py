"""The client's rules without a server: ordering by (epoch, version), backoff, tokens, ETags."""

import base64
import json
import time
import unittest

from lux import Follow, Lux, backoff_delay, etag, is_newer


def state(kind, version, epoch="e1", id="a", **more):
    return {"type": kind, "id": id, "version": version, "epoch": epoch, **more}


class OrderingTest(unittest.TestCase):
    def follow(self, by_prefix=False):
        return Follow(Lux("http://127.0.0.1:9"), "/events/a", by_prefix)

    def feed(self, follow, *messages):
        return [change for message in messages for change in follow._apply(message)]

    def test_an_older_or_repeated_state_is_never_yielded(self):
        follow = self.follow()
        got = self.feed(follow, state("snapshot", 3), state("update", 2), state("update", 3), state("update", 4))
        self.assertEqual([c["version"] for c in got], [3, 4])

    def test_a_new_epoch_wins_but_a_retired_one_never_comes_back(self):
        follow = self.follow()
        got = self.feed(follow, state("update", 5), state("update", 1, "e2"), state("update", 9),
                        {"type": "deleted", "id": "a", "reason": "deleted", "epoch": "e2"}, state("update", 6))
        self.assertEqual([(c["type"], c.get("epoch")) for c in got],
                         [("update", "e1"), ("update", "e2"), ("deleted", None)])

    def test_stale_and_renewed_apply_to_the_held_state_only_once_each(self):
        follow = self.follow()
        got = self.feed(follow, state("snapshot", 2), state("stale", 1), state("stale", 2, "other"),
                        state("stale", 2), state("stale", 2), state("renewed", 2), state("renewed", 2))
        self.assertEqual([c["type"] for c in got], ["snapshot", "stale", "renewed"])

    def test_the_same_version_is_yielded_again_only_when_stale_or_derived_changed(self):
        follow = self.follow()
        got = self.feed(follow, state("snapshot", 2, stale=False), state("snapshot", 2, stale=False),
                        state("snapshot", 2, stale=True), state("update", 2, stale=True, derived={"stalled": True}))
        self.assertEqual(len(got), 3)

    def test_a_prefix_reconnect_reports_ids_the_new_snapshots_no_longer_name(self):
        follow = self.follow(by_prefix=True)
        follow._seen = set()
        self.feed(follow, state("snapshot", 1, id="a"), state("snapshot", 1, id="b"), {"type": "subscribed"})
        follow._seen = set()  # reconnected
        got = self.feed(follow, state("snapshot", 1, id="b"), {"type": "subscribed"})
        self.assertEqual(got, [{"type": "deleted", "id": "a", "reason": "missing"}])

    def test_missing_is_told_once_and_as_deleted_when_a_state_was_held(self):
        follow = self.follow()
        got = self.feed(follow, {"type": "missing", "id": "a"}, {"type": "missing", "id": "a"}, state("update", 1),
                        {"type": "missing", "id": "a"})
        self.assertEqual([c["type"] for c in got], ["missing", "update", "deleted"])
        self.assertFalse(is_newer(None, {"epoch": None, "version": 1}))


class HelpersTest(unittest.TestCase):
    def test_backoff_has_full_jitter_under_a_cap(self):
        self.assertEqual(backoff_delay(3, 0.5, 30, rand=lambda: 1.0), 4.0)
        self.assertEqual(backoff_delay(40, 0.5, 30, rand=lambda: 1.0), 30)
        self.assertEqual(backoff_delay(5, 0.5, 30, rand=lambda: 0.0), 0)

    def test_etag_from_a_receipt_or_text(self):
        self.assertEqual(etag({"epoch": "k3", "version": 4}), '"k3.4"')
        self.assertEqual(etag("k3.4"), '"k3.4"')
        self.assertEqual(etag('"k3.4"'), '"k3.4"')
        self.assertEqual(etag("*"), "*")

    def test_endpoint_gets_the_api_path_only_when_it_has_none(self):
        self.assertEqual(Lux("http://h:8080").endpoint, "http://h:8080/api/lux")
        self.assertEqual(Lux("https://h/lux/api/lux/").endpoint, "https://h/lux/api/lux")
        self.assertNotIn("secret", repr(Lux("http://h", api_key="secret")))
        with self.assertRaises(ValueError):
            Lux("h:8080")

    def test_a_token_is_asked_for_again_before_it_expires(self):
        exp = int(time.time()) + 100
        jwt = "x." + base64.urlsafe_b64encode(json.dumps({"exp": exp}).encode()).decode().rstrip("=") + ".y"
        lux = Lux("http://h", get_token=lambda: jwt)
        self.assertEqual(lux._credential.current(), jwt)
        self.assertAlmostEqual(lux._credential.refresh_at(), exp - 30, delta=1)
        short = Lux("http://h", get_token=lambda: {"token": "t", "expiresAt": time.time() + 10})
        short._credential.current()
        self.assertAlmostEqual(short._credential.refresh_at(), time.time() + 5, delta=1)
