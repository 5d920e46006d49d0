"""`follow` over Server-Sent Events: it survives dropped connections and a server restart, ends on
the newest state, never goes back in (epoch, version), and keeps its token fresh."""

import time
from datetime import datetime

from lux import Lux, LuxError

from tests import server
from tests.changes import Changes
from tests.proxy import DroppingProxy

FAST = {"backoff_initial": 0.1, "backoff_max": 1.0}


def never_older(changes):
    """(epoch, version) of each epoch's states only rise; returns the pairs."""
    latest, pairs = {}, []
    for change in changes:
        if "version" in change:
            key = (change["id"], change["epoch"])
            assert change["version"] >= latest.get(key, 0), f"older state yielded: {change}"
            latest[key] = change["version"]
            pairs.append((change["epoch"], change["version"]))
    return pairs


class FollowTest(server.ServerTestCase):
    def test_follow_survives_a_dropping_proxy_and_ends_on_the_newest_state(self):
        doc = server.new_id("proxied")
        proxy = DroppingProxy(self.server.port)
        self.addCleanup(proxy.close)
        self.lux.put(doc, {"progress": 0})
        changes = Changes(Lux(proxy.url, api_key=server.ADMIN, **FAST).follow(doc))
        self.addCleanup(changes.close)
        changes.until(lambda c: c["type"] == "snapshot")
        for progress in range(1, 8):
            proxy.drop()
            self.lux.patch(doc, {"progress": progress})
        last = changes.until(lambda c: c.get("data", {}).get("progress") == 7)
        self.assertEqual(last["version"], 8)
        never_older(changes.seen)
        self.assertGreaterEqual(proxy.accepted, 2, "the follower reconnected through the proxy")
        self.assertEqual(changes.during(1), [], "nothing after the newest state")

    def test_a_refused_follow_raises_lux_error(self):
        for key, follow, status in ((None, lambda lux: lux.follow("a"), 401),
                                    ("not-a-key", lambda lux: lux.follow("a"), 401),
                                    (server.AGENTS, lambda lux: lux.follow_prefix("billing-"), 403),
                                    (server.ADMIN, lambda lux: lux.follow("no such id!"), 400)):
            with self.subTest(status=status, key=key), self.assertRaises(LuxError) as refused:
                next(follow(Lux(self.server.url, api_key=key)))
            self.assertEqual(refused.exception.status, status)

    def test_follow_asks_get_token_again_before_the_token_expires(self):
        doc = server.new_id("short-token")
        handed = []

        def get_token():
            asked = time.time()
            grant = self.lux.token(ids=[doc], ttl=3)  # {"token","expiresAt"}
            server.minted.append(grant["token"])
            handed.append((asked, datetime.fromisoformat(grant["expiresAt"].replace("Z", "+00:00")).timestamp()))
            return grant

        self.lux.put(doc, {"progress": 0})
        follower = Lux(self.server.url, get_token=get_token, **FAST)  # margin 30 s > ttl: half the life
        changes = Changes(follower.follow(doc))
        self.addCleanup(changes.close)
        changes.until(lambda c: c["type"] == "snapshot")
        for progress in range(1, 13):  # six seconds: three tokens' lifetimes
            time.sleep(0.5)
            self.lux.patch(doc, {"progress": progress})
        changes.until(lambda c: c.get("data", {}).get("progress") == 12)
        self.assertIsNone(changes.error)
        self.assertGreaterEqual(len(handed), 3)
        for (_, expired), (asked, _) in zip(handed, handed[1:]):
            self.assertLess(asked, expired, "the next token was asked for before the last one expired")
        progress = [c["data"]["progress"] for c in changes.seen if c["type"] in ("snapshot", "update")]
        self.assertEqual(progress, sorted(set(progress)), "each state once, in order")

    def test_a_stale_document_renewed_without_a_write_is_followed_as_renewed(self):
        doc = server.new_id("renewed")
        changes = Changes(self.lux.follow(doc))
        self.addCleanup(changes.close)
        changes.until(lambda c: c["type"] == "missing")
        written = self.lux.put(doc, {"step": "waiting on the bank"}, lease=1)
        changes.until(lambda c: c["type"] == "stale")
        renewal = self.lux.renew(doc, if_match=written)
        self.assertEqual((renewal["version"], renewal["stale"]), (written["version"], False))
        renewed = changes.until(lambda c: c["type"] == "renewed")
        self.assertEqual((renewed["epoch"], renewed["version"]), (written["epoch"], written["version"]))
        self.assertEqual(renewed["leaseExpiresAt"], renewal["leaseExpiresAt"])
        self.assertEqual([c["type"] for c in changes.seen], ["missing", "update", "stale", "renewed"])
        with self.assertRaises(LuxError) as moved:
            self.lux.renew(doc, if_match="0.1")
        self.assertEqual(moved.exception.status, 412)

    def test_zz_follow_survives_a_server_restart_and_ends_on_the_newest_state(self):
        # named to run last in this class: it restarts the shared server, which forgets every document
        prefix = server.new_id("restart") + "-"
        a, b = prefix + "a", prefix + "b"
        self.lux.put(a, {"progress": 1})
        self.lux.put(b, {"progress": 1})
        fleet = Changes(Lux(self.server.url, api_key=server.ADMIN, **FAST).follow_prefix(prefix))
        one = Changes(Lux(self.server.url, api_key=server.ADMIN, **FAST).follow(a))
        self.addCleanup(fleet.close)
        self.addCleanup(one.close)
        fleet.until(lambda c: c["id"] == b and c["type"] == "snapshot")
        before = one.until(lambda c: c["type"] == "snapshot")

        self.server.restart()
        self.lux.put(a, {"progress": 2})
        self.lux.patch(a, {"progress": 3})

        def newest_a(changes):
            return [c for c in changes if c["id"] == a and c.get("data", {}).get("progress") == 3]

        # the order between a's new state and b's removal is not fixed: await both
        fleet.until(lambda _: newest_a(fleet.seen) and {"type": "deleted", "id": b, "reason": "missing"} in fleet.seen)
        newest = newest_a(fleet.seen)[0]
        self.assertNotEqual(newest["epoch"], before["epoch"], "a restarted single node starts a new epoch")
        self.assertEqual(one.until(lambda c: c.get("data", {}).get("progress") == 3)["epoch"], newest["epoch"])
        never_older(fleet.seen)
        never_older(one.seen)
