"""The load of `make bench-scale` (bench/scale_out.py): signed-in officers spread over the app processes, each
reading the main pages at random. Environment: SCALE_HOSTS (the processes' base URLs, space-separated),
SCALE_PAGES (the paths, space-separated), SCALE_USER and SCALE_PASSWORD (a demo login), SCALE_TOKEN (an API
read token)."""

from __future__ import annotations

import itertools
import os
import random
import re

from locust import HttpUser, constant, task

CSRF = re.compile(r'<input[^>]*name="csrf_token"[^>]*value="([^"]+)"')
TURN = itertools.count()


class Officer(HttpUser):
    wait_time = constant(0)  # as fast as each user can: the figure is the servers' throughput
    host = "http://127.0.0.1"  # replaced per user below

    def __init__(self, environment):
        # Users alternate between the app processes, as a round-robin proxy would send them.
        hosts = os.environ["SCALE_HOSTS"].split()
        self.host = hosts[next(TURN) % len(hosts)]
        super().__init__(environment)

    def on_start(self):
        page = self.client.get("/login", name="log-in form").text
        with self.client.post("/login", name="log-in", allow_redirects=False, catch_response=True, data={
                "csrf_token": CSRF.search(page).group(1), "username": os.environ["SCALE_USER"],
                "password": os.environ["SCALE_PASSWORD"]}) as response:
            if response.status_code != 302:
                response.failure(f"log-in refused: {response.status_code}")

    @task
    def main_page(self):
        # One page at random each time: every page is read as often, however short the run.
        path = random.choice(os.environ["SCALE_PAGES"].split())  # noqa: S311 — a load mix, not a secret
        token = {"Authorization": f"Bearer {os.environ['SCALE_TOKEN']}"}
        self.client.get(path, name=path, headers=token if path.startswith("/api/") else None)
