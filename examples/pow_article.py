"""The seed story: Ukrainians capture the first North Korean POW (Kursk Oblast, December 2024).

Models every sourced statement of the article (Euromaidan Press, citing Militarnyi, which
cites the Telegram channel Warshal, which shares what the Special Operations Forces said)
prints the assessment, weakest claim first, and writes the interactive page::

    python examples/pow_article.py                 # writes pow_article.html
    python examples/pow_article.py --html out.html

The hedges follow the article's own words: "reportedly" is ATTRIBUTED, "appeared to",
"possibly" and "it remains unclear" are UNCERTAIN.
"""

from __future__ import annotations

import argparse

import provenance as pv

ARTICLE_URL = "https://euromaidanpress.com/2024/12/26/ukrainians-capture-first-north-korean-pow/"


def build() -> pv.ProvenanceGraph:
    """The seed article as a provenance graph."""
    g = pv.ProvenanceGraph()

    # Sources. Grades are the analyst's; groups mark sources that are not independent.
    g.add_source("article", name="Euromaidan Press", kind="outlet", reliability="B")
    g.add_source("militarnyi", name="Militarnyi", kind="outlet", reliability="B")
    g.add_source("warshal", name="Warshal", kind="telegram", reliability="F")
    g.add_source(
        "sso",
        name="Special Operations Forces (SSO)",
        kind="military",
        reliability="C",
        group="ukraine-gov",
    )
    # Photos of a prisoner are released by his captors: until their origin is traced,
    # they count with the Ukrainian side, not as independent confirmation.
    g.add_source(
        "photos",
        name="Prisoner photos on other platforms",
        kind="imagery",
        reliability="F",
        group="ukraine-gov",
    )
    g.add_source(
        "zelenskyy",
        name="Volodymyr Zelenskyy",
        kind="official",
        reliability="C",
        group="ukraine-gov",
    )
    g.add_source(
        "ua-intel",
        name="Ukrainian intelligence",
        kind="intelligence",
        reliability="C",
        group="ukraine-gov",
    )
    g.add_source(
        "ua-forces", name="Ukrainian forces", kind="military", reliability="C", group="ukraine-gov"
    )
    g.add_source("ua-sources", name="Ukrainian sources", kind="official", group="ukraine-gov")
    g.add_source("us-sources", name="US sources", kind="official", group="us-gov")
    g.add_source(
        "kr-sources", name="South Korean sources", kind="official", group="south-korea-gov"
    )
    g.add_source("drone-footage", name="Drone footage", kind="imagery", reliability="F")

    # Claims.
    g.add_claim(
        "capture", "Ukrainian special forces captured a North Korean soldier in Kursk Oblast"
    )
    g.add_claim("injured", "The captured North Korean soldier was injured")
    g.add_claim("evacuated", "The prisoner was evacuated and transferred to medical facilities")
    g.add_claim("first-capture", "He is the first North Korean soldier captured by Ukraine")
    g.add_claim(
        "btr",
        "Ukrainian forces seized a Russian BTR-82 armoured personnel carrier, "
        "weapons and documents in the same operation",
    )
    g.add_claim("nk-in-kursk", "North Korean soldiers are fighting in Russia's Kursk Oblast")
    g.add_claim("alert", "North Korean troops were placed on high alert on 13 December")
    g.add_claim("troops", "10,000-12,000 North Korean troops are deployed in Russia")
    g.add_claim("frontline", "North Korean troops are deployed on the front lines")
    g.add_claim(
        "assaults",
        "North Korean troops began multiple frontal assaults on Ukrainian forces in Kursk Oblast",
    )
    g.add_claim(
        "documents",
        "Ukrainian forces recovered Russian-issued military documents from North Korean soldiers",
    )

    # The capture: SSO → Warshal → Militarnyi → the article, plus the circulating photos.
    sso_quote = (
        "An SSO group conducted an operation to destroy the enemy in the Kursk sector. "
        "[...] there were also trophies: prisoners, including a mercenary from Korea, "
        "and a BTR equipped with anti-cumulative protection"
    )
    g.add_report("sso", "capture", firsthand=True, observed=False, quote=sso_quote)
    g.add_report("warshal", "capture", via=["sso"], observed=False, published="2024-12-26")
    g.add_report("militarnyi", "capture", via=["warshal"], observed=False, published="2024-12-26")
    g.add_report(
        "article",
        "capture",
        via=["militarnyi", "photos"],
        hedge="reportedly",
        url=ARTICLE_URL,
        quote="The captured soldier was reportedly taken prisoner by Ukraine's Special "
        "Operations Forces (SSO), as shared via the Telegram channel Warshal, "
        "with photos of the prisoner circulating on other platforms.",
    )

    # What Militarnyi "notes" about the prisoner, first-hand and hedged in its own words;
    # the article keeps the hedge.
    g.add_chain(
        "injured",
        ["militarnyi", "article"],
        hedge="appeared to",
        origin_hedge="appeared to",
        url=ARTICLE_URL,
        quote="The prisoner, identified as possibly being the first North Korean "
        "soldier, appeared to have been injured.",
    )
    g.add_chain(
        "evacuated",
        ["militarnyi", "article"],
        hedge="it remains unclear",
        origin_hedge="it remains unclear",
        url=ARTICLE_URL,
        quote="It remains unclear if evacuation and stabilization efforts succeeded "
        "in ensuring his transfer to medical facilities, Militarnyi notes.",
    )

    # Militarnyi says "possibly the first"; the article's lede makes it "the first confirmed".
    g.add_report(
        "militarnyi",
        "first-capture",
        hedge="possibly",
        firsthand=True,
        observed=False,
        quote="identified as possibly being the first North Korean soldier",
    )
    g.add_report(
        "article",
        "first-capture",
        via=["militarnyi"],
        hedge="confirmed",
        url=ARTICLE_URL,
        quote="This marks the first confirmed instance of a North Korean soldier being captured.",
    )

    g.add_chain(
        "btr",
        ["sso", "militarnyi", "article"],
        hedge="reportedly",
        url=ARTICLE_URL,
        quote="The operation not only led to the soldier's capture but also reportedly "
        "resulted in Ukrainian forces seizing a Russian BTR-82 armored personnel "
        "carrier, alongside weapons and documents.",
    )

    g.add_report(
        "zelenskyy",
        "nk-in-kursk",
        hedge="confirmed",
        firsthand=True,
        observed=False,
        published="2024-12-14",
    )
    g.add_report(
        "article",
        "nk-in-kursk",
        via=["zelenskyy"],
        hedge="attributed",
        url=ARTICLE_URL,
        quote="Ukrainian President Volodymyr Zelenskyy confirmed the presence of "
        "North Korean soldiers fighting in Russia's Kursk Oblast.",
    )

    g.add_report(
        "article",
        "alert",
        via=["ua-intel"],
        hedge="attributed",
        url=ARTICLE_URL,
        quote="Ukrainian intelligence earlier revealed that North Korean troops had "
        "been placed on high alert on 13 December.",
    )

    g.add_report(
        "article",
        "troops",
        via=["us-sources", "kr-sources", "ua-sources"],
        hedge="attributed",
        url=ARTICLE_URL,
        quote="US, South Korean, and Ukrainian sources reported the deployment of "
        "10,000 to 12,000 North Korean troops in Russia.",
    )

    g.add_report(
        "article",
        "frontline",
        via=["drone-footage"],
        url=ARTICLE_URL,
        quote="Photographic and video evidence, including drone footage, "
        "substantiated the claims of North Korean deployment on the frontlines.",
    )

    # Stated plainly, but the article names nobody: unsourced, the article is the line.
    g.add_report(
        "article",
        "assaults",
        url=ARTICLE_URL,
        quote="Recently, the North Koreans started multiple frontal assaults against "
        "the Ukrainian forces in Russia's Kursk Oblast.",
    )

    g.add_report(
        "article",
        "documents",
        via=["ua-forces"],
        url=ARTICLE_URL,
        quote="Ukrainian forces also recovered Russian-issued military documents from "
        "North Korean soldiers, featuring inconsistently filled records with "
        "names purportedly of Russian origin.",
    )
    return g


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Assess and draw the seed story.")
    parser.add_argument("--html", default="pow_article.html", help="where to write the page")
    args = parser.parse_args(argv)
    g = build()
    results = pv.weakest_first(g.assess().values())
    print(pv.format_table(results))
    print()
    for claim in ("injured", "troops"):
        print(f"{claim}: {g.corroboration(claim).explain()}")
    g.to_html(args.html, title="Ukrainians capture first North Korean POW")
    print(f"\nwrote {args.html}: open it in any browser, no network needed")


if __name__ == "__main__":
    main()
