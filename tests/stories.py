"""Generated stories for the page's tests: a busy newsroom story and a retweet cascade.

Real cascades are research data that must not ship with the package, so the tests
make their own of the same shape (a fan-out of hundreds of accounts on one post,
relays a few levels deep).
"""

from __future__ import annotations

import datetime as dt
import random

import provenance as pv

WORDS = [
    "troops",
    "convoy",
    "strike",
    "drone",
    "bridge",
    "shelling",
    "village",
    "officials",
    "said",
    "reported",
    "near",
    "border",
    "brigade",
    "withdrawal",
    "casualties",
    "ceasefire",
    "talks",
    "sanctions",
    "port",
    "grain",
    "power",
    "plant",
]


def busy_story(claims: int = 40, seed: int = 0) -> pv.ProvenanceGraph:
    """`claims` claims over channels, outlets and articles: hedges, dates, contradictions."""
    rng = random.Random(seed)
    g = pv.ProvenanceGraph(title=f"A busy story ({claims} claims)")
    channels = [f"channel{i}" for i in range(8)]
    outlets = [f"outlet{i}" for i in range(10)]
    articles = [f"article{i}" for i in range(6)]
    for i, s in enumerate(channels):
        g.add_source(s, name=f"Telegram channel {i} {rng.choice(WORDS)}", kind="channel")
    for i, s in enumerate(outlets):
        g.add_source(s, name=f"Outlet number {i}", kind="outlet", reliability="BCDE"[i % 4])
    for i, s in enumerate(articles):
        g.add_source(s, name=f"Article {i}", kind="article")
    start = dt.datetime(2024, 12, 1, 6, 0, tzinfo=dt.timezone.utc)
    for c in range(claims):
        words = rng.sample(WORDS, rng.randint(4, 14))
        g.add_claim(f"c{c}", f"Claim {c}: " + " ".join(words).capitalize())
        used: set[str] = set()
        for _ in range(rng.randint(1, 4)):
            article = rng.choice(articles)
            outlet = rng.choice(outlets)
            channel = rng.choice(channels)
            when = start + dt.timedelta(hours=rng.randint(0, 72))
            hedge = rng.choice(["asserted", "asserted", "reportedly", "appeared to"])
            if rng.random() < 0.7 and not used & {channel, outlet, article}:
                chain = [channel, outlet, article]
                g.add_chain(f"c{c}", chain, hedge=hedge, published=when)
                used.update(chain)
            elif outlet not in used:
                g.add_report(outlet, f"c{c}", firsthand=True, published=when)
                used.add(outlet)
    for _ in range(claims // 8):
        a, b = rng.sample(range(claims), 2)
        g.add_contradiction(f"c{a}", f"c{b}")
    return g


def cascade(direct: int = 263, relays: int = 12, seed: int = 0) -> pv.ProvenanceGraph:
    """One post retweeted by `direct` accounts, and by `relays` accounts' own followers."""
    rng = random.Random(seed)
    g = pv.ProvenanceGraph(title="A retweet cascade")
    g.add_claim("post", "The rumour the source tweet told")
    g.add_source("root", name="@rumour_source", kind="account")
    g.add_report("root", "post", firsthand=True)
    for i in range(direct):
        g.add_source(f"u{i}", name=f"@user{i}", kind="account")
        g.add_report(f"u{i}", "post", via=["root"])
    for i in range(relays):
        for j in range(rng.randint(1, 4)):
            g.add_source(f"u{i}-{j}", name=f"@follower{i}_{j}", kind="account")
            g.add_report(f"u{i}-{j}", "post", via=[f"u{i}"])
    return g
