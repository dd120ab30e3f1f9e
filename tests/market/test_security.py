"""Rate limits kept in Redis when REDIS_URL is set, so every web node shares them."""

import os
import uuid

import pytest
from redis import Redis

from market.app import create_app
from market.security import limiter
from tests.helpers import csrf_token

REDIS_URLS = [os.environ["TEST_REDIS_URL"]] if os.environ.get("TEST_REDIS_URL") else []


@pytest.mark.parametrize("redis_url", REDIS_URLS)
def test_signin_limit_is_shared_through_redis(tmp_path, redis_url):
    """Two app instances (two web nodes) on one Redis count sign-in attempts together."""
    # Limits are counted per client address: a random loopback address gives this run counters of its own.
    address = "127.{}.{}.{}".format(*uuid.uuid4().bytes[:3])
    config = {"TESTING": True, "REDIS_URL": redis_url, "RATELIMIT_STORAGE_URI": redis_url,
              "RATELIMIT_SIGNIN": "3 per minute",
              "DATABASE_URL": f"sqlite:///{tmp_path / 'r.db'}"}
    from market.migrate import upgrade

    upgrade(config["DATABASE_URL"])
    node_a, node_b = create_app(config), create_app(config)
    limiter.init_app(node_a)
    statuses = []
    for node in (node_a, node_b, node_a, node_b):
        client = node.test_client()
        client.environ_base["REMOTE_ADDR"] = address
        data = {"email": "x@example.com", "password": "wrong password", "csrf_token": csrf_token(client)}
        statuses.append(client.post("/en/account/signin", data=data).status_code)
    assert statuses == [422, 422, 422, 429]
    redis = Redis.from_url(redis_url)
    keys = redis.keys(f"*{address}*")
    assert keys
    redis.delete(*keys)
    redis.close()


def test_several_processes_without_a_shared_store_are_refused_with_the_reason():
    """Without Redis the rate limits are per process, so several web processes are refused (with what to set);
    one process, or several sharing Redis, are fine."""
    from market.security import shared_limits_problem

    problem = shared_limits_problem({"RATELIMIT_STORAGE_URI": "memory://"}, 4)
    assert problem and "REDIS_URL" in problem and "4" in problem
    assert shared_limits_problem({"RATELIMIT_STORAGE_URI": "memory://"}, 1) is None
    assert shared_limits_problem({"RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/0"}, 4) is None


def test_forwarded_addresses_are_believed_only_from_configured_proxies(tmp_path):
    """Without TRUSTED_PROXIES a client's own X-Forwarded-For is ignored (it cannot dodge the rate limits);
    with one trusted proxy, the address that proxy reports counts."""
    from flask import request

    from market.app import create_app

    seen = {}
    for proxies in (0, 1):
        app = create_app({"TESTING": True, "TRUSTED_PROXIES": proxies,
                          "DATABASE_URL": f"sqlite:///{tmp_path / f'proxy{proxies}.db'}"})

        @app.get("/whoami-test")
        def whoami():
            return request.remote_addr or ""

        seen[proxies] = app.test_client().get("/whoami-test", headers={"X-Forwarded-For": "203.0.113.9"},
                                              environ_base={"REMOTE_ADDR": "10.0.0.2"}).get_data(as_text=True)
    assert seen == {0: "10.0.0.2", 1: "203.0.113.9"}
